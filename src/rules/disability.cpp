// SPEC R3.7: living subsidy for every disabled person covered under C3 or C4 (household member or R1.3b
// single), and the care subsidy for grade 1–2 and — from the date P.care_subsidy_mental_grade_3_4 turns
// on (2019-01-01) — grade 3–4 mental disability. Not for C1 (who get R3.2) nor C2.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void disability_items(Ctx& c) {
  for (int i = 0; i < c.size(); ++i) {
    const Role r = c.role[static_cast<std::size_t>(i)];
    if (!c.disabled(i) || !covered(c, i) || r == Role::kTekun || r == Role::kOrphan) continue;
    const auto& d = *c.member(i).disability;
    const Fen living = c.need_fen(c.p.disability_living_subsidy, "disability_living_subsidy");
    c.add(Item::kDisabilityLivingSubsidy, Period::kMonth, i, living, "R3.7");
    bool care = d.severe();
    if (!care && d.type == model::DisabilityType::kMental && d.grade >= 3)
      care = c.need_int(c.p.care_subsidy_mental_grade_3_4, "care_subsidy_mental_grade_3_4") == 1;
    Fen care_amount = 0;
    if (care) {
      care_amount = c.need_fen(c.p.severe_disability_care_subsidy, "severe_disability_care_subsidy");
      c.add(Item::kSevereDisabilityCareSubsidy, Period::kMonth, i, care_amount, "R3.7");
    }
    c.step("R3.7", [&] {
      return c.who(i) + " " + std::to_string(d.grade) + "级" + model::to_string(d.type) + "残疾：生活补贴 " + yuan(living) +
             (care ? "，护理补贴 " + yuan(care_amount) : "，无护理补贴");
    });
  }
}

}  // namespace safetynet::rules::detail
