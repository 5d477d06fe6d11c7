// Tests for the simulation's counts (sim/tally.hpp): regions to 设区市, the change buckets, and merging.
#include "sim/tally.hpp"

#include <gtest/gtest.h>

namespace safetynet::sim {
namespace {

TEST(Tally, CitiesAreTheFourteenInCodeOrder) {
  EXPECT_EQ(city_index("450102001003"), 0);  // 南宁 兴宁区
  EXPECT_EQ(city_index("450202"), 1);        // 柳州
  EXPECT_EQ(city_index("451481"), 13);       // 崇左 凭祥市
  EXPECT_EQ(city_index("451500"), kCities);  // no such 设区市
  EXPECT_EQ(city_index("440102"), kCities);
  EXPECT_EQ(city_index("45"), kCities);
  EXPECT_EQ(city_code(0), "450100");
  EXPECT_EQ(city_code(13), "451400");
}

TEST(Tally, ChangeBucketsAreInYuanWithClosedUpperEnds) {
  EXPECT_EQ(change_bucket(-50000), 0);  // −500.00: "减少500元以上" includes −500
  EXPECT_EQ(change_bucket(-49999), 1);
  EXPECT_EQ(change_bucket(-10000), 1);
  EXPECT_EQ(change_bucket(-9999), 2);
  EXPECT_EQ(change_bucket(0), 3);
  EXPECT_EQ(change_bucket(1), 4);
  EXPECT_EQ(change_bucket(10000), 4);
  EXPECT_EQ(change_bucket(10001), 5);
  EXPECT_EQ(change_bucket(50000), 5);
  EXPECT_EQ(change_bucket(50001), 6);
}

rules::Assessment dibao(model::Fen benefit, int covered_members) {
  rules::Assessment a;
  a.category = rules::Category::kDibao;
  a.entitlements.push_back({rules::Item::kDibao, rules::Period::kMonth, -1, benefit, "R3.4"});
  (void)covered_members;
  return a;
}

TEST(Tally, MergingAddsCountsAndKeepsTheLargestMovers) {
  rules::Assessment none;
  Tally a, b;
  a.add("H-1", "450102", 3, dibao(95000, 3), dibao(114500, 3));  // +195.00
  b.add("H-2", "450202", 1, none, dibao(1500, 1));               // +15.00, newly paid
  b.add("H-3", "450202", 2, dibao(30000, 2), none);              // −300.00, no longer paid
  a.merge(b);
  const auto t = a.total();
  EXPECT_EQ(a.households(), 3);
  EXPECT_EQ(t.baseline.monthly_cash, 125000);
  EXPECT_EQ(t.reform.monthly_cash, 116000);
  EXPECT_EQ(t.change.gainers, 2);
  EXPECT_EQ(t.change.gain, 21000);
  EXPECT_EQ(t.change.losers, 1);
  EXPECT_EQ(t.change.loss, 30000);
  EXPECT_EQ(t.change.newly_paid, 1);
  EXPECT_EQ(t.change.no_longer_paid, 1);
  EXPECT_EQ(t.baseline.covered_persons, 5);  // 3 + 2 (dibao households' members)
  EXPECT_EQ(t.reform.covered_persons, 4);    // 3 + 1
  EXPECT_EQ(a.city(1).baseline.households[static_cast<int>(Group::kNone)], 1);
  ASSERT_EQ(a.top_gainers().size(), 2u);
  EXPECT_EQ(a.top_gainers()[0].household_id, "H-1");
  ASSERT_EQ(a.top_losers().size(), 1u);
  EXPECT_EQ(a.top_losers()[0].change(), -30000);
  // The flat counts round-trip (the MPI reduction's form).
  Tally c;
  c.set_counts(a.counts());
  EXPECT_EQ(c.counts(), a.counts());
  EXPECT_EQ(c.total().change.gain, 21000);
}

// Covered persons as the registry stores them: a household above the line with one R1.3b single (member 1
// covered on their own, living.dibao of their own) covers 1 person, not its 2 members.
TEST(Tally, ASingleInAHouseholdAboveTheLineCoversOnePerson) {
  rules::Assessment single;
  single.category = rules::Category::kNone;
  single.persons.push_back({1, rules::PersonCategory::kDibaoSingle});
  single.entitlements.push_back({rules::Item::kDibao, rules::Period::kMonth, 1, 11000, "R3.4"});
  Tally t;
  t.add("H-S", "450102", 2, single, dibao(7800, 2));  // the reform makes the whole household dibao
  EXPECT_EQ(t.total().baseline.covered_persons, 1);
  EXPECT_EQ(t.total().baseline.person_categories[static_cast<int>(rules::PersonCategory::kDibaoSingle)], 1);
  EXPECT_EQ(t.total().reform.covered_persons, 2);
  EXPECT_EQ(t.total().change.loss, 3200);  // 110.00 → 78.00
}

TEST(Tally, OnlyTheTenLargestMoversAreKeptTiesByHouseholdId) {
  Tally t;
  rules::Assessment none;
  for (int i = 0; i < 25; ++i) {
    // Gains of 1.00 … 25.00; the 25th and 24th ... down to 16th are kept. H-99 ties with the 16th.
    t.add("H-" + std::to_string(i + 10), "450102", 1, none, dibao(100 * (i + 1), 1));
  }
  t.add("H-00", "450102", 1, none, dibao(1600, 1));  // ties 16.00 with H-25, sorts first
  ASSERT_EQ(t.top_gainers().size(), static_cast<std::size_t>(Tally::kTopMovers));
  EXPECT_EQ(t.top_gainers().front().change(), 2500);
  EXPECT_EQ(t.top_gainers().back().change(), 1600);
  EXPECT_EQ(t.top_gainers().back().household_id, "H-00");
}

}  // namespace
}  // namespace safetynet::sim
