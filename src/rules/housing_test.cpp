// Tests for SPEC R6: C1 persons without housing get the institutional-care offer (R6.1) and, where
// P.housing.tekun_dispersed is given, dispersed housing assistance; C1–C4 households without adequate
// housing (no dwelling, or floor area per person over all members below P.housing.min_area_per_person)
// get P.housing.rent_subsidy[category] per covered person per month (R6.2). No parameter, no amount.
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

HouseholdBuilder tekun_without_home() {
  HouseholdBuilder b;
  b.add_aged(70, kOct2019);
  b.supporters(0, model::Supporters::kNone).dwellings(0);
  return b;
}

// A dibao household of three without income.
HouseholdBuilder dibao_three() {
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.add_aged(20, kOct2019);
  return b;
}

TEST(Housing, TekunWithoutHousingIsOfferedInstitutionalCare) {
  Assessment a = assess_month(tekun_without_home().household(), kOct2019);
  ASSERT_THAT(a, HasPerson(0, PersonCategory::kTekun));
  EXPECT_THAT(a, HasFlag(Item::kInstitutionalCareOffer, 0));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunDispersedAssistance)));  // no parameter, no amount
}

TEST(Housing, DispersedAssistanceWhenTheParameterIsGiven) {
  Assessment a = assess_month(tekun_without_home().household(), kOct2019, "housing.tekun_dispersed: 300");
  EXPECT_THAT(a, HasFlag(Item::kInstitutionalCareOffer, 0));
  EXPECT_THAT(a, HasItem(Item::kTekunDispersedAssistance, 0, yuan(300)));
  EXPECT_EQ(a.monthly_cash(), yuan(845 + 300));
}

TEST(Housing, TekunWithAHomeGetsNoOffer) {
  HouseholdBuilder b = tekun_without_home();
  b.dwellings(1);
  Assessment a = assess_month(b.household(), kOct2019, "housing.tekun_dispersed: 300");
  EXPECT_THAT(a, Not(HasAnyItem(Item::kInstitutionalCareOffer)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunDispersedAssistance)));
}

TEST(Housing, RentSubsidyPerCoveredPersonForAHouseholdWithoutADwelling) {
  HouseholdBuilder b = dibao_three();
  b.dwellings(0);
  Assessment a = assess_month(b.household(), kOct2019, "housing.rent_subsidy: {dibao: 100}");
  EXPECT_THAT(a, HasItem(Item::kRentSubsidy, kHousehold, yuan(300)));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kRentSubsidy)));
}

TEST(Housing, RentSubsidyIsDifferentiatedByCategory) {
  // Low income: pci 1200 ≥ 650, (2400 − 700) / 2 = 850 < 975; no dwelling.
  HouseholdBuilder b;
  int p = b.add_aged(45, kOct2019);
  b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.employment(p, model::Employment::kEmployed).yearly_income(p, kOct2019, yuan(2400));
  b.yearly_expenditure(-1, kOct2019, yuan(700));
  b.dwellings(0);
  Assessment a = assess_month(b.household(), kOct2019, "housing.rent_subsidy: {dibao: 100, low_income: 80}");
  ASSERT_THAT(a, IsCategory(Category::kLowIncome));
  EXPECT_THAT(a, HasItem(Item::kRentSubsidy, kHousehold, yuan(160)));
  // Only a dibao rate given: nothing for a low-income household.
  EXPECT_THAT(assess_month(b.household(), kOct2019, "housing.rent_subsidy: {dibao: 100}"),
              Not(HasAnyItem(Item::kRentSubsidy)));
}

TEST(Housing, RentSubsidyForTekunPersons) {
  Assessment a = assess_month(tekun_without_home().household(), kOct2019, "housing.rent_subsidy: {tekun: 200}");
  EXPECT_THAT(a, HasItem(Item::kRentSubsidy, 0, yuan(200)));
}

TEST(Housing, SmallFloorAreaIsInadequateWhenTheMinimumIsGiven) {
  // 40 m² for 3 persons = 13.3 < 15: inadequate; 45 m² = 15.0: adequate.
  HouseholdBuilder small = dibao_three();
  small.floor_area(40);
  const char* params = "{housing.min_area_per_person: 15, housing.rent_subsidy: {dibao: 100}}";
  EXPECT_THAT(assess_month(small.household(), kOct2019, params), HasItem(Item::kRentSubsidy, kHousehold, yuan(300)));
  HouseholdBuilder enough = dibao_three();
  enough.floor_area(45);
  EXPECT_THAT(assess_month(enough.household(), kOct2019, params), Not(HasAnyItem(Item::kRentSubsidy)));
  // Without the minimum, only `dwellings: 0` is inadequate.
  EXPECT_THAT(assess_month(small.household(), kOct2019, "housing.rent_subsidy: {dibao: 100}"),
              Not(HasAnyItem(Item::kRentSubsidy)));
}

TEST(Housing, FloorAreaIsPerMemberOfTheRecord) {
  // Grandmother (dibao, alone after R1.5) and an orphan share 25 m²: 12.5 per person < 15 (it would be
  // 25 for the grandmother alone). She gets the dibao rate, the orphan the orphan rate.
  HouseholdBuilder b;
  int gm = b.add_aged(65, kOct2019, model::Sex::kFemale);
  int o = b.add(date(2010, 1, 1));
  b.orphan(o, model::OrphanKind::kScattered).floor_area(25);
  Assessment a = assess_month(b.household(), kOct2019,
                              "{housing.min_area_per_person: 15, housing.rent_subsidy: {dibao: 100, orphan: 50}}");
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kRentSubsidy, kHousehold, yuan(100)));
  EXPECT_THAT(a, HasItem(Item::kRentSubsidy, o, yuan(50)));
  EXPECT_THAT(a, HasNoPersonCategory(gm));
}

TEST(Housing, NothingForAHouseholdThatIsNotCovered) {
  HouseholdBuilder b;
  int p = b.add_aged(45, kOct2019);
  b.employment(p, model::Employment::kEmployed).yearly_income(p, kOct2019, yuan(5000)).dwellings(0);
  EXPECT_THAT(assess_month(b.household(), kOct2019, "housing.rent_subsidy: {dibao: 100, low_income: 80}"),
              Not(HasAnyItem(Item::kRentSubsidy)));
}

}  // namespace
}  // namespace safetynet::rules
