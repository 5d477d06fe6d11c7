// Tests for SPEC R2: which income counts (R2.2), the asset tests (R2.4), unknown facts (R2.5: absent is
// unknown, `[]` is none, never a silent zero) and where the window is (R2.1). One person of 40 without
// work (so R1.3a's 3-month window applies; rows are given for every month of the year) in 450102, 2019-10:
// standard 650, financial limit 24 × 650 = 15600 per person.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::IsEmpty;
using ::testing::Not;
using model::IncomeKind;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

HouseholdBuilder one_person() {
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  return b;
}

// ---- R2.2 ----

struct KindCase {
  IncomeKind kind;
  bool counted;
};

class IncomeKinds : public ::testing::TestWithParam<KindCase> {};

TEST_P(IncomeKinds, CountOnlyTheKindsOfR22) {
  // 700 a month of the kind: counted, 700 ≥ 650 is not below the standard; not counted, 650 is paid.
  HouseholdBuilder b = one_person();
  b.monthly_income(0, Month::of(2018, 10), 12, yuan(700), GetParam().kind);
  Assessment a = assess_month(b.household(), kOct2019);
  if (GetParam().counted) {
    EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
    EXPECT_THAT(a, IsCategory(Category::kNone));
  } else {
    EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    R22, IncomeKinds,
    ::testing::Values(KindCase{IncomeKind::kWage, true}, KindCase{IncomeKind::kBusiness, true},
                      KindCase{IncomeKind::kProperty, true}, KindCase{IncomeKind::kPension, true},
                      KindCase{IncomeKind::kSupport, true}, KindCase{IncomeKind::kGift, true},
                      KindCase{IncomeKind::kOther, true}, KindCase{IncomeKind::kBenefit, false},
                      KindCase{IncomeKind::kDisabilitySubsidy, false}, KindCase{IncomeKind::kAward, false},
                      KindCase{IncomeKind::kInjuryCompensation, false},
                      KindCase{IncomeKind::kTemporaryAssistance, false}),
    [](const ::testing::TestParamInfo<KindCase>& i) { return std::string(model::to_string(i.param.kind)); });

TEST(Income, ExcludedKindsDoNotDiluteCountedOnes) {
  // Support 300 counted, disability subsidy 700 excluded: 650 − 300 = 350.
  HouseholdBuilder b = one_person();
  b.monthly_income(0, Month::of(2018, 10), 12, yuan(300), IncomeKind::kSupport);
  b.monthly_income(0, Month::of(2018, 10), 12, yuan(700), IncomeKind::kDisabilitySubsidy);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(350)));
}

TEST(Income, HouseholdRowsCount) {
  // A row without `member` is household income.
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  b.add_aged(38, kOct2019, model::Sex::kFemale);
  b.monthly_income(-1, Month::of(2018, 10), 12, yuan(500), IncomeKind::kProperty);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(800)));
}

// ---- R2.4 ----

TEST(Assets, FinancialAssetsAtTheLimitPass) {
  HouseholdBuilder b = one_person();
  b.financial(yuan(15600));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Assets, OneFenOverTheLimitFails) {
  HouseholdBuilder b = one_person();
  b.financial(yuan(15600) + 1);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(Assets, TheLimitIsPerPerson) {
  // Three persons: 3 × 15600 = 46800.
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  b.add_aged(38, kOct2019, model::Sex::kFemale);
  b.add_aged(18, kOct2019);
  b.financial(yuan(46800));
  EXPECT_THAT(assess_month(b.household(), kOct2019), IsCategory(Category::kDibao));
  b.financial(yuan(46800) + 1);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
}

TEST(Assets, TheLimitFollowsTheMonthsParameter) {
  HouseholdBuilder b = one_person();
  b.financial(yuan(19500));  // 30 × 650
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "asset.financial_months: 30"),
              HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Assets, ACarFails) {
  HouseholdBuilder b = one_person();
  b.vehicle(model::Vehicle::kCar);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
}

TEST(Assets, AMotorcycleOrDisabilityVehiclePasses) {
  HouseholdBuilder b = one_person();
  b.vehicle(model::Vehicle::kMotorcycle).vehicle(model::Vehicle::kDisabilityVehicle);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Assets, VehicleAllowedParameterDecidesWhichVehiclesPass) {
  // P.asset.vehicle_allowed (R2.4): a county allowing cars lets the car pass; one allowing only
  // disability vehicles refuses a motorcycle.
  HouseholdBuilder car = one_person();
  car.vehicle(model::Vehicle::kCar);
  EXPECT_THAT(assess_month(car.household(), kOct2019, "asset: {vehicle_allowed: [car, motorcycle]}"),
              HasItem(Item::kDibao, kHousehold, yuan(650)));
  HouseholdBuilder moto = one_person();
  moto.vehicle(model::Vehicle::kMotorcycle);
  EXPECT_THAT(assess_month(moto.household(), kOct2019, "asset.vehicle_allowed: [disability_vehicle]"),
              IsCategory(Category::kNone));
}

TEST(Assets, TwoDwellingsFail) {
  HouseholdBuilder b = one_person();
  b.dwellings(2);
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "asset.max_dwellings: 2"),
              HasItem(Item::kDibao, kHousehold, yuan(650)));
  b.dwellings(0);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Assets, AnyPaidInBusinessCapitalFailsByDefault) {
  HouseholdBuilder b = one_person();
  b.business_capital(1);  // 0.01 > 0
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
  b.business_capital(yuan(10000));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "asset.business_capital: 10000"),
              HasItem(Item::kDibao, kHousehold, yuan(650)));
  b.business_capital(yuan(10000) + 1);
  EXPECT_THAT(assess_month(b.household(), kOct2019, "asset.business_capital: 10000"),
              Not(HasAnyItem(Item::kDibao)));
}

// ---- R2.5 ----

TEST(Unknowns, AbsentIncomeIsUnknownNotZero) {
  HouseholdBuilder b = one_person();
  b.unknown_income();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("income"));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kPremiumSubsidy)));
}

TEST(Unknowns, EmptyIncomeIsNone) {
  Assessment a = assess_month(one_person().household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

TEST(Unknowns, AbsentAssetsAreUnknown) {
  HouseholdBuilder b = one_person();
  b.unknown_assets();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("assets"));
}

TEST(Unknowns, AbsentExpenditureIsUnknownWhenC4NeedsIt) {
  // Income 800 a month: not C3; C4 needs the rigid expenditure.
  HouseholdBuilder b = one_person();
  b.monthly_income(0, Month::of(2018, 10), 12, yuan(800), IncomeKind::kOther);
  b.unknown_expenditure();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("expenditure"));
}

TEST(Unknowns, AbsentExpenditureDoesNotMatterForADibaoHousehold) {
  HouseholdBuilder b = one_person();
  b.unknown_expenditure();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

TEST(Unknowns, AFailingFactDecidesDespiteAnUnknownOne) {
  // Income unknown, but a car fails C3 and C4 at once: the answer is decided (none).
  HouseholdBuilder b = one_person();
  b.unknown_income().vehicle(model::Vehicle::kCar);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(Unknowns, UnknownsListEveryMissingFact) {
  HouseholdBuilder b = one_person();
  b.unknown_income().unknown_assets();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, ListsUndetermined("income"));
  EXPECT_THAT(a, ListsUndetermined("assets"));
}

}  // namespace
}  // namespace safetynet::rules
