#pragma once
// The monthly assessment run (`safetynet assess`): every open household in the registry assessed for a
// month with the rules engine and stored, in batches, each batch one transaction. The rules run on all
// cores (oneTBB); reading and writing the registry is serial. Explanations are not built (they are
// rebuilt on demand by `explain`). Progress goes to `progress` when given (a terminal).
#include <cstdio>
#include <functional>
#include <string>

#include "model/month.hpp"
#include "params/parameter_set.hpp"
#include "registry/registry.hpp"

namespace safetynet::payroll {

struct AssessSummary {
  long households = 0;
  long by_category[4] = {0, 0, 0, 0};  // indexed by rules::Category
  long refused = 0;                    // no_parameter
  long kept_paid = 0;                  // already paid for the month: their assessment is kept
  model::Fen monthly_cash = 0;         // fen, sum over households of the roster amount
  double seconds = 0;
};

// Assesses every open household for `month` (with `region`, a code prefix, only those inside it: a
// county's payroll run). `threads` 0 = all cores.
AssessSummary assess_month(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                           int threads = 0, std::FILE* progress = nullptr, const std::string& region = "");

// Packs one assessment for storage (shared with tests and the bench).
registry::StoredAssessment to_stored(const model::Household& h, model::Month month, const rules::Assessment& a);

}  // namespace safetynet::payroll
