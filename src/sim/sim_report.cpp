#include "sim/sim_report.hpp"

#include <filesystem>
#include <fstream>

#include "io/xlsx.hpp"
#include "model/money.hpp"
#include "report/svg_chart.hpp"

namespace safetynet::sim {
namespace {

std::string yuan(std::int64_t fen) { return model::format_yuan(fen); }
std::string signed_yuan(std::int64_t fen) { return fen > 0 ? "+" + yuan(fen) : yuan(fen); }
std::string count(std::int64_t n) { return std::to_string(n); }
std::string signed_count(std::int64_t n) { return n > 0 ? "+" + std::to_string(n) : std::to_string(n); }

std::int64_t all_households(const ScenarioCell& c) {
  std::int64_t n = 0;
  for (int g = 0; g < kGroups; ++g) n += c.households[g];
  return n;
}
std::int64_t all_persons(const ScenarioCell& c) {
  std::int64_t n = 0;
  for (int g = 0; g < kGroups; ++g) n += c.persons[g];
  return n;
}

// Rows of the cities that have households, then the total.
template <class F>
void each_city(const SimulationRun& run, const model::RegionCatalog& regions, F f) {
  for (int i = 0; i <= kCities; ++i) {
    const auto& c = run.tally.city(i);
    if (all_households(c.baseline) == 0) continue;
    const std::string name = i < kCities ? regions.name(city_code(i)) : "其他地区";
    f(name.empty() ? city_code(i) : name, c);
  }
  f("合计", run.tally.total());
}

std::string html_escape(const std::string& s) { return report::xml_escape(s); }

std::string html_table(const std::vector<io::Row>& rows) {
  std::string out = "<table>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += "<tr>";
    for (const auto& cell : rows[r]) {
      out += r == 0 ? "<th>" : "<td>";
      out += html_escape(cell);
      out += r == 0 ? "</th>" : "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// Plain-text table with columns padded by display width (CJK characters count two).
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}
std::string text_table(const std::vector<io::Row>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& r : rows) {
    if (widths.size() < r.size()) widths.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], display_width(r[i]));
  }
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::size_t pad = widths[i] - display_width(r[i]);
      out += i == 0 ? r[i] + std::string(pad, ' ') : std::string(pad + 2, ' ') + r[i];
    }
    out += '\n';
  }
  return out;
}

const char* kGroupHeads[kGroups] = {"不符合", "低保", "低收入", "无法确定", "拒绝评估"};
const char* kPersonHeads[kPersonGroups] = {"特困人员", "孤儿", "单人户施保"};

}  // namespace

std::string percent_change(std::int64_t base, std::int64_t diff) {
  if (base == 0) return "—";
  // diff / base in tenths of a percent, half away from zero, in integers (|diff| < 9.2e15 fen: no overflow).
  const std::int64_t num = diff * 1000;
  std::int64_t q = num / base;
  const std::int64_t r = num % base;
  if (r != 0 && 2 * (r < 0 ? -r : r) >= (base < 0 ? -base : base)) q += (num < 0) != (base < 0) ? -1 : 1;
  const std::int64_t v = q;
  const std::int64_t a = v < 0 ? -v : v;
  return std::string(v > 0 ? "+" : v < 0 ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10) + "%";
}

std::vector<io::Row> city_table(const SimulationRun& run, const model::RegionCatalog& regions) {
  std::vector<io::Row> rows{{"设区市", "户数", "人数", "基准保障人数", "改革保障人数", "保障人数增减", "基准月支出（元）",
                             "改革月支出（元）", "月支出增减（元）", "增幅", "受益户", "受损户", "新纳入户", "退出户"}};
  each_city(run, regions, [&](const std::string& name, const CityTally& c) {
    const auto d = c.reform.monthly_cash - c.baseline.monthly_cash;
    rows.push_back({name, count(all_households(c.baseline)), count(all_persons(c.baseline)),
                    count(c.baseline.covered_persons), count(c.reform.covered_persons),
                    signed_count(c.reform.covered_persons - c.baseline.covered_persons), yuan(c.baseline.monthly_cash),
                    yuan(c.reform.monthly_cash), signed_yuan(d), percent_change(c.baseline.monthly_cash, d),
                    count(c.change.gainers), count(c.change.losers), count(c.change.newly_paid),
                    count(c.change.no_longer_paid)});
  });
  return rows;
}

std::vector<io::Row> category_table(const SimulationRun& run) {
  const auto t = run.tally.total();
  std::vector<io::Row> rows{{"类别", "基准户数", "改革户数", "户数增减", "基准人数", "改革人数", "人数增减"}};
  for (int g = 0; g < kGroups; ++g) {
    rows.push_back({kGroupHeads[g], count(t.baseline.households[g]), count(t.reform.households[g]),
                    signed_count(t.reform.households[g] - t.baseline.households[g]), count(t.baseline.persons[g]),
                    count(t.reform.persons[g]), signed_count(t.reform.persons[g] - t.baseline.persons[g])});
  }
  for (int p = 0; p < kPersonGroups; ++p) {
    rows.push_back({std::string(kPersonHeads[p]) + "（单列人员）", "", "", "", count(t.baseline.person_categories[p]),
                    count(t.reform.person_categories[p]),
                    signed_count(t.reform.person_categories[p] - t.baseline.person_categories[p])});
  }
  rows.push_back({"保障人数合计", "", "", "", count(t.baseline.covered_persons), count(t.reform.covered_persons),
                  signed_count(t.reform.covered_persons - t.baseline.covered_persons)});
  return rows;
}

std::vector<io::Row> line_table(const SimulationRun& run) {
  const auto t = run.tally.total();
  std::vector<io::Row> rows{{"保障线", "基准每月（元）", "改革每月（元）", "每月增减（元）", "基准每年（元）", "改革每年（元）",
                             "每年增减（元）"}};
  for (int l = 0; l < kLines; ++l) {
    const auto bm = t.baseline.monthly_by_line[l], rm = t.reform.monthly_by_line[l];
    const auto by = t.baseline.yearly_by_line[l], ry = t.reform.yearly_by_line[l];
    rows.push_back({line_label(l), yuan(bm), yuan(rm), signed_yuan(rm - bm), yuan(by), yuan(ry), signed_yuan(ry - by)});
  }
  return rows;
}

std::vector<io::Row> change_table(const SimulationRun& run) {
  const auto t = run.tally.total();
  std::vector<io::Row> rows{{"每月现金变化", "户数"}};
  for (int b = 0; b < kChangeBuckets; ++b) rows.push_back({change_bucket_label(b), count(t.change.buckets[b])});
  return rows;
}

std::vector<io::Row> moves_table(const SimulationRun& run) {
  const auto t = run.tally.total();
  io::Row head{"基准类别 \\ 改革类别"};
  for (int g = 0; g < kGroups; ++g) head.push_back(kGroupHeads[g]);
  std::vector<io::Row> rows{head};
  for (int b = 0; b < kGroups; ++b) {
    io::Row r{kGroupHeads[b]};
    for (int g = 0; g < kGroups; ++g) r.push_back(count(t.change.group_moves[b][g]));
    rows.push_back(r);
  }
  return rows;
}

std::vector<io::Row> movers_table(const SimulationRun& run, const model::RegionCatalog& regions) {
  std::vector<io::Row> rows{{"", "户编号", "地区", "基准类别", "改革类别", "基准月现金（元）", "改革月现金（元）", "变化（元）"}};
  auto add = [&](const char* kind, const std::vector<Mover>& list) {
    for (const auto& m : list) {
      const std::string name = regions.name(m.region);
      rows.push_back({kind, m.household_id, name.empty() ? m.region : name + "（" + m.region + "）",
                      group_label(m.baseline_group), group_label(m.reform_group), yuan(m.baseline_cash),
                      yuan(m.reform_cash), signed_yuan(m.change())});
    }
  };
  add("增加最多", run.tally.top_gainers());
  add("减少最多", run.tally.top_losers());
  return rows;
}

std::string format_simulation(const SimulationRun& run, const SimulationInfo& info, const model::RegionCatalog& regions) {
  const auto t = run.tally.total();
  const auto d = t.reform.monthly_cash - t.baseline.monthly_cash;
  // A yearly figure only for the recurring cash: temporary assistance (R9) is a one-off in the month.
  const int temporary = kLines - 1;
  const auto regular = d - (t.reform.monthly_by_line[temporary] - t.baseline.monthly_by_line[temporary]);
  std::string out = "模拟 " + info.month.to_string() + "：" + info.population + "\n改革方案：" + info.reform_file;
  if (!info.reform_description.empty()) out += "（" + info.reform_description + "）";
  out += "\n\n按设区市（每月民政发放现金，R12.1）\n" + text_table(city_table(run, regions));
  out += "\n按类别\n" + text_table(category_table(run));
  out += "\n按保障线\n" + text_table(line_table(run));
  out += "\n受益与受损\n" + text_table(change_table(run));
  out += "\n类别变动（户）\n" + text_table(moves_table(run));
  if (!run.tally.top_gainers().empty() || !run.tally.top_losers().empty()) {
    out += "\n变动最大的户\n" + text_table(movers_table(run, regions));
  }
  out += "\n每月支出 " + yuan(t.baseline.monthly_cash) + " → " + yuan(t.reform.monthly_cash) + " 元（" + signed_yuan(d) +
         "，" + percent_change(t.baseline.monthly_cash, d) + "；不含当月临时救助，按12个月计每年 " + signed_yuan(regular * 12) +
         " 元）；保障人数 " +
         count(t.baseline.covered_persons) + " → " + count(t.reform.covered_persons) + "；受益 " + count(t.change.gainers) +
         " 户，受损 " + count(t.change.losers) + " 户\n";
  return out;
}

Result<std::vector<std::string>> write_simulation(const SimulationRun& run, const SimulationInfo& info,
                                                  const model::RegionCatalog& regions, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string stem = dir + "/simulation-" + info.month.to_string();
  std::vector<std::string> written;

  const auto cities = city_table(run, regions);
  std::vector<io::SheetSpec> sheets;
  auto sheet = [&](std::string name, std::vector<io::Row> rows, std::vector<int> numeric) {
    // Differences are printed "+195.00"; in the workbook they are numbers (summable), so the sign goes.
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (int c : numeric) {
        auto& cell = rows[r][static_cast<std::size_t>(c)];
        if (!cell.empty() && cell[0] == '+') cell.erase(0, 1);
      }
    }
    io::SheetSpec s;
    s.name = std::move(name);
    s.rows = std::move(rows);
    s.numeric_columns = std::move(numeric);
    sheets.push_back(std::move(s));
  };
  sheet("按设区市", cities, {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13});
  sheet("按类别", category_table(run), {1, 2, 3, 4, 5, 6});
  sheet("按保障线", line_table(run), {1, 2, 3, 4, 5, 6});
  sheet("受益与受损", change_table(run), {1});
  sheet("类别变动", moves_table(run), {1, 2, 3, 4, 5});
  sheet("变动最大的户", movers_table(run, regions), {5, 6, 7});
  if (auto r = io::write_xlsx(stem + ".xlsx", sheets); !r) return r.problems();
  written.push_back(stem + ".xlsx");

  // The page: two charts and every table.
  report::Chart cost;
  cost.title = "各设区市每月民政发放现金：基准与改革";
  cost.unit = "元";
  report::ChartSeries base{"基准", {}, "#5470c6"}, reform{"改革", {}, "#ee6666"};
  report::Chart covered = cost;
  covered.title = "各设区市保障人数：基准与改革";
  covered.unit = "人";
  covered.kind = report::ValueKind::kCount;
  report::ChartSeries cbase{"基准", {}, "#5470c6"}, creform{"改革", {}, "#ee6666"};
  for (int i = 0; i <= kCities; ++i) {
    const auto& c = run.tally.city(i);
    if (all_households(c.baseline) == 0) continue;
    const std::string name = i < kCities ? regions.name(city_code(i)) : "其他地区";
    cost.categories.push_back(name);
    covered.categories.push_back(name);
    base.values.push_back(c.baseline.monthly_cash);
    reform.values.push_back(c.reform.monthly_cash);
    cbase.values.push_back(c.baseline.covered_persons);
    creform.values.push_back(c.reform.covered_persons);
  }
  cost.series = {base, reform};
  covered.series = {cbase, creform};
  report::Chart dist;
  dist.title = "受益与受损：每月现金变化的户数分布";
  dist.unit = "户";
  dist.kind = report::ValueKind::kCount;
  report::ChartSeries hh{"户数", {}, "#91cc75"};
  const auto t = run.tally.total();
  for (int b = 0; b < kChangeBuckets; ++b) {
    dist.categories.push_back(change_bucket_label(b));
    hh.values.push_back(t.change.buckets[b]);
  }
  dist.series = {hh};

  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>政策模拟 " + info.month.to_string() +
      "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}"
      "td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}th{background:#eef}td:first-child{text-align:left}"
      "</style></head><body>\n<h1>政策模拟：" + html_escape(info.month.to_string()) + "</h1>\n<p>人口：" +
      html_escape(info.population) + "<br>改革方案：" + html_escape(info.reform_file) +
      (info.reform_description.empty() ? "" : "（" + html_escape(info.reform_description) + "）") + "</p>\n<p>每月支出 " +
      yuan(t.baseline.monthly_cash) + " → " + yuan(t.reform.monthly_cash) + " 元（" +
      signed_yuan(t.reform.monthly_cash - t.baseline.monthly_cash) + "，" +
      percent_change(t.baseline.monthly_cash, t.reform.monthly_cash - t.baseline.monthly_cash) + "）；保障人数 " +
      count(t.baseline.covered_persons) + " → " + count(t.reform.covered_persons) + "；受益 " + count(t.change.gainers) +
      " 户，受损 " + count(t.change.losers) + " 户。</p>\n" + report::bar_chart(cost) + "\n" + html_table(cities) +
      report::bar_chart(covered) + "\n<h2>按类别</h2>\n" + html_table(category_table(run)) + "<h2>按保障线</h2>\n" +
      html_table(line_table(run)) + "<h2>受益与受损</h2>\n" + report::bar_chart(dist) + "\n" +
      html_table(change_table(run)) + "<h2>类别变动（户）</h2>\n" + html_table(moves_table(run)) +
      "<h2>变动最大的户</h2>\n" + html_table(movers_table(run, regions)) + "</body></html>\n";
  const std::string html_path = stem + ".html";
  {
    std::ofstream f(html_path + ".part", std::ios::binary);
    f << html;
    if (!f) {
      Problem p = make_problem("write_failed", "", "", "无法写入 " + html_path);
      p.file = html_path;
      return p;
    }
  }
  std::filesystem::rename(html_path + ".part", html_path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(html_path + ".part", ignored);
    Problem p = make_problem("write_failed", "", "", "无法写入 " + html_path + "：" + ec.message());
    p.file = html_path;
    return p;
  }
  written.push_back(html_path);
  return written;
}

}  // namespace safetynet::sim
