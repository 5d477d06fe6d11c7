// SPEC R1.1 (C1 特困人员) and its basic-living items R3.1 (support) and R3.2 (care fee).
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

Finding tekun_status(Ctx& c, int i) {
  const auto& m = c.member(i);
  Finding f;
  // (a) no labour capacity: 60+, under 16, severe disability, grade 3 intellectual/mental, serious illness.
  const int age = c.age[static_cast<std::size_t>(i)];
  const bool grade3_mind = m.disability && m.disability->grade == 3 &&
                           (m.disability->type == model::DisabilityType::kIntellectual ||
                            m.disability->type == model::DisabilityType::kMental);
  const bool no_labour = age >= 60 || age < 16 || c.severe(i) || grade3_mind || m.serious_illness;
  if (!no_labour) return f;  // kNo
  // (c) no legal supporter, or every supporter unable (the caseworker's finding, an input).
  Tri supporters = Tri::kUnknown;
  if (m.legal_supporters) supporters = tri(*m.legal_supporters != model::Supporters::kAble);
  else f.need(c.fact(i, "legal_supporters"));
  if (supporters == Tri::kNo) return Finding{};
  // (b) no source of income: own income below the standard, household assets within P.asset (R2.8).
  Tri income = Tri::kUnknown;
  const int window = c.need_int(c.p.income_window_months, "income_window_months");
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  if (c.refused()) return Finding{};  // no_parameter: the record is refused, nothing more to compute
  Fen own = 0;
  if (c.h.income) {
    own = own_income(c, i, window);
    income = tri(static_cast<model::Int128>(own) < static_cast<model::Int128>(standard) * window);
  } else {
    f.need("income");
  }
  const Finding& assets = household_asset_test(c);
  f.value = tri_and(tri_and(supporters, income), assets.value);
  if (f.value == Tri::kUnknown) {
    for (auto& x : assets.missing) f.need(x);
  } else {
    f.missing.clear();
  }
  c.step("R1.1", [&] {
    const char* why = age >= 60 ? "60岁以上" : age < 16 ? "未满16岁" : c.severe(i) ? "重度残疾"
                      : grade3_mind ? "三级智力/精神残疾" : "患重病";
    const char* sup = !m.legal_supporters ? "未知"
                      : *m.legal_supporters == model::Supporters::kNone ? "无"
                      : *m.legal_supporters == model::Supporters::kUnable ? "无履行能力" : "有履行能力";
    return c.who(i) + "：无劳动能力（" + std::to_string(age) + "岁，" + why + "）；法定义务人" + sup + "；本人月收入 " +
           yuan(own / (window > 0 ? window : 1)) + " 对比低保标准 " + yuan(standard) + " → " +
           (f.value == Tri::kYes ? "特困人员" : f.value == Tri::kNo ? "不符合特困" : "无法确定");
  });
  return f;
}

void tekun_items(Ctx& c, int i) {
  const auto& m = c.member(i);
  // R3.1: at least multiplier × standard, rounded UP to whole yuan whatever P.rounding says; a published
  // P.tekun_standard applies where higher.
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  const Decimal mult = c.need(c.p.tekun_multiplier, "tekun_multiplier");
  Fen support = model::round_up(static_cast<model::Int128>(mult.units) * standard, Decimal::kScale, model::kFenPerYuan);
  if (c.p.tekun_standard && c.p.tekun_standard->to_fen() > support) support = c.p.tekun_standard->to_fen();
  c.add(Item::kTekunSupport, Period::kMonth, i, support, "R3.1");
  c.step("R3.1", [&] {
    return c.who(i) + " 特困基本生活费 " + yuan(support) + " = ⌈" + mult.to_string() + " × " + yuan(standard) + "⌉";
  });
  // R3.2: care fee by self-care ability, a floor of rate × minimum wage, rounded up to whole yuan.
  if (!m.self_care) {
    c.unknown(c.fact(i, "self_care"));
    return;
  }
  if (*m.self_care == model::SelfCare::kAble) return;
  const Decimal rate = *m.self_care == model::SelfCare::kNone ? c.need(c.p.care_fee_rate_none, "care_fee_rate.none")
                                                              : c.need(c.p.care_fee_rate_partial, "care_fee_rate.partial");
  const Fen wage = c.need_fen(c.p.min_wage, "min_wage");
  const Fen fee = model::round_up(static_cast<model::Int128>(rate.units) * wage, Decimal::kScale, model::kFenPerYuan);
  c.add(Item::kCareFee, Period::kMonth, i, fee, "R3.2");
  c.step("R3.2", [&] {
    return c.who(i) + " 照料护理费 " + yuan(fee) + " = ⌈" + rate.to_string() + " × 最低工资 " + yuan(wage) + "⌉（" +
           (*m.self_care == model::SelfCare::kNone ? "失能" : "半失能") + "）";
  });
}

}  // namespace safetynet::rules::detail
