// SPEC R8.1: the government pays the resident pension contribution (yearly) for covered persons aged
// 16–59, not in school, whose record does not say `insurance.pension: false`: the full P amount (100)
// for severely disabled persons, any covered disabled person and C1 persons; the dibao amount (50) for
// members of C3 households and R1.3b singles.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void pension_items(Ctx& c) {
  for (int i = 0; i < c.size(); ++i) {
    if (!covered(c, i)) continue;
    const int age = c.age[static_cast<std::size_t>(i)];
    if (age < 16 || age > 59 || c.in_school(i) || !c.member(i).insurance.pension) continue;
    const Role r = c.role[static_cast<std::size_t>(i)];
    Fen amount = 0;
    if (c.disabled(i) || r == Role::kTekun) {
      amount = c.need_fen(c.p.pension_contribution_paid_full, "pension_contribution_paid.full");
    } else if (r == Role::kSingle || (r == Role::kUnit && c.out.category == Category::kDibao)) {
      amount = c.need_fen(c.p.pension_contribution_paid_dibao, "pension_contribution_paid.dibao");
    }
    c.add(Item::kContributionPaid, Period::kYear, i, amount, "R8.1");
    if (amount > 0) c.step("R8.1", [&] { return c.who(i) + " 代缴养老保险费 " + yuan(amount) + "/年"; });
  }
}

}  // namespace safetynet::rules::detail
