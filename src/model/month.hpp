#pragma once
// Civil dates and calendar months (SPEC R2.7).
//
// `Month` is a calendar month stored as a count (year * 12 + month - 1) so that windows ("the 12 months
// before the month assessed", R2.1) are integer arithmetic. `Date` is a civil date. Parameters and ages
// are taken on the first day of the month assessed; a person born on 29 February has birthdays on
// 1 March in non-leap years; "+N months" clamps to the last day of the target month. Values only.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet::model {

struct Month {
  int index = 0;  // year * 12 + (month - 1)

  static constexpr Month of(int year, int month) { return Month{year * 12 + month - 1}; }
  constexpr int year() const { return index / 12; }
  constexpr int month() const { return index % 12 + 1; }
  constexpr Month plus(int months) const { return Month{index + months}; }
  friend constexpr auto operator<=>(Month, Month) = default;

  // "2019-10"
  std::string to_string() const;
};

// Parses "YYYY-MM" (month 01..12). nullopt otherwise (the caller reports `bad_date`).
std::optional<Month> parse_month(std::string_view text);

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend constexpr auto operator<=>(const Date&, const Date&) = default;

  Month as_month() const { return Month::of(year, month); }
  // "2019-10-01"
  std::string to_string() const;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool is_valid_date(int year, int month, int day);

// Parses "YYYY-MM-DD" as a real civil date. nullopt otherwise (`bad_date`).
std::optional<Date> parse_date(std::string_view text);

// First day of a month: the day parameters and ages are read on (R2.7).
constexpr Date first_day(Month m) { return Date{m.year(), m.month(), 1}; }

// The first month whose first day is on or after `d`: a value effective mid-month applies from the
// next month (R2.7). 2019-07-01 -> 2019-07; 2019-07-15 -> 2019-08.
Month first_month_on_or_after(Date d);

// Age in whole years on `on` (R2.7; 29 February birthdays fall on 1 March in non-leap years).
int age_on(Date birth, Date on);

// `d` plus `months` calendar months, clamped to the target month's last day (R2.7).
Date add_months(Date d, int months);

// Days since 1970-01-01 (negative before), and back: day arithmetic for Excel serial dates and the
// generator's birth dates, through <chrono>'s calendar types.
long days_from_civil(int year, int month, int day);
Date civil_from_days(long days);

}  // namespace safetynet::model
