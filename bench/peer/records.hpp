#pragma once
// Reads the registry's open households in rowid order and decodes each `household.record` BLOB with
// registry::decode_household, for the materialiser (the engine side runs the same SELECT, decoding
// straight into its batch, engine_side.cpp), so both sides see the same records; `hid` (the household
// table's rowid) is the key the peer_* tables and the comparison use.
// The records are read as stored: a household_state row written by a monthly run is not merged into
// `history` (a freshly imported registry has none).
#include <cstdint>
#include <functional>
#include <string_view>

#include "model/household.hpp"
#include "sqlite_util.hpp"

namespace safetynet::peer {

// Calls `each(hid, record)` for every open household; throws std::runtime_error naming the household
// whose BLOB does not decode (a corrupt registry). Returns the number read.
std::int64_t scan_records(Db& db, const std::function<void(std::int64_t hid, const safetynet::model::Household&)>& each);

}  // namespace safetynet::peer
