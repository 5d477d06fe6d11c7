#pragma once
// A department feed's mapping file (docs/verification.md; the shipped ones are feeds/<source>.yaml):
// which column holds the citizen id, the amount, the date and the kind, and what each of the
// department's kind words means (a verify/source.hpp Target, or `ignore`). One file per source, so an
// office whose department changes its layout edits a file, not code (SPEC R11.4).
//
// Header names are matched after io/ledger's header normalisation (spaces and `*` dropped, full-width
// ASCII made half-width, a trailing "（元）" unit dropped, ASCII lower-cased); kind words after trimming
// and full-width folding. Values only; thread-compatible.
//
// Problem codes (load_mapping): `bad_file` (unreadable YAML), `missing_field` (source, columns.id,
// columns.date when there is no as-of, kinds or default_kind), `bad_value` (unknown source or target,
// an amount column missing for a fact that needs one); `field` names the YAML key.
#include <optional>
#include <string>
#include <unordered_map>

#include "base/result.hpp"
#include "io/csv.hpp"
#include "verify/source.hpp"

namespace safetynet::verify {

struct Mapping {
  Source source = Source::kHukou;
  std::string title;     // the department's name for the file, e.g. "个人所得税明细"
  std::string file;      // where the mapping was read from
  io::Encoding encoding = io::Encoding::kAuto;  // CSV only: auto | utf-8 | gb18030
  std::string sheet;     // XLSX only: sheet name, "" = the first
  // The columns, by header text (normalised). `id` is required; `date` unless the load gives an
  // as-of date; `amount` when a target needs one; `kind` unless `default_kind` is set.
  struct Columns {
    std::string id, name, amount, date, kind, region;
  } columns;
  // Normalised kind word -> target; nullopt = ignore the row (counted, not rejected).
  std::unordered_map<std::string, std::optional<Target>> kinds;
  std::optional<Target> default_kind;  // every row's target when there is no kind column
  bool amount_is_area = false;         // `amount_unit: m2` (real estate floor areas), else yuan
};

// Reads and checks a mapping file.
Result<Mapping> load_mapping(const std::string& path);
// The shipped mapping of `s`: `<root>/feeds/<name>.yaml`.
std::string shipped_mapping_path(const std::string& root, Source s);
// Does this target's row need an amount? (income, financial, business capital, medical bills.)
bool needs_amount(Target t);

}  // namespace safetynet::verify
