// The XLSX workbook of the month's report: the statistics form first, then the other tables.
#include "io/xlsx.hpp"
#include "report/report_files.hpp"
#include "report/report_tables.hpp"

namespace safetynet::report {
namespace {

// A table as a sheet under a title row (the month) and a unit row, both spanning the table's width.
io::SheetSpec sheet(const std::string& name, const Table& t, const std::string& unit) {
  io::SheetSpec s;
  s.name = name;
  const int width = t.rows.empty() ? 1 : static_cast<int>(t.rows[0].size());
  s.rows.push_back({t.title});
  s.rows.push_back({unit});
  s.rows.insert(s.rows.end(), t.rows.begin(), t.rows.end());
  s.header_rows = 2 + t.header_rows;
  if (width > 1) s.merges = {{0, 0, 0, width - 1}, {1, 0, 1, width - 1}};
  for (const auto& m : t.merges) s.merges.push_back({m.first_row + 2, m.first_col, m.last_row + 2, m.last_col});
  s.numeric_columns = t.numeric_columns;
  return s;
}

}  // namespace

Result<long> write_report_xlsx(const std::string& path, const MonthlyReport& r, const model::RegionCatalog& regions) {
  const std::string when = "统计月份：" + r.month.to_string() + "　范围：" + r.scope + " " +
                           (r.scope == "450000" ? "广西壮族自治区" : regions.name(r.scope));
  Table form = form_table(r, regions);
  std::vector<io::SheetSpec> sheets = {
      sheet("统计月报", form, when + "　单位：户、人、元"),
      sheet("分类别", detail_table(r, regions), when + "　单位：户、人、元（月、年金额分列）"),
      sheet("覆盖率", coverage_table(r, regions), when + "　单位：人"),
      sheet("标准进度", progress_table(r, regions), when + "　单位：元/人·月"),
      sheet("错保率", error_table(r, regions), when + "　单位：户、元"),
      sheet("分项目", item_table(r), when + "　单位：元"),
  };
  return io::write_xlsx(path, sheets);
}

}  // namespace safetynet::report
