#pragma once
// Matching one household's declaration against what the departments hold (SPEC R11.4, R2.5): the
// verified record, the mismatches to list for the caseworker, the facts still pending, and deaths.
// Pure: no I/O, no clock. Thread-safe. Units: fen; dwelling areas in 1/100 m² in facts.
//
// How verified values replace declared ones (docs/verification.md):
//  - Income (R2.1–R2.2): where a department shows a member's `wage`, `business`, `property` or
//    `pension` income in the window, its monthly amounts replace that member's declared rows of that
//    kind in the window (two departments showing the same month: the larger, never the sum). Where no
//    department shows the kind, the declaration stands: tax sees only taxable income. Kinds no
//    department holds (support, gift, other) stand as declared. Income not declared stays unknown.
//  - Assets (R2.4): the registers are complete for what they hold, so financial assets (bank +
//    securities + insurance, every member), vehicles, dwellings (and their floor area) and business
//    capital are what the registers show.
//  - Pending: when a needed fact's source has no load covering the month (verify/source.hpp), the fact
//    is unknown in the verified record, so a rule that needs it answers "cannot determine": never zero.
//  - A member's death (hukou, health) before the month assessed takes them out of that month (their
//    payments stop from the month after the death, R11.5: `gone`, `for_month`); school, employment and disability grade are
//    replaced by the latest department record on or before the month; marriages are listed only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/household.hpp"
#include "verify/source.hpp"

namespace safetynet::verify {

// One department fact about one member of the household being matched.
struct MemberFact {
  int member = 0;           // index into the declared household's members
  Source source = Source::kTax;
  Target target;
  std::int32_t day = 0;     // YYYYMMDD
  std::int64_t amount = 0;  // fen (1/100 m² for dwellings)
  std::int64_t load = 0;    // later loads win for the same member, item and day
};

// What each source has delivered, as the run sees it for the month being verified.
struct Coverage {
  // Flow sources: the last month covered (the as-of month of the latest load); snapshot sources: the
  // as-of month of the load in use. nullopt: no load usable for the month.
  std::optional<model::Month> covered[kSourceCount];
};

struct Mismatch {
  int member = -1;       // -1: the household
  std::string item;      // "income.wage", "assets.financial", "death", …
  std::string label;     // 工资性收入 …
  std::string declared;  // as text, e.g. "10800.00" (window total), "未申报", "primary"
  std::string found;
  std::string sources;   // "税务、住房公积金"
};

struct Death {
  int member = 0;
  model::Date date;
  Source source = Source::kHukou;
};

struct MatchOutcome {
  // The declared record with verified values, when `changed` (else empty: the declared record stands).
  // Members who died keep their place here (a stored record serves every month; the registry closes the
  // membership by date): `for_month` drops them.
  model::Household verified;
  std::vector<int> gone;             // members whose membership closed before the month (a death)
  std::vector<Mismatch> mismatches;
  std::vector<std::string> pending;  // "income（待 税务 覆盖至 2019-09）"
  std::vector<Death> deaths;         // every death found, including those on or after the month
  bool changed = false;              // the verified record differs from the declared one
};

// Matches `declared` for `month` with an income window of `window_months` (P.income_window_months
// for its region: the months month-window … month-1, R2.1). `facts` may be in any order; facts dated
// after the month's last day are not used. Never fails: what cannot be verified is pending.
MatchOutcome match_household(const model::Household& declared, model::Month month, int window_months,
                             const std::vector<MemberFact>& facts, const Coverage& coverage);

// The verified record as the month sees it: `verified` without the members in `gone`.
model::Household for_month(const MatchOutcome& m);

// "1234.50" from fen.
std::string yuan_text(std::int64_t fen);

}  // namespace safetynet::verify
