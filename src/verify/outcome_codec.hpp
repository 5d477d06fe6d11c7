#pragma once
// The bytes a rank of a distributed verification run sends to rank 0 (verify/distributed_run.hpp): its
// households' outcomes (verify::HouseholdOutcome — deaths, mismatches, the verified record, the line of
// verify_household, the changed assessment). Integers as little-endian varints (money in fen, months as
// Month::index), strings with their length, the verified record in the registry's own encoding
// (registry/record_codec.hpp). Internal to one run between ranks of the same build: no version kept
// across builds, but a leading tag byte and bounds checks refuse bytes that are not such a message.
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "verify/run.hpp"

namespace safetynet::verify {

// Appends the encoding of `outcomes` to `out` (cleared first).
void encode_outcomes(const std::vector<HouseholdOutcome>& outcomes, std::string& out);

// Appends the decoded outcomes to `out`. false when the bytes are not a whole encoding (nothing is
// appended then).
bool decode_outcomes(std::string_view bytes, std::vector<HouseholdOutcome>& out);

}  // namespace safetynet::verify
