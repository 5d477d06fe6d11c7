#pragma once
// The registry (ARCHITECTURE "registry/"): households, members, monthly assessments, payments and
// import runs, behind one interface, over one SQL layer (sql/connection.hpp) with two backends: SQLite,
// a file (`open("path/to.db")`), and PostgreSQL (`open("postgresql://…")`). Schema migrations are
// versioned per dialect (migrations/<dialect>/NNNN_name.sql, applied in order on open).
//
// Money is integer fen in every column. Invariants the schema itself enforces: a person is a member of
// at most one household (R11.1, `duplicate_person`); one payment per household and month (R12.1).
// Writes are transactions: a batch either commits whole or not at all. Not thread-safe: one Registry
// per thread (SQLite serialises writers across processes with its lock and a busy timeout; PostgreSQL
// with row locks). A write inside a caller's transaction nests as a savepoint.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/household.hpp"
#include "rules/assessment.hpp"

namespace safetynet::registry {

class Casework;
class Verification;
class Supervision;

// What an import of households did. `rejected` carries every refused household with file and row.
struct ImportOutcome {
  long inserted = 0;
  long updated = 0;    // same id, different record: replaced (members re-linked)
  long unchanged = 0;  // same id, same record: nothing written (re-import is idempotent)
  Problems rejected;
};

// A household to store, with where it came from (for rejection reports).
struct Incoming {
  model::Household household;
  std::string file;
  long row = 0;
  // Optional, parallel to household.members: the file and row that listed each member (flat files),
  // so a `duplicate_person` names the member's own row.
  std::vector<std::pair<std::string, long>> member_rows;
};

// One stored assessment, as the batch writes it and reports read it.
struct StoredAssessment {
  std::string household_id;
  std::string region;  // the household's region code
  model::Month month;
  rules::Category category = rules::Category::kNone;
  std::string persons;       // "idx:tekun;…"
  int covered = 0;
  model::Fen monthly_cash = 0;
  std::string entitlements;  // "item:member:period:fen;…"
  std::string undetermined;
  std::string refusal;
  std::optional<model::Month> exit_started;  // R3.6 state to keep in history
  model::Fen dibao_benefit = 0;
};

// What a payroll run did (R12.1).
struct PayrollOutcome {
  std::int64_t run_id = 0;
  long new_cases = 0;
  model::Fen new_total = 0;
  long already_paid = 0;  // cases paid earlier for the month: never paid again
};

// One line of the month's roster.
struct PaymentLine {
  std::string household_id, region, county, street, head_name, head_id, category, items;
  int persons = 0;
  model::Fen amount = 0;
  std::int64_t run_id = 0;
};

class Registry {
 public:
  virtual ~Registry() = default;

  // Opens a registry: a `postgresql://` URL is a PostgreSQL server, anything else a SQLite file;
  // migrated as needed. With `create` false a missing or empty file is an error (a mistyped --db must
  // not silently make an empty registry); `import` creates. Throws sql::DbError.
  static std::unique_ptr<Registry> open(const std::string& url, bool create = true);

  // An import is one transaction: households are put one by one and `commit` stores them together
  // with the import run (files, counts, every rejection — those found before the registry included).
  // Each household is inserted, replaced (changed record) or left alone (identical record: re-import
  // is idempotent); one whose member is already in another household is rejected with
  // `duplicate_person` naming the person and that household. Destroying an uncommitted session rolls
  // everything back: an import never half-writes.
  class ImportSession {
   public:
    virtual ~ImportSession() = default;
    virtual void put(const Incoming& in) = 0;
    // Adds problems found before the registry (file parsing, validation) to the run's rejections.
    virtual void reject(const Problem& p) = 0;
    virtual ImportOutcome commit(const std::string& files) = 0;
    // Households or rows refused so far (by `reject` or by the registry's own checks in `put`).
    virtual const Problems& rejected() const = 0;
  };
  virtual std::unique_ptr<ImportSession> begin_import() = 0;
  // Convenience: one session for a whole batch.
  ImportOutcome put_households(const std::vector<Incoming>& batch, const std::string& files = "");

  virtual long household_count() = 0;
  // The record with the registry's history merged in; nullopt if no such household. With `before`,
  // only history set by months before it is merged (what an assessment of that month may know): so
  // re-assessing a month gives the same answer, and a grant paid in a month never counts against itself.
  virtual std::optional<model::Household> get_household(const std::string& id,
                                                        std::optional<model::Month> before = std::nullopt) = 0;
  // Visits every open household in id order, with history merged as above. The callback returns false
  // to stop.
  virtual void scan_households(const std::function<bool(model::Household&)>& visit,
                               std::optional<model::Month> before = std::nullopt) = 0;

  // Stores a batch of assessments of one month (replacing earlier ones for those households) and
  // updates each household's history (category, last benefit, running exit). One transaction. A
  // household already paid for that month keeps the assessment it was paid on (the payment and its
  // basis stay together; a change is handled the next month): returns how many were kept so.
  virtual long put_assessments(const std::vector<StoredAssessment>& batch) = 0;
  virtual long assessment_count(model::Month month) = 0;
  virtual void scan_assessments(model::Month month, const std::function<void(const StoredAssessment&)>& visit) = 0;

  // Pays every assessed case of `month` with a cash amount that has not been paid for that month, in
  // one transaction; records case-by-case grants against the yearly cap. Idempotent (R12.1).
  // With `region` (a code prefix), only the households inside it: a county pays its own roster.
  virtual PayrollOutcome pay_month(model::Month month, const std::string& region = "") = 0;
  // The month's roster: every payment of the month, ordered by county, street, household.
  virtual void scan_payments(model::Month month, const std::function<void(const PaymentLine&)>& visit) = 0;

  // Casework on the same connection (casework.hpp): users, cases, referrals, audit log.
  virtual Casework& casework() = 0;
  // Economic-status verification on the same connection (verification.hpp): department loads, runs,
  // mismatches, candidates, issues.
  virtual Verification& verification() = 0;
  // Error supervision on the same connection (supervision.hpp, SPEC R12.2): wrongly paid cases,
  // recoveries, the tolerance report.
  virtual Supervision& supervision() = 0;
};

// "item:member:period:fen;…" encoding of entitlements for the assessment table.
std::string encode_entitlements(const std::vector<rules::Entitlement>& e);
struct EntitlementRow {
  rules::Item item;
  int member;
  rules::Period period;
  model::Fen amount;
};
std::vector<EntitlementRow> decode_entitlements(std::string_view s);

}  // namespace safetynet::registry
