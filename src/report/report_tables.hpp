#pragma once
// The report as tables of text (docs/reports.md lists every column): the same rows feed the CSV, the
// XLSX sheets, the HTML tables and the printed table, so the forms cannot disagree. Money is yuan text
// with two decimals ("950.00"); unknown is "—", never "0". Region names are indented by level with
// full-width spaces (the statistics form's habit). Values only.
#include <string>
#include <vector>

#include "io/table.hpp"
#include "model/region.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::report {

// The line names and their Chinese labels, in report order.
inline constexpr const char* kLines[] = {"living", "medical", "education", "housing", "employment", "pension",
                                         "temporary"};
inline constexpr const char* kLineLabels[] = {"基本生活", "基本医疗", "教育", "住房", "就业", "社会保险", "临时救助"};

// Region name indented by level: 自治区 none, 设区市 one, county two, street three full-width spaces.
std::string indented_name(const RegionFigures& f, const model::RegionCatalog& regions);

// A table with its header rows (1 or 2) and merged header cells.
struct Table {
  std::string title;
  std::vector<io::Row> rows;      // header rows first
  int header_rows = 1;
  struct Merge {
    int first_row, first_col, last_row, last_col;
  };
  std::vector<Merge> merges;      // within the header rows
  std::vector<int> numeric_columns;
};

// The official monthly statistics form (FACTS.md): 地区 · 区划代码 · 户数 · 人数 · 其中 (老年人 · 成年人 ·
// 未成年人 · 女性 · 残疾人) · 支出金额 (当月 · 本年累计) · 人均补助水平 · 低保标准; a two-row header; one row per
// region in hierarchy order; the scope's total last (合计).
Table form_table(const MonthlyReport& r, const model::RegionCatalog& regions);
// Cases and persons by category, zero-employment, money by line (monthly and yearly apart), and 错保率
// when given: the CSV and the 分类别 sheet.
Table detail_table(const MonthlyReport& r, const model::RegionCatalog& regions);
// Coverage of each line per region (entitled, cash entitled, paid, paid / cash entitled).
Table coverage_table(const MonthlyReport& r, const model::RegionCatalog& regions);
// R3.5: each city's standard, a year before, growth, verdict; then the two averages against the target.
Table progress_table(const MonthlyReport& r, const model::RegionCatalog& regions);
// R12.2 error figures per county / street (empty body with a note row when none were given).
Table error_table(const MonthlyReport& r, const model::RegionCatalog& regions);
// Money by item for the scope (per month or per year, by item).
Table item_table(const MonthlyReport& r);

// R12.2 ratio text of a row ("1.50%", or "—"), and whether it is over the tolerance (wrong × 10000 >
// assisted × tolerance units) or the money is not all recovered.
std::string error_ratio_text(const ErrorFigures& e);
bool error_over(const ErrorFigures& e, const std::optional<params::Decimal>& tolerance);

std::string fen_or_dash(const std::optional<model::Fen>& v);

}  // namespace safetynet::report
