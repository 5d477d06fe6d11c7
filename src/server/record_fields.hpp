#pragma once
// The API refuses a household record with a field HOUSEHOLD-FORMAT.md does not define (a typo such as
// `incomes` would otherwise read as "income unknown"): 422 `unknown_field` naming the path, e.g.
// `members[1].employmnet`. The file importers keep their own, more forgiving, column mapping.
#include <nlohmann/json.hpp>

#include "model/household.hpp"
#include "model/region.hpp"

namespace safetynet::server {

// The household record in the body's `household` object (HOUSEHOLD-FORMAT.md), checked for unknown
// fields, parsed and validated: 422 `missing_field`, `unknown_field`, or `invalid_record` with every
// problem (field and member). Used by every route that takes a record.
model::Household household_from_body(const nlohmann::json& body, const model::RegionCatalog& regions);

// Throws ApiError 422 `unknown_field` (field = the dotted path under `prefix`) for the first unknown key.
void check_record_fields(const nlohmann::json& household, const std::string& prefix = "household");

}  // namespace safetynet::server
