// Tests for SPEC R8.1: the government pays the resident pension contribution (yearly) for covered persons
// aged 16–59, not in school, unless `insurance.pension: false`: 100 for severely disabled persons, any
// covered disabled person ("disabled persons in poverty") and C1; 50 for C3 members and R1.3b singles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::Not;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

// A dibao household without income: a reference member of 45 and the member under test.
Assessment dibao_member(int age, void (*tweak)(HouseholdBuilder&, int) = nullptr) {
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  int m = b.add_aged(age, kOct2019, model::Sex::kFemale);
  if (tweak) tweak(b, m);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, 0, yuan(50)));
  return a;
}

TEST(Pension, FiftyForDibaoMembersAgedSixteenToFiftyNine) {
  EXPECT_THAT(dibao_member(16), HasItem(Item::kContributionPaid, 1, yuan(50)));
  EXPECT_THAT(dibao_member(59), HasItem(Item::kContributionPaid, 1, yuan(50)));
  EXPECT_THAT(dibao_member(15), Not(HasItemFor(Item::kContributionPaid, 1)));
  EXPECT_THAT(dibao_member(60), Not(HasItemFor(Item::kContributionPaid, 1)));
  const Entitlement* e = find_item(dibao_member(30), Item::kContributionPaid, 1);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->period, Period::kYear);
}

TEST(Pension, NotForMembersInSchool) {
  EXPECT_THAT(dibao_member(17, [](HouseholdBuilder& b, int m) { b.school(m, model::School::kSeniorHigh); }),
              Not(HasItemFor(Item::kContributionPaid, 1)));
  EXPECT_THAT(dibao_member(20, [](HouseholdBuilder& b, int m) { b.employment(m, model::Employment::kStudent); }),
              Not(HasItemFor(Item::kContributionPaid, 1)));
}

TEST(Pension, NotWhenTheRecordSaysNotInsured) {
  EXPECT_THAT(dibao_member(30, [](HouseholdBuilder& b, int m) { b.member(m).insurance.pension = false; }),
              Not(HasItemFor(Item::kContributionPaid, 1)));
}

TEST(Pension, HundredForDisabledMembers) {
  EXPECT_THAT(dibao_member(30, [](HouseholdBuilder& b, int m) { b.disability(m, 2, model::DisabilityType::kVisual); }),
              HasItem(Item::kContributionPaid, 1, yuan(100)));
  EXPECT_THAT(dibao_member(30, [](HouseholdBuilder& b, int m) { b.disability(m, 4, model::DisabilityType::kPhysical); }),
              HasItem(Item::kContributionPaid, 1, yuan(100)));
}

TEST(Pension, HundredForTekun) {
  HouseholdBuilder b;
  int t = b.add_aged(50, kOct2019);
  b.supporters(t, model::Supporters::kNone).member(t).serious_illness = true;
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(t, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, t, yuan(100)));
}

TEST(Pension, LowIncomeMembersOnlyWhenDisabled) {
  // C4: pci 1200, (2400 − 700) / 2 = 850 < 975. The 40-year-old wife is grade 4 disabled.
  HouseholdBuilder b;
  int h = b.add_aged(45, kOct2019);
  int w = b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.employment(h, model::Employment::kEmployed).yearly_income(h, kOct2019, yuan(2400));
  b.yearly_expenditure(-1, kOct2019, yuan(700));
  b.disability(w, 4, model::DisabilityType::kHearing);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kLowIncome));
  EXPECT_THAT(a, Not(HasItemFor(Item::kContributionPaid, h)));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, w, yuan(100)));
}

TEST(Pension, NotForOrphans) {
  // R8.1 names C1, disabled persons and C3 members; an orphan of 17 out of school is none of them.
  HouseholdBuilder b;
  int o = b.add_aged(17, kOct2019);
  b.orphan(o, model::OrphanKind::kScattered);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kContributionPaid)));
}

TEST(Pension, NotForAHouseholdThatIsNotCovered) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(5000));
  b.disability(a, 3, model::DisabilityType::kPhysical);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kContributionPaid)));
}

TEST(Pension, AmountsFollowTheParameters) {
  EXPECT_THAT(assess_month([] {
                HouseholdBuilder b;
                b.add_aged(45, kOct2019);
                return b.build();
              }(), kOct2019, "pension_contribution_paid.dibao: 60"),
              HasItem(Item::kContributionPaid, 0, yuan(60)));
}

}  // namespace
}  // namespace safetynet::rules
