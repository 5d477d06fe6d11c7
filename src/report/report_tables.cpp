#include "report/report_tables.hpp"

#include "rules/assessment.hpp"

namespace safetynet::report {
namespace {

std::string n(long v) { return std::to_string(v); }
std::string y(model::Fen v) { return model::format_yuan(v); }

model::Fen line_sum(const std::map<std::string, model::Fen>& m, const char* line) {
  auto it = m.find(line);
  return it == m.end() ? 0 : it->second;
}

// Rows below the scope in hierarchy order, then the scope's own row (the total).
std::vector<const RegionFigures*> ordered(const MonthlyReport& r) {
  std::vector<const RegionFigures*> out;
  const RegionFigures* scope = nullptr;
  for (const auto& [key, f] : r.regions) {
    if (key == r.scope) scope = &f;
    else out.push_back(&f);
  }
  out.push_back(scope ? scope : &r.total);
  return out;
}

std::string name_of(const MonthlyReport& r, const RegionFigures& f, const model::RegionCatalog& regions) {
  if (&f == &r.total || (f.code == r.scope && !f.code.empty()))
    return "合计（" + region_name(f, regions) + "）";
  return indented_name(f, regions);
}

std::string ratio_text(long num, long den) { return den > 0 ? format_percent_bp(ratio_bp(num, den)) : "—"; }

}  // namespace

std::string fen_or_dash(const std::optional<model::Fen>& v) { return v ? y(*v) : "—"; }

std::string indented_name(const RegionFigures& f, const model::RegionCatalog& regions) {
  std::string pad;
  for (int i = 1; i < static_cast<int>(f.level); ++i) pad += "\u3000";
  return pad + region_name(f, regions);
}

std::string error_ratio_text(const ErrorFigures& e) { return ratio_text(e.wrong_cases, e.assisted_cases); }

bool error_over(const ErrorFigures& e, const std::optional<params::Decimal>& tolerance) {
  const std::int64_t t = tolerance ? tolerance->units : 200;  // P.error_tolerance default 0.02 (R12.2)
  const bool ratio_over = static_cast<model::Int128>(e.wrong_cases) * params::Decimal::kScale >
                          static_cast<model::Int128>(e.assisted_cases) * t;
  return ratio_over || e.recovered_fen < e.wrong_fen;
}

Table form_table(const MonthlyReport& r, const model::RegionCatalog& regions) {
  Table t;
  t.title = "城镇困难群众保障统计月报表（" + std::to_string(r.month.year()) + "年" + std::to_string(r.month.month()) + "月）";
  t.header_rows = 2;
  t.rows.push_back({"地区", "区划代码", "保障户数", "保障人数", "其中", "", "", "", "", "支出金额（元）", "",
                    "人均补助水平（元/人·月）", "低保标准（元/人·月）"});
  t.rows.push_back({"", "", "", "", "老年人", "成年人", "未成年人", "女性", "残疾人", "当月", "本年累计", "", ""});
  t.merges = {{0, 0, 1, 0}, {0, 1, 1, 1}, {0, 2, 1, 2}, {0, 3, 1, 3}, {0, 4, 0, 8},
              {0, 9, 0, 10}, {0, 11, 1, 11}, {0, 12, 1, 12}};
  for (int c = 2; c < 13; ++c) t.numeric_columns.push_back(c);
  for (const RegionFigures* f : ordered(r)) {
    const auto& p = f->covered;
    t.rows.push_back({name_of(r, *f, regions), f->code, n(f->covered_households), n(f->covered_persons), n(p.elderly),
                      n(p.adults), n(p.minors), n(p.women), n(p.disabled), y(f->paid_month), y(f->paid_year_to_date),
                      fen_or_dash(f->average_benefit()), fen_or_dash(f->standard)});
  }
  return t;
}

Table detail_table(const MonthlyReport& r, const model::RegionCatalog& regions) {
  Table t;
  t.title = "分类别户数、人数与分保障线金额";
  io::Row h = {"区划代码", "地区", "评估户数", "低保户", "低收入户", "不符合户", "无法确定户", "拒绝（缺参数）户",
               "低保人数", "其中单人施保", "低收入人数", "特困人员", "孤儿", "不符合人数", "无法确定人数", "拒绝人数",
               "保障人数", "零就业家庭", "月待遇户数", "月待遇金额（元）", "当月发放户数", "当月发放（元）",
               "本年累计发放（元）", "人均补助（元）", "低保标准（元）"};
  for (const char* l : kLineLabels) h.push_back(std::string(l) + "（月，元）");
  for (const char* l : kLineLabels) h.push_back(std::string(l) + "（年，元）");
  if (r.has_errors) h.push_back("错保率");
  t.rows.push_back(h);
  for (int c = 2; c < static_cast<int>(h.size()); ++c) t.numeric_columns.push_back(c);
  for (const RegionFigures* f : ordered(r)) {
    io::Row x = {f->code, name_of(r, *f, regions), n(f->households), n(f->dibao_households),
                 n(f->low_income_households), n(f->none_households), n(f->undetermined_households),
                 n(f->refused_households), n(f->dibao_persons), n(f->dibao_singles), n(f->low_income_persons),
                 n(f->tekun_persons), n(f->orphans), n(f->none_persons), n(f->undetermined_persons),
                 n(f->refused_persons), n(f->covered_persons), n(f->zero_employment), n(f->cash_cases),
                 y(f->monthly_cash), n(f->paid_cases), y(f->paid_month), y(f->paid_year_to_date),
                 fen_or_dash(f->average_benefit()), fen_or_dash(f->standard)};
    for (const char* l : kLines) x.push_back(y(line_sum(f->monthly_by_line, l)));
    for (const char* l : kLines) x.push_back(y(line_sum(f->yearly_by_line, l)));
    if (r.has_errors) x.push_back(f->errors ? error_ratio_text(*f->errors) : "—");
    t.rows.push_back(std::move(x));
  }
  return t;
}

Table coverage_table(const MonthlyReport& r, const model::RegionCatalog& regions) {
  Table t;
  t.title = "各保障线覆盖率（应享人数与实发人数）";
  t.header_rows = 2;
  io::Row h1 = {"区划代码", "地区", "保障人数"}, h2 = {"", "", ""};
  t.merges = {{0, 0, 1, 0}, {0, 1, 1, 1}, {0, 2, 1, 2}};
  for (const char* l : kLineLabels) {
    const int c = static_cast<int>(h1.size());
    h1.insert(h1.end(), {l, "", "", ""});
    h2.insert(h2.end(), {"应享人数", "应享现金人数", "当月实发人数", "覆盖率"});
    t.merges.push_back({0, c, 0, c + 3});
  }
  t.rows = {h1, h2};
  for (int c = 2; c < static_cast<int>(h1.size()); ++c)
    if ((c - 3) % 4 != 3) t.numeric_columns.push_back(c);
  for (const RegionFigures* f : ordered(r)) {
    io::Row x = {f->code, name_of(r, *f, regions), n(f->covered_persons)};
    for (const char* l : kLines) {
      auto it = f->coverage.find(l);
      const LineCoverage c = it == f->coverage.end() ? LineCoverage{} : it->second;
      const bool cash = std::string(l) == "living" || std::string(l) == "housing" || std::string(l) == "temporary";
      x.insert(x.end(), {n(c.entitled), cash ? n(c.cash_entitled) : "—", cash ? n(c.paid) : "—",
                         cash ? ratio_text(c.paid, c.cash_entitled) : "仅应享（由主管部门发放）"});
    }
    t.rows.push_back(std::move(x));
  }
  return t;
}

Table progress_table(const MonthlyReport& r, const model::RegionCatalog& regions) {
  Table t;
  t.title = "低保标准提标进度（R3.5）";
  t.rows.push_back({"区划代码", "设区市", "本月标准（元）", "上年同月标准（元）", "增幅", "增幅要求", "低保人数", "是否达标"});
  t.numeric_columns = {2, 3, 6};
  if (!r.standards) {
    t.rows.push_back({"", "未加载参数，无法计算", "", "", "", "", "", ""});
    return t;
  }
  const auto& s = *r.standards;
  // Decimal units are 1/10000, the same scale as basis points of a percent: 0.10 = 1000 = "10.00%".
  const std::string need = s.growth_rate ? format_percent_bp(static_cast<long>(s.growth_rate->units)) : "—";
  auto verdict = [](const std::optional<bool>& b) { return !b ? std::string("无法判断") : *b ? "达标" : "未达标"; };
  for (const auto& c : s.cities)
    t.rows.push_back({c.city, regions.name(c.city), fen_or_dash(c.standard), fen_or_dash(c.year_before),
                      c.growth_bp ? format_percent_bp(*c.growth_bp) : "—", "≥ " + need, n(c.dibao_persons),
                      verdict(c.meets)});
  t.rows.push_back({"450000", "全区平均（14市算术平均）", fen_or_dash(s.mean), "", "", "≥ " + fen_or_dash(s.target) + " 元",
                    "", verdict(s.mean_meets)});
  t.rows.push_back({"450000", "全区平均（按低保人数加权）", fen_or_dash(s.weighted_mean), "", "",
                    "≥ " + fen_or_dash(s.target) + " 元", "", verdict(s.weighted_meets)});
  return t;
}

Table error_table(const MonthlyReport& r, const model::RegionCatalog& regions) {
  Table t;
  t.title = "错保率（R12.2）";
  t.rows.push_back({"区划代码", "地区", "保障户数", "错保户数", "错保率", "错发金额（元）", "已追回（元）", "状态", "是否超出容错"});
  t.numeric_columns = {2, 3, 5, 6};
  if (!r.has_errors) {
    t.rows.push_back({"", "未提供错保数据", "", "", "", "", "", "", ""});
    return t;
  }
  for (const RegionFigures* f : ordered(r)) {
    if (!f->errors) continue;
    const auto& e = *f->errors;
    t.rows.push_back({f->code, indented_name(*f, regions), n(e.assisted_cases), n(e.wrong_cases), error_ratio_text(e),
                      y(e.wrong_fen), y(e.recovered_fen), e.status,
                      error_over(e, r.error_tolerance) ? "超出（或未全部追回）" : "在容错范围内"});
  }
  return t;
}

Table item_table(const MonthlyReport& r) {
  Table t;
  t.title = "分项目金额";
  t.rows.push_back({"项目", "名称", "期间", "金额（元）"});
  t.numeric_columns = {3};
  for (const auto& [item, fen] : r.total.by_item) {
    auto it = rules::parse_item(item);
    t.rows.push_back({item, it ? rules::item_label(*it) : "", it && rules::is_monthly_cash(*it) ? "月" : "年", y(fen)});
  }
  return t;
}

}  // namespace safetynet::report
