#pragma once
// `safetynet verify run`: economic-status verification of every open household for one month (SPEC
// R11.4–R11.5, R2.5, R11.1; docs/verification.md).
//
//  1. The loads in use: every load of a flow source (tax, social security, housing fund: a load covers
//     the months up to its as-of month); for a snapshot source, its latest load dated on or before the
//     month's last day.
//  2. Each open household's declared record is matched (verify/matcher.hpp): verified record,
//     mismatches, pending facts, deaths. A household whose verified record differs is assessed both
//     ways (rules::assess, the month's parameters); when the outcome (category, monthly cash,
//     undetermined facts) changes, the verified assessment is stored for the month (a month already
//     paid keeps its payment's basis). The verified record is stored for later months' runs (payroll).
//  3. Deaths close the membership (payments stop from the month after the death).
//  4. Duplicates and id problems in stored households — an id in two open households
//     (`duplicate_person`), a bad check digit (`invalid_id`), sex or birth date against the id
//     (`id_mismatch`), no members left (`empty_household`) — are issues with what to do; a household
//     with an open issue is never paid (registry pay_month).
//  5. Proactive discovery (R11.5): people in no household with a medical bill of at least
//     P.discovery.medical_bill (yuan) or a severe disability (grade 1–2) assessed in the 12 months up to
//     the month are candidates for their community office.
// Everything is stored in one transaction. Parallel over households (oneTBB); memory is the open
// households' records plus the facts about their members (24 bytes a fact).
//
// A run is computed (`compute_run`), assembled (`assemble`) and stored (`store_parts`); `run_verification`
// does the three. A distributed run (verify/distributed_run.hpp) computes on every MPI rank for its
// 设区市, and rank 0 assembles the parts of all ranks and stores them as one run.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "params/parameter_set.hpp"
#include "registry/verification.hpp"
#include "model/region.hpp"

namespace safetynet::verify {

struct RunOptions {
  int threads = 0;              // 0 = all cores
  std::FILE* progress = nullptr;
  // Called on a second thread with the finished lists while the run stores them (the CLI writes its
  // workbook then); it must only read. An exception it throws is rethrown after the store.
  std::function<void(const registry::RunRecord&)> alongside;
  // Which 设区市 this process matches and re-assesses, chosen from the open households per city that
  // the scan found (indices as model::guangxi_city_index numbers them: 0 南宁 … 13 崇左, 14 any other code).
  // No function, or nullopt, = all. Households outside are still scanned (the global parts need them)
  // but not matched. A distributed run gives each rank its share of sim::assign_cities.
  std::function<std::optional<std::vector<int>>(const std::array<std::int64_t, model::kGuangxiCities + 1>& households)> cities;
  // Whether this process does the parts that need every household: issues (an id in two open
  // households across cities, bad ids, empty households) and discovery (people in no household). In a
  // distributed run only rank 0 does.
  bool global = true;
};

// What matching and re-assessment found for one household (the part of a run that is split by city).
// `index` is the household's place in the run's scan, the same in every process reading the same
// registry, so outcomes computed anywhere assemble in the order one process lists them.
struct HouseholdOutcome {
  std::uint32_t index = 0;
  std::string household_id;
  std::vector<registry::RunDeath> deaths;
  std::vector<registry::RunMismatch> mismatches;
  bool all_dead = false;                                 // every member died: an empty_household issue
  std::optional<model::Household> verified;              // the verified record, when it differs
  std::optional<registry::RunHousehold> listed;          // its line of verify_household
  std::optional<registry::StoredAssessment> assessment;  // the verified assessment, when the outcome changed
};

// A run computed and not yet stored.
struct RunParts {
  // month, loads, households, members and (global) candidates; `assemble` fills the lists.
  registry::RunRecord record;
  std::vector<std::vector<registry::RunIssue>> issues;  // per household in scan order (empty unless global)
  std::vector<HouseholdOutcome> outcomes;  // this process's households with something to say, in scan order
  std::vector<std::string> pending_sources;
  long facts_read = 0, facts_matched = 0;
  long households_matched = 0;  // households of this process's cities
  std::chrono::steady_clock::time_point started;
};

struct RunResult {
  registry::RunSummary summary;
  registry::RunRecord record;   // what was stored (lists for the CLI's files)
  std::vector<std::string> pending_sources;  // sources whose absence left facts pending, for the message
  long facts_read = 0, facts_matched = 0;
  double seconds = 0;
};

// Compute, assemble, store: the whole run in one process.
RunResult run_verification(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                           const RunOptions& opt = {});

// Reads the registry and computes; stores nothing.
RunParts compute_run(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                     const RunOptions& opt = {});

// Fills `parts.record`'s lists household by household in scan order: its issues, then what its outcome
// found. `outcomes` may come from several processes in any order (each household at most once);
// throws std::logic_error on an index outside the scan or a household given twice.
void assemble(RunParts& parts, std::vector<HouseholdOutcome> outcomes);

// Stores an assembled run in one transaction (with `opt.alongside` on a second thread).
RunResult store_parts(registry::Registry& reg, RunParts&& parts, const RunOptions& opt = {});

// What the office should do about an issue code (shown at import and in a run's lists).
const char* action_for(const std::string& code);

}  // namespace safetynet::verify
