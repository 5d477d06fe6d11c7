// SPEC R5: children are covered members with a school stage. R5.2 for all C1–C4 children; R5.3 for
// children of C1, C2 and C3 (R1.3b singles are C3). Items are flags unless P.edu amounts are given, and
// given amounts are yearly.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {
namespace {

void edu(Ctx& c, Item item, int i, const OptDec& amount) {
  if (amount && amount->units > 0) c.add(item, Period::kYear, i, amount->to_fen(), "R5");
  else c.flag(item, i, "R5");
}

}  // namespace

void education_items(Ctx& c) {
  for (int i = 0; i < c.size(); ++i) {
    const auto& m = c.member(i);
    if (!m.school || !covered(c, i)) continue;
    const Role r = c.role[static_cast<std::size_t>(i)];
    const bool c1_to_c3 = r != Role::kUnit || c.out.category == Category::kDibao;
    using model::School;
    switch (*m.school) {
      case School::kPreschool:
        if (c1_to_c3) c.flag(Item::kKindergartenFeeWaiver, i, "R5.3");
        break;
      case School::kPrimary:
      case School::kJunior:
        if (m.boarding) edu(c, Item::kBoardingSubsidy, i, c.p.edu_boarding);
        break;
      case School::kSeniorHigh:
        edu(c, Item::kHighSchoolGrant, i, c.p.edu_high_school_grant);
        if (c1_to_c3) c.flag(Item::kHighSchoolFeeWaiver, i, "R5.3");
        break;
      case School::kVocational:
        c.flag(Item::kVocationalTuitionWaiver, i, "R5.2");
        if (c1_to_c3) edu(c, Item::kVocationalGrant, i, c.p.edu_vocational_grant);
        break;
      case School::kUniversity:
        if (m.university_freshman) edu(c, Item::kFreshmanAid, i, c.p.edu_freshman_aid);
        edu(c, Item::kUniversityGrant, i, c.p.edu_university_grant);
        break;
    }
    c.step("R5", [&] { return c.who(i) + " 在读（" + std::string(model::to_string(*m.school)) + "）：录入学生资助库"; });
  }
}

}  // namespace safetynet::rules::detail
