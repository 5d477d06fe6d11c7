#pragma once
// The verification store (docs/verification.md, SPEC R11.4–R11.5, R2.5): department loads and their
// facts, verification runs with their mismatches, candidates and issues, the verified records, and
// closed memberships. Reached through `Registry::verification()`, on the registry's connection (same
// thread rules: one user at a time). Integers only for facts (the person as a verify/person_key.hpp
// key); money in fen; days YYYYMMDD; months YYYYMM. Environment failures throw sql::DbError.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/household.hpp"
#include "registry/registry.hpp"

namespace safetynet::registry {

struct FeedLoadRecord {
  std::int64_t id = 0;
  std::string source, file, file_hash, mapping, loaded_at;
  std::int32_t as_of = 0, first_day = 0, last_day = 0;  // YYYYMMDD (0: no rows)
  long rows_read = 0, rows_loaded = 0, rows_rejected = 0, rows_ignored = 0, rows_blank = 0, ids_normalised = 0;
};

// One fact as stored: fact and kind as verify::Target numbers. Stored packed (feed_chunk, 24 bytes).
struct StoredFact {
  std::int64_t person = 0;
  std::int64_t amount = 0;
  std::int32_t day = 0;
  std::uint8_t fact = 0, kind = 0;
};

struct MemberLink {
  std::string person_id, household_id;
  std::string left_on;  // "" while the membership is open
};

struct RunMismatch {
  std::string household_id, member, item, label, declared, found, sources;
};
struct RunHousehold {
  std::string household_id, status, pending;  // status: verified | changed | pending
  long mismatches = 0;
  std::string before_category, after_category;
  model::Fen before_cash = 0, after_cash = 0;
};
struct RunCandidate {
  std::string person_id, name, region, source, reason, detail;
  std::int32_t day = 0;
};
struct RunIssue {
  std::string household_id, person_id, code, message, action;
};
struct RunDeath {
  std::string household_id, person_id, date;  // YYYY-MM-DD
};

// Everything one run writes, in one transaction (`Verification::store_run`).
struct RunRecord {
  model::Month month;
  std::string loads;  // ids used, "1,2,5"
  long households = 0, members = 0;
  std::vector<RunHousehold> households_listed;
  std::vector<RunMismatch> mismatches;
  std::vector<RunCandidate> candidates;
  std::vector<RunIssue> issues;  // every issue found now; earlier open ones not found again are resolved
  std::vector<RunDeath> deaths;
  // The verified records that differ from the declared ones (household id, record); every other
  // household's verified record is cleared (the declared record stands).
  std::vector<std::pair<std::string, model::Household>> verified;
  std::vector<StoredAssessment> assessments;  // re-assessed households whose outcome changed
};

struct RunSummary {
  std::int64_t id = 0;
  model::Month month;
  std::string started_at;
  long households = 0, members = 0, mismatches = 0, pending = 0, changed = 0, deaths = 0, candidates = 0,
       issues = 0;
  long kept_paid = 0;  // changed assessments not stored because the month was already paid
};

class Verification {
 public:
  virtual ~Verification() = default;

  // A load is one transaction: facts and rejected rows are added, and `commit` stores them with the
  // load's record (returns its id). Destroying an uncommitted session stores nothing.
  class LoadSession {
   public:
    virtual ~LoadSession() = default;
    virtual void add(const StoredFact& f) = 0;
    // The name and region code a department gave for a person (kept for discovery facts only; the
    // first given per person and load is kept).
    virtual void add_text(std::int64_t person, const std::string& name, const std::string& region) = 0;
    virtual void reject(const Problem& p) = 0;
    virtual std::int64_t commit(const FeedLoadRecord& r) = 0;
  };
  virtual std::unique_ptr<LoadSession> begin_load() = 0;
  // The load of this source with these bytes, if one was committed.
  virtual std::optional<FeedLoadRecord> find_load(const std::string& source, const std::string& file_hash) = 0;
  // Every load, oldest first.
  virtual std::vector<FeedLoadRecord> loads() = 0;
  // Rejected rows of a load, in row order.
  virtual Problems load_rejections(std::int64_t load_id) = 0;
  // Streams the facts of the given loads, in load order then row order, a chunk at a time.
  virtual void scan_facts(const std::vector<std::int64_t>& load_ids,
                          const std::function<void(std::int64_t load_id, const StoredFact* facts, std::size_t n)>& visit) = 0;
  // The name and region a load gave for a person ("" when none was kept).
  virtual std::pair<std::string, std::string> text_of(std::int64_t load_id, std::int64_t person) = 0;
  // Every member row of every household (closed memberships and closed households included).
  virtual void scan_members(const std::function<void(const MemberLink&)>& visit) = 0;
  // Every open household's declared record (not the verified one), history merged as in
  // `Registry::scan_households(before)`, members whose membership closed before `before` dropped. In
  // no particular order; `visit` must not write to the registry during the scan.
  virtual void scan_declared(const std::function<bool(model::Household&)>& visit, model::Month before) = 0;

  // Stores a run whole (one transaction): its counts, households, mismatches, candidates and issues;
  // closes the memberships of the dead; replaces the verified records; stores the changed
  // assessments (a month already paid keeps its assessment, counted in `kept_paid`).
  virtual RunSummary store_run(const RunRecord& r) = 0;
  virtual std::optional<RunSummary> latest_run() = 0;
  // Issues still open (never paid until resolved), by household; with `region` (a code prefix), only
  // those of households inside it.
  virtual std::vector<RunIssue> open_issues(const std::string& region = "") = 0;
  // What the latest run said of one household: its result (nullopt when it had nothing to say) and
  // its mismatches.
  virtual std::optional<RunHousehold> household_result(const std::string& household_id) = 0;
  virtual std::vector<RunMismatch> mismatches_of(const std::string& household_id) = 0;
  // The latest run's candidates whose region starts with `region` ("" = all; a candidate the
  // department gave no region for is listed only with "").
  virtual std::vector<RunCandidate> candidates(const std::string& region = "") = 0;
};

}  // namespace safetynet::registry
