#pragma once
// The month's report (SPEC R13, R12.3; docs/reports.md): per region at every level — 自治区 (450000),
// 设区市 (450100), county (450102), street (450102001, or the county's "unknown street") — cases
// (households) and persons by category, the covered persons' composition (elderly, adults, minors,
// women, disabled), money by line (monthly cash and yearly items kept apart), coverage of each line
// among those entitled, zero-employment households (R7.2), money paid in the month and the year to date
// (the `payment` table, R12.1), average benefit per person, the dibao standard in force, the R3.5
// progress of each 设区市's standard (standard_progress.hpp) and, when the caller gives them, error
// figures of R12.2.
//
// Units: money in fen (`model::Fen`): monthly amounts per month, yearly items per year; counts are
// households or persons as named. Built from the stored assessments of the month (scan_assessments),
// the household records (scan_households: members' age, sex, disability) and the payments of the
// year up to the month (scan_payments). Values only; building reads the registry on the caller's
// thread (a Registry is one per thread).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/region.hpp"
#include "params/parameter_set.hpp"
#include "registry/registry.hpp"
#include "report/standard_progress.hpp"

namespace safetynet::report {

enum class Level : std::uint8_t { kRegion, kCity, kCounty, kStreet };

// R12.2 figures of one county (6 digits) or street/township (9 digits) for the year, as the
// supervision module computes them; the report shows them (column 错保率) when the caller gives them.
struct ErrorFigures {
  long assisted_cases = 0;         // households assisted in the year
  long wrong_cases = 0;            // of them wrongly paid
  model::Fen wrong_fen = 0;        // money wrongly paid, fen
  model::Fen recovered_fen = 0;    // of it recovered, fen
  std::string status;              // the supervision module's own status text
  bool flagged = false;            // staff answer for it (supervision: over the tolerance or not objective)
};

// Covered persons by kind (statistics form "其中"): age on the first day of the month (R2.7).
struct PersonsComposition {
  long elderly = 0;   // 60 and over
  long adults = 0;    // 18 to 59
  long minors = 0;    // under 18
  long women = 0;
  long disabled = 0;  // any recorded disability
};

// Coverage of one line (docs/reports.md "Coverage"). `entitled`: covered persons with any item of the
// line (money or flag, monthly or yearly) in the month's assessments. For lines paid in cash through
// the roster (living, housing, temporary): `cash_entitled` persons with a monthly cash item of the
// line, `paid` those of them whose household has the month's `payment` row. Other lines are paid by
// their departments: entitled only (`cash_entitled` and `paid` stay 0).
struct LineCoverage {
  long entitled = 0;
  long cash_entitled = 0;
  long paid = 0;
};

struct RegionFigures {
  std::string code;    // "450000", "450100", "450102", "450102001"; "" = the county's unknown street
  std::string county;  // the county of a street row (for the unknown street, its only identity)
  Level level = Level::kRegion;

  // Cases (households) by the household's category; `refused` (no_parameter) is not counted as none.
  long households = 0;
  long dibao_households = 0, low_income_households = 0, none_households = 0, undetermined_households = 0,
       refused_households = 0;
  // Persons by their own category: dibao (household unit members and R1.3b singles), low_income,
  // tekun (C1), orphans (C2); persons of none/undetermined/refused households not covered.
  long dibao_persons = 0, low_income_persons = 0, tekun_persons = 0, orphans = 0;
  long dibao_singles = 0;  // of dibao_persons: R1.3b singles
  long none_persons = 0, undetermined_persons = 0, refused_persons = 0;
  long covered_persons = 0;  // dibao + low_income + tekun + orphans
  long covered_households = 0;  // households with at least one covered person (the form's 户数)
  PersonsComposition covered;
  long records_missing = 0;  // assessed households whose record is gone: their persons are unknown

  long zero_employment = 0;  // R7.2 households
  long cash_cases = 0;       // households assessed with monthly cash
  model::Fen monthly_cash = 0;                         // assessed monthly cash, fen per month
  std::map<std::string, model::Fen> monthly_by_line;   // line -> fen per month ("living", "housing", …)
  std::map<std::string, model::Fen> yearly_by_line;    // line -> fen per year ("medical", "pension", …)
  std::map<std::string, model::Fen> by_item;           // item name -> fen (per month or per year, by item)
  std::map<std::string, LineCoverage> coverage;        // line -> coverage

  // The `payment` table (R12.1): paid in the month, and from January to the month.
  long paid_cases = 0;
  long paid_persons = 0;  // covered persons (as assessed) of the households paid in the month
  model::Fen paid_month = 0;
  model::Fen paid_year_to_date = 0;

  std::optional<model::Fen> standard;      // dibao standard in force, fen per person per month
  std::optional<ErrorFigures> errors;      // R12.2, when given

  // Average benefit per person in the month: paid_month / paid_persons, rounded once half away from
  // zero to the fen (R2.6); nullopt when nobody was paid.
  std::optional<model::Fen> average_benefit() const;
};

struct MonthlyReport {
  model::Month month;
  std::string scope = "450000";                   // the region asked for (6 or 9 digits)
  // Sort key -> figures, in hierarchy order (a parent before its children); the scope's own row first.
  std::map<std::string, RegionFigures> regions;
  RegionFigures total;                            // the scope's own figures (same as its row)
  std::optional<StandardProgress> standards;      // R3.5, when built with parameters
  std::optional<params::Decimal> error_tolerance; // P.error_tolerance in force (R12.2)
  bool has_errors = false;                        // ErrorFigures were given

  // Rows of one level, in order.
  std::vector<const RegionFigures*> rows(Level level) const;
};

struct ReportOptions {
  std::string region = "450000";                     // scope: 450000, a 设区市, a county or a street
  const params::ParameterSet* params = nullptr;      // standards and R3.5; absent without
  const std::map<std::string, ErrorFigures>* errors = nullptr;  // 6- or 9-digit code -> R12.2 figures
};

// Builds the report of `month` inside `options.region`. The R3.5 persons-weighted average is always
// over the whole registry (it is a Guangxi figure). Environment failures throw as the registry does.
MonthlyReport build_report(registry::Registry& reg, model::Month month, const ReportOptions& options = {});

// The sort key / scope prefix helpers: "450000" -> "45", "450100" -> "4501", else the code itself.
std::string region_prefix(const std::string& code);
// A valid scope: 450000, or a 6- or 9-digit code in the catalog. Problem `bad_value` field `region`.
Result<std::string> check_scope(const std::string& code, const model::RegionCatalog& regions);

// Name of a row: the catalog's, "（街道未知）" for an unknown street, "广西壮族自治区" for 450000.
std::string region_name(const RegionFigures& f, const model::RegionCatalog& regions);

// Writes `<dir>/report-YYYY-MM.csv`, `.xlsx` (report_xlsx.cpp) and `.html` (report_html.cpp); returns
// the paths written. Problems `write_failed` (a file could not be written).
Result<std::vector<std::string>> write_report(const MonthlyReport& r, const model::RegionCatalog& regions,
                                              const std::string& dir);

// The table printed by `safetynet report` (Chinese headers, yuan with two decimals).
std::string format_report(const MonthlyReport& r, const model::RegionCatalog& regions);

}  // namespace safetynet::report
