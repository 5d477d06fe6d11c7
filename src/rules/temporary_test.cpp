// Tests for SPEC R9.2 (case-by-case grants: for households with a C1–C4 person; this month's requests in
// date order; each min(request, cap − paid in that calendar year) floored to whole yuan; one item per
// month, the sum) and R9.3 (C4 households get the social-referral flag).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using ::testing::HasSubstr;
using ::testing::Not;
using model::Month;

const Month kOct2019 = Month::of(2019, 10);

// A dibao household of two without income.
HouseholdBuilder dibao_two(Month m = kOct2019) {
  HouseholdBuilder b;
  b.add_aged(45, m);
  b.add_aged(40, m, model::Sex::kFemale);
  return b;
}

TEST(CaseByCase, GrantsTheRequestWithinTheCap) {
  HouseholdBuilder b = dibao_two();
  b.request(date(2019, 10, 10), yuan(8000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kCaseByCase, kHousehold, yuan(8000)));
  EXPECT_EQ(find_item(a, Item::kCaseByCase, kHousehold)->period, Period::kMonth);
  EXPECT_EQ(a.monthly_cash(), yuan(1300 + 8000));
}

TEST(CaseByCase, IsCappedAtFiftyThousandAYear) {
  // 45000 paid this year: 5000 left.
  HouseholdBuilder b = dibao_two();
  b.paid(date(2019, 3, 2), yuan(30000)).paid(date(2019, 6, 1), yuan(15000));
  b.request(date(2019, 10, 10), yuan(8000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kCaseByCase, kHousehold, yuan(5000)));
  EXPECT_THAT(assess_month(b.household(), kOct2019, "temporary.case_by_case_cap: 48000"),
              HasItem(Item::kCaseByCase, kHousehold, yuan(3000)));
}

TEST(CaseByCase, RemainderIsFlooredToWholeYuan) {
  // 30000 + 15000.50 paid: 4999.50 left -> 4999.
  HouseholdBuilder b = dibao_two();
  b.paid(date(2019, 3, 2), yuan(30000)).paid(date(2019, 6, 1), yuan(15000) + 50);
  b.request(date(2019, 10, 10), yuan(8000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), HasItem(Item::kCaseByCase, kHousehold, yuan(4999)));
  // A request with fen is floored too.
  HouseholdBuilder c = dibao_two();
  c.request(date(2019, 10, 10), yuan(1234) + 99);
  EXPECT_THAT(assess_month(c.household(), kOct2019), HasItem(Item::kCaseByCase, kHousehold, yuan(1234)));
}

TEST(CaseByCase, NothingLeftMeansNoItem) {
  HouseholdBuilder b = dibao_two();
  b.paid(date(2019, 1, 15), yuan(50000));
  b.request(date(2019, 10, 10), yuan(1000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kCaseByCase)));
  // Less than a yuan left is nothing too.
  HouseholdBuilder c = dibao_two();
  c.paid(date(2019, 1, 15), yuan(50000) - 50);
  c.request(date(2019, 10, 10), yuan(1000));
  EXPECT_THAT(assess_month(c.household(), kOct2019), Not(HasAnyItem(Item::kCaseByCase)));
}

TEST(CaseByCase, TheCapResetsWithTheCalendarYear) {
  HouseholdBuilder b = dibao_two(Month::of(2020, 1));
  b.paid(date(2019, 3, 2), yuan(30000)).paid(date(2019, 11, 20), yuan(20000));
  b.request(date(2020, 1, 8), yuan(8000));
  EXPECT_THAT(assess_month(b.household(), Month::of(2020, 1)), HasItem(Item::kCaseByCase, kHousehold, yuan(8000)));
}

TEST(CaseByCase, TwoRequestsInOneMonthMakeOneItem) {
  HouseholdBuilder b = dibao_two();
  b.request(date(2019, 10, 3), yuan(3000)).request(date(2019, 10, 25), yuan(4000));
  Assessment a = assess_month(b.household(), kOct2019);
  EXPECT_THAT(a, HasItem(Item::kCaseByCase, kHousehold, yuan(7000)));
  EXPECT_EQ(count_items(a, Item::kCaseByCase, kHousehold), 1);
}

TEST(CaseByCase, RequestsCountInDateOrder) {
  // 45000 paid; the record lists the 20th before the 5th. In date order the 5th's 4000 is granted
  // whole and the 20th's 3000 gets the last 1000 (listed order would give 3000, then 2000).
  HouseholdBuilder b = dibao_two();
  b.paid(date(2019, 2, 1), yuan(45000));
  b.request(date(2019, 10, 20), yuan(3000)).request(date(2019, 10, 5), yuan(4000));
  Assessment a = assess_month(b.household(), kOct2019, "", /*explain=*/true);
  EXPECT_THAT(a, HasItem(Item::kCaseByCase, kHousehold, yuan(5000)));
  std::vector<std::string> steps;
  for (const auto& s : a.explanation)
    if (std::string(s.rule) == "R9.2") steps.push_back(s.text);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_THAT(steps[0], HasSubstr("4000.00"));
  EXPECT_THAT(steps[0], HasSubstr("核给 4000.00"));
  EXPECT_THAT(steps[1], HasSubstr("3000.00"));
  EXPECT_THAT(steps[1], HasSubstr("核给 1000.00"));
}

TEST(CaseByCase, OnlyThisMonthsRequests) {
  HouseholdBuilder b = dibao_two();
  b.request(date(2019, 9, 28), yuan(3000)).request(date(2019, 11, 2), yuan(3000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kCaseByCase)));
}

TEST(CaseByCase, OnlyForHouseholdsWithACoveredPerson) {
  HouseholdBuilder b;
  int a = b.add_aged(45, kOct2019);
  b.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(5000));
  b.request(date(2019, 10, 10), yuan(8000));
  EXPECT_THAT(assess_month(b.household(), kOct2019), Not(HasAnyItem(Item::kCaseByCase)));
}

TEST(CaseByCase, AHouseholdOfATekunPersonQualifies) {
  // Category none (all persons C1), but it has a C1 person.
  HouseholdBuilder b;
  b.add_aged(75, kOct2019);
  b.supporters(0, model::Supporters::kNone);
  b.request(date(2019, 10, 10), yuan(8000));
  Assessment a = assess_month(b.household(), kOct2019);
  ASSERT_THAT(a, IsCategory(Category::kNone));
  EXPECT_THAT(a, HasItem(Item::kCaseByCase, kHousehold, yuan(8000)));
}

// ---- R9.3 ----

TEST(SocialReferral, LowIncomeHouseholdsOnly) {
  HouseholdBuilder c4;
  int a = c4.add_aged(45, kOct2019);
  c4.add_aged(40, kOct2019, model::Sex::kFemale);
  c4.employment(a, model::Employment::kEmployed).yearly_income(a, kOct2019, yuan(2400));
  c4.yearly_expenditure(-1, kOct2019, yuan(700));
  Assessment low = assess_month(c4.household(), kOct2019);
  ASSERT_THAT(low, IsCategory(Category::kLowIncome));
  EXPECT_THAT(low, HasFlag(Item::kSocialReferral, kHousehold));
  EXPECT_THAT(assess_month(dibao_two().household(), kOct2019), Not(HasAnyItem(Item::kSocialReferral)));
}

}  // namespace
}  // namespace safetynet::rules
