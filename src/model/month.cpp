#include "model/month.hpp"

#include <chrono>
#include <cstdio>

namespace safetynet::model {
namespace {

// Reads exactly `n` ASCII digits at `s[pos]`; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string Month::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Month> parse_month(std::string_view t) {
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  int y = digits(t, 0, 4), m = digits(t, 5, 2);
  if (y < 1 || m < 1 || m > 12) return std::nullopt;
  return Month::of(y, m);
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool is_valid_date(int y, int m, int d) {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = digits(t, 0, 4), m = digits(t, 5, 2), d = digits(t, 8, 2);
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

Month first_month_on_or_after(Date d) {
  Month m = d.as_month();
  return d.day == 1 ? m : m.plus(1);
}

int age_on(Date birth, Date on) {
  int bm = birth.month, bd = birth.day;
  if (bm == 2 && bd == 29 && !is_leap_year(on.year)) {
    bm = 3;  // R2.7: the birthday falls on 1 March in a non-leap year
    bd = 1;
  }
  int age = on.year - birth.year;
  if (on.month < bm || (on.month == bm && on.day < bd)) --age;
  return age;
}

long days_from_civil(int year, int month, int day) {
  using namespace std::chrono;
  const sys_days d{std::chrono::year{year} / static_cast<unsigned>(month) / static_cast<unsigned>(day)};
  return static_cast<long>(d.time_since_epoch().count());
}

Date civil_from_days(long days) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

Date add_months(Date d, int months) {
  Month m = d.as_month().plus(months);
  int last = days_in_month(m.year(), m.month());
  return Date{m.year(), m.month(), d.day > last ? last : d.day};
}

}  // namespace safetynet::model
