// Tests for SPEC R1.3 (C3 低保: per-capita income strictly below the standard, assets within P.asset),
// R1.3a (no one employed: the last 3 months), R3.4 with R2.6 (benefit = covered × standard − income per
// month, rounded once, half away from zero; P.dibao_min_benefit), R3.6 (gradual exit), and R1.3b
// (single-person inclusion (1), (2), (3)) with R2.8 (singles are taken out of the C4 unit).
// Region 450102, 2019-10: standard 650, low-income standard 1.5 × 650 = 975, window 12 months.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using model::Employment;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

// Three persons aged 45, 43 and 12; the second is employed and earns `wage` fen every month of the window.
HouseholdBuilder family_of_three(model::Fen wage) {
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  int earner = b.add_aged(43, kOct2019, model::Sex::kFemale);
  int child = b.add_aged(12, kOct2019);
  b.employment(earner, Employment::kEmployed).employment(child, Employment::kStudent);
  b.school(child, model::School::kPrimary);
  b.yearly_income(earner, kOct2019, wage);
  return b;
}

// ---- R1.3, R3.4, R2.6 ----

TEST(Dibao, GapIsStandardMinusIncomeFor950Not95001) {
  // R2.6's example: 3 persons, 1000 a month, standard 650: 3 × 650 − 1000 = 950 (pci 333.33 must not be
  // rounded first, which would give 950.01).
  Assessment a = assess_month(family_of_three(yuan(1000)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(950)));
  EXPECT_EQ(a.dibao_benefit(), yuan(950));
}

TEST(Dibao, HalfAYuanRoundsAwayFromZero) {
  // Window income 12006 = 1000.50 a month: 1950 − 1000.50 = 949.50 -> 950.
  EXPECT_THAT(assess_month(family_of_three(100050).household(), kOct2019),
              HasItem(Item::kDibao, kHousehold, yuan(950)));
  // 1000.51 a month: 949.49 -> 949.
  EXPECT_THAT(assess_month(family_of_three(100051).household(), kOct2019),
              HasItem(Item::kDibao, kHousehold, yuan(949)));
}

TEST(Dibao, RoundsToPRounding) {
  // With rounding 10 yuan: 950 stays 950; 949.49 -> 950 (nearest 10).
  EXPECT_THAT(assess_month(family_of_three(100051).household(), kOct2019, "rounding: 10"),
              HasItem(Item::kDibao, kHousehold, yuan(950)));
  // 3 × 650 − 1943 = 7 -> 10 (nearest 10 yuan, half away from zero).
  EXPECT_THAT(assess_month(family_of_three(yuan(1943)).household(), kOct2019, "rounding: 10"),
              HasItem(Item::kDibao, kHousehold, yuan(10)));
}

TEST(Dibao, IncomeEqualToTheStandardDoesNotQualify) {
  // pci 1950 / 3 = 650.00: not below.
  Assessment a = assess_month(family_of_three(yuan(1950)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
}

TEST(Dibao, IncomeOneYuanBelowTheStandardQualifies) {
  Assessment a = assess_month(family_of_three(yuan(1949)).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(1)));
}

TEST(Dibao, ABenefitThatRoundsToZeroIsNotListedButTheHouseholdIsDibao) {
  // 1949.99 a month: below the standard by 0.01 a month -> benefit 0.01 -> 0 yuan.
  Assessment a = assess_month(family_of_three(yuan(1950) - 1).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));  // the other items stay
}

TEST(Dibao, MinimumBenefitPerCoveredPerson) {
  // R3.4: 3 × 650 − 1945 = 5, below a floor of 10 per covered person = 30.
  EXPECT_THAT(assess_month(family_of_three(yuan(1945)).household(), kOct2019),
              HasItem(Item::kDibao, kHousehold, yuan(5)));
  EXPECT_THAT(assess_month(family_of_three(yuan(1945)).household(), kOct2019, "dibao_min_benefit: 10"),
              HasItem(Item::kDibao, kHousehold, yuan(30)));
  // Above the floor, the gap is paid.
  EXPECT_THAT(assess_month(family_of_three(yuan(1000)).household(), kOct2019, "dibao_min_benefit: 10"),
              HasItem(Item::kDibao, kHousehold, yuan(950)));
}

TEST(Dibao, UsesTheStandardInForceOnTheFirstDayOfTheMonth) {
  // R2.7: a standard raised on 2019-07-15 applies from August.
  const char* params = "dibao_standard: {2018-01-01: 590, 2019-07-15: 700}";
  HouseholdBuilder b;
  b.add_aged(40, Month::of(2019, 7));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 7), params), HasItem(Item::kDibao, kHousehold, yuan(590)));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 8), params), HasItem(Item::kDibao, kHousehold, yuan(700)));
}

TEST(Dibao, UsesTheIncomeWindowBeforeTheMonthAssessed) {
  // R2.1: for 2019-10 the window is 2018-10 … 2019-09; 2018-09 and 2019-10 do not count.
  HouseholdBuilder b;
  int a = b.add_aged(40, kOct2019);
  b.employment(a, Employment::kEmployed);
  b.income(a, Month::of(2018, 9), yuan(99999)).income(a, kOct2019, yuan(99999));
  b.income(a, Month::of(2018, 10), yuan(1200)).income(a, Month::of(2019, 9), yuan(1200));
  // (1200 + 1200) / 12 = 200 -> 650 − 200 = 450.
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(450)));
  // A 6-month window (local choice): 2019-04 … 2019-09 -> 1200 / 6 = 200 -> 450 as well; 2018-10 drops.
  EXPECT_THAT(assess_month(b.household(), kOct2019, "income_window_months: 6"),
              HasItem(Item::kDibao, kHousehold, yuan(450)));
}

// ---- R1.3a ----

// Two adults; 3000 a month in the first 9 months of the window, nothing in the last 3.
HouseholdBuilder income_stopped(Employment second) {
  HouseholdBuilder b;
  int a = b.add_aged(49, kOct2019);
  int c = b.add_aged(47, kOct2019, model::Sex::kFemale);
  b.employment(c, second);
  b.monthly_income(a, Month::of(2018, 10), 9, yuan(3000));
  return b;
}

TEST(Dibao, NoOneEmployedUsesTheLastThreeMonths) {
  // 12-month pci 27000 / 12 / 2 = 1125 ≥ 650, but no one is employed: last 3 months, 0 -> 2 × 650.
  Assessment a = assess_month(income_stopped(Employment::kUnemployed).household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(1300)));
}

TEST(Dibao, SomeoneEmployedKeepsTheOrdinaryWindow) {
  Assessment a = assess_month(income_stopped(Employment::kEmployed).household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(Dibao, ThreeMonthWindowFollowsTheParameter) {
  // With a 4-month window, 2019-06 (3000) is in it: 3000 / 4 / 2 = 375 -> 1300 − 750 = 550.
  EXPECT_THAT(assess_month(income_stopped(Employment::kUnemployed).household(), kOct2019,
                           "zero_employment_window_months: 4"),
              HasItem(Item::kDibao, kHousehold, yuan(550)));
}

TEST(Dibao, NoOneEmployedIsJudgedAfterTakeOuts) {
  // An employed orphan of 17 is taken out (R1.5): the remaining grandmother is not employed, so her
  // last 3 months (0) count: 650.
  HouseholdBuilder b;
  int gm = b.add_aged(55, kOct2019, model::Sex::kFemale);
  int o = b.add(date(2002, 5, 1));
  b.orphan(o, model::OrphanKind::kScattered).employment(o, Employment::kEmployed);
  b.monthly_income(gm, Month::of(2018, 10), 9, yuan(3000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(o, PersonCategory::kOrphan));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Dibao, UnknownEmploymentThatDecidesTheWindowIsUndetermined) {
  HouseholdBuilder b = income_stopped(Employment::kUnemployed);
  b.employment_unknown(1);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("members[" + b.id(1) + "].employment"));
}

TEST(Dibao, UnknownEmploymentDoesNotMatterWhenBothWindowsAgree) {
  // 100 a month all year: both windows give 50 per person.
  HouseholdBuilder b;
  int a = b.add_aged(49, kOct2019);
  int c = b.add_aged(47, kOct2019, model::Sex::kFemale);
  b.employment_unknown(c);
  b.yearly_income(a, kOct2019, yuan(100));
  Assessment r = assess_month(b.household(), kOct2019);
  EXPECT_THAT(r, IsCategory(Category::kDibao));
  EXPECT_THAT(r, HasItem(Item::kDibao, kHousehold, yuan(1200)));
}

TEST(Dibao, MigrantHouseholdsAreNeverDibaoAndKeepTheOrdinaryWindow) {
  // R1.0 / R1.3a: migrants only under C4, over the 12-month window. Income only in the last 3 months
  // (3000 each), medical 100 a month: (9000 − 1200) / 12 / 2 = 325 < 975 -> low income. With the 3-month
  // window it would be (9000 − 300) / 3 / 2 = 1450, not low income.
  HouseholdBuilder b;
  int a = b.add_aged(40, kOct2019);
  b.add_aged(38, kOct2019, model::Sex::kFemale);
  b.migrant(2.0, true);
  b.monthly_income(a, Month::of(2019, 7), 3, yuan(3000));
  b.yearly_expenditure(-1, kOct2019, yuan(100));
  Assessment r = assess_month(b.household(), kOct2019);
  EXPECT_THAT(r, IsCategory(Category::kLowIncome));
  EXPECT_THAT(r, Not(HasAnyItem(Item::kDibao)));
}

TEST(Dibao, MigrantWithoutIncomeIsStillNotDibao) {
  HouseholdBuilder b;
  b.add_aged(40, kOct2019);
  b.migrant(2.0, true);
  Assessment r = assess_month(b.household(), kOct2019);
  EXPECT_THAT(r, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(r, IsCategory(Category::kNone));  // no rigid expenditure: not C4 either
}

TEST(Dibao, FailingTheAssetTestFailsC3) {
  HouseholdBuilder b = family_of_three(yuan(1000));
  b.financial(yuan(46800) + 1);  // 24 × 650 × 3 = 46800
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  HouseholdBuilder at = family_of_three(yuan(1000));
  at.financial(yuan(46800));
  EXPECT_THAT(assess_month(at.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(950)));
}

// ---- R3.6 gradual exit ----

// Was dibao at 950; a member found work: 3000 a month all year, pci 1000 > 650.
HouseholdBuilder found_work() {
  HouseholdBuilder b = family_of_three(yuan(3000));
  b.history().category = model::HistoryCategory::kDibao;
  b.history().category_since = Month::of(2018, 3);
  b.history().last_benefit = yuan(950);
  b.history().exit_reason = "employment";
  return b;
}

TEST(GradualExit, FirstMonthWithoutExitStartedKeepsTheLastBenefit) {
  Assessment a = assess_month(found_work().household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(950)));
  EXPECT_THAT(a.exit_started, Optional(kOct2019));  // month 1 is the month assessed
  // The household keeps its other items (C3 premium share).
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(150)));
}

TEST(GradualExit, SixthMonthIsStillPaid) {
  HouseholdBuilder b = found_work();
  b.history().exit_started = Month::of(2019, 5);  // 05 … 10 is month 6
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(950)));
  EXPECT_THAT(a.exit_started, Optional(Month::of(2019, 5)));
}

TEST(GradualExit, SeventhMonthIsClosed) {
  HouseholdBuilder b = found_work();
  b.history().exit_started = Month::of(2019, 4);  // October is month 7
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_EQ(a.exit_started, std::nullopt);
}

TEST(GradualExit, LengthFollowsTheCountysParameter) {
  HouseholdBuilder b = found_work();
  b.history().exit_started = Month::of(2019, 4);
  EXPECT_THAT(assess_month(b.household(), kOct2019, "gradual_exit_months: 12"),
              HasItem(Item::kDibao, kHousehold, yuan(950)));
  b.history().exit_started = Month::of(2018, 10);  // month 13
  EXPECT_THAT(assess_month(b.household(), kOct2019, "gradual_exit_months: 12"), Not(HasAnyItem(Item::kDibao)));
}

TEST(GradualExit, IncomeEqualToTheStandardCountsAsRisen) {
  HouseholdBuilder b = family_of_three(yuan(1950));  // pci exactly 650
  b.history().category = model::HistoryCategory::kDibao;
  b.history().last_benefit = yuan(120);
  b.history().exit_reason = "employment";
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, kHousehold, yuan(120)));
}

TEST(GradualExit, AnAssetFailureClosesAtOnce) {
  HouseholdBuilder b = found_work();
  b.financial(yuan(46800) + 1);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
}

TEST(GradualExit, MissingLastBenefitIsUndetermined) {
  HouseholdBuilder b = found_work();
  b.history().last_benefit.reset();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("history.last_benefit"));
}

TEST(GradualExit, OnlyForIncomeRisenThroughWork) {
  HouseholdBuilder b = found_work();
  b.history().exit_reason = "pension";
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

TEST(GradualExit, OnlyForAHouseholdThatWasDibao) {
  HouseholdBuilder b = found_work();
  b.history().category = model::HistoryCategory::kLowIncome;
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kDibao)));
}

TEST(GradualExit, IncomeBackBelowTheStandardIsOrdinaryDibaoAgain) {
  // A running exit whose income fell again: the ordinary benefit, and no exit running.
  HouseholdBuilder b = family_of_three(yuan(1000));
  b.history().category = model::HistoryCategory::kDibao;
  b.history().last_benefit = yuan(300);
  b.history().exit_reason = "employment";
  b.history().exit_started = Month::of(2019, 8);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(950)));
  EXPECT_EQ(a.exit_started, std::nullopt);
}

TEST(GradualExit, UnknownAssetsLeaveItUndetermined) {
  // Income rose through work, but whether the assets still pass is unknown: R3.6 applies only when the
  // household fails C3 on income alone, so the answer (exit benefit 950, or closed) cannot be decided.
  HouseholdBuilder b = found_work();
  b.unknown_assets();
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("assets"));
}

// ---- R1.3b single-person inclusion ----

// Husband employed at 2600 a month (pci 1300 > 650), wife without income of her own.
HouseholdBuilder couple_with_wage() {
  HouseholdBuilder b;
  int h = b.add_aged(36, kOct2019);
  b.add_aged(34, kOct2019, model::Sex::kFemale);
  b.employment(h, Employment::kEmployed);
  b.yearly_income(h, kOct2019, yuan(2600));
  return b;
}

TEST(DibaoSingle, CommunityCorrectionSubjectIsCoveredAlone) {
  HouseholdBuilder b = couple_with_wage();
  b.member(1).community_correction = true;
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(1, PersonCategory::kDibaoSingle));
  EXPECT_THAT(a, HasItem(Item::kDibao, 1, yuan(650)));
  EXPECT_THAT(a, Not(HasItemFor(Item::kDibao, kHousehold)));
  EXPECT_THAT(a, IsCategory(Category::kNone));  // husband alone: 2600 a month, no expenditure
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 1, yuan(150)));
  EXPECT_THAT(a, Not(HasItemFor(Item::kPremiumSubsidy, 0)));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, 1, yuan(50)));  // R8.1: singles included
}

TEST(DibaoSingle, UsesThePersonsOwnIncome) {
  HouseholdBuilder b = couple_with_wage();
  b.member(1).community_correction = true;
  b.yearly_income(1, kOct2019, yuan(200), model::IncomeKind::kOther);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, 1, yuan(450)));
  // Own income at the standard: not covered.
  HouseholdBuilder c = couple_with_wage();
  c.member(1).community_correction = true;
  c.yearly_income(1, kOct2019, yuan(650), model::IncomeKind::kOther);
  EXPECT_THAT(assess_month(c.household(), kOct2019), HasNoPersonCategory(1));
}

TEST(DibaoSingle, OwnIncomeUsesTheOrdinaryWindow) {
  // R2.8: 1000 a month in the last 3 months only: 3000 / 12 = 250 -> 650 − 250 = 400.
  HouseholdBuilder b = couple_with_wage();
  b.member(1).community_correction = true;
  b.monthly_income(1, Month::of(2019, 7), 3, yuan(1000), model::IncomeKind::kOther);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kDibao, 1, yuan(400)));
}

TEST(DibaoSingle, NeedsTheHouseholdsAssetsToPass) {
  HouseholdBuilder b = couple_with_wage();
  b.member(1).community_correction = true;
  b.financial(yuan(31200) + 1);  // 24 × 650 × 2 members
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasNoPersonCategory(1));
}

TEST(DibaoSingle, OnlyWhenTheHouseholdAsAWholeDoesNotQualify) {
  HouseholdBuilder b;
  b.add_aged(36, kOct2019);
  int w = b.add_aged(34, kOct2019, model::Sex::kFemale);
  b.member(w).community_correction = true;
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(1300)));
  EXPECT_THAT(a, HasNoPersonCategory(w));
}

// Parents employed at 2000 a month each (pci 4000 / 3 > 650) and an adult son without work.
HouseholdBuilder parents_and_son(int son_age = 25) {
  HouseholdBuilder b;
  int f = b.add_aged(55, kOct2019);
  int m = b.add_aged(53, kOct2019, model::Sex::kFemale);
  int s = b.add_aged(son_age, kOct2019);
  b.employment(f, Employment::kEmployed).employment(m, Employment::kEmployed);
  b.yearly_income(f, kOct2019, yuan(2000)).yearly_income(m, kOct2019, yuan(2000));
  b.member(s).supported_by = model::SupportedBy::kParents;
  return b;
}

TEST(DibaoSingle, SeverelyDisabledAdultSupportedByParents) {
  HouseholdBuilder b = parents_and_son();
  b.disability(2, 1, model::DisabilityType::kPhysical);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(2, PersonCategory::kDibaoSingle));
  EXPECT_THAT(a, HasItem(Item::kDibao, 2, yuan(650)));
  EXPECT_THAT(a, HasItem(Item::kDisabilityLivingSubsidy, 2, yuan(80)));
  EXPECT_THAT(a, HasItem(Item::kSevereDisabilityCareSubsidy, 2, yuan(80)));
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 2, yuan(250)));
  EXPECT_THAT(a, HasItem(Item::kContributionPaid, 2, yuan(100)));
  EXPECT_THAT(a, IsCategory(Category::kNone));
}

struct SingleCase {
  const char* name;
  int age;
  int grade;
  model::DisabilityType type;
  Employment employment;
  bool supported;
  bool single;
};

class DibaoSingleTwo : public ::testing::TestWithParam<SingleCase> {};

TEST_P(DibaoSingleTwo, CoversAdultsWithoutWorkWithTheNamedDisabilities) {
  const SingleCase& c = GetParam();
  HouseholdBuilder b = parents_and_son(c.age);
  b.disability(2, c.grade, c.type).employment(2, c.employment);
  if (!c.supported) b.member(2).supported_by.reset();
  Assessment a = assess_month(b.household(), kOct2019);
  if (c.single) {
    EXPECT_THAT(a, HasPerson(2, PersonCategory::kDibaoSingle));
    EXPECT_THAT(a, HasItem(Item::kDibao, 2, yuan(650)));
  } else {
    EXPECT_THAT(a, HasNoPersonCategory(2));
    EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  }
}

using DT = model::DisabilityType;
INSTANTIATE_TEST_SUITE_P(
    R13b2, DibaoSingleTwo,
    ::testing::Values(
        SingleCase{"Grade2Visual", 25, 2, DT::kVisual, Employment::kUnemployed, true, true},
        SingleCase{"Grade3Mental", 25, 3, DT::kMental, Employment::kUnemployed, true, true},
        SingleCase{"Grade4Mental", 25, 4, DT::kMental, Employment::kNone, true, true},
        SingleCase{"Grade3Intellectual", 25, 3, DT::kIntellectual, Employment::kUnemployed, true, true},
        SingleCase{"Grade4IntellectualRetired", 25, 4, DT::kIntellectual, Employment::kRetired, true, true},
        SingleCase{"Grade3PhysicalIsNot", 25, 3, DT::kPhysical, Employment::kUnemployed, true, false},
        SingleCase{"Grade3MultipleIsNot", 25, 3, DT::kMultiple, Employment::kUnemployed, true, false},
        SingleCase{"EmployedIsNot", 25, 1, DT::kPhysical, Employment::kEmployed, true, false},
        SingleCase{"StudentIsNot", 25, 1, DT::kPhysical, Employment::kStudent, true, false},
        SingleCase{"MinorIsNot", 17, 1, DT::kPhysical, Employment::kUnemployed, true, false},
        SingleCase{"Aged18Is", 18, 1, DT::kPhysical, Employment::kUnemployed, true, true},
        SingleCase{"NotSupportedIsNot", 25, 1, DT::kPhysical, Employment::kUnemployed, false, false}),
    [](const ::testing::TestParamInfo<SingleCase>& i) { return std::string(i.param.name); });

TEST(DibaoSingle, SiblingsCountAsSupportersToo) {
  HouseholdBuilder b = parents_and_son();
  b.member(2).supported_by = model::SupportedBy::kSiblings;
  b.disability(2, 2, model::DisabilityType::kHearing);
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasPerson(2, PersonCategory::kDibaoSingle));
}

TEST(DibaoSingle, UnknownStatusOfACandidateLeavesTheHouseholdUndetermined) {
  // SPEC readings: an R1.3b single whose own status is unknown leaves the C4 unit unknown.
  HouseholdBuilder b = parents_and_son();
  b.disability(2, 1, model::DisabilityType::kPhysical).employment_unknown(2);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a, ListsUndetermined("members[" + b.id(2) + "].employment"));
}

TEST(DibaoSingle, UnknownStatusDoesNotMatterWhenTheOwnIncomeIsTooHigh) {
  // Whatever his employment, his own pension of 700 a month is not below 650: not a single, so the
  // answer is determined (none: no rigid expenditure) and nothing is missing.
  HouseholdBuilder b = parents_and_son();
  b.disability(2, 1, model::DisabilityType::kPhysical).employment_unknown(2);
  b.yearly_income(2, kOct2019, yuan(700), model::IncomeKind::kPension);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, HasNoPersonCategory(2));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

// (3): lacks labour through illness; A employed at 2400 a month, B bears medical costs of 1000 a month.
HouseholdBuilder bearer(bool rows_name_b, bool lacks_labour) {
  HouseholdBuilder b;
  int a = b.add_aged(50, kOct2019);
  int c = b.add_aged(48, kOct2019, model::Sex::kFemale);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  b.yearly_expenditure(rows_name_b ? c : -1, kOct2019, yuan(1000));
  if (lacks_labour) b.lacks_labour(model::LacksLabourCause::kIllness);
  return b;
}

TEST(DibaoSingle, BearerOfTheRigidExpenditureIsCoveredAlone) {
  Assessment a = assess_month(bearer(true, true).household(), kOct2019);
  EXPECT_THAT(a, HasPerson(1, PersonCategory::kDibaoSingle));
  EXPECT_THAT(a, HasItem(Item::kDibao, 1, yuan(650)));
  // C4 without her and her rows: 2400 a month for one person, no rigid expenditure left -> none.
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasFlag(Item::kSocialReferral, kHousehold)));
}

TEST(DibaoSingle, HouseholdRowsNameNoBearer) {
  // The same expenditure without `member`: nobody is a bearer; C4 on both:
  // (28800 − 12000) / 12 / 2 = 700 < 975 -> low income.
  Assessment a = assess_month(bearer(false, true).household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(1));
  EXPECT_THAT(a, IsCategory(Category::kLowIncome));
}

TEST(DibaoSingle, BearerOnlyInAHouseholdLackingLabour) {
  Assessment a = assess_month(bearer(true, false).household(), kOct2019);
  EXPECT_THAT(a, HasNoPersonCategory(1));
  EXPECT_THAT(a, IsCategory(Category::kLowIncome));  // her rows stay with the household
}

TEST(DibaoSingle, SingleIsTakenOutOfTheLowIncomeCount) {
  // R2.8: A employed 2400 a month, B under community correction, medical 600 a month (household rows).
  // B alone: 650. C4 on A alone: (28800 − 7200) / 12 / 1 = 1800 ≥ 975 -> none (with B counted it would
  // be 900 < 975).
  HouseholdBuilder b;
  int a = b.add_aged(50, kOct2019);
  int c = b.add_aged(48, kOct2019, model::Sex::kFemale);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  b.member(c).community_correction = true;
  b.yearly_expenditure(-1, kOct2019, yuan(600));
  Assessment r = assess_month(b.household(), kOct2019);
  EXPECT_THAT(r, HasPerson(c, PersonCategory::kDibaoSingle));
  EXPECT_THAT(r, IsCategory(Category::kNone));
}

}  // namespace
}  // namespace safetynet::rules
