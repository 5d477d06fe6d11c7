#pragma once
// The casework operations behind the case routes (docs/casework.md): open a case (R11.2 apply, with
// the referrals of R11.3), apply a workflow transition (the workflow decides, this writes), re-assess
// a case from the month of a change (R11.6), and the case as JSON. Every function runs inside the
// caller's transaction (Casework::in_transaction) and throws ApiError for what the user must fix.
#include <optional>
#include <string>

#include "registry/casework.hpp"
#include "server/app.hpp"

namespace safetynet::server {

// What the latest assessment says about a case (R1, R3.6): the category the workflow reads, the
// roster amount, and the verdict for a review or change.
struct CaseAssessment {
  std::string category;  // dibao | low_income | undetermined | none, or the person category
                         // (tekun, orphan, dibao_single) of a household whose persons alone qualify
  model::Fen monthly_cash = 0;
  workflow::Verdict verdict = workflow::Verdict::kClose;
};
CaseAssessment assess_household(App& app, const std::string& household_id, model::Month month);

// Opens a case for a household (community worker, inside their region): 404 no such household, 409
// when it already has an open assistance case. `kind` "assistance" opens the R11.3 referrals;
// "temporary" is an R9 request of `temp_kind` ("temporary" | "case_by_case") for `requested` fen.
registry::CaseRecord open_case(App& app, const Caller& c, const std::string& household_id, const std::string& kind,
                               const std::string& temp_kind, model::Fen requested, const std::string& reason);

struct TransitionInput {
  std::string event;
  std::string reason;
  std::string target_region;            // transfer_out
  std::optional<std::int64_t> version;  // the version the user saw; 409 `stale` when it moved on
};
// Decides and applies one transition; returns the updated case. 404 unknown case; the workflow's
// Refusal as ApiError (403/409/422); 409 `stale` when another user changed the case meanwhile.
registry::CaseRecord transition(App& app, const Caller& c, std::int64_t case_id, const TransitionInput& in);

// Re-assesses the household for every month from `from` to today's month and stores the results
// (months already paid keep their assessment, R12.1); returns the assessment of today's month.
CaseAssessment reassess_from(App& app, const std::string& household_id, model::Month from);

// The case for the API: fields, state and its label, the events the caller may take now; with
// `detail`, also its steps, referrals and the household's members.
Json case_json(App& app, const Caller& c, const registry::CaseRecord& rec, bool detail);

}  // namespace safetynet::server
