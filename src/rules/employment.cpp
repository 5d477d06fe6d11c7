// SPEC R7: employment-assistance registration (R7.1) for members of C2–C4 households and R1.3b singles
// aged 16 up to the retirement age (men 60, women 50), not employed, not in school, not retired, not
// severely disabled; the training referral (R7.3) for each of them; and the zero-employment flag (R7.2)
// on a dibao or low_income household with such a member and no member employed (over the unit).
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void employment_items(Ctx& c) {
  bool unit_employed = false, unit_registered = false;
  for (int i = 0; i < c.size(); ++i) {
    if (!covered(c, i)) continue;
    const Role r = c.role[static_cast<std::size_t>(i)];
    if (r == Role::kTekun) continue;  // C1 persons are not registered
    const auto& m = c.member(i);
    if (r == Role::kUnit && m.employment == model::Employment::kEmployed) unit_employed = true;
    const int age = c.age[static_cast<std::size_t>(i)];
    const int retire = m.sex == model::Sex::kMale ? c.need_int(c.p.retirement_age_male, "retirement_age.male")
                                                  : c.need_int(c.p.retirement_age_female, "retirement_age.female");
    if (age < 16 || age >= retire || c.in_school(i) || c.severe(i)) continue;
    if (!m.employment) {
      c.unknown(c.fact(i, "employment"));
      continue;
    }
    if (*m.employment != model::Employment::kUnemployed && *m.employment != model::Employment::kNone) continue;
    c.flag(Item::kAssistanceRegistration, i, "R7.1");
    c.flag(Item::kTrainingReferral, i, "R7.3");
    c.step("R7.1", [&] { return c.who(i) + "（" + std::to_string(age) + "岁，有劳动能力未就业）：就业困难人员认定"; });
    if (r == Role::kUnit) unit_registered = true;
  }
  if ((c.out.category == Category::kDibao || c.out.category == Category::kLowIncome) && unit_registered &&
      !unit_employed) {
    c.flag(Item::kZeroEmploymentHousehold, -1, "R7.2");
    c.step("R7.2", [] { return std::string("家庭无人就业：列为零就业家庭"); });
  }
}

}  // namespace safetynet::rules::detail
