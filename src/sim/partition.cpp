#include "sim/partition.hpp"

#include <algorithm>
#include <numeric>

namespace safetynet::sim {

std::vector<std::vector<int>> assign_cities(const std::array<std::int64_t, kCities + 1>& households, int ranks) {
  if (ranks < 1) ranks = 1;
  std::vector<int> order(households.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return households[static_cast<std::size_t>(a)] > households[static_cast<std::size_t>(b)];
  });
  std::vector<std::vector<int>> out(static_cast<std::size_t>(ranks));
  std::vector<std::int64_t> load(static_cast<std::size_t>(ranks), 0);
  for (int city : order) {
    // The least loaded rank; among equals the one with fewer cities (so unweighted cities alternate).
    std::size_t r = 0;
    for (std::size_t k = 1; k < load.size(); ++k) {
      if (load[k] < load[r] || (load[k] == load[r] && out[k].size() < out[r].size())) r = k;
    }
    out[r].push_back(city);
    load[r] += households[static_cast<std::size_t>(city)];
  }
  for (auto& cities : out) std::sort(cities.begin(), cities.end());
  return out;
}

}  // namespace safetynet::sim
