// Tests for rules/assess.hpp as a whole: parameters by date and region (R2.7), refusal with
// `no_parameter` only for a parameter a rule needs, the explanation's rule ids, and the Assessment helpers
// (item names, monthly cash of SPEC "R12.1 payroll", the reusable buffer).
#include "rules/assess.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::Contains;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Not;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

HouseholdBuilder one_person(Month m = kOct2019) {
  HouseholdBuilder b;
  b.add_aged(40, m);
  return b;
}

TEST(Assess, RefusesAMonthOutsideThePolicyFiles) {
  // policy/ covers 2018-01 … 2020-12.
  Assessment a = assess_month(one_person(Month::of(2021, 1)).household(), Month::of(2021, 1));
  EXPECT_THAT(a.refusal, HasProblem("no_parameter", ::testing::_));
  EXPECT_THAT(a, IsCategory(Category::kUndetermined));
  EXPECT_THAT(a.entitlements, IsEmpty());
}

TEST(Assess, RefusesAMonthOutsideThePolicyFilesWhateverTheHousehold) {
  // Regression (issue 2, found trying the product): an elderly person or a child reaches the tekun test
  // (R1.1), which needs the income window; with no parameter in force it must refuse, not crash.
  for (int age : {72, 10, 30}) {
    HouseholdBuilder b;
    b.add_aged(age, Month::of(2025, 1));
    Assessment a = assess_month(b.household(), Month::of(2025, 1));
    EXPECT_THAT(a.refusal, HasProblem("no_parameter", ::testing::_)) << "age " << age;
    EXPECT_THAT(a.entitlements, IsEmpty());
  }
}

TEST(Assess, RefusesWhenTheCasesOwnStandardIsNotYetInForce) {
  // The only dibao_standard takes effect 2020-01-01; C3 needs it on 2019-10-01.
  Assessment a = assess_month(one_person().household(), kOct2019, "dibao_standard: {2020-01-01: 720}");
  EXPECT_THAT(a.refusal, HasProblem("no_parameter", "dibao_standard"));
  Assessment b = assess_month(one_person(Month::of(2020, 1)).household(), Month::of(2020, 1),
                              "dibao_standard: {2020-01-01: 720}");
  EXPECT_THAT(b.refusal, IsOk());
  EXPECT_THAT(b, HasItem(Item::kDibao, kHousehold, yuan(720)));
}

TEST(Assess, TheZeroEmploymentWindowIsNeededOnlyWhenNobodyWorks) {
  // R1.3a's 3-month window has no value in force in 2019-10 here: a household where someone works never
  // needs it; one where nobody works does (SPEC: no_parameter only for what a rule needs).
  const char* params = "zero_employment_window_months: {2030-01-01: 3}";
  HouseholdBuilder works = one_person();
  works.employment(0, model::Employment::kEmployed);
  Assessment a = assess_month(works.household(), kOct2019, params);
  EXPECT_THAT(a.refusal, IsOk());
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
  HouseholdBuilder idle = one_person();
  idle.employment(0, model::Employment::kUnemployed);
  EXPECT_THAT(assess_month(idle.household(), kOct2019, params).refusal,
              HasProblem("no_parameter", "zero_employment_window_months"));
}

TEST(Assess, DoesNotRefuseForAParameterNoRuleNeeds) {
  // The care fee needs the minimum wage only for a C1 person who cannot care for himself.
  Assessment a = assess_month(one_person().household(), kOct2019, "min_wage: {2021-01-01: 2000}");
  EXPECT_THAT(a.refusal, IsOk());
  EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(650)));
  HouseholdBuilder t;
  t.add_aged(75, kOct2019);
  t.supporters(0, model::Supporters::kNone).self_care(0, model::SelfCare::kNone);
  EXPECT_THAT(assess_month(t.household(), kOct2019, "min_wage: {2021-01-01: 2000}").refusal,
              HasProblem("no_parameter", "min_wage"));
}

TEST(Assess, StandardRaisedOnTheFirstAppliesThatMonth) {
  const char* params = "dibao_standard: {2018-01-01: 590, 2019-07-01: 650}";
  EXPECT_THAT(assess_month(one_person(Month::of(2019, 6)).household(), Month::of(2019, 6), params),
              HasItem(Item::kDibao, kHousehold, yuan(590)));
  EXPECT_THAT(assess_month(one_person(Month::of(2019, 7)).household(), Month::of(2019, 7), params),
              HasItem(Item::kDibao, kHousehold, yuan(650)));
}

TEST(Assess, StreetAndCommunityCodesUseTheirCountysParameters) {
  // 450802 港北区: min wage 1450 -> care fee 0.6 × 1450 = 870, whether given as county, street or community.
  for (const char* region : {"450802", "450802001", "450802001001"}) {
    HouseholdBuilder b(region);
    b.add_aged(75, kOct2019);
    b.supporters(0, model::Supporters::kNone).self_care(0, model::SelfCare::kNone);
    EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kCareFee, 0, yuan(870))) << region;
  }
}

TEST(Assess, ExplanationCitesTheRulesItUsed) {
  // R2.6's example: pci 333.33 = 12000 / 12 / 3; 3 × 650 − 1000 = 950.
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  int e = b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.add_aged(20, kOct2019);
  b.employment(e, model::Employment::kEmployed).yearly_income(e, kOct2019, yuan(1000));
  Assessment a = assess_month(b.household(), kOct2019, "", /*explain=*/true);
  std::vector<std::string> rules;
  for (const auto& s : a.explanation) rules.push_back(s.rule);
  EXPECT_THAT(rules, Contains("R2.1"));
  EXPECT_THAT(rules, Contains("R3.4"));
  EXPECT_THAT(a.explanation, Contains(Field(&Step::text, ::testing::HasSubstr("333.33"))));
  EXPECT_THAT(a.explanation, Contains(Field(&Step::text, ::testing::HasSubstr("950.00"))));
  // Without `explain`, no steps are built.
  EXPECT_THAT(assess_month(b.household(), kOct2019).explanation, IsEmpty());
}

TEST(Assess, MonthlyCashSumsTheRosterItemsOnly) {
  // Dibao 1300 + a disabled member's 80 + 80; yearly premium subsidies are not cash of the month.
  HouseholdBuilder b;
  b.add_aged(45, kOct2019);
  int d = b.add_aged(40, kOct2019, model::Sex::kFemale);
  b.disability(d, 1, model::DisabilityType::kPhysical);
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_EQ(a.monthly_cash(), yuan(1300 + 80 + 80));
  EXPECT_EQ(a.dibao_benefit(), yuan(1300));
}

TEST(Assess, TheBufferIsClearedBetweenHouseholds) {
  Assessment a;
  const params::ParameterSet set = policy_with("");
  HouseholdBuilder undetermined = one_person();
  undetermined.unknown_income();
  assess(undetermined.household(), kOct2019, resolve_month_params(set, "450102", kOct2019), Options{}, a);
  ASSERT_THAT(a, IsCategory(Category::kUndetermined));
  assess(one_person().household(), kOct2019, resolve_month_params(set, "450102", kOct2019), Options{}, a);
  EXPECT_THAT(a, IsCategory(Category::kDibao));
  EXPECT_THAT(a.undetermined, IsEmpty());
  EXPECT_EQ(count_items(a, Item::kDibao, kHousehold), 1);
}

TEST(Assess, ParamCacheResolvesOncePerCountyAndMonth) {
  const params::ParameterSet set = policy_with("");
  ParamCache cache(set);
  const MonthParams& a = cache.get("450102001", kOct2019);
  const MonthParams& b = cache.get("450102", kOct2019);
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(a.region, "450102");
  EXPECT_EQ(a.min_wage, params::Decimal::of_int(1680));
  EXPECT_EQ(cache.get("450802", kOct2019).min_wage, params::Decimal::of_int(1450));
}

TEST(ItemNames, RoundTripAndNameTheirLine) {
  for (int i = 0; i < static_cast<int>(Item::kCount); ++i) {
    const Item item = static_cast<Item>(i);
    EXPECT_EQ(parse_item(item_name(item)), item) << item_name(item);
  }
  EXPECT_STREQ(item_name(Item::kDibao), "living.dibao");
  EXPECT_STREQ(item_name(Item::kPremiumSubsidy), "medical.premium_subsidy");
  EXPECT_STREQ(item_name(Item::kCaseByCase), "temporary.case_by_case");
  EXPECT_EQ(item_line(Item::kZeroEmploymentHousehold), "employment");
  EXPECT_EQ(parse_item("living.nothing"), std::nullopt);
  EXPECT_TRUE(is_monthly_cash(Item::kRentSubsidy));
  EXPECT_FALSE(is_monthly_cash(Item::kMedicalAssistance));
  EXPECT_STREQ(category_name(Category::kLowIncome), "low_income");
  EXPECT_STREQ(person_category_name(PersonCategory::kDibaoSingle), "dibao_single");
}

}  // namespace
}  // namespace safetynet::rules
