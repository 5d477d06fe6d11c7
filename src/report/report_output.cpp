// The report's CSV, XLSX and HTML files, and the table `safetynet report` prints.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/csv.hpp"
#include "report/monthly_report.hpp"
#include "report/report_files.hpp"
#include "report/report_tables.hpp"

namespace safetynet::report {

Result<std::vector<std::string>> write_report(const MonthlyReport& r, const model::RegionCatalog& regions,
                                              const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string stem = dir + "/report-" + r.month.to_string() + (r.scope == "450000" ? "" : "-" + r.scope);
  if (auto w = io::write_csv(stem + ".csv", detail_table(r, regions).rows, io::Encoding::kUtf8, true); !w)
    return w.problems();
  if (auto w = write_report_xlsx(stem + ".xlsx", r, regions); !w) return w.problems();
  // Written whole then renamed, like the other two: a reader never sees half a page.
  const std::string html = stem + ".html";
  {
    std::ofstream out(html + ".part", std::ios::binary | std::ios::trunc);
    out << report_html(r, regions);
    if (!out.flush()) return Problems{Problem{"write_failed", html, "无法写入文件 " + html}};
  }
  std::filesystem::rename(html + ".part", html, ec);
  if (ec) return Problems{Problem{"write_failed", html, "无法写入文件 " + html + "：" + ec.message()}};
  return std::vector<std::string>{stem + ".csv", stem + ".xlsx", html};
}

std::string format_report(const MonthlyReport& r, const model::RegionCatalog& regions) {
  std::string out = "月份 " + r.month.to_string() + "  范围 " + r.scope + "\n";
  char buf[640];
  std::snprintf(buf, sizeof buf, "%-10s %-24s %6s %6s %6s %6s %6s %8s %6s %14s %14s %10s\n", "区划", "地区", "户数",
                "低保户", "低收入", "特困人", "孤儿", "保障人数", "零就业", "当月发放（元）", "本年累计（元）", "人均（元）");
  out += buf;
  auto line = [&](const RegionFigures& f, const std::string& name) {
    std::snprintf(buf, sizeof buf, "%-10s %-24s %6ld %6ld %6ld %6ld %6ld %8ld %6ld %14s %14s %10s\n", f.code.c_str(),
                  name.c_str(), f.households, f.dibao_households, f.low_income_households, f.tekun_persons, f.orphans,
                  f.covered_persons, f.zero_employment, model::format_yuan(f.paid_month).c_str(),
                  model::format_yuan(f.paid_year_to_date).c_str(), fen_or_dash(f.average_benefit()).c_str());
    out += buf;
  };
  for (const auto& [key, f] : r.regions)
    if (key != r.scope) line(f, indented_name(f, regions));
  line(r.total, "合计");
  out += "\n按保障线（月待遇 / 年度项目，元；覆盖：应享现金人数 → 当月实发人数）:\n";
  for (int i = 0; i < 7; ++i) {
    auto m = r.total.monthly_by_line.find(kLines[i]);
    auto y = r.total.yearly_by_line.find(kLines[i]);
    auto c = r.total.coverage.find(kLines[i]);
    const LineCoverage cov = c == r.total.coverage.end() ? LineCoverage{} : c->second;
    std::snprintf(buf, sizeof buf, "  %-10s 月 %14s   年 %14s   应享 %ld 人，现金 %ld 人，实发 %ld 人\n", kLineLabels[i],
                  model::format_yuan(m == r.total.monthly_by_line.end() ? 0 : m->second).c_str(),
                  model::format_yuan(y == r.total.yearly_by_line.end() ? 0 : y->second).c_str(), cov.entitled,
                  cov.cash_entitled, cov.paid);
    out += buf;
  }
  if (r.standards) {
    const auto& s = *r.standards;
    out += "\n低保标准提标进度（R3.5）: 全区平均目标 " + fen_or_dash(s.target) + " 元；14市算术平均 " + fen_or_dash(s.mean) +
           (s.mean_meets ? (*s.mean_meets ? "（达标）" : "（未达标）") : "（无法判断）") + "；按低保人数加权 " +
           fen_or_dash(s.weighted_mean) +
           (s.weighted_meets ? (*s.weighted_meets ? "（达标）" : "（未达标）") : "（无法判断）") + "\n";
    int short_count = 0;
    for (const auto& c : s.cities)
      if (c.meets && !*c.meets) {
        out += "  未达增幅要求: " + c.city + " " + regions.name(c.city) + " " + fen_or_dash(c.year_before) + " → " +
               fen_or_dash(c.standard) + "（" + format_percent_bp(*c.growth_bp) + "）\n";
        ++short_count;
      }
    if (short_count == 0) out += "  各设区市增幅均达标或无法判断（上年同月无参数）\n";
  }
  std::snprintf(buf, sizeof buf, "无法确定 %ld 户；因缺少参数拒绝 %ld 户\n", r.total.undetermined_households,
                r.total.refused_households);
  out += buf;
  if (r.total.records_missing > 0) {
    std::snprintf(buf, sizeof buf, "另有 %ld 户的登记记录已不存在：其人员构成未知\n", r.total.records_missing);
    out += buf;
  }
  return out;
}

}  // namespace safetynet::report
