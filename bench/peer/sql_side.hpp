#pragma once
// Step 1b: runs bench/peer/dibao.sql (one statement) over the peer_* tables and collects its verdicts,
// keyed by hid. Timed by the caller (best of several runs); SQLite is single-threaded.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/month.hpp"
#include "sqlite_util.hpp"
#include "verdict.hpp"

namespace safetynet::peer {

// (hid, verdict) in hid order: both sides read the households in rowid order, so comparing is a merge.
using Verdicts = std::vector<std::pair<std::int64_t, Verdict>>;

// Steps the whole result (ORDER BY hid) of `sql` with :month and :on bound, filling `out` (cleared first).
// Throws std::runtime_error on an SQLite error or a status the query should never return.
void run_dibao_sql(Db& db, const std::string& sql, safetynet::model::Month month, Verdicts& out);

}  // namespace safetynet::peer
