#pragma once
// Citizen identity numbers, GB 11643-1999 (SPEC R11.1, HOUSEHOLD-FORMAT.md `invalid_id`, `id_mismatch`).
//
// 18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male), check
// character from ISO 7064 MOD 11-2 ('0'-'9' or upper-case 'X'). Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "model/month.hpp"

namespace safetynet::model {

enum class Sex { kMale, kFemale };

struct CitizenIdInfo {
  Date birth_date;
  Sex sex;
};

// Check character for the first 17 digits ("11010519491231002" -> 'X').
char citizen_id_check_char(std::string_view first17);

// Validates an id: length 18, digits, a real birth date, and the check character. Returns the birth
// date and sex it encodes, or nullopt (`invalid_id`). A lower-case 'x' is refused here; flat-file
// importers normalise it first with `normalise_citizen_id` and say so.
std::optional<CitizenIdInfo> parse_citizen_id(std::string_view id);

// For flat files: full-width digits (０-９, Ｘ) become ASCII and a trailing 'x' becomes 'X'; surrounding
// blanks are trimmed. Sets `*changed` when anything was rewritten, so importers can report it.
std::string normalise_citizen_id(std::string_view raw, bool* changed);

}  // namespace safetynet::model
