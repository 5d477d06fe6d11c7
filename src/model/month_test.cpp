// Tests for model/month.hpp: calendar months, civil dates, and the date rules of SPEC R2.7 (values and
// ages on the first day of the month; 29 February birthdays on 1 March in non-leap years; "+N months"
// clamped to the target month's last day).
#include "model/month.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace safetynet::model {
namespace {

using ::testing::Eq;
using ::testing::Optional;

TEST(Month, CountsMonthsAsIntegers) {
  const Month oct = Month::of(2019, 10);
  EXPECT_EQ(oct.year(), 2019);
  EXPECT_EQ(oct.month(), 10);
  EXPECT_EQ(oct.to_string(), "2019-10");
  // R2.1: the 12 months before 2019-10 are 2018-10 … 2019-09.
  EXPECT_EQ(oct.plus(-12), Month::of(2018, 10));
  EXPECT_EQ(oct.plus(-1), Month::of(2019, 9));
  EXPECT_EQ(Month::of(2019, 12).plus(1), Month::of(2020, 1));
  EXPECT_EQ(Month::of(2020, 1).plus(-1), Month::of(2019, 12));
  EXPECT_EQ(Month::of(2020, 1).index - Month::of(2019, 4).index, 9);
  EXPECT_LT(Month::of(2019, 12), Month::of(2020, 1));
  EXPECT_EQ(Month::of(2018, 1).to_string(), "2018-01");
}

TEST(ParseMonth, ReadsYyyyMm) {
  EXPECT_THAT(parse_month("2019-10"), Optional(Eq(Month::of(2019, 10))));
  EXPECT_THAT(parse_month("2020-01"), Optional(Eq(Month::of(2020, 1))));
  EXPECT_EQ(parse_month("2019-13"), std::nullopt);
  EXPECT_EQ(parse_month("2019-00"), std::nullopt);
  EXPECT_EQ(parse_month("2019-1"), std::nullopt);
  EXPECT_EQ(parse_month("19-10"), std::nullopt);
  EXPECT_EQ(parse_month("2019/10"), std::nullopt);
  EXPECT_EQ(parse_month("2019-10-01"), std::nullopt);
  EXPECT_EQ(parse_month(""), std::nullopt);
}

TEST(Date, KnowsLeapYears) {
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(2020));
  EXPECT_TRUE(is_leap_year(2016));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2019));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_EQ(days_in_month(2019, 2), 28);
  EXPECT_EQ(days_in_month(2020, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2019, 4), 30);
  EXPECT_EQ(days_in_month(2019, 12), 31);
}

TEST(ParseDate, AcceptsOnlyRealCivilDates) {
  EXPECT_THAT(parse_date("2019-10-01"), Optional(Eq(Date{2019, 10, 1})));
  EXPECT_THAT(parse_date("2020-02-29"), Optional(Eq(Date{2020, 2, 29})));
  EXPECT_THAT(parse_date("2000-02-29"), Optional(Eq(Date{2000, 2, 29})));
  EXPECT_EQ(parse_date("2019-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("1900-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2019-02-30"), std::nullopt);
  EXPECT_EQ(parse_date("2019-04-31"), std::nullopt);
  EXPECT_EQ(parse_date("2019-13-01"), std::nullopt);
  EXPECT_EQ(parse_date("2019-10-00"), std::nullopt);
  EXPECT_EQ(parse_date("2019-1-01"), std::nullopt);
  EXPECT_EQ(parse_date("2019/10/01"), std::nullopt);
  EXPECT_EQ(parse_date("20191001"), std::nullopt);
  EXPECT_EQ(Date({2019, 3, 2}).to_string(), "2019-03-02");
  EXPECT_EQ(Date({2019, 3, 2}).as_month(), Month::of(2019, 3));
}

TEST(AddMonths, ClampsToTheLastDayOfTheTargetMonth) {
  // R2.7: 2019-01-31 + 1 month = 2019-02-28.
  EXPECT_EQ(add_months(Date{2019, 1, 31}, 1), (Date{2019, 2, 28}));
  EXPECT_EQ(add_months(Date{2020, 1, 31}, 1), (Date{2020, 2, 29}));
  EXPECT_EQ(add_months(Date{2019, 8, 31}, 1), (Date{2019, 9, 30}));
  EXPECT_EQ(add_months(Date{2019, 3, 31}, -1), (Date{2019, 2, 28}));
  EXPECT_EQ(add_months(Date{2018, 10, 31}, 4), (Date{2019, 2, 28}));
  EXPECT_EQ(add_months(Date{2019, 12, 15}, 1), (Date{2020, 1, 15}));
  EXPECT_EQ(add_months(Date{2019, 1, 15}, 12), (Date{2020, 1, 15}));
  EXPECT_EQ(add_months(Date{2020, 2, 29}, 12), (Date{2021, 2, 28}));
  EXPECT_EQ(add_months(Date{2019, 5, 31}, 0), (Date{2019, 5, 31}));
}

TEST(FirstMonthOnOrAfter, AMidMonthDateAppliesFromTheNextMonth) {
  // R2.7: a value effective on 2019-07-01 applies to July; on 2019-07-15, from August.
  EXPECT_EQ(first_month_on_or_after(Date{2019, 7, 1}), Month::of(2019, 7));
  EXPECT_EQ(first_month_on_or_after(Date{2019, 7, 15}), Month::of(2019, 8));
  EXPECT_EQ(first_month_on_or_after(Date{2019, 7, 2}), Month::of(2019, 8));
  EXPECT_EQ(first_month_on_or_after(Date{2019, 12, 31}), Month::of(2020, 1));
  EXPECT_EQ(first_day(Month::of(2019, 10)), (Date{2019, 10, 1}));
}

TEST(AgeOn, CountsWholeYearsOnTheGivenDay) {
  EXPECT_EQ(age_on(Date{1959, 10, 1}, Date{2019, 10, 1}), 60);
  EXPECT_EQ(age_on(Date{1959, 10, 2}, Date{2019, 10, 1}), 59);
  EXPECT_EQ(age_on(Date{1959, 9, 30}, Date{2019, 10, 1}), 60);
  EXPECT_EQ(age_on(Date{2003, 10, 1}, Date{2019, 10, 1}), 16);
  EXPECT_EQ(age_on(Date{2003, 10, 2}, Date{2019, 10, 1}), 15);
  EXPECT_EQ(age_on(Date{2019, 10, 1}, Date{2019, 10, 1}), 0);
}

TEST(AgeOn, TwentyNinthOfFebruaryBirthdayIsFirstOfMarchInNonLeapYears) {
  const Date leapling{2000, 2, 29};
  // R2.7 worked cases: still 17 on 2018-02-01 and on 2018-02-28; 18 on 2018-03-01.
  EXPECT_EQ(age_on(leapling, Date{2018, 2, 1}), 17);
  EXPECT_EQ(age_on(leapling, Date{2018, 2, 28}), 17);
  EXPECT_EQ(age_on(leapling, Date{2018, 3, 1}), 18);
  // In a leap year the birthday is 29 February itself.
  EXPECT_EQ(age_on(leapling, Date{2020, 2, 28}), 19);
  EXPECT_EQ(age_on(leapling, Date{2020, 2, 29}), 20);
  EXPECT_EQ(age_on(leapling, Date{2020, 3, 1}), 20);
}

}  // namespace
}  // namespace safetynet::model

TEST(Days, CountFromTheUnixEpochBothWays) {
  EXPECT_EQ(safetynet::model::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(safetynet::model::days_from_civil(2019, 10, 1), 18170);
  EXPECT_EQ(safetynet::model::days_from_civil(1900, 3, 1), -25508);
  EXPECT_EQ(safetynet::model::civil_from_days(18170), (safetynet::model::Date{2019, 10, 1}));
  EXPECT_EQ(safetynet::model::civil_from_days(-25508), (safetynet::model::Date{1900, 3, 1}));
  // 29 February of a leap year round-trips.
  const long leap = safetynet::model::days_from_civil(2020, 2, 29);
  EXPECT_EQ(safetynet::model::civil_from_days(leap), (safetynet::model::Date{2020, 2, 29}));
  EXPECT_EQ(safetynet::model::civil_from_days(leap + 1), (safetynet::model::Date{2020, 3, 1}));
}
