// Tests of the test helpers themselves: the matchers of base/testing.hpp and rules/testing/ must reject
// what they should (a matcher that always matches would make every test using it unable to fail), and
// the household builder must make valid GB 11643 ids.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/testing.hpp"
#include "model/citizen_id.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::safetynet::testing::HasFileProblem;
using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

Result<int> failed() {
  Problem p = make_problem("bad_amount", "income[0].amount", "450102197405010236", "金额无效");
  p.file = "policy/dibao/standard.yaml";
  return p;
}

TEST(Matchers, IsOkMatchesOnlyValues) {
  EXPECT_THAT(Result<int>(3), IsOk());
  EXPECT_THAT(failed(), Not(IsOk()));
  EXPECT_THAT(Problems{}, IsOk());
  EXPECT_THAT(Problems{failed().problems()}, Not(IsOk()));
  EXPECT_THAT(std::optional<Problem>{}, IsOk());
  EXPECT_THAT(std::optional<Problem>{failed().problems()[0]}, Not(IsOk()));
}

TEST(Matchers, HasProblemNeedsCodeFieldAndMember) {
  EXPECT_THAT(failed(), HasProblem("bad_amount", "income[0].amount"));
  EXPECT_THAT(failed(), HasProblem("bad_amount", "income[0].amount", "450102197405010236"));
  EXPECT_THAT(failed(), Not(HasProblem("bad_value", "income[0].amount")));
  EXPECT_THAT(failed(), Not(HasProblem("bad_amount", "income[1].amount")));
  EXPECT_THAT(failed(), Not(HasProblem("bad_amount", "income[0].amount", "")));
  EXPECT_THAT(Result<int>(3), Not(HasProblem("bad_amount", "income[0].amount")));
  EXPECT_THAT(failed(), HasFileProblem("bad_amount", HasSubstr("standard.yaml"), "income[0].amount"));
  EXPECT_THAT(failed(), Not(HasFileProblem("bad_amount", HasSubstr("other.yaml"), "income[0].amount")));
}

TEST(Matchers, AssessmentMatchersCheckItemMemberAndAmount) {
  Assessment a;
  a.category = Category::kDibao;
  a.persons.emplace_back(1, PersonCategory::kOrphan);
  a.entitlements.push_back(Entitlement{Item::kDibao, Period::kMonth, -1, 95000, "R3.4"});
  a.entitlements.push_back(Entitlement{Item::kScreening, Period::kFlag, 0, 0, "R4.3"});
  a.undetermined.push_back("income");
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, Not(IsCategory(Category::kNone)));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, 95000));
  EXPECT_THAT(a, Not(HasItem(Item::kDibao, kHousehold, 95001)));
  EXPECT_THAT(a, Not(HasItem(Item::kDibao, 0, 95000)));
  EXPECT_THAT(a, HasFlag(Item::kScreening, 0));
  EXPECT_THAT(a, Not(HasFlag(Item::kDibao, kHousehold)));  // an amount is not a flag
  EXPECT_THAT(a, Not(HasFlag(Item::kScreening, 1)));
  EXPECT_THAT(a, HasAnyItem(Item::kScreening));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kCareFee)));
  EXPECT_THAT(a, HasItemFor(Item::kDibao, kHousehold));
  EXPECT_THAT(a, HasPerson(1, PersonCategory::kOrphan));
  EXPECT_THAT(a, Not(HasPerson(1, PersonCategory::kTekun)));
  EXPECT_THAT(a, Not(HasNoPersonCategory(1)));
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, ListsUndetermined("income"));
  EXPECT_THAT(a, Not(ListsUndetermined("assets")));
}

TEST(HouseholdBuilder, MakesValidIdsThatAgreeWithSexAndBirthDate) {
  HouseholdBuilder b("450802");
  for (int i = 0; i < 40; ++i) {
    const model::Sex sex = i % 2 ? model::Sex::kFemale : model::Sex::kMale;
    int m = b.add(date(1950 + i, 1 + i % 12, 1 + i % 28), sex);
    auto info = model::parse_citizen_id(b.id(m));
    ASSERT_TRUE(info.has_value()) << b.id(m);
    EXPECT_EQ(info->sex, sex);
    EXPECT_EQ(info->birth_date, b.member(m).birth_date);
    EXPECT_EQ(b.id(m).substr(0, 6), "450802");
  }
  // Ids are distinct even for twins.
  HouseholdBuilder twins;
  int a = twins.add(date(2000, 2, 29));
  int c = twins.add(date(2000, 2, 29));
  EXPECT_NE(twins.id(a), twins.id(c));
  EXPECT_TRUE(model::parse_citizen_id(twins.id(a)).has_value());
}

TEST(HouseholdBuilder, AddAgedGivesThatAgeOnTheFirstDay) {
  HouseholdBuilder b;
  int m = b.add_aged(60, month(2019, 10));
  EXPECT_EQ(model::age_on(b.member(m).birth_date, date(2019, 10, 1)), 60);
  EXPECT_EQ(model::age_on(b.member(m).birth_date, date(2019, 9, 30)), 59);
}

TEST(HouseholdBuilder, DefaultsAreKnownAndEmpty) {
  HouseholdBuilder b;
  b.add(date(1980, 1, 1));
  const model::Household& h = b.household();
  ASSERT_TRUE(h.income.has_value());
  EXPECT_TRUE(h.income->empty());
  ASSERT_TRUE(h.expenditure.has_value());
  ASSERT_TRUE(h.assets.has_value());
  EXPECT_EQ(h.assets->dwellings, 1);
  EXPECT_EQ(h.members[0].employment, model::Employment::kUnemployed);
  EXPECT_EQ(h.members[0].legal_supporters, model::Supporters::kAble);
  EXPECT_EQ(h.region, "450102");
}

}  // namespace
}  // namespace safetynet::rules
