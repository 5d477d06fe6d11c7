#pragma once
// An assessment as JSON, in the shape of HOUSEHOLD-FORMAT.md "Results" (household, month, category,
// persons, entitlements, explanation, undetermined), amounts as decimal yuan strings ("950.00") so
// no client turns money into floating point. Used by POST /api/assess and the case page.
#include <nlohmann/json.hpp>

#include "model/household.hpp"
#include "rules/assessment.hpp"

namespace safetynet::server {

nlohmann::json assessment_json(const model::Household& h, model::Month month, const rules::Assessment& a);

}  // namespace safetynet::server
