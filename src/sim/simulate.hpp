#pragma once
// Population simulation (issue 5, ARCHITECTURE "sim/"): every household of a population assessed for one
// month under the baseline parameters and under a reform (params::apply_reform_file), counted into a
// Tally (sim/tally.hpp): cost and coverage by 设区市 and category, who gains and who loses.
//
// Three sources of households:
//   - a population file (sim/population_file.hpp): chunks read and assessed on every core; the fast path
//     for whole-province runs, and the one a distributed run splits by region;
//   - the seeded generator (sim/generator.hpp): generated on one thread while the others assess;
//   - a registry (registry/registry.hpp): its open households, with their history, as `assess` sees them.
// Households are assessed exactly as by `safetynet assess` (rules::assess, no explanations) and then
// forgotten: memory does not grow with the population. Only households whose 设区市 is in
// `options.cities` are counted (a rank's share in a distributed run).
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "base/result.hpp"
#include "model/month.hpp"
#include "params/parameter_set.hpp"
#include "registry/registry.hpp"
#include "sim/generator.hpp"
#include "sim/population_file.hpp"
#include "sim/tally.hpp"

namespace safetynet::sim {

struct SimulationOptions {
  model::Month month = model::Month::of(2019, 10);
  int threads = 0;          // 0 = every core
  // sim::city_index values this process counts; nullopt = every 设区市 (an empty list counts none: a rank
  // with no city of its own).
  std::optional<std::vector<int>> cities;
  std::FILE* progress = nullptr;
};

struct SimulationRun {
  Tally tally;
  std::int64_t households = 0;  // households counted (after the city filter)
  std::int64_t skipped = 0;     // households read but belonging to another process's cities
  double seconds = 0;           // wall time of the run
};

// The population file's chunks of the selected cities. Problems: `bad_file` / `io_error` from the reader.
Result<SimulationRun> simulate_file(const PopulationReader& population, const params::ParameterSet& baseline,
                                   const params::ParameterSet& reform, const SimulationOptions& options);

// Households 0 … n-1 of `seed` from `generator` (every process generates the whole sequence and keeps
// its cities: same totals, no speed-up across processes; docs/simulation.md).
SimulationRun simulate_generated(const Generator& generator, std::uint64_t seed, std::size_t n,
                                 const params::ParameterSet& baseline, const params::ParameterSet& reform,
                                 const SimulationOptions& options);

// Every open household of the registry (with history before the month merged, as `assess` reads it).
SimulationRun simulate_registry(registry::Registry& registry, const params::ParameterSet& baseline,
                                const params::ParameterSet& reform, const SimulationOptions& options);

}  // namespace safetynet::sim
