#include "report/monthly_report.hpp"

#include <filesystem>

#include "io/csv.hpp"
#include "io/xlsx.hpp"

namespace safetynet::report {
namespace {

void add(RegionFigures& f, const registry::StoredAssessment& a) {
  ++f.households;
  ++f.by_category[static_cast<int>(a.category)];
  if (!a.refusal.empty()) ++f.refused;
  f.covered_persons += a.covered;
  f.monthly_cash += a.monthly_cash;
  if (a.monthly_cash > 0) ++f.paid_cases;
  for (std::string_view s = a.persons; !s.empty();) {
    auto end = s.find(';');
    auto part = s.substr(0, end);
    if (part.ends_with("tekun")) ++f.tekun;
    else if (part.ends_with("orphan")) ++f.orphans;
    else if (part.ends_with("dibao_single")) ++f.dibao_singles;
    s = end == std::string_view::npos ? std::string_view() : s.substr(end + 1);
  }
  for (const auto& e : registry::decode_entitlements(a.entitlements)) {
    if (e.item == rules::Item::kZeroEmploymentHousehold) ++f.zero_employment;
    if (e.period == rules::Period::kFlag) continue;
    const std::string line = rules::item_line(e.item);
    if (e.period == rules::Period::kMonth) f.monthly_by_line[line] += e.amount;
    else f.yearly_by_line[line] += e.amount;
    f.by_item[rules::item_name(e.item)] += e.amount;
  }
}

const char* kLines[] = {"living", "medical", "education", "housing", "employment", "pension", "temporary"};
const char* kLineLabels[] = {"基本生活", "基本医疗", "教育", "住房", "就业", "社会保险", "临时救助"};

std::vector<io::Row> rows_of(const MonthlyReport& r, const model::RegionCatalog& regions) {
  io::Row header = {"区划代码", "县（市、区）", "评估户数", "低保户", "低收入户", "不符合", "无法确定", "拒绝（缺参数）",
                    "特困人员", "孤儿", "单人施保", "保障人数", "零就业家庭", "发放户数", "月发放金额（元）"};
  for (int i = 0; i < 7; ++i) header.push_back(std::string(kLineLabels[i]) + "（月，元）");
  for (int i = 0; i < 7; ++i) header.push_back(std::string(kLineLabels[i]) + "（年，元）");
  std::vector<io::Row> rows = {header};
  auto row = [&](const std::string& code, const std::string& name, const RegionFigures& f) {
    io::Row x = {code, name, std::to_string(f.households), std::to_string(f.by_category[1]),
                 std::to_string(f.by_category[2]), std::to_string(f.by_category[0]), std::to_string(f.by_category[3]),
                 std::to_string(f.refused), std::to_string(f.tekun), std::to_string(f.orphans),
                 std::to_string(f.dibao_singles), std::to_string(f.covered_persons), std::to_string(f.zero_employment),
                 std::to_string(f.paid_cases), model::format_yuan(f.monthly_cash)};
    for (const char* l : kLines) {
      auto it = f.monthly_by_line.find(l);
      x.push_back(model::format_yuan(it == f.monthly_by_line.end() ? 0 : it->second));
    }
    for (const char* l : kLines) {
      auto it = f.yearly_by_line.find(l);
      x.push_back(model::format_yuan(it == f.yearly_by_line.end() ? 0 : it->second));
    }
    rows.push_back(std::move(x));
  };
  for (const auto& [code, f] : r.counties) row(code, regions.name(code), f);
  row("450000", "合计", r.total);
  return rows;
}

}  // namespace

MonthlyReport build_report(registry::Registry& reg, model::Month month) {
  MonthlyReport r;
  r.month = month;
  reg.scan_assessments(month, [&](const registry::StoredAssessment& a) {
    add(r.counties[a.region.substr(0, 6)], a);
    add(r.total, a);
  });
  return r;
}

Result<std::vector<std::string>> write_report(const MonthlyReport& r, const model::RegionCatalog& regions,
                                              const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string stem = dir + "/report-" + r.month.to_string();
  auto rows = rows_of(r, regions);
  if (auto w = io::write_csv(stem + ".csv", rows, io::Encoding::kUtf8, true); !w) return w.problems();
  std::vector<int> numeric;
  for (int c = 2; c < static_cast<int>(rows[0].size()); ++c) numeric.push_back(c);
  std::vector<io::Row> items = {{"项目", "名称", "金额（元）"}};
  for (const auto& [item, fen] : r.total.by_item) {
    auto it = rules::parse_item(item);
    items.push_back({item, it ? rules::item_label(*it) : "", model::format_yuan(fen)});
  }
  std::vector<io::SheetSpec> sheets = {io::SheetSpec{"分地区", rows, numeric, 1, {}},
                                       io::SheetSpec{"分项目", items, {2}, 1, {}}};
  if (auto w = io::write_xlsx(stem + ".xlsx", sheets); !w) return w.problems();
  return std::vector<std::string>{stem + ".csv", stem + ".xlsx"};
}

std::string format_report(const MonthlyReport& r, const model::RegionCatalog& regions) {
  std::string out = "月份 " + r.month.to_string() + "\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-8s %-14s %8s %8s %8s %8s %8s %8s %8s %14s\n", "区划", "县（市、区）", "户数", "低保",
                "低收入", "特困人", "孤儿", "单人保", "零就业", "月发放（元）");
  out += buf;
  auto line = [&](const std::string& code, const std::string& name, const RegionFigures& f) {
    std::snprintf(buf, sizeof buf, "%-8s %-14s %8ld %8ld %8ld %8ld %8ld %8ld %8ld %14s\n", code.c_str(), name.c_str(),
                  f.households, f.by_category[1], f.by_category[2], f.tekun, f.orphans, f.dibao_singles,
                  f.zero_employment, model::format_yuan(f.monthly_cash).c_str());
    out += buf;
  };
  for (const auto& [code, f] : r.counties) line(code, regions.name(code), f);
  line("450000", "合计", r.total);
  out += "\n按保障线（月发放 / 年度项目，元）:\n";
  for (int i = 0; i < 7; ++i) {
    auto m = r.total.monthly_by_line.find(kLines[i]);
    auto y = r.total.yearly_by_line.find(kLines[i]);
    std::snprintf(buf, sizeof buf, "  %-10s 月 %14s   年 %14s\n", kLineLabels[i],
                  model::format_yuan(m == r.total.monthly_by_line.end() ? 0 : m->second).c_str(),
                  model::format_yuan(y == r.total.yearly_by_line.end() ? 0 : y->second).c_str());
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "无法确定 %ld 户；因缺少参数拒绝 %ld 户\n", r.total.by_category[3], r.total.refused);
  out += buf;
  return out;
}

}  // namespace safetynet::report
