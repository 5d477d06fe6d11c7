// Tests for SPEC R1.2 (C2 孤儿), R2.7 (age on the first day of the month; 29 February birthdays fall on
// 1 March in non-leap years), R3.3 (scattered 600 → 800, institutional 1000 → 1200 from 2019-01-01) and
// R1.5 (a C2 person is taken out of the household for C3/C4).
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
using model::OrphanKind;

const Month kOct2019 = Month::of(2019, 10);

HouseholdBuilder orphan_alone(model::Date birth, OrphanKind kind) {
  HouseholdBuilder b;
  int o = b.add(birth);
  b.orphan(o, kind).supporters(o, model::Supporters::kNone);
  return b;
}

TEST(Orphan, ScatteredOrphanGets600Before2019And800From2019) {
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kScattered);
  EXPECT_THAT(assess_month(b.household(), Month::of(2018, 12)), HasItem(Item::kOrphanSupport, 0, yuan(600)));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 1)), HasItem(Item::kOrphanSupport, 0, yuan(800)));
}

TEST(Orphan, InstitutionalOrphanGets1000Before2019And1200From2019) {
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kInstitutional);
  EXPECT_THAT(assess_month(b.household(), Month::of(2018, 12)), HasItem(Item::kOrphanSupport, 0, yuan(1000)));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 1)), HasItem(Item::kOrphanSupport, 0, yuan(1200)));
}

TEST(Orphan, LaterYearsMayRaiseTheAmounts) {
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kScattered);
  EXPECT_THAT(assess_month(b.household(), Month::of(2020, 3), "orphan_scattered: {2019-01-01: 800, 2020-01-01: 900}"),
              HasItem(Item::kOrphanSupport, 0, yuan(900)));
}

TEST(Orphan, AnOrphanIsC2AndNeverC1) {
  // Aged 11, no legal supporter: R1.1 would fit, but C2 comes first (R1.0).
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kScattered);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kOrphan));
  EXPECT_THAT(a, Not(HasPerson(0, PersonCategory::kTekun)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
  EXPECT_THAT(a, IsCategory(Category::kNone));  // all persons C1/C2
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, 0, yuan(250)));  // R4.1: 100%
}

TEST(Orphan, UnknownLegalSupportersDoNotMatterForAnOrphan) {
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kScattered);
  b.supporters_unknown(0);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kOrphan));
  EXPECT_THAT(a.undetermined, IsEmpty());
}

TEST(Orphan, LeavesC2TheMonthAfterTheEighteenthBirthday) {
  // Born 2001-05-15: 17 on 2019-05-01, 18 on 2019-06-01.
  HouseholdBuilder b = orphan_alone(date(2001, 5, 15), OrphanKind::kScattered);
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 5)), HasPerson(0, PersonCategory::kOrphan));
  Assessment june = assess_month(b.household(), Month::of(2019, 6));
  EXPECT_THAT(june, HasNoPersonCategory(0));
  EXPECT_THAT(june, Not(HasAnyItem(Item::kOrphanSupport)));
}

TEST(Orphan, ABirthdayOnTheFirstLeavesC2ThatMonth) {
  // Born 2001-06-01: 18 on 2019-06-01, the first day of June.
  HouseholdBuilder b = orphan_alone(date(2001, 6, 1), OrphanKind::kScattered);
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 5)), HasPerson(0, PersonCategory::kOrphan));
  EXPECT_THAT(assess_month(b.household(), Month::of(2019, 6)), HasNoPersonCategory(0));
}

TEST(Orphan, AfterComingOfAgeIsAssessedLikeAnyoneAndRegisteredForWork) {
  // Alone, no income, unemployed, not in school: a one-person dibao household (650) and R7.1.
  HouseholdBuilder b = orphan_alone(date(2001, 5, 15), OrphanKind::kScattered);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, 0));
  EXPECT_THAT(a, HasFlag(Item::kTrainingReferral, 0));
}

TEST(Orphan, BornOnTwentyNinthFebruaryIsStillAnOrphanInFebruary2018) {
  HouseholdBuilder b = orphan_alone(date(2000, 2, 29), OrphanKind::kScattered);
  Assessment a = assess_month(b.household(), Month::of(2018, 2));
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kOrphan));
  EXPECT_THAT(a, HasItem(Item::kOrphanSupport, 0, yuan(600)));
}

TEST(Orphan, BornOnTwentyNinthFebruaryComesOfAgeOnFirstMarch2018) {
  // 2018 is not a leap year: the birthday is 1 March, so on 2018-03-01 he is 18.
  HouseholdBuilder b = orphan_alone(date(2000, 2, 29), OrphanKind::kScattered);
  Assessment a = assess_month(b.household(), Month::of(2018, 3));
  EXPECT_THAT(a, HasNoPersonCategory(0));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kOrphanSupport)));
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(590)));  // the 2018 standard
}

TEST(Orphan, WithGrandmotherLeavesHerAssessedAlone) {
  // R1.5: orphan 11 (scattered) with a grandmother of 65 who has an able legal supporter and a pension
  // of 500 a month. The orphan's own income (support 300) counts for no one. Grandmother alone:
  // 650 − 500 = 150; orphan: 800.
  HouseholdBuilder b;
  int gm = b.add_aged(65, kOct2019, model::Sex::kFemale);
  int o = b.add(date(2008, 5, 1));
  b.member(o).relation = model::Relation::kGrandchild;
  b.orphan(o, OrphanKind::kScattered).supporters(o, model::Supporters::kNone);
  b.yearly_income(gm, kOct2019, yuan(500), model::IncomeKind::kPension);
  b.yearly_income(o, kOct2019, yuan(300), model::IncomeKind::kSupport);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasPerson(o, PersonCategory::kOrphan));
  EXPECT_THAT(a, HasNoPersonCategory(gm));
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(150)));
  EXPECT_THAT(a, HasItem(Item::kOrphanSupport, o, yuan(800)));
  // Her premium is the C3 share (60% of 250), the orphan's is 100%.
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, gm, yuan(150)));
  EXPECT_THAT(a, HasItem(Item::kPremiumSubsidy, o, yuan(250)));
}

TEST(Orphan, TakenOutOrphanDoesNotDiluteTheHouseholdIncome) {
  // Grandmother's pension 900: alone 900 > 650, not dibao. Were the orphan counted, 900 / 2 = 450 would be.
  HouseholdBuilder b;
  int gm = b.add_aged(65, kOct2019, model::Sex::kFemale);
  int o = b.add(date(2008, 5, 1));
  b.orphan(o, OrphanKind::kScattered).supporters(o, model::Supporters::kNone);
  b.yearly_income(gm, kOct2019, yuan(900), model::IncomeKind::kPension);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, HasItem(Item::kOrphanSupport, o, yuan(800)));
}

TEST(Orphan, AssetLimitIsPerRemainingMember) {
  // R2.8: 20000 for the grandmother alone exceeds 24 × 650 = 15600 (it would pass for two: 31200).
  HouseholdBuilder b;
  b.add_aged(65, kOct2019, model::Sex::kFemale);
  int o = b.add(date(2008, 5, 1));
  b.orphan(o, OrphanKind::kScattered).financial(yuan(20000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDibao)));
  EXPECT_THAT(a, HasItem(Item::kOrphanSupport, o, yuan(800)));
}

TEST(Orphan, GetsNoDisabilitySubsidy) {
  // R3.7: orphans (C2) get neither subsidy, even when severely disabled.
  HouseholdBuilder b = orphan_alone(date(2008, 5, 1), OrphanKind::kScattered);
  b.disability(0, 1, model::DisabilityType::kPhysical);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasPerson(0, PersonCategory::kOrphan));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDisabilityLivingSubsidy)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kSevereDisabilityCareSubsidy)));
}

}  // namespace
}  // namespace safetynet::rules
