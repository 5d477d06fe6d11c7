#pragma once
// A compact binary encoding of the household record for the registry's `household.record` column.
//
// Why not JSON: a registry of a million households is read whole by every monthly assessment, and
// parsing JSON text costs more than the rules themselves. This encoding is varints (money in fen,
// months as indices) with a leading version byte, about 150 bytes for a typical household with twelve
// months of income. It is an internal storage format; the interchange format stays HOUSEHOLD-FORMAT.md
// JSON/YAML (io/household_record.hpp), which the registry can always produce from a decoded record.
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "model/household.hpp"

namespace safetynet::registry {

// Appends the encoding of `h` to `out` (cleared first).
void encode_household(const model::Household& h, std::string& out);

// Decodes into `h` (reusing its buffers). false when the bytes are not a valid encoding (corruption).
bool decode_household(std::string_view bytes, model::Household& h);

}  // namespace safetynet::registry
