#include "registry/sql_verification.hpp"

#include "registry/record_codec.hpp"

namespace safetynet::registry {
namespace {

using sql::Connection;
using sql::Stmt;
using sql::Transaction;

int yyyymm(model::Month m) { return m.year() * 100 + m.month(); }

// Packed facts (feed_chunk): 24 bytes each, little-endian whatever the host.
constexpr std::size_t kRecord = 24, kChunk = 4096;

void put_le(char* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
std::uint64_t get_le(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

class SqlLoad final : public Verification::LoadSession {
 public:
  explicit SqlLoad(Connection& db)
      : db_(db),
        tx_(db),
        chunk_(db.prepare("INSERT INTO feed_chunk(load_id, seq, n, facts) VALUES(?,?,?,?)")),
        text_(db.prepare("INSERT INTO feed_text(load_id, person, name, region) VALUES(?,?,?,?) ON CONFLICT DO NOTHING")) {
    // A placeholder load row first, so chunks can name it; its counts are filled by `commit`.
    Stmt s = db.prepare(
        "INSERT INTO feed_load(source, file, file_hash, mapping, as_of, rows_read, rows_loaded, rows_rejected, "
        "rows_ignored, rows_blank, ids_normalised) VALUES('', '', '', '', 0, 0, 0, 0, 0, 0, 0) RETURNING id");
    s.step();
    id_ = s.i64(0);
    buf_.reserve(kRecord * kChunk);
  }

  void add(const StoredFact& f) override {
    const std::size_t at = buf_.size();
    buf_.resize(at + kRecord);
    char* p = buf_.data() + at;
    put_le(p, static_cast<std::uint64_t>(f.person), 8);
    put_le(p + 8, static_cast<std::uint64_t>(f.amount), 8);
    put_le(p + 16, static_cast<std::uint32_t>(f.day), 4);
    p[20] = static_cast<char>(f.fact);
    p[21] = static_cast<char>(f.kind);
    p[22] = p[23] = 0;
    if (buf_.size() == kRecord * kChunk) flush();
  }

  void add_text(std::int64_t person, const std::string& name, const std::string& region) override {
    text_.bind(1, id_).bind(2, person).bind(3, name).bind(4, region).run();
  }

  void reject(const Problem& p) override { rejected_.push_back(p); }

  std::int64_t commit(const FeedLoadRecord& r) override {
    flush();
    Stmt rej = db_.prepare(
        "INSERT INTO feed_rejection(load_id, row, code, field, member, message) VALUES(?,?,?,?,?,?)");
    for (const auto& p : rejected_)
      rej.bind(1, id_).bind(2, static_cast<std::int64_t>(p.row)).bind(3, p.code).bind(4, p.field).bind(5, p.member)
          .bind(6, p.message).run();
    auto n = [](long v) { return static_cast<std::int64_t>(v); };
    db_.prepare(
           "UPDATE feed_load SET source = ?, file = ?, file_hash = ?, mapping = ?, as_of = ?, first_day = ?, "
           "last_day = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, rows_ignored = ?, rows_blank = ?, "
           "ids_normalised = ? WHERE id = ?")
        .bind(1, r.source).bind(2, r.file).bind(3, r.file_hash).bind(4, r.mapping)
        .bind(5, static_cast<std::int64_t>(r.as_of)).bind(6, static_cast<std::int64_t>(r.first_day))
        .bind(7, static_cast<std::int64_t>(r.last_day)).bind(8, n(r.rows_read)).bind(9, n(r.rows_loaded))
        .bind(10, n(r.rows_rejected)).bind(11, n(r.rows_ignored)).bind(12, n(r.rows_blank))
        .bind(13, n(r.ids_normalised)).bind(14, id_)
        .run();
    tx_.commit();
    return id_;
  }

 private:
  void flush() {
    if (buf_.empty()) return;
    chunk_.bind(1, id_).bind(2, seq_++).bind(3, static_cast<std::int64_t>(buf_.size() / kRecord)).bind_blob(4, buf_).run();
    buf_.clear();
  }

  Connection& db_;
  Transaction tx_;
  Stmt chunk_, text_;
  std::int64_t id_ = 0, seq_ = 0;
  std::string buf_;
  Problems rejected_;
};

FeedLoadRecord read_load(const Stmt& s) {
  FeedLoadRecord r;
  r.id = s.i64(0);
  r.source = s.text(1);
  r.file = s.text(2);
  r.file_hash = s.text(3);
  r.mapping = s.text(4);
  r.as_of = static_cast<std::int32_t>(s.i64(5));
  r.first_day = s.is_null(6) ? 0 : static_cast<std::int32_t>(s.i64(6));
  r.last_day = s.is_null(7) ? 0 : static_cast<std::int32_t>(s.i64(7));
  r.rows_read = static_cast<long>(s.i64(8));
  r.rows_loaded = static_cast<long>(s.i64(9));
  r.rows_rejected = static_cast<long>(s.i64(10));
  r.rows_ignored = static_cast<long>(s.i64(11));
  r.rows_blank = static_cast<long>(s.i64(12));
  r.ids_normalised = static_cast<long>(s.i64(13));
  r.loaded_at = s.text(14);
  return r;
}
constexpr const char* kLoadColumns =
    "SELECT id, source, file, file_hash, mapping, as_of, first_day, last_day, rows_read, rows_loaded, rows_rejected, "
    "rows_ignored, rows_blank, ids_normalised, CAST(loaded_at AS TEXT) FROM feed_load ";

}  // namespace

std::unique_ptr<Verification::LoadSession> SqlVerification::begin_load() { return std::make_unique<SqlLoad>(db_); }

std::optional<FeedLoadRecord> SqlVerification::find_load(const std::string& source, const std::string& file_hash) {
  Stmt s = db_.prepare(std::string(kLoadColumns) + "WHERE source = ? AND file_hash = ?");
  s.bind(1, source).bind(2, file_hash);
  if (!s.step()) return std::nullopt;
  return read_load(s);
}

std::vector<FeedLoadRecord> SqlVerification::loads() {
  std::vector<FeedLoadRecord> out;
  Stmt s = db_.prepare(std::string(kLoadColumns) + "WHERE source <> '' ORDER BY id");
  while (s.step()) out.push_back(read_load(s));
  return out;
}

Problems SqlVerification::load_rejections(std::int64_t load_id) {
  Problems out;
  Stmt s = db_.prepare("SELECT row, code, field, member, message FROM feed_rejection WHERE load_id = ? ORDER BY row");
  s.bind(1, load_id);
  while (s.step()) {
    Problem p = make_problem(std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                             std::string(s.text(4)));
    p.row = static_cast<long>(s.i64(0));
    out.push_back(std::move(p));
  }
  return out;
}

void SqlVerification::scan_facts(const std::vector<std::int64_t>& load_ids,
                                 const std::function<void(std::int64_t, const StoredFact*, std::size_t)>& visit) {
  Stmt s = db_.prepare("SELECT n, facts FROM feed_chunk WHERE load_id = ? ORDER BY seq");
  std::vector<StoredFact> batch;
  for (auto id : load_ids) {
    s.bind(1, id);
    while (s.step()) {
      const std::string_view b = s.blob(1);
      const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(s.i64(0)), b.size() / kRecord);
      batch.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        const char* p = b.data() + i * kRecord;
        auto& f = batch[i];
        f.person = static_cast<std::int64_t>(get_le(p, 8));
        f.amount = static_cast<std::int64_t>(get_le(p + 8, 8));
        f.day = static_cast<std::int32_t>(get_le(p + 16, 4));
        f.fact = static_cast<std::uint8_t>(p[20]);
        f.kind = static_cast<std::uint8_t>(p[21]);
      }
      visit(id, batch.data(), n);
    }
    s.reset();
  }
}

std::pair<std::string, std::string> SqlVerification::text_of(std::int64_t load_id, std::int64_t person) {
  Stmt s = db_.prepare("SELECT name, region FROM feed_text WHERE load_id = ? AND person = ?");
  s.bind(1, load_id).bind(2, person);
  if (!s.step()) return {};
  return {std::string(s.text(0)), std::string(s.text(1))};
}

void SqlVerification::scan_members(const std::function<void(const MemberLink&)>& visit) {
  Stmt s = db_.prepare("SELECT person_id, household_id, coalesce(left_on, '') FROM member");
  MemberLink l;
  while (s.step()) {
    l.person_id = s.text(0);
    l.household_id = s.text(1);
    l.left_on = s.text(2);
    visit(l);
  }
}

RunSummary SqlVerification::store_run(const RunRecord& r) {
  Transaction tx(db_);
  RunSummary out;
  out.month = r.month;
  {
    Stmt s = db_.prepare("INSERT INTO verify_run(month, loads) VALUES(?, ?) RETURNING id, CAST(started_at AS TEXT)");
    s.bind(1, yyyymm(r.month)).bind(2, r.loads);
    s.step();
    out.id = s.i64(0);
    out.started_at = s.text(1);
  }
  out.households = r.households;
  out.members = r.members;
  out.mismatches = static_cast<long>(r.mismatches.size());
  out.deaths = static_cast<long>(r.deaths.size());
  out.candidates = static_cast<long>(r.candidates.size());
  out.issues = static_cast<long>(r.issues.size());

  Stmt hh = db_.prepare(
      "INSERT INTO verify_household(run_id, household_id, status, mismatches, pending, before_category, before_cash, "
      "after_category, after_cash) VALUES(?,?,?,?,?,?,?,?,?)");
  for (const auto& h : r.households_listed) {
    if (!h.pending.empty()) ++out.pending;
    if (h.status == "changed") ++out.changed;
    hh.bind(1, out.id).bind(2, h.household_id).bind(3, h.status).bind(4, static_cast<std::int64_t>(h.mismatches))
        .bind(5, h.pending).bind(6, h.before_category).bind(7, h.before_cash).bind(8, h.after_category)
        .bind(9, h.after_cash).run();
  }
  Stmt mm = db_.prepare(
      "INSERT INTO verify_mismatch(run_id, household_id, member, item, label, declared, found, sources) "
      "VALUES(?,?,?,?,?,?,?,?)");
  for (const auto& m : r.mismatches)
    mm.bind(1, out.id).bind(2, m.household_id).bind(3, m.member).bind(4, m.item).bind(5, m.label)
        .bind(6, m.declared).bind(7, m.found).bind(8, m.sources).run();
  Stmt cand = db_.prepare(
      "INSERT INTO verify_candidate(run_id, person_id, name, region, source, reason, detail, day) "
      "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
  for (const auto& c : r.candidates)
    cand.bind(1, out.id).bind(2, c.person_id).bind(3, c.name).bind(4, c.region).bind(5, c.source).bind(6, c.reason)
        .bind(7, c.detail).bind(8, static_cast<std::int64_t>(c.day)).run();
  // Issues: those found now are open (a new row when not already open); open ones not found again are
  // resolved by this run.
  db_.prepare("UPDATE verify_issue SET resolved_run = ? WHERE resolved_run IS NULL").bind(1, out.id).run();
  Stmt reopen = db_.prepare(
      "UPDATE verify_issue SET resolved_run = NULL WHERE resolved_run = ? AND household_id = ? AND person_id = ? "
      "AND code = ?");
  Stmt issue = db_.prepare(
      "INSERT INTO verify_issue(household_id, person_id, code, message, action, found_run) VALUES(?,?,?,?,?,?)");
  for (const auto& i : r.issues) {
    if (reopen.bind(1, out.id).bind(2, i.household_id).bind(3, i.person_id).bind(4, i.code).run() > 0) continue;
    issue.bind(1, i.household_id).bind(2, i.person_id).bind(3, i.code).bind(4, i.message).bind(5, i.action)
        .bind(6, out.id).run();
  }
  Stmt death = db_.prepare(
      "UPDATE member SET left_on = ?, left_reason = 'death' WHERE person_id = ? AND household_id = ? "
      "AND (left_on IS NULL OR left_on > ?)");
  for (const auto& d : r.deaths) death.bind(1, d.date).bind(2, d.person_id).bind(3, d.household_id).bind(4, d.date).run();
  // Every verified record is replaced by this run's: cleared in one statement, then the changed ones set.
  db_.prepare("UPDATE household SET verified = NULL, verified_month = NULL WHERE verified_month IS NOT NULL").run();
  Stmt ver = db_.prepare("UPDATE household SET verified = ?, verified_month = ? WHERE id = ?");
  std::string blob;
  for (const auto& [id, h] : r.verified) {
    encode_household(h, blob);
    ver.bind_blob(1, blob).bind(2, yyyymm(r.month)).bind(3, id).run();
  }
  if (!r.assessments.empty()) out.kept_paid = registry_.put_assessments(r.assessments);
  auto n = [](long v) { return static_cast<std::int64_t>(v); };
  db_.prepare(
         "UPDATE verify_run SET households = ?, members = ?, mismatches = ?, pending = ?, changed = ?, deaths = ?, "
         "candidates = ?, issues = ? WHERE id = ?")
      .bind(1, n(out.households)).bind(2, n(out.members)).bind(3, n(out.mismatches)).bind(4, n(out.pending))
      .bind(5, n(out.changed)).bind(6, n(out.deaths)).bind(7, n(out.candidates)).bind(8, n(out.issues))
      .bind(9, out.id)
      .run();
  tx.commit();
  return out;
}

std::optional<RunSummary> SqlVerification::latest_run() {
  Stmt s = db_.prepare(
      "SELECT id, month, CAST(started_at AS TEXT), households, members, mismatches, pending, changed, deaths, "
      "candidates, issues FROM verify_run ORDER BY id DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  RunSummary r;
  r.id = s.i64(0);
  r.month = model::Month::of(static_cast<int>(s.i64(1) / 100), static_cast<int>(s.i64(1) % 100));
  r.started_at = s.text(2);
  long* fields[] = {&r.households, &r.members, &r.mismatches, &r.pending, &r.changed, &r.deaths, &r.candidates, &r.issues};
  for (int i = 0; i < 8; ++i) *fields[i] = static_cast<long>(s.i64(3 + i));
  return r;
}

std::vector<RunIssue> SqlVerification::open_issues(const std::string& region) {
  std::vector<RunIssue> out;
  Stmt s = db_.prepare(
      "SELECT v.household_id, v.person_id, v.code, v.message, v.action FROM verify_issue v "
      "JOIN household h ON h.id = v.household_id WHERE v.resolved_run IS NULL AND h.region LIKE ? "
      "ORDER BY v.household_id, v.person_id, v.code");
  s.bind(1, region + "%");
  while (s.step()) out.push_back({std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)),
                                  std::string(s.text(3)), std::string(s.text(4))});
  return out;
}

namespace {
constexpr const char* kLatestRun = "(SELECT max(id) FROM verify_run)";
}

std::optional<RunHousehold> SqlVerification::household_result(const std::string& household_id) {
  Stmt s = db_.prepare(std::string("SELECT status, mismatches, pending, before_category, before_cash, after_category, "
                                   "after_cash FROM verify_household WHERE household_id = ? AND run_id = ") + kLatestRun);
  s.bind(1, household_id);
  if (!s.step()) return std::nullopt;
  RunHousehold h;
  h.household_id = household_id;
  h.status = s.text(0);
  h.mismatches = static_cast<long>(s.i64(1));
  h.pending = s.text(2);
  h.before_category = s.text(3);
  h.before_cash = s.i64(4);
  h.after_category = s.text(5);
  h.after_cash = s.i64(6);
  return h;
}

std::vector<RunMismatch> SqlVerification::mismatches_of(const std::string& household_id) {
  std::vector<RunMismatch> out;
  Stmt s = db_.prepare(std::string("SELECT member, item, label, declared, found, sources FROM verify_mismatch "
                                   "WHERE household_id = ? AND run_id = ") + kLatestRun);
  s.bind(1, household_id);
  while (s.step())
    out.push_back({household_id, std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)),
                   std::string(s.text(3)), std::string(s.text(4)), std::string(s.text(5))});
  return out;
}

std::vector<RunCandidate> SqlVerification::candidates(const std::string& region) {
  std::vector<RunCandidate> out;
  Stmt s = db_.prepare(std::string("SELECT person_id, name, region, source, reason, detail, day FROM verify_candidate "
                                   "WHERE run_id = ") + kLatestRun +
                       (region.empty() ? "" : " AND region LIKE ? AND region <> ''") + " ORDER BY region, person_id, reason");
  if (!region.empty()) s.bind(1, region + "%");
  while (s.step())
    out.push_back({std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                   std::string(s.text(4)), std::string(s.text(5)), static_cast<std::int32_t>(s.i64(6))});
  return out;
}

}  // namespace safetynet::registry
