// Tests for SPEC R3.7: disabled persons covered under C3 or C4 (household member or R1.3b single) get the
// living subsidy (50 → 80 from 2019-01-01); grade 1–2 of any type, and from 2019-01-01 grade 3–4 mental
// (not intellectual, not multiple), get the care subsidy (50 → 80). C1 and C2 get neither.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::Not;
using model::DisabilityType;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);
const Month kDec2018 = Month::of(2018, 12);

// A dibao couple without income; the second member has the disability.
HouseholdBuilder dibao_with(int grade, DisabilityType type, Month m = kOct2019) {
  HouseholdBuilder b;
  b.add_aged(45, m);
  int d = b.add_aged(40, m, model::Sex::kFemale);
  b.disability(d, grade, type);
  return b;
}

struct DisabilityCase {
  const char* name;
  int grade;
  DisabilityType type;
  int year;
  long long living;  // yuan, 0 = none
  long long care;
};

class DisabilitySubsidies : public ::testing::TestWithParam<DisabilityCase> {};

TEST_P(DisabilitySubsidies, FollowGradeTypeAndDate) {
  const DisabilityCase& c = GetParam();
  const Month m = c.year == 2019 ? kOct2019 : kDec2018;
  Assessment a = assess_month(dibao_with(c.grade, c.type, m).household(), m);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasItem(Item::kDisabilityLivingSubsidy, 1, yuan(c.living)));
  if (c.care > 0) {
    EXPECT_THAT(a, HasItem(Item::kSevereDisabilityCareSubsidy, 1, yuan(c.care)));
  } else {
    EXPECT_THAT(a, Not(HasAnyItem(Item::kSevereDisabilityCareSubsidy)));
  }
  EXPECT_THAT(a, Not(HasItemFor(Item::kDisabilityLivingSubsidy, 0)));
}

INSTANTIATE_TEST_SUITE_P(
    R37, DisabilitySubsidies,
    ::testing::Values(DisabilityCase{"Grade1Physical2019", 1, DisabilityType::kPhysical, 2019, 80, 80},
                      DisabilityCase{"Grade2Visual2019", 2, DisabilityType::kVisual, 2019, 80, 80},
                      DisabilityCase{"Grade2Intellectual2019", 2, DisabilityType::kIntellectual, 2019, 80, 80},
                      DisabilityCase{"Grade1Physical2018", 1, DisabilityType::kPhysical, 2018, 50, 50},
                      DisabilityCase{"Grade3Physical2019", 3, DisabilityType::kPhysical, 2019, 80, 0},
                      DisabilityCase{"Grade3Mental2019", 3, DisabilityType::kMental, 2019, 80, 80},
                      DisabilityCase{"Grade4Mental2019", 4, DisabilityType::kMental, 2019, 80, 80},
                      DisabilityCase{"Grade3Mental2018", 3, DisabilityType::kMental, 2018, 50, 0},
                      DisabilityCase{"Grade3Intellectual2019", 3, DisabilityType::kIntellectual, 2019, 80, 0},
                      DisabilityCase{"Grade4Intellectual2019", 4, DisabilityType::kIntellectual, 2019, 80, 0},
                      DisabilityCase{"Grade3Multiple2019", 3, DisabilityType::kMultiple, 2019, 80, 0},
                      DisabilityCase{"Grade4Hearing2019", 4, DisabilityType::kHearing, 2019, 80, 0}),
    [](const ::testing::TestParamInfo<DisabilityCase>& i) { return std::string(i.param.name); });

TEST(Disability, MentalGradeThreeFourFollowsTheSwitchParameter) {
  // The switch turned on from a later date: not yet in October 2019.
  EXPECT_THAT(assess_month(dibao_with(3, DisabilityType::kMental).household(), kOct2019,
                           "care_subsidy_mental_grade_3_4: {2018-01-01: 0, 2020-01-01: 1}"),
              Not(HasAnyItem(Item::kSevereDisabilityCareSubsidy)));
}

TEST(Disability, LowIncomeMembersGetThem) {
  // C4: pci 2400 / 2 = 1200; (2400 − 700) / 2 = 850 < 975.
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  int d = b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  b.yearly_expenditure(d, kOct2019, yuan(700));
  b.disability(d, 2, DisabilityType::kPhysical);
  Assessment r = assess_month(b.household(), kOct2019);
  ASSERT_THAT(r, IsCategory(Category::kLowIncome));
  EXPECT_THAT(r, HasItem(Item::kDisabilityLivingSubsidy, d, yuan(80)));
  EXPECT_THAT(r, HasItem(Item::kSevereDisabilityCareSubsidy, d, yuan(80)));
}

TEST(Disability, TekunGetsNeither) {
  // C1 persons get the care fee of R3.2 instead.
  HouseholdBuilder b;
  int t = b.add_aged(50, kOct2019);
  b.supporters(t, model::Supporters::kNone).disability(t, 1, DisabilityType::kPhysical);
  b.self_care(t, model::SelfCare::kNone);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(t, PersonCategory::kTekun));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDisabilityLivingSubsidy)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kSevereDisabilityCareSubsidy)));
  EXPECT_THAT(a, HasItem(Item::kCareFee, t, yuan(1008)));
}

TEST(Disability, TekunInADibaoHouseholdGetsNeitherWhileTheOthersDo) {
  // A tekun mother of 70 (grade 1) lives with her son (grade 3 physical); the son alone is dibao.
  HouseholdBuilder b;
  int mother = b.add_aged(70, kOct2019, model::Sex::kFemale);
  int son = b.add_aged(40, kOct2019);
  b.supporters(mother, model::Supporters::kNone).disability(mother, 1, DisabilityType::kVisual);
  b.disability(son, 3, DisabilityType::kPhysical);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(mother, PersonCategory::kTekun));
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, Not(HasItemFor(Item::kDisabilityLivingSubsidy, mother)));
  EXPECT_THAT(a, Not(HasItemFor(Item::kSevereDisabilityCareSubsidy, mother)));
  EXPECT_THAT(a, HasItem(Item::kDisabilityLivingSubsidy, son, yuan(80)));
}

TEST(Disability, OrphanGetsNeither) {
  HouseholdBuilder b;
  int o = b.add(date(2010, 1, 1));
  b.orphan(o, model::OrphanKind::kScattered).disability(o, 4, DisabilityType::kMental);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(o, PersonCategory::kOrphan));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kDisabilityLivingSubsidy)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kSevereDisabilityCareSubsidy)));
}

TEST(Disability, NothingForAHouseholdThatIsNotCovered) {
  // R4 preamble: a severely disabled person outside the categories gets nothing under these rules.
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  int d = b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(5000));
  b.disability(d, 1, DisabilityType::kPhysical);
  Assessment r = assess_month(b.household(), kOct2019);
  ASSERT_THAT(r, IsCategory(Category::kNone));
  EXPECT_THAT(r.entitlements, ::testing::IsEmpty());
}

}  // namespace
}  // namespace safetynet::rules
