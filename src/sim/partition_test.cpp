// Tests for the split of a population over ranks by 设区市 (sim/partition.hpp).
#include "sim/partition.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace safetynet::sim {
namespace {

TEST(Partition, WholeCitiesGoToTheLeastLoadedRank) {
  std::array<std::int64_t, kCities + 1> w{};
  w[0] = 100;  // 南宁
  w[1] = 60;   // 柳州
  w[2] = 50;   // 桂林
  w[3] = 10;   // 梧州
  // 100 → rank 0; 60 → rank 1; 50 → rank 1 (60 < 100) = 110; 10 → rank 0 = 110; empty cities to rank 0 then 1 …
  const auto parts = assign_cities(w, 2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_TRUE(std::find(parts[0].begin(), parts[0].end(), 0) != parts[0].end());
  EXPECT_TRUE(std::find(parts[0].begin(), parts[0].end(), 3) != parts[0].end());
  EXPECT_TRUE(std::find(parts[1].begin(), parts[1].end(), 1) != parts[1].end());
  EXPECT_TRUE(std::find(parts[1].begin(), parts[1].end(), 2) != parts[1].end());
  // Every city is somewhere, exactly once.
  std::vector<int> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kCities + 1));
  for (int i = 0; i <= kCities; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)], i);
  // One rank takes everything; more ranks than cities leaves some empty.
  EXPECT_EQ(assign_cities(w, 1)[0].size(), static_cast<std::size_t>(kCities + 1));
  EXPECT_EQ(assign_cities(w, 20).size(), 20u);
  // Without weights (the generator, a registry) the cities alternate: 8 and 7 of the 15 slots.
  const auto even = assign_cities({}, 2);
  EXPECT_EQ(even[0].size(), 8u);
  EXPECT_EQ(even[1].size(), 7u);
}

}  // namespace
}  // namespace safetynet::sim
