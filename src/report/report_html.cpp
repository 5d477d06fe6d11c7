// The month's report as one self-contained HTML page: SVG charts beside the tables.
#include "report/report_files.hpp"
#include "report/report_tables.hpp"
#include "report/svg_chart.hpp"

namespace safetynet::report {
namespace {

// A table with its merged header cells as colspan/rowspan.
std::string table_html(const Table& t, const std::string& id) {
  std::string s = "<h2>" + xml_escape(t.title) + "</h2><table id=\"" + id + "\">";
  for (int r = 0; r < static_cast<int>(t.rows.size()); ++r) {
    const bool head = r < t.header_rows;
    if (r == 0) s += "<thead>";
    if (r == t.header_rows) s += "<tbody>";
    s += "<tr>";
    for (int c = 0; c < static_cast<int>(t.rows[r].size()); ++c) {
      std::string span;
      bool hidden = false;
      for (const auto& m : t.merges) {
        if (r < m.first_row || r > m.last_row || c < m.first_col || c > m.last_col) continue;
        if (r == m.first_row && c == m.first_col) {
          if (m.last_col > m.first_col) span += " colspan=\"" + std::to_string(m.last_col - m.first_col + 1) + "\"";
          if (m.last_row > m.first_row) span += " rowspan=\"" + std::to_string(m.last_row - m.first_row + 1) + "\"";
        } else {
          hidden = true;
        }
      }
      if (hidden) continue;
      const char* tag = head ? "th" : "td";
      bool numeric = false;
      for (int n : t.numeric_columns) numeric |= n == c;
      s += std::string("<") + tag + span + (!head && numeric ? " class=\"num\"" : "") + ">" + xml_escape(t.rows[r][c]) +
           "</" + tag + ">";
    }
    s += "</tr>";
    if (r == t.header_rows - 1) s += "</thead>";
  }
  return s + "</tbody></table>";
}

// The rows one level below the scope (cities under 450000, counties under a city, streets under a
// county): what the charts compare.
std::vector<const RegionFigures*> children(const MonthlyReport& r) {
  const Level below = r.scope == "450000"          ? Level::kCity
                      : r.scope.size() == 9         ? Level::kStreet
                      : r.scope.ends_with("00")     ? Level::kCounty
                                                    : Level::kStreet;
  std::vector<const RegionFigures*> out;
  for (const RegionFigures* f : r.rows(below))
    if (f->code != r.scope) out.push_back(f);
  return out;
}

}  // namespace

std::string report_html(const MonthlyReport& r, const model::RegionCatalog& regions) {
  const std::string scope_name = r.scope == "450000" ? "广西壮族自治区" : regions.name(r.scope);
  std::string s =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>统计报表 " + r.month.to_string() +
      "</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px;"
      "font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px}th{background:#f0f3f7}td.num{text-align:right;"
      "font-variant-numeric:tabular-nums}.charts{display:flex;flex-wrap:wrap;gap:16px}.charts svg{border:1px solid #eee}"
      ".note{color:#666;font-size:12px}</style></head><body>";
  s += "<h1>城镇困难群众保障统计报表（" + xml_escape(scope_name) + "，" + r.month.to_string() + "）</h1>";
  s += "<p class=\"note\">金额单位：元（每月发放与年度项目分列）；口径见 docs/reports.md。“—”表示未知或不适用，不是 0。</p>";

  const auto kids = children(r);
  Chart paid{"当月发放金额（元）", {}, {{"当月发放", {}, "#c23531"}}, ValueKind::kFen, "元"};
  Chart cases{"分类别保障户数与人数", {}, {{"低保户", {}, ""}, {"低收入户", {}, ""}, {"特困人员", {}, ""}, {"孤儿", {}, ""}},
              ValueKind::kCount, "户/人"};
  for (const RegionFigures* f : kids) {
    const std::string name = region_name(*f, regions);
    paid.categories.push_back(name);
    cases.categories.push_back(name);
    paid.series[0].values.push_back(f->paid_month);
    cases.series[0].values.push_back(f->dibao_households);
    cases.series[1].values.push_back(f->low_income_households);
    cases.series[2].values.push_back(f->tekun_persons);
    cases.series[3].values.push_back(f->orphans);
  }
  s += "<div class=\"charts\">" + bar_chart(paid) + bar_chart(cases);
  if (r.standards) {
    Chart line{"全区平均低保标准与目标（R3.5）", {}, {{"14市平均标准", {}, "#2f4554"}}, ValueKind::kFen, "元/人·月"};
    ChartSeries target{"目标", {}, "#c23531"};
    for (std::size_t i = 0; i < r.standards->mean_by_month.size(); ++i) {
      line.categories.push_back(r.standards->mean_by_month[i].first.to_string().substr(2));
      line.series[0].values.push_back(r.standards->mean_by_month[i].second);
      target.values.push_back(r.standards->target_by_month[i].second);
    }
    s += line_chart(line, target);
  }
  s += "</div>";
  s += table_html(form_table(r, regions), "form");
  s += table_html(detail_table(r, regions), "detail");
  s += table_html(coverage_table(r, regions), "coverage");
  s += table_html(progress_table(r, regions), "progress");
  s += table_html(error_table(r, regions), "errors");
  s += table_html(item_table(r), "items");
  return s + "</body></html>\n";
}

}  // namespace safetynet::report
