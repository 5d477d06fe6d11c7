#pragma once
// Step 1a of the peer benchmark: copies what the dibao rule reads out of each record BLOB into plain
// tables in the same SQLite file, so that one SQL statement can apply the rule (bench/peer/README.md).
// Dropped and rebuilt on every run; one transaction. Tables (money integer fen, months as
// Month::index = year*12 + month-1, unknown facts as NULL or a *_known flag — never 0, SPEC R2.5):
//   peer_household(hid, id, region, county, city, persons, residence, income_known, expenditure_known,
//                  lacks_labour_cause, hist_category, hist_last_benefit, hist_exit_reason, hist_exit_started)
//   peer_member(hid, idx, birth_ymd, employment, orphan, disability_grade, disability_type,
//               serious_illness, legal_supporters, community_correction, supported_by)
//   peer_income(hid, member, row, month, kind, fen)        member -1 = household row (R2.1, R2.2)
//   peer_expenditure(hid, member, row, month, kind, fen)   (R2.3, R1.3b(3))
//   peer_asset(hid, financial, cars, motorcycles, disability_vehicles, dwellings, business_capital)
//                                                           no row = assets unknown (R2.4)
//   peer_standard(county, city, month, standard, income_window, zero_window, financial_months,
//                 max_dwellings, business_capital, vehicle_allowed, rounding, min_benefit,
//                 gradual_exit_months)                      the parameters in force (P, R2.7); NULL = none
#include <cstdint>

#include "model/month.hpp"
#include "params/parameter_set.hpp"
#include "sqlite_util.hpp"

namespace safetynet::peer {

struct MaterialiseCounts {
  std::int64_t households = 0, members = 0, income_rows = 0, expenditure_rows = 0, counties = 0;
};

// Builds the peer_* tables from every open household, with peer_standard resolved from `policy` for
// `month` in each county present. Throws std::runtime_error on an SQLite error or an undecodable record.
MaterialiseCounts materialise(Db& db, const safetynet::params::ParameterSet& policy, safetynet::model::Month month);

}  // namespace safetynet::peer
