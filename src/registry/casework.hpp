#pragma once
// Where casework lives (docs/casework.md): users, sessions, cases with every workflow step, referrals,
// the yearly case-by-case total and the hash-chained audit log. The same SQL on SQLite and PostgreSQL.
//
// The store does not decide anything: the workflow (src/workflow) decides a transition, the server
// composes the writes inside `in_transaction`, which the store runs as one database transaction and
// retries when it lost a race (sql::RetryError). A transition is applied only if the case still has the
// version it was read at (optimistic lock), so two clicks on one case cannot both apply.
//
// Dates are civil dates "YYYY-MM-DD"; instants are ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"; months are
// model::Month; money is fen. Errors: sql::DbError (and its ConstraintError / RetryError) from every call.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/money.hpp"
#include "model/month.hpp"
#include "registry/registry.hpp"

namespace safetynet::registry {

struct UserRecord {
  std::int64_t id = 0;
  std::string name, role, region, password_hash;
  bool active = true;
};

struct CaseRecord {
  std::int64_t id = 0;
  std::string household_id;
  std::string kind = "assistance";  // assistance | temporary
  std::string state;                // workflow::to_string(State)
  std::string region;
  std::string opened_on;
  std::optional<std::string> notice_start, approved_on, transfer_target;
  std::optional<model::Month> pay_from;
  std::string assessed_category;  // dibao | low_income | none | undetermined | "" (not assessed)
  std::optional<model::Month> assessed_month;
  model::Fen monthly_cash = 0;
  std::string temp_kind;  // temporary | case_by_case, for kind = temporary
  model::Fen requested = 0;
  std::optional<model::Fen> granted;
  std::int64_t version = 0;
  std::string head_name;  // read-only, from the household, for lists
};

struct CaseStep {
  std::string at, on_date, user, role, event, from, to, reason;
};

struct ReferralRecord {
  std::int64_t case_id = 0;
  std::string line, state, opened_on, note;
  std::optional<std::string> closed_by, closed_at;
  std::string household_id, region;  // read-only, from the case
};

struct AuditRecord {
  std::int64_t seq = 0;
  std::string at, user, action, object, detail, prev_hash, hash;
};

// What a list of cases is filtered by. Region is a prefix (a user's region, workflow::in_region).
struct CaseQuery {
  std::string region;
  std::vector<std::string> states;  // empty = any
  std::string kind;                 // "" = any
  std::string household_id;         // "" = any
  std::string touched_by;           // only cases with a step by this user (the 已办 queue)
  int limit = 200, offset = 0;
};

class Casework {
 public:
  virtual ~Casework() = default;

  // Runs `body` as one transaction (SQLite: the write lock at once; PostgreSQL: READ COMMITTED with row
  // locks), committing when it returns and rolling back when it throws. Retries `body` up to 5 times on
  // sql::RetryError. Every write below must be called inside it.
  virtual void in_transaction(const std::function<void()>& body) = 0;

  // ---- users and sessions (issue 3 §2) ----
  // Adds a user; `duplicate_user` (field name) when the name is taken.
  virtual Result<std::int64_t> add_user(const std::string& name, const std::string& role, const std::string& region,
                                        const std::string& password_hash) = 0;
  virtual std::optional<UserRecord> find_user(const std::string& name) = 0;
  // Every user, by name.
  virtual std::vector<UserRecord> list_users() = 0;
  // Disables (false) or re-enables a user: a disabled user cannot log in and their sessions end.
  // False when there is no such user.
  virtual bool set_user_active(const std::string& name, bool active) = 0;
  virtual std::optional<UserRecord> user_by_id(std::int64_t id) = 0;
  // A session by token digest, valid while expires_at (unix seconds) > now.
  virtual void put_session(const std::string& token_digest, std::int64_t user_id, const std::string& csrf,
                           std::int64_t expires_at) = 0;
  struct Session {
    UserRecord user;
    std::string csrf;
  };
  virtual std::optional<Session> session(const std::string& token_digest, std::int64_t now) = 0;
  virtual void drop_session(const std::string& token_digest) = 0;

  // ---- households registered at the office (R11.1) ----
  // Inserts or replaces one household (the import's rules: `duplicate_person` when a member is in
  // another household). Returns the problems; empty when stored.
  virtual Problems put_household(const Incoming& in) = 0;

  // ---- cases ----
  // Inserts a case (every field of `c` but id, version and granted) with its first step; returns
  // its id. A second open assistance case of the
  // same household throws sql::ConstraintError.
  virtual std::int64_t insert_case(const CaseRecord& c, const CaseStep& first) = 0;
  virtual std::optional<CaseRecord> get_case(std::int64_t id) = 0;
  // The household's open assistance case, if any.
  virtual std::optional<CaseRecord> open_case_of(const std::string& household_id) = 0;
  virtual std::vector<CaseRecord> list_cases(const CaseQuery& q) = 0;
  virtual long count_cases(const CaseQuery& q) = 0;
  // Writes the case's new fields and the step if the stored version is still `c.version`; the stored
  // version becomes c.version + 1. False (nothing written) when the case changed since it was read.
  virtual bool update_case(const CaseRecord& c, const CaseStep& step) = 0;
  virtual std::vector<CaseStep> steps(std::int64_t case_id) = 0;

  // ---- referrals (R11.3) ----
  virtual void open_referrals(std::int64_t case_id, const std::vector<std::string>& lines,
                              const std::string& on_date) = 0;
  virtual std::vector<ReferralRecord> referrals_of(std::int64_t case_id) = 0;
  // Referrals of the given lines inside `region` (prefix), with state "open" / "closed" / "" (any).
  virtual std::vector<ReferralRecord> referrals(const std::vector<std::string>& lines, const std::string& region,
                                                const std::string& state, int limit) = 0;
  // Closes an open referral; false when it is not open.
  virtual bool close_referral(std::int64_t case_id, const std::string& line, const std::string& user,
                              const std::string& at, const std::string& note) = 0;

  // ---- R9.2 yearly total ----
  // The fen of case-by-case grants approved for the household in `year`, read under a lock held to the
  // end of the transaction (two approvals at once are serialised), then `add` is called with the new
  // grant to record it.
  virtual model::Fen case_by_case_granted_locked(const std::string& household_id, int year) = 0;
  virtual void add_case_by_case_granted(const std::string& household_id, int year, model::Fen amount) = 0;

  // ---- audit log ----
  // Appends one entry chained to the head (security::chain_hash). Inside the caller's transaction.
  virtual void append_audit(const std::string& at, const std::string& user, const std::string& action,
                            const std::string& object, const std::string& detail) = 0;
  // Every entry in seq order; and the head (last seq, last hash) kept beside the log.
  virtual void scan_audit(const std::function<void(const AuditRecord&)>& visit) = 0;
  virtual std::pair<std::int64_t, std::string> audit_head() = 0;
};

}  // namespace safetynet::registry
