// Tests for SPEC R1.1 (C1 特困人员: no labour capacity, no income, no able legal supporter) and its
// basic-living items R3.1 (at least 1.3 × the standard, rounded up; a higher published standard applies)
// and R3.2 (care fee 60% / 30% of the local minimum wage, rounded up). Region 450102 (兴宁区, minimum
// wage 1680) unless said; standard 590 / 650 / 720 in 2018 / 2019 / 2020 (policy/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::IsEmpty;
using ::testing::Not;
using model::Month;
using model::Sex;

const Month kOct2019 = Month::of(2019, 10);

// One person aged `age` on the month's first day, no income, no assets, no legal supporter.
HouseholdBuilder alone(int age, Month m = kOct2019, const std::string& region = "450102") {
  HouseholdBuilder b(region);
  int p = b.add_aged(age, m);
  b.supporters(p, model::Supporters::kNone);
  return b;
}

TEST(Tekun, SeventyTwoYearOldAloneGets845) {
  HouseholdBuilder b = alone(72);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kTekunSupport, 0, yuan(845)));  // ⌈1.3 × 650⌉
  // A household whose persons are all C1/C2 has category none (SPEC readings).
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kCareFee)));  // able to care for himself
  EXPECT_THAT(a.undetermined, IsEmpty());
}

TEST(Tekun, SupportIsAtLeastOnePointThreeTimesTheStandardOfTheYear) {
  // R3.1's own figures: 1.3 × 590 = 767, 1.3 × 650 = 845, 1.3 × 720 = 936.
  EXPECT_THAT(assess_month(alone(72, Month::of(2018, 6)).household(), Month::of(2018, 6)),
              HasItem(Item::kTekunSupport, 0, yuan(767)));
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019), HasItem(Item::kTekunSupport, 0, yuan(845)));
  EXPECT_THAT(assess_month(alone(72, Month::of(2020, 10)).household(), Month::of(2020, 10)),
              HasItem(Item::kTekunSupport, 0, yuan(936)));
}

TEST(Tekun, SupportRoundsUpToWholeYuan) {
  // 1.3 × 781 = 1015.30 -> 1016 (a floor: "at least").
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "dibao_standard: 781"),
              HasItem(Item::kTekunSupport, 0, yuan(1016)));
  // 1.3 × 650.10 = 845.13 -> 846.
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "dibao_standard: 650.10"),
              HasItem(Item::kTekunSupport, 0, yuan(846)));
}

TEST(Tekun, SupportRoundsUpToWholeYuanWhateverRoundingSays) {
  // P.rounding of 10 yuan neither lifts 845 to 850 nor drops it to 840; 1015.30 still becomes 1016.
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "rounding: 10"),
              HasItem(Item::kTekunSupport, 0, yuan(845)));
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "{rounding: 10, dibao_standard: 781}"),
              HasItem(Item::kTekunSupport, 0, yuan(1016)));
}

TEST(Tekun, PublishedStandardAppliesWhereHigher) {
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "tekun_standard: 900"),
              HasItem(Item::kTekunSupport, 0, yuan(900)));
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "tekun_standard: 800"),
              HasItem(Item::kTekunSupport, 0, yuan(845)));
  EXPECT_THAT(assess_month(alone(72).household(), kOct2019, "tekun_multiplier: 1.5"),
              HasItem(Item::kTekunSupport, 0, yuan(975)));
}

TEST(Tekun, CareFeeForFullyUnableIsSixtyPercentOfTheMinimumWage) {
  HouseholdBuilder b = alone(72);
  b.self_care(0, model::SelfCare::kNone);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kCareFee, 0, yuan(1008)));  // 0.6 × 1680
  EXPECT_THAT(a, HasItem(Item::kTekunSupport, 0, yuan(845)));
  EXPECT_EQ(a.monthly_cash(), yuan(845 + 1008));
}

TEST(Tekun, CareFeeForPartlyUnableIsThirtyPercent) {
  HouseholdBuilder b = alone(72);
  b.self_care(0, model::SelfCare::kPartial);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kCareFee, 0, yuan(504)));  // 0.3 × 1680
}

TEST(Tekun, CareFeeUsesTheCountysMinimumWage) {
  // 450802 港北区 (贵港), tier 2: 1450. 0.30 × 1450 = 435; 0.60 × 1450 = 870.
  HouseholdBuilder partial = alone(72, kOct2019, "450802");
  partial.self_care(0, model::SelfCare::kPartial);
  EXPECT_THAT(assess_month(partial.household(), kOct2019), HasItem(Item::kCareFee, 0, yuan(435)));
  HouseholdBuilder none = alone(72, kOct2019, "450802");
  none.self_care(0, model::SelfCare::kNone);
  EXPECT_THAT(assess_month(none.household(), kOct2019), HasItem(Item::kCareFee, 0, yuan(870)));
  // 450123 隆安县 has no county file: the 自治区 tier-3 value 1300 -> 780.
  HouseholdBuilder county = alone(72, kOct2019, "450123");
  county.self_care(0, model::SelfCare::kNone);
  EXPECT_THAT(assess_month(county.household(), kOct2019), HasItem(Item::kCareFee, 0, yuan(780)));
}

TEST(Tekun, CareFeeFollowsTheMinimumWageOfTheMonth) {
  // 450102's minimum wage rises from 1680 to 1810 on 2020-03-01: 0.6 × 1810 = 1086.
  HouseholdBuilder b = alone(72, Month::of(2020, 2));
  b.self_care(0, model::SelfCare::kNone);
  EXPECT_THAT(assess_month(b.household(), Month::of(2020, 2)), HasItem(Item::kCareFee, 0, yuan(1008)));
  EXPECT_THAT(assess_month(b.household(), Month::of(2020, 3)), HasItem(Item::kCareFee, 0, yuan(1086)));
}

TEST(Tekun, CareFeeRoundsUpToWholeYuan) {
  HouseholdBuilder b = alone(72);
  b.self_care(0, model::SelfCare::kPartial);
  // 0.30 × 1455 = 436.50 -> 437.
  EXPECT_THAT(assess_month(b.household(), kOct2019, "min_wage: 1455"), HasItem(Item::kCareFee, 0, yuan(437)));
}

TEST(Tekun, UnknownSelfCareLeavesTheCareFeeUndetermined) {
  HouseholdBuilder b = alone(72);
  b.self_care(0, std::nullopt);  // `self_care: null` written out
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kTekunSupport, 0, yuan(845)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kCareFee)));
  EXPECT_THAT(a, ListsUndetermined("members[" + b.id(0) + "].self_care"));
}

// ---- R1.1 (a): each no-labour condition ----

struct LabourCase {
  const char* name;
  int age;
  int grade;  // 0 = no disability
  model::DisabilityType type;
  bool serious_illness;
  bool tekun;
};

class TekunLabour : public ::testing::TestWithParam<LabourCase> {};

TEST_P(TekunLabour, OnlyPersonsWithoutLabourCapacityAreTekun) {
  const LabourCase& c = GetParam();
  HouseholdBuilder b = alone(c.age);
  if (c.grade) b.disability(0, c.grade, c.type);
  b.member(0).serious_illness = c.serious_illness;
  Assessment a = assess_month(b.household(), kOct2019);
  if (c.tekun) {
    EXPECT_THAT(a, HasPerson(0, PersonCategory::kTekun));
    EXPECT_THAT(a, HasItem(Item::kTekunSupport, 0, yuan(845)));
  } else {
    // With labour capacity, the same person alone and without income is a one-person dibao household.
    EXPECT_THAT(a, HasNoPersonCategory(0));
    EXPECT_THAT(a, IsCategory(Category::kDibao));
    EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
    EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
  }
}

using DT = model::DisabilityType;
INSTANTIATE_TEST_SUITE_P(
    R11a, TekunLabour,
    ::testing::Values(LabourCase{"Aged60", 60, 0, DT::kPhysical, false, true},
                      LabourCase{"Aged59", 59, 0, DT::kPhysical, false, false},
                      LabourCase{"Aged15", 15, 0, DT::kPhysical, false, true},
                      LabourCase{"Aged16", 16, 0, DT::kPhysical, false, false},
                      LabourCase{"Grade1Visual", 40, 1, DT::kVisual, false, true},
                      LabourCase{"Grade2Physical", 40, 2, DT::kPhysical, false, true},
                      LabourCase{"Grade3Intellectual", 40, 3, DT::kIntellectual, false, true},
                      LabourCase{"Grade3Mental", 40, 3, DT::kMental, false, true},
                      LabourCase{"Grade3Physical", 40, 3, DT::kPhysical, false, false},
                      LabourCase{"Grade4Mental", 40, 4, DT::kMental, false, false},
                      LabourCase{"SeriousIllness", 40, 0, DT::kPhysical, true, true},
                      LabourCase{"Healthy40", 40, 0, DT::kPhysical, false, false}),
    [](const ::testing::TestParamInfo<LabourCase>& i) { return std::string(i.param.name); });

TEST(Tekun, AgeIsTakenOnTheFirstDayOfTheMonth) {
  // Born 1959-10-02: 59 on 2019-10-01 (not yet 60), 60 on 2019-11-01.
  HouseholdBuilder b;
  b.add(date(1959, 10, 2));
  b.supporters(0, model::Supporters::kNone);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasNoPersonCategory(0));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 11)), HasPerson(0, PersonCategory::kTekun));
}

// ---- R1.1 (c): legal supporters ----

TEST(Tekun, AnAbleLegalSupporterRulesItOut) {
  HouseholdBuilder b = alone(72);
  b.supporters(0, model::Supporters::kAble);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, IsCategory(Category::kDibao));  // alone, no income: 650
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Tekun, SupportersUnableToSupportCountAsNone) {
  HouseholdBuilder b = alone(72);
  b.supporters(0, model::Supporters::kUnable);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasPerson(0, PersonCategory::kTekun));
}

TEST(Tekun, UnknownLegalSupportersMakeTheHouseholdUndetermined) {
  HouseholdBuilder b = alone(72);
  b.supporters_unknown(0);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("members[" + b.id(0) + "].legal_supporters"));
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
}

TEST(Tekun, UnknownSupportersDoNotMatterForAPersonWithLabourCapacity) {
  HouseholdBuilder b = alone(40);
  b.supporters_unknown(0);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

TEST(Tekun, UnknownSupportersDoNotMatterWhenAssetsFail) {
  // Whatever the supporters, a car rules out C1 (and C3): the answer is decided.
  HouseholdBuilder b = alone(72);
  b.supporters_unknown(0).vehicle(model::Vehicle::kCar);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

// ---- R1.1 (b): no source of income, household assets ----

TEST(Tekun, OwnIncomeEqualToTheStandardIsNotBelowIt) {
  HouseholdBuilder b = alone(72);
  b.yearly_income(0, kOct2019, yuan(650), model::IncomeKind::kPension);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(0));
  // Nor is he dibao (not below either) nor low income (no rigid expenditure).
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(Tekun, OwnIncomeOneFenBelowTheStandardQualifies) {
  HouseholdBuilder b = alone(72);
  b.yearly_income(0, kOct2019, yuan(650) - 1, model::IncomeKind::kPension);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasPerson(0, PersonCategory::kTekun));
}

TEST(Tekun, OnlyThePersonsOwnIncomeCounts) {
  // R2.8: father 72 without income; son earns 3000 a month. The father is C1; the son alone is not dibao.
  HouseholdBuilder b;
  int father = b.add_aged(72, kOct2019);
  int son = b.add_aged(40, kOct2019);
  b.supporters(father, model::Supporters::kNone).employment(son, model::Employment::kEmployed);
  b.yearly_income(son, kOct2019, yuan(3000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(father, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kTekunSupport, father, yuan(845)));
  EXPECT_THAT(a, HasNoPersonCategory(son));
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(Tekun, OwnIncomeUsesTheOrdinaryWindow) {
  // R2.8: nobody is employed, but C1 reads the person's own income over the ordinary 12 months:
  // 1000 a month in the last 3 months only is 3000 / 12 = 250 < 650 (over 3 months it would be 1000).
  HouseholdBuilder b = alone(72);
  b.monthly_income(0, Month::of(2019, 7), 3, yuan(1000), model::IncomeKind::kPension);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasPerson(0, PersonCategory::kTekun));
}

TEST(Tekun, HouseholdRowsAreNotThePersonsOwnIncome) {
  // A row without `member` is household income; it is a person's own only in a one-person record.
  HouseholdBuilder b;
  int father = b.add_aged(72, kOct2019);
  int son = b.add_aged(40, kOct2019);
  b.supporters(father, model::Supporters::kNone);
  b.yearly_income(-1, kOct2019, yuan(3000), model::IncomeKind::kProperty);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(father, PersonCategory::kTekun));
  EXPECT_THAT(a, HasNoPersonCategory(son));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));  // the son's unit has the 3000
  // In a one-person record the household row is his own: 3000 ≥ 650.
  HouseholdBuilder one = alone(72);
  one.yearly_income(-1, kOct2019, yuan(3000), model::IncomeKind::kProperty);
  EXPECT_THAT(assess_month(one.household(), kOct2019), HasNoPersonCategory(0));
}

TEST(Tekun, TakenOutTekunsIncomeDoesNotCountForTheHousehold) {
  // R1.5: the father (C1, pension 600 < 650) is taken out; the son alone has nothing: 650, not
  // 2 × 650 − 600 = 700.
  HouseholdBuilder b;
  int father = b.add_aged(72, kOct2019);
  b.add_aged(40, kOct2019);
  b.supporters(father, model::Supporters::kNone);
  b.yearly_income(father, kOct2019, yuan(600), model::IncomeKind::kPension);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(father, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Tekun, AssetsAreTestedOverTheWholeHousehold) {
  // 20000 in a two-person household: within 24 × 650 × 2 = 31200 (it would fail for one person: 15600).
  HouseholdBuilder b;
  int father = b.add_aged(72, kOct2019);
  int son = b.add_aged(40, kOct2019);
  b.supporters(father, model::Supporters::kNone).employment(son, model::Employment::kEmployed);
  b.yearly_income(son, kOct2019, yuan(3000)).financial(yuan(20000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasPerson(father, PersonCategory::kTekun));
}

TEST(Tekun, FinancialAssetsAtTheLimitPassAndOneFenMoreFails) {
  HouseholdBuilder at = alone(72);
  at.financial(yuan(15600));  // 24 × 650 × 1
  EXPECT_THAT(assess_month(at.household(), kOct2019), HasPerson(0, PersonCategory::kTekun));
  HouseholdBuilder over = alone(72);
  over.financial(yuan(15600) + 1);
  Assessment a = assess_month(over.household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
}

TEST(Tekun, AcarRulesItOut) {
  HouseholdBuilder b = alone(72);
  b.vehicle(model::Vehicle::kCar);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasNoPersonCategory(0));
}

TEST(Tekun, UnknownIncomeIsUndetermined) {
  HouseholdBuilder b = alone(72);
  b.unknown_income();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("income"));
}

TEST(Tekun, UnknownAssetsAreUndetermined) {
  HouseholdBuilder b = alone(72);
  b.unknown_assets();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("assets"));
}

TEST(Tekun, MigrantsAreNotAssessedForC1) {
  // R1.0: migrant households are covered only by R1.4's migrant clause.
  HouseholdBuilder b = alone(72);
  b.migrant(3.0, true);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
}

TEST(Tekun, GetsTheFullPremiumAndTheFullPensionContribution) {
  // R4.1: 100% of 250 (2019); R8.1: 100 for a C1 person aged 16–59 (here 50, seriously ill).
  HouseholdBuilder b = alone(50);
  b.member(0).serious_illness = true;
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(0, PersonCategory::kTekun));
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(250)));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, 0, yuan(100)));
  // R7.1: C1 persons are not registered for employment assistance.
  EXPECT_THAT(a, Not(HasAnyItem(Item::kAssistanceRegistration)));
}

}  // namespace
}  // namespace safetynet::rules
