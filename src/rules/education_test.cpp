// Tests for SPEC R5: children (covered members with a school stage) of C1–C4 get R5.2 (boarding subsidy
// in compulsory education, high-school grant, vocational tuition waiver, freshman aid, university grant);
// children of C1, C2 and C3 also get R5.3 (kindergarten fee waiver, high-school fee waiver, vocational
// grant). Items are flags unless P.edu amounts are given; given amounts are yearly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::Not;
using model::Month;
using model::School;

const Month kOct2019 = Month::of(2019, 10);

// A dibao household (parent without income) with one child (index 1) at `stage`.
HouseholdBuilder dibao_child(School stage, int age) {
  HouseholdBuilder b;
  b.add_aged(42, kOct2019, model::Sex::kFemale);
  int c = b.add_aged(age, kOct2019);
  b.school(c, stage).employment(c, model::Employment::kStudent);
  return b;
}

// A low-income household: parent employed at 2400 a month, medical 700 a month: pci 1200 ≥ 650,
// (2400 − 700) / 2 = 850 < 975.
HouseholdBuilder low_income_child(School stage, int age) {
  HouseholdBuilder b;
  int p = b.add_aged(42, kOct2019, model::Sex::kFemale);
  int c = b.add_aged(age, kOct2019);
  b.school(c, stage).employment(c, model::Employment::kStudent);
  b.employment(p, model::Employment::kEmployed).yearly_income(p, kOct2019, yuan(2400));
  b.yearly_expenditure(-1, kOct2019, yuan(700));
  return b;
}

TEST(Education, PreschoolFeeWaiverForDibaoOnly) {
  Assessment d = assess_month(dibao_child(School::kPreschool, 5).household(), kOct2019);
  ASSERT_THAT(d, IsCategory(Category::kDibao));
  EXPECT_THAT(d, HasFlag(Item::kKindergartenFeeWaiver, 1));
  Assessment l = assess_month(low_income_child(School::kPreschool, 5).household(), kOct2019);
  ASSERT_THAT(l, IsCategory(Category::kLowIncome));
  EXPECT_THAT(l, Not(HasAnyItem(Item::kKindergartenFeeWaiver)));
}

TEST(Education, BoardingSubsidyInCompulsoryEducationForAll) {
  for (School s : {School::kPrimary, School::kJunior}) {
    HouseholdBuilder d = dibao_child(s, 12);
    d.member(1).boarding = true;
    EXPECT_THAT(assess_month(d.household(), kOct2019), HasFlag(Item::kBoardingSubsidy, 1));
    HouseholdBuilder l = low_income_child(s, 12);
    l.member(1).boarding = true;
    EXPECT_THAT(assess_month(l.household(), kOct2019), HasFlag(Item::kBoardingSubsidy, 1));
  }
  // Day pupils get none.
  EXPECT_THAT(assess_month(dibao_child(School::kPrimary, 9).household(), kOct2019),
              Not(HasAnyItem(Item::kBoardingSubsidy)));
}

TEST(Education, BoardingSubsidyAmountIsYearlyWhenGiven) {
  HouseholdBuilder d = dibao_child(School::kJunior, 13);
  d.member(1).boarding = true;
  Assessment a = assess_month(d.household(), kOct2019, "edu.boarding: 1250");
  EXPECT_THAT(a, HasItem(Item::kBoardingSubsidy, 1, yuan(1250)));
  EXPECT_EQ(find_item(a, Item::kBoardingSubsidy, 1)->period, Period::kYear);
}

TEST(Education, SeniorHighGrantForAllAndFeeWaiverForDibao) {
  Assessment d = assess_month(dibao_child(School::kSeniorHigh, 16).household(), kOct2019);
  EXPECT_THAT(d, HasFlag(Item::kHighSchoolGrant, 1));
  EXPECT_THAT(d, HasFlag(Item::kHighSchoolFeeWaiver, 1));
  Assessment l = assess_month(low_income_child(School::kSeniorHigh, 16).household(), kOct2019);
  EXPECT_THAT(l, HasFlag(Item::kHighSchoolGrant, 1));
  EXPECT_THAT(l, Not(HasAnyItem(Item::kHighSchoolFeeWaiver)));
  EXPECT_THAT(assess_month(low_income_child(School::kSeniorHigh, 16).household(), kOct2019,
                           "edu.high_school_grant: 2000"),
              HasItem(Item::kHighSchoolGrant, 1, yuan(2000)));
}

TEST(Education, VocationalTuitionWaiverForAllAndGrantForDibao) {
  Assessment d = assess_month(dibao_child(School::kVocational, 16).household(), kOct2019);
  EXPECT_THAT(d, HasFlag(Item::kVocationalTuitionWaiver, 1));
  EXPECT_THAT(d, HasFlag(Item::kVocationalGrant, 1));
  EXPECT_THAT(assess_month(dibao_child(School::kVocational, 16).household(), kOct2019, "edu.vocational_grant: 2000"),
              HasItem(Item::kVocationalGrant, 1, yuan(2000)));
  Assessment l = assess_month(low_income_child(School::kVocational, 16).household(), kOct2019);
  EXPECT_THAT(l, HasFlag(Item::kVocationalTuitionWaiver, 1));
  EXPECT_THAT(l, Not(HasAnyItem(Item::kVocationalGrant)));
}

TEST(Education, UniversityGrantForAllAndFreshmanAidInTheFirstYear) {
  HouseholdBuilder fresh = low_income_child(School::kUniversity, 18);
  fresh.member(1).university_freshman = true;
  Assessment a = assess_month(fresh.household(), kOct2019, "{edu.freshman_aid: 1000, edu.university_grant: 3300}");
  EXPECT_THAT(a, HasItem(Item::kFreshmanAid, 1, yuan(1000)));
  EXPECT_THAT(a, HasItem(Item::kUniversityGrant, 1, yuan(3300)));
  Assessment later = assess_month(dibao_child(School::kUniversity, 20).household(), kOct2019);
  EXPECT_THAT(later, HasFlag(Item::kUniversityGrant, 1));
  EXPECT_THAT(later, Not(HasAnyItem(Item::kFreshmanAid)));
}

TEST(Education, OrphansGetTheDibaoSet) {
  HouseholdBuilder b;
  int o = b.add_aged(16, kOct2019);
  b.orphan(o, model::OrphanKind::kScattered).school(o, School::kSeniorHigh);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(o, PersonCategory::kOrphan));
  EXPECT_THAT(a, HasFlag(Item::kHighSchoolGrant, o));
  EXPECT_THAT(a, HasFlag(Item::kHighSchoolFeeWaiver, o));
}

TEST(Education, TekunChildrenGetTheDibaoSet) {
  HouseholdBuilder b;
  int c = b.add_aged(15, kOct2019);  // under 16: no labour capacity
  b.supporters(c, model::Supporters::kNone).school(c, School::kVocational);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(c, PersonCategory::kTekun));
  EXPECT_THAT(a, HasFlag(Item::kVocationalTuitionWaiver, c));
  EXPECT_THAT(a, HasFlag(Item::kVocationalGrant, c));
}

TEST(Education, OnlyMembersWithASchoolStage) {
  // R5.0: a student without a recorded stage gets no education item.
  HouseholdBuilder b;
  b.add_aged(42, kOct2019, model::Sex::kFemale);
  int c = b.add_aged(16, kOct2019);
  b.employment(c, model::Employment::kStudent);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  for (Item i : {Item::kHighSchoolGrant, Item::kHighSchoolFeeWaiver, Item::kVocationalTuitionWaiver,
                 Item::kUniversityGrant, Item::kBoardingSubsidy})
    EXPECT_THAT(a, Not(HasAnyItem(i)));
}

TEST(Education, NothingForAHouseholdThatIsNotCovered) {
  HouseholdBuilder b;
  int p = b.add_aged(42, kOct2019, model::Sex::kFemale);
  int c = b.add_aged(16, kOct2019);
  b.school(c, School::kSeniorHigh).employment(p, model::Employment::kEmployed);
  b.yearly_income(p, kOct2019, yuan(5000));
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kHighSchoolGrant)));
}

}  // namespace
}  // namespace safetynet::rules
