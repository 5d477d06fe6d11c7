#pragma once
// The month's payment roster (发放花名册, SPEC R12.1): one line per paid case with its monthly cash
// items (living.*, housing amounts, temporary.case_by_case), written as CSV (UTF-8 with BOM, every
// line) and XLSX (roster sheet, plus a 汇总 sheet with totals per street and county and a grand total).
// Amounts are yuan with two decimals in the files, summed from integer fen. XLSX holds at most
// 1,048,575 data rows a sheet: larger rosters keep the full list in the CSV and say so in the workbook.
#include <string>

#include "base/result.hpp"
#include "model/month.hpp"
#include "model/region.hpp"
#include "registry/registry.hpp"

namespace safetynet::payroll {

struct RosterFiles {
  std::string csv, totals_csv, xlsx;
  long lines = 0;
  model::Fen total = 0;  // fen: equals the sum of the stored assessments' monthly cash for paid cases
  long counties = 0, streets = 0;
};

// Writes `<dir>/payroll-YYYY-MM.csv`, `…-totals.csv` and `….xlsx` from the registry's payments.
Result<RosterFiles> write_roster(registry::Registry& reg, const model::RegionCatalog& regions, model::Month month,
                                 const std::string& dir);

}  // namespace safetynet::payroll
