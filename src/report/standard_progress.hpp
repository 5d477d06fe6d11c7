#pragma once
// Progress of the dibao standards against SPEC R3.5 (docs/reports.md "R3.5 progress"): each 设区市's
// standard (P.dibao_standard for the city, resolved as the rules do) in the month against the same
// month a year before, which must grow by at least P.standard_growth_rate (10%); and the Guangxi
// average against P.guangxi_average_standard (590 in 2018, 650 in 2019, 720 from 2020) computed two
// ways: the plain mean of the 14 cities' standards and the mean weighted by each city's dibao persons.
//
// Units: standards in fen per person per month; growth in basis points of a percent (1017 = 10.17%).
// Exact: comparisons use integers (now × 10000 ≥ before × (10000 + rate units); Σ ≥ target × n), and
// each average is rounded once, half away from zero, to the fen (R2.6). A value that is not in force
// (outside the policy files' range) is unknown, never zero: the figure that needs it is nullopt.
// Values only; thread-safe.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/money.hpp"
#include "model/month.hpp"
#include "params/parameter_set.hpp"

namespace safetynet::report {

// The 14 设区市 of Guangxi (GB/T 2260: 450100 南宁 … 451400 崇左).
const std::vector<std::string>& guangxi_cities();

struct CityStandard {
  std::string city;                       // "450100"
  std::optional<model::Fen> standard;     // in the month
  std::optional<model::Fen> year_before;  // in the same month a year before
  std::optional<long> growth_bp;          // (standard − year_before) / year_before, in 0.01 %, rounded once
  std::optional<bool> meets;              // growth ≥ P.standard_growth_rate; nullopt when unknown
  long dibao_persons = 0;                 // weight of the persons-weighted mean
};

struct StandardProgress {
  model::Month month;
  std::optional<params::Decimal> growth_rate;  // P.standard_growth_rate (0.10)
  std::vector<CityStandard> cities;            // the 14 cities, in code order
  std::optional<model::Fen> target;            // P.guangxi_average_standard, fen
  std::optional<model::Fen> mean;              // plain mean of the 14 standards, rounded once
  std::optional<model::Fen> weighted_mean;     // Σ standard × persons / Σ persons, rounded once
  std::optional<bool> mean_meets, weighted_meets;  // unrounded average ≥ target
  // The plain mean and the target for each of the 12 months ending with `month` (the chart).
  std::vector<std::pair<model::Month, std::optional<model::Fen>>> mean_by_month, target_by_month;
};

// `dibao_persons`: 设区市 code -> dibao persons in the month (cities absent count 0).
StandardProgress standard_progress(const params::ParameterSet& params, model::Month month,
                                   const std::map<std::string, long>& dibao_persons);

// 1017 -> "10.17%", -50 -> "-0.50%".
std::string format_percent_bp(long bp);
// numerator / denominator in 0.01 % units, rounded half away from zero (denominator > 0).
long ratio_bp(std::int64_t numerator, std::int64_t denominator);

}  // namespace safetynet::report
