// Tests for SPEC R1.4 (C4 支出型低收入: (income − rigid expenditure) per person per month strictly below
// the low-income standard, some rigid expenditure, assets within 36 months × standard per person; migrants
// after 1 year in town with a residence permit) and R9.3's referral flag. Region 450102, 2019-10: standard
// 650, low-income standard 1.5 × 650 = 975 (policy default), window 12 months.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::Not;
using model::Employment;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

// Three persons, one employed at `wage` a month, medical costs of `medical` a month (household rows).
HouseholdBuilder spending_family(model::Fen wage, model::Fen medical) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.add_aged(20, kOct2019);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, wage);
  if (medical > 0) b.yearly_expenditure(-1, kOct2019, medical);
  return b;
}

TEST(LowIncome, IncomeLessRigidExpenditureBelowTheStandard) {
  // pci 2400 / 3 = 800 ≥ 650: not C3. (2400 − 600) / 3 = 600 < 975: C4.
  Assessment a = assess_month(spending_family(yuan(2400), yuan(600)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kLowIncome));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, HasFlag(Item::kSocialReferral, kHousehold));  // R9.3
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));  // R4.1: 60% of 250
}

TEST(LowIncome, TheBoundaryValueItselfDoesNotQualify) {
  // (3525 − 600) / 3 = 975.00: not below 975.
  Assessment a = assess_month(spending_family(yuan(3525), yuan(600)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kSocialReferral)));
}

TEST(LowIncome, OneFenBelowTheBoundaryQualifies) {
  // (3524.99 − 600) / 3 = 974.9966…: compared unrounded (R2.6).
  EXPECT_THAT(assess_month(spending_family(yuan(3525) - 1, yuan(600)).household(), kOct2019),
              IsCategory(Category::kLowIncome));
}

TEST(LowIncome, NeedsSomeRigidExpenditure) {
  // C3 fails on assets (20000 > 24 × 650 = 15600), C4's assets pass (≤ 36 × 650 = 23400) and
  // (0 − 0) / 12 / 1 = 0 < 975 — but `expenditure: []` is none, and C4 needs more than 0.
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  b.financial(yuan(20000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kNone));
  b.expenditure(0, Month::of(2019, 9), 1);  // 0.01 of medical costs is some
  EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kLowIncome));
}

TEST(LowIncome, RigidExpenditureOfEveryKindCounts) {
  // R2.3: medical, disability rehabilitation, care, disaster losses and education costs.
  for (auto kind : {model::ExpenditureKind::kMedical, model::ExpenditureKind::kDisability,
                    model::ExpenditureKind::kCare, model::ExpenditureKind::kDisaster,
                    model::ExpenditureKind::kEducation}) {
    HouseholdBuilder b;
    int a = b.add_aged(45, kOct2019);
    b.add_aged(43, kOct2019, model::Sex::kFemale);
    b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
    b.yearly_expenditure(-1, kOct2019, yuan(600), kind);
    EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kLowIncome)) << model::to_string(kind);
  }
}

TEST(LowIncome, ExpenditureOutsideTheWindowDoesNotCount) {
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  b.financial(yuan(20000));
  b.expenditure(0, Month::of(2018, 9), yuan(5000)).expenditure(0, kOct2019, yuan(5000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kNone));
}

// Two persons: pci 28800 / 12 / 2 = 1200 ≥ 650; (28800 − 7200) / 12 / 2 = 900 < 975.
HouseholdBuilder two_with_assets(model::Fen financial) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  b.yearly_expenditure(-1, kOct2019, yuan(600));
  b.financial(financial);
  return b;
}

TEST(LowIncome, FinancialAssetsUseThirtySixMonths) {
  // 36 × 650 = 23400 per person: 46800 for two passes, one fen more fails.
  EXPECT_THAT(assess_month(two_with_assets(yuan(46800)).household(), kOct2019), IsCategory(Category::kLowIncome));
  EXPECT_THAT(assess_month(two_with_assets(yuan(46800) + 1).household(), kOct2019), IsCategory(Category::kNone));
  EXPECT_THAT(assess_month(two_with_assets(yuan(46800) + 1).household(), kOct2019,
                           "asset.low_income_financial_months: 48"),
              IsCategory(Category::kLowIncome));
}

TEST(LowIncome, OtherAssetTestsApplyToo) {
  HouseholdBuilder car = two_with_assets(0);
  car.vehicle(model::Vehicle::kCar);
  EXPECT_THAT(assess_month(car.household(), kOct2019), IsCategory(Category::kNone));
  HouseholdBuilder homes = two_with_assets(0);
  homes.dwellings(2);
  EXPECT_THAT(assess_month(homes.household(), kOct2019), IsCategory(Category::kNone));
}

TEST(LowIncome, UsesThePublishedLowIncomeStandard) {
  // 900 < 975 by default; a published standard of 900 makes it not below.
  EXPECT_THAT(assess_month(two_with_assets(0).household(), kOct2019, "low_income_standard: 900"),
              IsCategory(Category::kNone));
  EXPECT_THAT(assess_month(two_with_assets(0).household(), kOct2019, "low_income_standard: 900.01"),
              IsCategory(Category::kLowIncome));
}

TEST(LowIncome, DefaultStandardIsTheMultiplierTimesTheDibaoStandard) {
  // 1.5 × 600 = 900: 900 is not below it; with multiplier 1.6, 960 is above 900.
  EXPECT_THAT(assess_month(two_with_assets(0).household(), kOct2019, "dibao_standard: 600"),
              IsCategory(Category::kNone));
  EXPECT_THAT(assess_month(two_with_assets(0).household(), kOct2019,
                           "{dibao_standard: 600, low_income_multiplier: 1.6}"),
              IsCategory(Category::kLowIncome));
}

TEST(LowIncome, UsesTheOrdinaryWindowEvenWhenNoOneIsEmployed) {
  // Nobody employed; 3000 a month in the last 3 months only, medical 100 a month. C3 (3-month window):
  // 9000 / 3 / 2 = 1500 ≥ 650. C4 (12 months): (9000 − 1200) / 12 / 2 = 325 < 975.
  HouseholdBuilder b;
  int a = b.add_aged(40, kOct2019);
  b.add_aged(38, kOct2019, model::Sex::kFemale);
  b.monthly_income(a, Month::of(2019, 7), 3, yuan(3000));
  b.yearly_expenditure(-1, kOct2019, yuan(100));
  EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kLowIncome));
}

// Migrant couple: (2000 − 800) / 2 = 600 < 975.
HouseholdBuilder migrants(std::optional<double> years, bool permit) {
  HouseholdBuilder b;
  int a = b.add_aged(40, kOct2019);
  b.add_aged(38, kOct2019, model::Sex::kFemale);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(2000));
  b.yearly_expenditure(-1, kOct2019, yuan(800));
  b.migrant(years, permit);
  return b;
}

TEST(LowIncome, MigrantsAfterOneYearWithAPermit) {
  EXPECT_THAT(assess_month(migrants(2.0, true).household(), kOct2019), IsCategory(Category::kLowIncome));
  EXPECT_THAT(assess_month(migrants(1.0, true).household(), kOct2019), IsCategory(Category::kLowIncome));
  EXPECT_THAT(assess_month(migrants(0.5, true).household(), kOct2019), IsCategory(Category::kNone));
  EXPECT_THAT(assess_month(migrants(0.99, true).household(), kOct2019), IsCategory(Category::kNone));
  EXPECT_THAT(assess_month(migrants(5.0, false).household(), kOct2019), IsCategory(Category::kNone));
}

TEST(LowIncome, MigrantsWithUnknownYearsInTownAreUndetermined) {
  Assessment a = assess_month(migrants(std::nullopt, true).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("urban_years"));
}

TEST(LowIncome, UnknownExpenditureIsUndetermined) {
  HouseholdBuilder b = spending_family(yuan(2400), 0);
  b.unknown_expenditure();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("expenditure"));
}

TEST(LowIncome, UnknownIncomeIsUndetermined) {
  HouseholdBuilder b = spending_family(yuan(2400), yuan(600));
  b.unknown_income();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("income"));
}

TEST(LowIncome, UnknownAssetsAreUndetermined) {
  HouseholdBuilder b = spending_family(yuan(2400), yuan(600));
  b.unknown_assets();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("assets"));
}

TEST(LowIncome, ADibaoHouseholdIsNotAlsoLowIncome) {
  // pci 1200 / 3 = 400 < 650: C3, and C4 is not looked at.
  Assessment a = assess_month(spending_family(yuan(1200), yuan(600)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kSocialReferral)));
}

}  // namespace
}  // namespace safetynet::rules
