// Tests for SPEC R4: premium subsidy (R4.1: 100% for C1, C2 and severely disabled persons, 60% for C3/C4
// members; the highest share only), medical assistance (R4.2: at least 70% of the year's in-scope
// self-paid cost, rounded up, rows of one year summed before the per-person yearly cap), screening for
// covered women 35–64 (R4.3) and the supplementary-insurance flag (R4.4). Premium 220 (2018), 250 (2019).
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

// A dibao couple without income (2 × 650).
HouseholdBuilder dibao_couple(Month m = kOct2019) {
  HouseholdBuilder b;
  b.add_aged(45, m);
  b.add_aged(40, m, model::Sex::kFemale);
  return b;
}

HouseholdBuilder tekun_alone() {
  HouseholdBuilder b;
  b.add_aged(70, kOct2019);
  b.supporters(0, model::Supporters::kNone);
  return b;
}

void self_paid(HouseholdBuilder& b, int i, int year, model::Fen amount) {
  b.member(i).medical_self_paid.push_back(model::MedicalSelfPaid{year, amount});
}

// ---- R4.1 ----

TEST(PremiumSubsidy, SixtyPercentForDibaoMembers) {
  Assessment a = assess_month(dibao_couple().household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 1, yuan(150)));
  const Entitlement* e = find_item(a, Item::kPremiumSubsidy, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->period, Period::kYear);
}

TEST(PremiumSubsidy, FollowsThePremiumOfTheYear) {
  EXPECT_THAT(assess_month(dibao_couple(Month::of(2018, 6)).household(), Month::of(2018, 6)),
              HasItem(Item::kPremiumSubsidy, 0, yuan(132)));  // 0.6 × 220
}

TEST(PremiumSubsidy, FullForTekunAndOrphans) {
  EXPECT_THAT(assess_month(tekun_alone().household(), kOct2019), HasItem(Item::kPremiumSubsidy, 0, yuan(250)));
  HouseholdBuilder o;
  o.add(date(2010, 1, 1));
  o.orphan(0, model::OrphanKind::kInstitutional);
  EXPECT_THAT(assess_month(o.household(), kOct2019), HasItem(Item::kPremiumSubsidy, 0, yuan(250)));
}

TEST(PremiumSubsidy, SeverelyDisabledMemberGetsOnlyTheHighestShare) {
  HouseholdBuilder b = dibao_couple();
  b.disability(1, 2, model::DisabilityType::kHearing);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 1, yuan(250)));
  EXPECT_EQ(count_items(a, Item::kPremiumSubsidy, 1), 1);
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));
}

TEST(PremiumSubsidy, SixtyPercentForLowIncomeMembers) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  b.yearly_expenditure(-1, kOct2019, yuan(700));
  Assessment r = assess_month(b.household(), kOct2019);
  ASSERT_THAT(r, IsCategory(Category::kLowIncome));
  EXPECT_THAT(r, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));
  EXPECT_THAT(r, HasItem(Item::kPremiumSubsidy, 1, yuan(150)));
}

TEST(PremiumSubsidy, RoundsHalfAwayFromZero) {
  // 0.6 × 245.50 = 147.30 -> 147; 0.6 × 245.84 = 147.504 -> 148.
  EXPECT_THAT(assess_month(dibao_couple().household(), kOct2019, "medical_premium: 245.50"),
              HasItem(Item::kPremiumSubsidy, 0, yuan(147)));
  EXPECT_THAT(assess_month(dibao_couple().household(), kOct2019, "medical_premium: 245.84"),
              HasItem(Item::kPremiumSubsidy, 0, yuan(148)));
}

TEST(PremiumSubsidy, NothingOutsideTheCategories) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(3000));
  b.disability(a, 1, model::DisabilityType::kPhysical);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kPremiumSubsidy)));
}

// ---- R4.2 ----

TEST(MedicalAssistance, SeventyPercentOfTheSelfPaidCost) {
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2019, yuan(12000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kMedicalAssistance, 0, yuan(8400)));
  EXPECT_EQ(find_item(a, Item::kMedicalAssistance, 0)->period, Period::kYear);
  EXPECT_THAT(a, Not(HasItemFor(Item::kMedicalAssistance, 1)));
}

TEST(MedicalAssistance, RoundsUp) {
  // 0.7 × 1001 = 700.70 -> 701 ("at least" 70%).
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2019, yuan(1001));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kMedicalAssistance, 0, yuan(701)));
}

TEST(MedicalAssistance, IsCappedPerPersonPerYear) {
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2019, yuan(100000));  // 70000 -> 50000
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kMedicalAssistance, 0, yuan(50000)));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "medical_assistance_cap: 20000"),
              HasItem(Item::kMedicalAssistance, 0, yuan(20000)));
}

TEST(MedicalAssistance, RowsOfOneYearAreSummedBeforeTheCap) {
  // 40000 + 40000 = 80000 -> 56000 -> capped at 50000 (capping each row would pay 56000).
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2019, yuan(40000));
  self_paid(b, 0, 2019, yuan(40000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kMedicalAssistance, 0, yuan(50000)));
  EXPECT_EQ(count_items(a, Item::kMedicalAssistance, 0), 1);
  // Two small rows: 1000 + 2000 = 3000 -> 2100.
  HouseholdBuilder c = dibao_couple();
  self_paid(c, 1, 2019, yuan(1000));
  self_paid(c, 1, 2019, yuan(2000));
  EXPECT_THAT(assess_month(c.household(), kOct2019), HasItem(Item::kMedicalAssistance, 1, yuan(2100)));
}

TEST(MedicalAssistance, OtherYearsAreIgnored) {
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2018, yuan(10000));
  self_paid(b, 0, 2019, yuan(1000));
  self_paid(b, 0, 2020, yuan(5000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kMedicalAssistance, 0, yuan(700)));
  HouseholdBuilder only_2018 = dibao_couple();
  self_paid(only_2018, 0, 2018, yuan(10000));
  EXPECT_THAT(assess_month(only_2018.household(), kOct2019), Not(HasAnyItem(Item::kMedicalAssistance)));
}

TEST(MedicalAssistance, RatioMayBeHigherInGeneralOrPerCategory) {
  HouseholdBuilder b = dibao_couple();
  self_paid(b, 0, 2019, yuan(12000));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "medical_assistance_ratio: 0.8"),
              HasItem(Item::kMedicalAssistance, 0, yuan(9600)));
  // A tekun-only ratio does not change a dibao member's 70%.
  EXPECT_THAT(assess_month(b.household(), kOct2019, "medical_assistance_ratio: {tekun: 0.9}"),
              HasItem(Item::kMedicalAssistance, 0, yuan(8400)));
  HouseholdBuilder t = tekun_alone();
  self_paid(t, 0, 2019, yuan(12000));
  EXPECT_THAT(assess_month(t.household(), kOct2019, "medical_assistance_ratio: {tekun: 0.9}"),
              HasItem(Item::kMedicalAssistance, 0, yuan(10800)));
}

TEST(MedicalAssistance, NothingOutsideTheCategories) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(3000));
  self_paid(b, a, 2019, yuan(12000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kMedicalAssistance)));
}

// ---- R4.3, R4.4 ----

TEST(Screening, CoveredWomenAgedThirtyFiveToSixtyFour) {
  HouseholdBuilder b;
  int w35 = b.add_aged(35, kOct2019, model::Sex::kFemale);
  int w34 = b.add_aged(34, kOct2019, model::Sex::kFemale);
  int w64 = b.add_aged(64, kOct2019, model::Sex::kFemale);
  int w65 = b.add_aged(65, kOct2019, model::Sex::kFemale);
  int m40 = b.add_aged(40, kOct2019, model::Sex::kMale);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasFlag(Item::kScreening, w35));
  EXPECT_THAT(a, HasFlag(Item::kScreening, w64));
  EXPECT_THAT(a, Not(HasItemFor(Item::kScreening, w34)));
  EXPECT_THAT(a, Not(HasItemFor(Item::kScreening, w65)));
  EXPECT_THAT(a, Not(HasItemFor(Item::kScreening, m40)));
}

TEST(Screening, NotForWomenOutsideTheCategories) {
  HouseholdBuilder b;
  int w = b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.employment(w, model::Employment::kEmployed).yearly_income(w, kOct2019, yuan(3000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kScreening)));
}

TEST(SupplementaryInsurance, FlagsCoveredPersonsWithoutCriticalIllnessCover) {
  HouseholdBuilder b = dibao_couple();
  b.member(1).insurance.critical_illness = false;
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasFlag(Item::kSupplementaryInsurance, 1));
  EXPECT_THAT(a, Not(HasItemFor(Item::kSupplementaryInsurance, 0)));
}

}  // namespace
}  // namespace safetynet::rules
