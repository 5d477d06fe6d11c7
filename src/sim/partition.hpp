#pragma once
// How a distributed run splits a population by region (issue 5 "beyond one machine"): whole 设区市 go to
// ranks, so a rank reads only its cities' chunks of a population file (or its cities' households from a
// registry) and a city's figures come from one rank. Pure functions; values only.
#include <array>
#include <cstdint>
#include <vector>

#include "sim/tally.hpp"

namespace safetynet::sim {

// Assigns the cities (indices 0 … kCities, the last for codes outside the 14) to `ranks` ranks so that
// their households are as even as possible: largest city first, each to the rank with the fewest
// households so far (ties to the rank with fewer cities, then the lower rank: with no weights the cities
// alternate). Deterministic: every rank computes the same answer from
// the same weights. Cities with no households still go to some rank (a registry may gain some).
std::vector<std::vector<int>> assign_cities(const std::array<std::int64_t, kCities + 1>& households, int ranks);

}  // namespace safetynet::sim
