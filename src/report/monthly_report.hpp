#pragma once
// The month's report (SPEC R13, R12.3): per county (and the whole registry), cases and persons by
// category, money by line (monthly cash and yearly items separately, in fen), counts of flags such as
// zero-employment households (R7.2), and undetermined and refused cases. Built from the stored
// assessments; written as CSV and XLSX and printed as a table. Values only.
#include <map>
#include <string>

#include "base/result.hpp"
#include "model/region.hpp"
#include "registry/registry.hpp"

namespace safetynet::report {

struct RegionFigures {
  long households = 0;
  long by_category[4] = {0, 0, 0, 0};  // rules::Category: none, dibao, low_income, undetermined
  long tekun = 0, orphans = 0, dibao_singles = 0;  // persons with their own category
  long covered_persons = 0;
  long refused = 0;
  long zero_employment = 0;  // R7.2 households
  long paid_cases = 0;       // households with a monthly cash amount
  std::map<std::string, model::Fen> monthly_by_line;  // line -> fen per month ("living", "housing", …)
  std::map<std::string, model::Fen> yearly_by_line;   // line -> fen per year ("medical", "pension", …)
  std::map<std::string, model::Fen> by_item;          // item -> fen (monthly and yearly kept apart by name)
  model::Fen monthly_cash = 0;
};

struct MonthlyReport {
  model::Month month;
  std::map<std::string, RegionFigures> counties;  // 6-digit county code -> figures
  RegionFigures total;
};

MonthlyReport build_report(registry::Registry& reg, model::Month month);

// Writes `<dir>/report-YYYY-MM.csv` and `.xlsx`; returns the paths written.
Result<std::vector<std::string>> write_report(const MonthlyReport& r, const model::RegionCatalog& regions,
                                              const std::string& dir);

// The table printed by `safetynet report` (Chinese headers, yuan with two decimals).
std::string format_report(const MonthlyReport& r, const model::RegionCatalog& regions);

}  // namespace safetynet::report
