// Property tests (rapidcheck, STYLE.md "Tests"): for simple households — adults of working age, all
// employed (so the ordinary 12-month window applies), able legal supporters, no disability, no assets,
// no expenditure, no history — the rules must satisfy, whatever the income:
//   * the dibao benefit never goes up when income goes up (R3.4), and is never negative;
//   * category dibao exactly when per-capita income is below the standard (R1.3), else none, and the
//     benefit is covered × standard − income per month rounded half away from zero (R2.6);
//   * every listed amount is positive (amounts of 0 are not listed).
// And for Money: format/parse round trips, and the rounding helpers bracket the exact value.
// Region 450102, 2019-10: standard 650, window 12 months, rounding 1 yuan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <climits>
#include <vector>

#include "io/household_record.hpp"
#include "model/money.hpp"
#include "model/region.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::rules {
namespace {

using namespace ::safetynet::rules::testing;
using model::Fen;
using model::Month;

// 128-bit products for exact comparisons, like the engine's (`__extension__` keeps -Wpedantic quiet).
__extension__ typedef __int128 Int128;

const Month kOct2019 = Month::of(2019, 10);
constexpr Fen kStandard = 65000;  // fen, 2019 (policy/)

const MonthParams& params() {
  static const params::ParameterSet set = policy_with("");
  static const MonthParams p = resolve_month_params(set, "450102", kOct2019);
  return p;
}

// `members` employed adults; `wages[i]` fen is member (i % members)'s income in window month i % 12.
model::Household simple_household(int members, const std::vector<Fen>& wages) {
  HouseholdBuilder b;
  for (int i = 0; i < members; ++i) {
    int m = b.add_aged(25 + 5 * i, kOct2019, i % 2 ? model::Sex::kFemale : model::Sex::kMale);
    b.employment(m, model::Employment::kEmployed);
  }
  for (std::size_t i = 0; i < wages.size(); ++i)
    b.income(static_cast<int>(i) % members, kOct2019.plus(-12 + static_cast<int>(i % 12)), wages[i]);
  return b.build();
}

Assessment run(const model::Household& h) {
  Assessment a;
  assess(h, kOct2019, params(), Options{}, a);
  return a;
}

Fen total(const std::vector<Fen>& v) {
  Fen s = 0;
  for (Fen x : v) s += x;
  return s;
}

// Twelve monthly wages around the standard for `members` persons (so about half the households are
// below it); one time in four the year's total is set to the boundary itself, one fen below, or one
// fen above (R1.3: equal does not qualify).
rc::Gen<std::vector<Fen>> gen_wages(int members) {
  return rc::gen::exec([members] {
    const Fen line = kStandard * members;  // per month
    auto wages = *rc::gen::container<std::vector<Fen>>(12, rc::gen::inRange<Fen>(0, 2 * line + 1));
    if (*rc::gen::inRange(0, 4) == 0) {
      const Fen delta = *rc::gen::element<Fen>(-1, 0, 1);
      Fen sum = 0;
      for (std::size_t i = 0; i + 1 < wages.size(); ++i) sum += wages[i];
      const Fen last = 12 * line + delta - sum;
      if (last >= 0) wages.back() = last;
    }
    return wages;
  });
}

RC_GTEST_PROP(DibaoProperty, BenefitIsMonotoneNonIncreasingInIncome, ()) {
  const int members = *rc::gen::inRange(1, 6);
  auto wages = *gen_wages(members);
  const std::size_t at = *rc::gen::inRange<std::size_t>(0, wages.size());
  const Fen more = *rc::gen::inRange<Fen>(1, 200000);
  const Fen before = run(simple_household(members, wages)).dibao_benefit();
  wages[at] += more;
  const Fen after = run(simple_household(members, wages)).dibao_benefit();
  RC_ASSERT(after <= before);
  RC_ASSERT(after >= 0);
}

RC_GTEST_PROP(DibaoProperty, CategoryIsDibaoIffPerCapitaIncomeIsBelowTheStandard, ()) {
  const int members = *rc::gen::inRange(1, 6);
  const auto wages = *gen_wages(members);
  const Fen income = total(wages);
  const Assessment a = run(simple_household(members, wages));
  RC_ASSERT(a.undetermined.empty());
  RC_ASSERT(!a.refusal.has_value());
  const bool below = income < kStandard * 12 * members;  // compared unrounded (R2.6)
  RC_CLASSIFY(below, "below the standard");
  RC_ASSERT((a.category == Category::kDibao) == below);
  if (below) {
    const Fen expected = model::round_half_away(
        static_cast<Int128>(members) * kStandard * 12 - income, 12, model::kFenPerYuan);
    RC_ASSERT(a.dibao_benefit() == expected);
  } else {
    RC_ASSERT(a.category == Category::kNone);  // no rigid expenditure: not C4 either
    RC_ASSERT(a.dibao_benefit() == 0);
  }
}

RC_GTEST_PROP(DibaoProperty, AmountsAreNeverNegativeOrZero, ()) {
  const int members = *rc::gen::inRange(1, 6);
  const Assessment a = run(simple_household(members, *gen_wages(members)));
  for (const auto& e : a.entitlements) {
    if (e.period == Period::kFlag) {
      RC_ASSERT(e.amount == 0);
    } else {
      RC_ASSERT(e.amount > 0);
    }
  }
  RC_ASSERT(a.monthly_cash() >= 0);
}

RC_GTEST_PROP(DibaoProperty, BenefitIsAtMostTheFullStandardForEveryone, ()) {
  const int members = *rc::gen::inRange(1, 6);
  const Assessment a = run(simple_household(members, *gen_wages(members)));
  RC_ASSERT(a.dibao_benefit() <= kStandard * members);
}

// ---- Money ----

RC_GTEST_PROP(MoneyProperty, FormatThenParseRoundTrips, ()) {
  const Fen f = *rc::gen::inRange<Fen>(0, LLONG_MAX);
  const auto back = model::parse_yuan(model::format_yuan(f));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == f);
  const auto neg = model::parse_signed_yuan(model::format_yuan(-f));
  RC_ASSERT(neg.has_value());
  RC_ASSERT(*neg == -f);
}

RC_GTEST_PROP(MoneyProperty, ParseReadsYuanAndFenExactly, ()) {
  const Fen whole = *rc::gen::inRange<Fen>(0, 1000000000000LL);
  const int cents = *rc::gen::inRange(0, 100);
  const int form = *rc::gen::inRange(0, 3);  // "12", "12.5", "12.50"
  std::string text = std::to_string(whole);
  Fen expected = whole * 100;
  if (form == 1 && cents % 10 == 0) {
    text += "." + std::to_string(cents / 10);
    expected += cents;
  } else if (form >= 1) {
    text += "." + std::string(cents < 10 ? "0" : "") + std::to_string(cents);
    expected += cents;
  }
  const auto v = model::parse_yuan(text);
  RC_ASSERT(v.has_value());
  RC_ASSERT(*v == expected);
  // A third decimal other than 0 is finer than a fen.
  const int third = *rc::gen::inRange(1, 10);
  RC_ASSERT(!model::parse_yuan(std::to_string(whole) + "." + (cents < 10 ? "0" : "") + std::to_string(cents) +
                               std::to_string(third))
                 .has_value());
}

RC_GTEST_PROP(MoneyProperty, RoundingHelpersBracketTheExactValue, ()) {
  const Fen num = *rc::gen::inRange<Fen>(-1000000000, 1000000000);
  const Fen den = *rc::gen::inRange<Fen>(1, 1000);
  const Fen unit = *rc::gen::element<Fen>(1, 100, 1000);
  const Fen half = model::round_half_away(num, den, unit);
  const Fen up = model::round_up(num, den, unit);
  const Fen down = model::round_down(num, den, unit);
  RC_ASSERT(half % unit == 0);
  RC_ASSERT(up % unit == 0);
  RC_ASSERT(down % unit == 0);
  // down ≤ num/den ≤ up, within one unit, compared exactly by cross-multiplying.
  RC_ASSERT(static_cast<Int128>(down) * den <= num);
  RC_ASSERT(static_cast<Int128>(up) * den >= num);
  RC_ASSERT(up - down <= unit);
  // Half away from zero is within half a unit: |half × den − num| × 2 ≤ unit × den.
  Int128 diff = static_cast<Int128>(half) * den - num;
  if (diff < 0) diff = -diff;
  RC_ASSERT(diff * 2 <= static_cast<Int128>(unit) * den);
  // Symmetric about zero.
  RC_ASSERT(model::round_half_away(-num, den, unit) == -half);
}

// ---- records ----

RC_GTEST_PROP(RecordProperty, JsonRoundTripKeepsEveryAmount, ()) {
  const model::RegionCatalog& regions = shipped_regions();
  const int members = *rc::gen::inRange(1, 6);
  const auto wages = *gen_wages(members);
  model::Household h = simple_household(members, wages);
  h.assets->financial = *rc::gen::inRange<Fen>(0, 100000000);
  const auto back = io::parse_household_text(io::household_to_json(h), regions);
  RC_ASSERT(back.ok());
  RC_ASSERT(back->members.size() == h.members.size());
  RC_ASSERT(back->income->size() == h.income->size());
  for (std::size_t i = 0; i < h.income->size(); ++i) {
    RC_ASSERT((*back->income)[i].amount == (*h.income)[i].amount);
    RC_ASSERT((*back->income)[i].member == (*h.income)[i].member);
    RC_ASSERT((*back->income)[i].month == (*h.income)[i].month);
  }
  RC_ASSERT(back->assets->financial == h.assets->financial);
  RC_ASSERT(io::household_to_json(*back) == io::household_to_json(h));
}

}  // namespace
}  // namespace safetynet::rules
