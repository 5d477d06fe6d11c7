#pragma once
// The rules engine's one entry point (ARCHITECTURE "rules/"): a pure function of (household, month,
// parameters) to an Assessment. No I/O, no clock, no globals; safe to call from many threads with one
// Assessment buffer each.
//
// Implements SPEC R1 (categories C1–C4 with R1.3a, R1.3b, R1.5), R2 (income, expenditure, assets,
// unknowns, arithmetic, dates), every item of the lines R3–R8, R9.2's case-by-case cap and R9.3's
// referral. Money in fen (amounts per month unless the entitlement's period is a year). A fact a rule
// needs that is unknown is listed in `undetermined`, never taken as zero; a parameter a rule needs with
// no value in force refuses the record with `no_parameter` (Assessment::refusal).
#include "model/household.hpp"
#include "params/parameter_set.hpp"
#include "rules/assessment.hpp"
#include "rules/month_params.hpp"

namespace safetynet::rules {

struct Options {
  bool explain = false;  // build the Chinese step-by-step explanation (costly; off in batches)
};

// Assesses `h` (already validated) for `month` with parameters resolved for its region and month.
// `out` is cleared first.
void assess(const model::Household& h, model::Month month, const MonthParams& params, const Options& options,
            Assessment& out);

// Hints the CPU to start loading a household the caller will assess soon (its members and income rows
// live in separate heap blocks; a batch that prefetches one or two households ahead hides that latency).
inline void prefetch(const model::Household& h) {
  __builtin_prefetch(h.members.data());
  if (h.income) __builtin_prefetch(h.income->data());
}

// Convenience: resolves the parameters from `set` first.
Assessment assess(const model::Household& h, model::Month month, const params::ParameterSet& set,
                  const Options& options = {});

}  // namespace safetynet::rules
