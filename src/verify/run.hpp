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
#include <cstdio>
#include <functional>
#include <string>

#include "params/parameter_set.hpp"
#include "registry/verification.hpp"

namespace safetynet::verify {

struct RunOptions {
  int threads = 0;              // 0 = all cores
  std::FILE* progress = nullptr;
  // Called on a second thread with the finished lists while the run stores them (the CLI writes its
  // workbook then); it must only read. An exception it throws is rethrown after the store.
  std::function<void(const registry::RunRecord&)> alongside;
};

struct RunResult {
  registry::RunSummary summary;
  registry::RunRecord record;   // what was stored (lists for the CLI's files)
  std::vector<std::string> pending_sources;  // sources whose absence left facts pending, for the message
  long facts_read = 0, facts_matched = 0;
  double seconds = 0;
};

RunResult run_verification(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                           const RunOptions& opt = {});

// What the office should do about an issue code (shown at import and in a run's lists).
const char* action_for(const std::string& code);

}  // namespace safetynet::verify
