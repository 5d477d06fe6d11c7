#pragma once
// The report's files (docs/reports.md "Files"): the XLSX workbook in the layout of the official
// monthly statistics form plus sheets for categories, coverage, R3.5 progress, error ratio and items;
// and one self-contained HTML page with SVG charts (svg_chart.hpp) beside its tables. Both are built
// from report_tables.hpp, so they agree with the CSV and the printed table. Money in yuan text.
#include <string>

#include "base/result.hpp"
#include "model/region.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::report {

// Writes the workbook to `path` (io::write_xlsx: whole or not at all). Sheets: 统计月报 (title row with
// the month, unit row 单位：户、人、元, two-row merged header, one row per region, 合计), 分类别, 覆盖率,
// 标准进度, 错保率, 分项目. Problems as io::write_xlsx gives them (`write_failed`, `bad_value`).
Result<long> write_report_xlsx(const std::string& path, const MonthlyReport& r, const model::RegionCatalog& regions);

// The HTML page `report-YYYY-MM.html`: charts (money paid by 设区市 or by the scope's next level;
// cases by category, grouped; the Guangxi average standard against its R3.5 target over 12 months)
// and every table. Self-contained: inline style, no script, no external file.
std::string report_html(const MonthlyReport& r, const model::RegionCatalog& regions);

}  // namespace safetynet::report
