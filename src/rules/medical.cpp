// SPEC R4: premium subsidy (R4.1, yearly; the highest applicable share, never two), medical assistance
// (R4.2, yearly: at least the ratio of the year's in-scope self-paid cost — a floor, rounded up — capped
// per person per year, rounded down), cancer screening for women (R4.3, flag) and the supplementary
// insurance flag for those without critical-illness cover (R4.4).
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void medical_items(Ctx& c) {
  for (int i = 0; i < c.size(); ++i) {
    if (!covered(c, i)) continue;
    const auto& m = c.member(i);
    const Role r = c.role[static_cast<std::size_t>(i)];
    // R4.1: 100% for C1, C2 and severe disability; 60% for members of C3/C4 (singles included).
    const bool full = r == Role::kTekun || r == Role::kOrphan || c.severe(i);
    const Decimal share = full ? c.need(c.p.medical_premium_share_full, "medical_premium_share.full")
                               : c.need(c.p.medical_premium_share_partial, "medical_premium_share.partial");
    const Fen premium = c.need_fen(c.p.medical_premium, "medical_premium");
    const Fen unit = c.rounding_unit();
    const Fen subsidy = model::round_half_away(static_cast<model::Int128>(share.units) * premium, Decimal::kScale,
                                               unit > 0 ? unit : 1);
    c.add(Item::kPremiumSubsidy, Period::kYear, i, subsidy, "R4.1");
    c.step("R4.1", [&] {
      return c.who(i) + " 医保个人缴费资助 " + yuan(subsidy) + "/年 = " + share.to_string() + " × " + yuan(premium);
    });
    // R4.2: rows of the year assessed, summed before the cap.
    Fen paid = 0;
    for (const auto& row : m.medical_self_paid)
      if (row.year == c.month.year()) paid += row.amount;
    if (paid > 0) {
      const Decimal ratio = c.need(c.p.medical_assistance_ratio[static_cast<int>(cat_key(c, i))],
                                   "medical_assistance_ratio");
      const Fen cap = c.need_fen(c.p.medical_assistance_cap, "medical_assistance_cap");
      Fen aid = model::round_up(static_cast<model::Int128>(ratio.units) * paid, Decimal::kScale, model::kFenPerYuan);
      if (aid > cap) aid = model::round_down(cap, 1, model::kFenPerYuan);
      c.add(Item::kMedicalAssistance, Period::kYear, i, aid, "R4.2");
      c.step("R4.2", [&] {
        return c.who(i) + " 医疗救助 " + yuan(aid) + "/年 = min(⌈" + ratio.to_string() + " × " + yuan(paid) + "⌉, " +
               yuan(cap) + ")";
      });
    }
    // R4.3: women within the screening ages.
    if (m.sex == model::Sex::kFemale) {
      const int lo = c.need_int(c.p.screening_age_min, "screening_age.min");
      const int hi = c.need_int(c.p.screening_age_max, "screening_age.max");
      const int age = c.age[static_cast<std::size_t>(i)];
      if (age >= lo && age <= hi) c.flag(Item::kScreening, i, "R4.3");
    }
    // R4.4
    if (!m.insurance.critical_illness) c.flag(Item::kSupplementaryInsurance, i, "R4.4");
  }
}

}  // namespace safetynet::rules::detail
