// Tests for params/parameter_set.hpp: region resolution county → 设区市 → 自治区 (450000), values in force
// on the first day of the month (R2.7), bounds of the covered months, and check_ordered.
#include "params/parameter_set.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/testing.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"

namespace safetynet::params {
namespace {

using ::safetynet::testing::IsOk;
using model::Month;

const ParameterSet& shipped() {
  static const ParameterSet set = [] {
    auto r = load_policy(model::default_policy_dir());
    EXPECT_THAT(r, IsOk());
    return r.ok() ? std::move(r).value() : ParameterSet{};
  }();
  return set;
}

Point at(model::Date d, std::int64_t v) { return Point{model::first_month_on_or_after(d), d, Decimal::of_int(v), ""}; }

Series series(std::initializer_list<Point> pts, bool bounded = true) {
  Series s;
  s.points = pts;
  s.bounded = bounded;
  return s;
}

TEST(ParameterSet, MinWageResolvesCountyThenRegion) {
  const Month oct = Month::of(2019, 10);
  // 兴宁区 (tier 1) and 武鸣区 (tier 1) have county files; 港北区 (贵港, tier 2) too.
  EXPECT_EQ(shipped().value("min_wage", "450102", oct), Decimal::of_int(1680));
  EXPECT_EQ(shipped().value("min_wage", "450110", oct), Decimal::of_int(1680));
  EXPECT_EQ(shipped().value("min_wage", "450802", oct), Decimal::of_int(1450));
  // 隆安县 has no file and 南宁市 (450100) none either: the 自治区 value (tier 3).
  EXPECT_EQ(shipped().value("min_wage", "450123", oct), Decimal::of_int(1300));
  // The retired code of 武鸣县 (450122) has no file of its own: it does not borrow 武鸣区's.
  EXPECT_EQ(shipped().value("min_wage", "450122", oct), Decimal::of_int(1300));
  // Street and community codes resolve through their county.
  EXPECT_EQ(shipped().value("min_wage", "450102001", oct), Decimal::of_int(1680));
  EXPECT_EQ(shipped().value("min_wage", "450102001003", oct), Decimal::of_int(1680));
  EXPECT_EQ(shipped().find("min_wage", "450123")->file, shipped().find("min_wage", "450000")->file);
}

TEST(ParameterSet, MinWageChangesOnItsDate) {
  EXPECT_EQ(shipped().value("min_wage", "450102", Month::of(2020, 2)), Decimal::of_int(1680));
  EXPECT_EQ(shipped().value("min_wage", "450102", Month::of(2020, 3)), Decimal::of_int(1810));
  EXPECT_EQ(shipped().value("min_wage", "450123", Month::of(2020, 3)), Decimal::of_int(1430));
}

TEST(ParameterSet, ResolvesCountyThenCityThenAutonomousRegion) {
  ParameterSet set;
  set.set("min_wage", "450000", series({at({2018, 1, 1}, 1300)}));
  set.set("min_wage", "450100", series({at({2018, 1, 1}, 1450)}));
  set.set("min_wage", "450102", series({at({2018, 1, 1}, 1680)}));
  const Month m = Month::of(2019, 10);
  EXPECT_EQ(set.value("min_wage", "450102", m), Decimal::of_int(1680));      // county
  EXPECT_EQ(set.value("min_wage", "450103", m), Decimal::of_int(1450));      // city
  EXPECT_EQ(set.value("min_wage", "450103001", m), Decimal::of_int(1450));   // street → city
  EXPECT_EQ(set.value("min_wage", "450802", m), Decimal::of_int(1300));      // 自治区
  EXPECT_EQ(set.value("no_such", "450102", m), std::nullopt);
}

TEST(ParameterSet, AnOverrideThatStartsLaterFallsBackToItsParent) {
  ParameterSet set;
  set.set("dibao_standard", "450000", series({at({2018, 1, 1}, 590)}));
  set.set("dibao_standard", "450100", series({at({2019, 7, 1}, 800)}));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 6)), Decimal::of_int(590));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 7)), Decimal::of_int(800));
}

TEST(ParameterSet, TakesTheValueInForceOnTheFirstDayOfTheMonth) {
  ParameterSet set;
  set.set("dibao_standard", "450000",
          series({at({2018, 1, 1}, 590), at({2019, 7, 1}, 650), at({2019, 10, 15}, 700)}));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 6)), Decimal::of_int(590));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 7)), Decimal::of_int(650));
  // Effective 2019-10-15: October keeps 650, November has 700 (R2.7).
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 10)), Decimal::of_int(650));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2019, 11)), Decimal::of_int(700));
}

TEST(ParameterSet, BoundedSeriesGiveNothingOutsideTheCoveredMonths) {
  ParameterSet set;  // covers 2018-01 … 2020-12 by default
  set.set("dibao_standard", "450000", series({at({2018, 1, 1}, 590)}));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2017, 12)), std::nullopt);
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2020, 12)), Decimal::of_int(590));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2021, 1)), std::nullopt);
  // An unbounded series (case params) holds beyond them.
  set.override_all("dibao_standard", series({at({2018, 1, 1}, 590)}, false));
  EXPECT_EQ(set.value("dibao_standard", "450102", Month::of(2021, 1)), Decimal::of_int(590));
}

TEST(ParameterSet, OverrideAllDropsRegionalSeries) {
  ParameterSet set;
  set.set("min_wage", "450000", series({at({2018, 1, 1}, 1300)}));
  set.set("min_wage", "450102", series({at({2018, 1, 1}, 1680)}));
  set.override_all("min_wage", series({at({2018, 1, 1}, 2000)}, false));
  EXPECT_EQ(set.value("min_wage", "450102", Month::of(2019, 10)), Decimal::of_int(2000));
  EXPECT_EQ(set.value("min_wage", "450802", Month::of(2019, 10)), Decimal::of_int(2000));
}

TEST(ParameterSet, ListsItsNames) {
  ParameterSet set;
  set.set("a", "450000", series({at({2018, 1, 1}, 1)}));
  set.set("b", "450102", series({at({2018, 1, 1}, 1)}));
  EXPECT_THAT(set.names(), ::testing::UnorderedElementsAre("a", "b"));
}

TEST(CheckOrdered, RefusesDuplicateAndUnorderedDates) {
  EXPECT_EQ(check_ordered({at({2018, 1, 1}, 1), at({2019, 1, 1}, 2)}), std::nullopt);
  EXPECT_EQ(check_ordered({}), std::nullopt);
  auto dup = check_ordered({at({2019, 1, 1}, 1), at({2019, 1, 1}, 2)});
  ASSERT_TRUE(dup.has_value());
  EXPECT_THAT(*dup, ::testing::HasSubstr("2019-01-01"));
  auto back = check_ordered({at({2019, 1, 1}, 1), at({2018, 6, 1}, 2)});
  ASSERT_TRUE(back.has_value());
  EXPECT_THAT(*back, ::testing::HasSubstr("2018-06-01"));
}

}  // namespace
}  // namespace safetynet::params
