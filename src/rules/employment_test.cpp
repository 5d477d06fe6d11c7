// Tests for SPEC R7: employment-assistance registration (R7.1: covered members of C2–C4 and R1.3b singles,
// 16 ≤ age < retirement age (men 60, women 50), not employed, not in school, not retired, not severely
// disabled; not C1), the training referral for each of them (R7.3), and the zero-employment flag (R7.2)
// on a dibao or low-income household with such a member and no member of the unit employed.
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
using model::Sex;

const Month kOct2019 = Month::of(2019, 10);

struct RegistrationCase {
  const char* name;
  int age;
  Sex sex;
  Employment employment;
  bool school;
  int disability_grade;
  bool registered;
};

class Registration : public ::testing::TestWithParam<RegistrationCase> {};

TEST_P(Registration, AbleMembersWithoutWork) {
  // A dibao household: a 45-year-old man without work and the member under test; no income.
  const RegistrationCase& c = GetParam();
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  int m = b.add_aged(c.age, kOct2019, c.sex);
  b.employment(m, c.employment);
  if (c.school) b.school(m, model::School::kSeniorHigh);
  if (c.disability_grade) b.disability(m, c.disability_grade, model::DisabilityType::kPhysical);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, 0));  // the reference member
  if (c.registered) {
    EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, m));
    EXPECT_THAT(a, HasFlag(Item::kTrainingReferral, m));  // R7.3
  } else {
    EXPECT_THAT(a, Not(HasItemFor(Item::kAssistanceRegistration, m)));
    EXPECT_THAT(a, Not(HasItemFor(Item::kTrainingReferral, m)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    R71, Registration,
    ::testing::Values(RegistrationCase{"Aged16", 16, Sex::kMale, Employment::kUnemployed, false, 0, true},
                      RegistrationCase{"Aged15", 15, Sex::kMale, Employment::kUnemployed, false, 0, false},
                      RegistrationCase{"Man59", 59, Sex::kMale, Employment::kUnemployed, false, 0, true},
                      RegistrationCase{"Man60", 60, Sex::kMale, Employment::kUnemployed, false, 0, false},
                      RegistrationCase{"Woman49", 49, Sex::kFemale, Employment::kUnemployed, false, 0, true},
                      RegistrationCase{"Woman50", 50, Sex::kFemale, Employment::kUnemployed, false, 0, false},
                      RegistrationCase{"Woman52", 52, Sex::kFemale, Employment::kUnemployed, false, 0, false},
                      RegistrationCase{"EmploymentNone", 30, Sex::kMale, Employment::kNone, false, 0, true},
                      RegistrationCase{"Employed", 30, Sex::kMale, Employment::kEmployed, false, 0, false},
                      RegistrationCase{"Retired", 45, Sex::kMale, Employment::kRetired, false, 0, false},
                      RegistrationCase{"Student", 20, Sex::kMale, Employment::kStudent, false, 0, false},
                      RegistrationCase{"InSchool", 17, Sex::kMale, Employment::kUnemployed, true, 0, false},
                      RegistrationCase{"SeverelyDisabled", 30, Sex::kMale, Employment::kUnemployed, false, 2, false},
                      RegistrationCase{"Grade3Disabled", 30, Sex::kMale, Employment::kUnemployed, false, 3, true}),
    [](const ::testing::TestParamInfo<RegistrationCase>& i) { return std::string(i.param.name); });

TEST(Registration, RetirementAgeFollowsTheParameter) {
  HouseholdBuilder b;
  int w = b.add_aged(52, kOct2019, Sex::kFemale);
  EXPECT_THAT(assess_month(b.household(), kOct2019, "retirement_age.female: 55"),
              HasFlag(Item::kAssistanceRegistration, w));
}

TEST(Registration, NotForTekun) {
  // Seriously ill at 45, no supporter: C1, and C1 persons are not registered.
  HouseholdBuilder b;
  int t = b.add_aged(45, kOct2019);
  b.supporters(t, model::Supporters::kNone).member(t).serious_illness = true;
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(t, PersonCategory::kTekun));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kAssistanceRegistration)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kZeroEmploymentHousehold)));
}

TEST(Registration, OrphansOfSixteenAndSeventeen) {
  HouseholdBuilder b;
  int o = b.add_aged(17, kOct2019);
  b.orphan(o, model::OrphanKind::kScattered);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(o, PersonCategory::kOrphan));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, o));
}

TEST(Registration, DibaoSingles) {
  HouseholdBuilder b;
  int h = b.add_aged(36, kOct2019);
  int w = b.add_aged(34, kOct2019, Sex::kFemale);
  b.employment(h, Employment::kEmployed).yearly_income(h, kOct2019, yuan(2600));
  b.member(w).community_correction = true;
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, HasPerson(w, PersonCategory::kDibaoSingle));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, w));
  EXPECT_THAT(a, Not(HasItemFor(Item::kAssistanceRegistration, h)));
}

TEST(Registration, NotForAHouseholdThatIsNotCovered) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.add_aged(40, kOct2019, Sex::kFemale);
  b.employment(a, Employment::kEmployed).yearly_income(a, kOct2019, yuan(5000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kAssistanceRegistration)));
}

TEST(Registration, UnknownEmploymentOfAnAbleMemberIsUndetermined) {
  // 100 a month all year, so both income windows agree and the category is decided.
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  int c = b.add_aged(40, kOct2019, Sex::kFemale);
  b.employment_unknown(c).yearly_income(a, kOct2019, yuan(100), model::IncomeKind::kOther);
  Assessment r = assess_month(b.household(), kOct2019);
  ASSERT_THAT(r, IsCategory(Category::kDibao));
  EXPECT_THAT(r, Not(HasItemFor(Item::kAssistanceRegistration, c)));
  EXPECT_THAT(r, ListsUndetermined("members[" + b.id(c) + "].employment"));
}

// ---- R7.2 ----

TEST(ZeroEmployment, DibaoHouseholdWithTwoAbleAdultsAndNoJob) {
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  b.add_aged(40, kOct2019, Sex::kFemale);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasFlag(Item::kZeroEmploymentHousehold, kHousehold));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, 0));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, 1));
}

TEST(ZeroEmployment, NotWhenAMemberIsEmployed) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  int c = b.add_aged(40, kOct2019, Sex::kFemale);
  b.employment(c, Employment::kEmployed).yearly_income(c, kOct2019, yuan(600));
  Assessment r = assess_month(b.household(), kOct2019);
  ASSERT_THAT(r, IsCategory(Category::kDibao));
  EXPECT_THAT(r, HasFlag(Item::kAssistanceRegistration, a));
  EXPECT_THAT(r, Not(HasAnyItem(Item::kZeroEmploymentHousehold)));
}

TEST(ZeroEmployment, NotWithoutAnyoneAbleToWork) {
  // A man of 62 and a woman of 55 (both past the retirement age): nobody to register, no flag.
  HouseholdBuilder b;
  b.add_aged(62, kOct2019);
  b.add_aged(55, kOct2019, Sex::kFemale);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kZeroEmploymentHousehold)));
  EXPECT_THAT(a, Not(HasAnyItem(Item::kAssistanceRegistration)));
}

TEST(ZeroEmployment, LowIncomeHouseholdsToo) {
  // Income from a pension (nobody employed), medical costs: C4. The 45-year-old has no work.
  HouseholdBuilder b;
  int r = b.add_aged(62, kOct2019);
  b.add_aged(45, kOct2019, Sex::kMale);
  b.employment(r, Employment::kRetired).yearly_income(r, kOct2019, yuan(1400), model::IncomeKind::kPension);
  b.yearly_expenditure(-1, kOct2019, yuan(500));
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kLowIncome));
  EXPECT_THAT(a, HasFlag(Item::kZeroEmploymentHousehold, kHousehold));
}

TEST(ZeroEmployment, IsJudgedOverTheUnitAfterTakeOuts) {
  // An employed orphan of 17 is not in the unit: his uncle (45, no work) is, and nobody in the unit is
  // employed.
  HouseholdBuilder b;
  int uncle = b.add_aged(45, kOct2019, Sex::kMale);
  int o = b.add_aged(17, kOct2019);
  b.orphan(o, model::OrphanKind::kScattered).employment(o, Employment::kEmployed);
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a, HasFlag(Item::kAssistanceRegistration, uncle));
  EXPECT_THAT(a, HasFlag(Item::kZeroEmploymentHousehold, kHousehold));
}

}  // namespace
}  // namespace safetynet::rules
