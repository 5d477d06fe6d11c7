#pragma once
// The household record interchange format (HOUSEHOLD-FORMAT.md): parse from JSON or YAML, validate,
// and write back. The single place where the record's field rules and error codes live.
//
// Parsing goes through yaml-cpp for both JSON and YAML (JSON is YAML 1.2 flow syntax), so every number
// reaches us as its text and money is parsed exactly (1234.56 -> 123456 fen, 1000.005 -> `bad_amount`).
// Problems carry HOUSEHOLD-FORMAT.md's codes (`invalid_id`, `id_mismatch`, `duplicate_member`,
// `empty_household`, `unknown_region`, `bad_date`, `bad_amount`, `bad_value`, `missing_field`), the
// dotted field path and the member's citizen id. Thread-compatible; the RegionCatalog is read-only.
#include <string>

#include "base/result.hpp"
#include "model/household.hpp"
#include "model/region.hpp"

namespace YAML {
class Node;
}

namespace safetynet::io {

// Parses one household from a YAML/JSON node (already loaded). All problems found are returned, not
// just the first. Regions are checked against `regions`.
Result<model::Household> parse_household(const YAML::Node& node, const model::RegionCatalog& regions);

// Parses one household (or, when the document is a list, each element) from text. JSON that escapes a
// character outside the BMP as a UTF-16 surrogate pair ("\ud842\udfb7" for 𠮷) is read as that
// character (yaml-cpp alone refuses the pair).
Result<model::Household> parse_household_text(const std::string& text, const model::RegionCatalog& regions);

// `text` with every JSON surrogate-pair escape ("\ud842\udfb7") written as the one YAML escape of
// the same character ("\U00020BB7"); everything else, lone surrogates included, unchanged. For callers
// that load JSON with yaml-cpp themselves: try the text as it is first, and this only if it fails.
std::string join_json_surrogate_escapes(const std::string& text);

// Checks the rules that do not depend on the text form: ids (GB 11643 check digit, date), sex and
// birth date against the id (`id_mismatch`), duplicate members, empty household, region. Used by the
// parsers above and by the flat-file importers after they build a Household from columns.
Problems validate_household(const model::Household& h, const model::RegionCatalog& regions);

// Writes the record as JSON text (compact), the form the registry stores and the API returns.
// Amounts as decimal yuan text; unknown fields are omitted (so they read back as unknown).
std::string household_to_json(const model::Household& h);

}  // namespace safetynet::io
