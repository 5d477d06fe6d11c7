// The SQLite backend of the registry: a file, WAL mode, versioned migrations in PRAGMA user_version.
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include "registry/record_codec.hpp"
#include "registry/registry.hpp"
#include "registry/sqlite/db.hpp"
#include "registry/sqlite/migrations.hpp"

namespace safetynet::registry {
namespace {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

int yyyymm(model::Month m) { return m.year() * 100 + m.month(); }

std::string fnv_hex(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

rules::Category parse_category(std::string_view s) {
  if (s == "dibao") return rules::Category::kDibao;
  if (s == "low_income") return rules::Category::kLowIncome;
  if (s == "undetermined") return rules::Category::kUndetermined;
  return rules::Category::kNone;
}

class SqliteRegistry final : public Registry {
 public:
  explicit SqliteRegistry(const std::string& path) : db_(path) { migrate(); }

  class SqliteImport final : public ImportSession {
   public:
    explicit SqliteImport(Db& db)
        : db_(db),
          tx_(db),
          get_(db.prepare("SELECT record FROM household WHERE id = ?")),
          del_members_(db.prepare("DELETE FROM member WHERE household_id = ?")),
          add_member_(db.prepare("INSERT INTO member(person_id, household_id, name) VALUES(?, ?, ?)")),
          owner_(db.prepare("SELECT household_id FROM member WHERE person_id = ?")),
          upsert_(db.prepare(
              "INSERT INTO household(id, region, county, street, head_name, head_id, persons, record, record_hash, "
              "source) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET region=excluded.region, "
              "county=excluded.county, street=excluded.street, head_name=excluded.head_name, "
              "head_id=excluded.head_id, persons=excluded.persons, record=excluded.record, "
              "record_hash=excluded.record_hash, source=excluded.source, status='open', "
              "updated_at=datetime('now')")) {}

    void put(const Incoming& in) override {
      const auto& h = in.household;
      encode_household(h, blob_);
      get_.bind(1, h.id);
      bool exists = false, same = false;
      if (get_.step()) {
        exists = true;
        same = get_.blob(0) == blob_;
      }
      get_.reset();
      if (same) {
        ++out_.unchanged;
        return;
      }
      // A person may be in only one household (R11.1): check every member before writing anything, so a
      // rejected household leaves no trace and no savepoint (statement journal) is needed.
      for (std::size_t i = 0; i < h.members.size(); ++i) {
        const auto& m = h.members[i];
        // Callers validate first; a record listing one person twice is still refused, not thrown.
        for (std::size_t j = 0; j < i; ++j)
          if (h.members[j].id == m.id) {
            Problem p = make_problem("duplicate_member", "members[" + std::to_string(i) + "].id", m.id,
                                     "同一人在本户中出现两次");
            p.file = in.file;
            p.row = in.row;
            out_.rejected.push_back(std::move(p));
            return;
          }
        owner_.bind(1, m.id);
        std::string other = owner_.step() ? std::string(owner_.text(0)) : "";
        owner_.reset();
        if (other.empty() || other == h.id) continue;
        Problem p = make_problem("duplicate_person", "members[" + std::to_string(i) + "].id", m.id,
                                 "此人已是另一户（" + other + "）的成员，一人只能属于一个家庭（R11.1）");
        p.file = in.file;
        p.row = in.row;
        if (i < in.member_rows.size()) std::tie(p.file, p.row) = in.member_rows[i];
        out_.rejected.push_back(std::move(p));
        return;
      }
      if (exists) del_members_.bind(1, h.id).run();
      const model::Member* head = &h.members.front();
      for (const auto& m : h.members)
        if (m.relation == model::Relation::kHead) head = &m;
      upsert_.bind(1, h.id).bind(2, h.region).bind(3, h.region.substr(0, 6));
      upsert_.bind(4, h.region.size() >= 9 ? h.region.substr(0, 9) : std::string());
      upsert_.bind(5, head->name).bind(6, head->id).bind(7, static_cast<std::int64_t>(h.members.size()));
      upsert_.bind_blob(8, blob_).bind(9, fnv_hex(blob_)).bind(10, in.file);
      upsert_.run();
      for (const auto& m : h.members) add_member_.bind(1, m.id).bind(2, h.id).bind(3, m.name).run();
      if (exists) ++out_.updated;
      else ++out_.inserted;
    }

    void reject(const Problem& p) override { out_.rejected.push_back(p); }
    const Problems& rejected() const override { return out_.rejected; }

    ImportOutcome commit(const std::string& files) override {
      db_.prepare("INSERT INTO import_run(files, inserted, updated, unchanged, rejected) VALUES(?,?,?,?,?)")
          .bind(1, files)
          .bind(2, static_cast<std::int64_t>(out_.inserted))
          .bind(3, static_cast<std::int64_t>(out_.updated))
          .bind(4, static_cast<std::int64_t>(out_.unchanged))
          .bind(5, static_cast<std::int64_t>(out_.rejected.size()))
          .run();
      const std::int64_t id = db_.last_rowid();
      Stmt rej = db_.prepare(
          "INSERT INTO import_rejection(run_id, file, row, code, field, member, message) VALUES(?,?,?,?,?,?,?)");
      for (const auto& p : out_.rejected)
        rej.bind(1, id).bind(2, p.file).bind(3, static_cast<std::int64_t>(p.row)).bind(4, p.code).bind(5, p.field)
            .bind(6, p.member).bind(7, p.message).run();
      tx_.commit();
      return out_;
    }

   private:
    Db& db_;
    Transaction tx_;
    Stmt get_, del_members_, add_member_, owner_, upsert_;
    std::string blob_;
    ImportOutcome out_;
  };

  std::unique_ptr<ImportSession> begin_import() override { return std::make_unique<SqliteImport>(db_); }

  long household_count() override {
    Stmt s = db_.prepare("SELECT count(*) FROM household WHERE status = 'open'");
    s.step();
    return static_cast<long>(s.i64(0));
  }

  std::optional<model::Household> get_household(const std::string& id, std::optional<model::Month> before) override {
    Stmt s = db_.prepare(
        "SELECT h.record, s.month, s.category, s.last_benefit, s.exit_started FROM household h "
        "LEFT JOIN household_state s ON s.household_id = h.id AND s.month < ? WHERE h.id = ?");
    s.bind(1, bound(before)).bind(2, id);
    if (!s.step()) return std::nullopt;
    model::Household h;
    if (!decode_household(s.blob(0), h)) throw sqlite::DbError("户 " + id + " 的记录已损坏");
    merge_history(s, h);
    merge_grants(h, load_grants(id, before));
    return h;
  }

  void scan_households(const std::function<bool(model::Household&)>& visit,
                       std::optional<model::Month> before) override {
    auto grants = load_grants("", before);
    Stmt s = db_.prepare(
        "SELECT h.record, s.month, s.category, s.last_benefit, s.exit_started FROM household h "
        "LEFT JOIN household_state s ON s.household_id = h.id AND s.month < ? WHERE h.status = 'open' "
        "ORDER BY h.id");
    s.bind(1, bound(before));
    model::Household h;
    while (s.step()) {
      if (!decode_household(s.blob(0), h)) throw sqlite::DbError("户记录已损坏");
      merge_history(s, h);
      if (auto it = grants.find(h.id); it != grants.end()) merge_grants(h, it->second);
      if (!visit(h)) break;
    }
  }

  long put_assessments(const std::vector<StoredAssessment>& batch) override {
    Transaction tx(db_);
    long kept = 0;
    Stmt ins = db_.prepare(
        "INSERT INTO assessment(household_id, month, category, persons, covered, monthly_cash, "
        "entitlements, undetermined, refusal) VALUES(?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(household_id, month) DO UPDATE SET category = excluded.category, persons = excluded.persons, "
        "covered = excluded.covered, monthly_cash = excluded.monthly_cash, entitlements = excluded.entitlements, "
        "undetermined = excluded.undetermined, refusal = excluded.refusal, assessed_at = datetime('now') "
        "WHERE NOT EXISTS (SELECT 1 FROM payment p WHERE p.household_id = excluded.household_id "
        "AND p.month = excluded.month)");
    // The state follows the latest month assessed; re-assessing an earlier month does not move it back.
    Stmt hist = db_.prepare(
        "INSERT INTO household_state(month, category, last_benefit, exit_started, household_id) VALUES(?,?,?,?,?) "
        "ON CONFLICT(household_id) DO UPDATE SET month = excluded.month, category = excluded.category, "
        "last_benefit = excluded.last_benefit, exit_started = excluded.exit_started "
        "WHERE excluded.month >= household_state.month");
    for (const auto& a : batch) {
      ins.bind(1, a.household_id).bind(2, yyyymm(a.month)).bind(3, rules::category_name(a.category));
      ins.bind(4, a.persons).bind(5, a.covered).bind(6, a.monthly_cash).bind(7, a.entitlements).bind(8, a.undetermined);
      if (a.refusal.empty()) ins.bind_null(9);
      else ins.bind(9, a.refusal);
      ins.run();
      if (db_.changes() == 0) {
        ++kept;  // paid already: the stored assessment and the history it set stay
        continue;
      }
      // History follows decided months only; an undetermined or refused month leaves it as it was.
      if (a.refusal.empty() && a.category != rules::Category::kUndetermined) {
        hist.bind(1, yyyymm(a.month)).bind(2, rules::category_name(a.category));
        if (a.category == rules::Category::kDibao) hist.bind(3, a.dibao_benefit);
        else hist.bind_null(3);
        if (a.exit_started) hist.bind(4, a.exit_started->index);
        else hist.bind_null(4);
        hist.bind(5, a.household_id).run();
      }
    }
    tx.commit();
    return kept;
  }

  long assessment_count(model::Month month) override {
    Stmt s = db_.prepare("SELECT count(*) FROM assessment WHERE month = ?");
    s.bind(1, yyyymm(month));
    s.step();
    return static_cast<long>(s.i64(0));
  }

  void scan_assessments(model::Month month, const std::function<void(const StoredAssessment&)>& visit) override {
    Stmt s = db_.prepare(
        "SELECT a.household_id, h.region, a.category, a.persons, a.covered, a.monthly_cash, a.entitlements, "
        "a.undetermined, coalesce(a.refusal, '') FROM assessment a JOIN household h ON h.id = a.household_id "
        "WHERE a.month = ? ORDER BY h.county, h.street, a.household_id");
    s.bind(1, yyyymm(month));
    StoredAssessment a;
    a.month = month;
    while (s.step()) {
      a.household_id = s.text(0);
      a.region = s.text(1);
      a.category = parse_category(s.text(2));
      a.persons = s.text(3);
      a.covered = static_cast<int>(s.i64(4));
      a.monthly_cash = s.i64(5);
      a.entitlements = s.text(6);
      a.undetermined = s.text(7);
      a.refusal = s.text(8);
      visit(a);
    }
  }

  PayrollOutcome pay_month(model::Month month) override {
    PayrollOutcome out;
    Transaction tx(db_);
    db_.prepare("INSERT INTO payroll_run(month) VALUES(?)").bind(1, yyyymm(month)).run();
    out.run_id = db_.last_rowid();
    // ON CONFLICT DO NOTHING on (household_id, month): a case already paid this month is never paid again.
    db_.prepare(
           "INSERT INTO payment(household_id, month, amount, items, run_id) "
           "SELECT a.household_id, a.month, a.monthly_cash, a.entitlements, ? FROM assessment a "
           "JOIN household h ON h.id = a.household_id "
           "WHERE a.month = ? AND a.monthly_cash > 0 AND a.refusal IS NULL AND h.status = 'open' "
           "ON CONFLICT(household_id, month) DO NOTHING")
        .bind(1, out.run_id)
        .bind(2, yyyymm(month))
        .run();
    out.new_cases = static_cast<long>(db_.changes());
    // Case-by-case grants now paid count against the household's yearly cap (R9.2).
    Stmt paid = db_.prepare("SELECT household_id, items, amount FROM payment WHERE run_id = ?");
    Stmt grant = db_.prepare(
        "INSERT OR IGNORE INTO case_by_case_paid(household_id, paid_on, amount, month) VALUES(?,?,?,?)");
    paid.bind(1, out.run_id);
    const std::string paid_on = model::first_day(month).to_string();
    while (paid.step()) {
      out.new_total += paid.i64(2);
      for (const auto& e : decode_entitlements(paid.text(1)))
        if (e.item == rules::Item::kCaseByCase && e.amount > 0)
          grant.bind(1, paid.text(0)).bind(2, paid_on).bind(3, e.amount).bind(4, yyyymm(month)).run();
    }
    db_.prepare("UPDATE payroll_run SET new_cases = ?, new_total = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(out.new_cases))
        .bind(2, out.new_total)
        .bind(3, out.run_id)
        .run();
    Stmt all = db_.prepare("SELECT count(*) FROM payment WHERE month = ?");
    all.bind(1, yyyymm(month));
    all.step();
    out.already_paid = static_cast<long>(all.i64(0)) - out.new_cases;
    tx.commit();
    return out;
  }

  void scan_payments(model::Month month, const std::function<void(const PaymentLine&)>& visit) override {
    Stmt s = db_.prepare(
        "SELECT p.household_id, h.region, h.county, h.street, h.head_name, h.head_id, coalesce(a.category, ''), "
        "p.items, h.persons, p.amount, p.run_id FROM payment p JOIN household h ON h.id = p.household_id "
        "LEFT JOIN assessment a ON a.household_id = p.household_id AND a.month = p.month "
        "WHERE p.month = ? ORDER BY h.county, h.street, p.household_id");
    s.bind(1, yyyymm(month));
    PaymentLine l;
    while (s.step()) {
      l.household_id = s.text(0);
      l.region = s.text(1);
      l.county = s.text(2);
      l.street = s.text(3);
      l.head_name = s.text(4);
      l.head_id = s.text(5);
      l.category = s.text(6);
      l.items = s.text(7);
      l.persons = static_cast<int>(s.i64(8));
      l.amount = s.i64(9);
      l.run_id = s.i64(10);
      visit(l);
    }
  }

 private:
  void migrate() {
    Stmt v = db_.prepare("PRAGMA user_version");
    v.step();
    int version = static_cast<int>(v.i64(0));
    v.reset();
    const auto& migrations = sqlite::migrations();
    for (std::size_t i = static_cast<std::size_t>(version); i < migrations.size(); ++i) {
      Transaction tx(db_);
      db_.exec(migrations[i]);
      db_.exec("PRAGMA user_version = " + std::to_string(i + 1));
      tx.commit();
    }
  }

  // The registry's own history overrides the record's for the next months (SPEC readings).
  static void merge_history(const Stmt& s, model::Household& h) {
    if (s.is_null(1)) return;
    std::string_view cat = s.text(2);
    if (cat == "dibao") h.history.category = model::HistoryCategory::kDibao;
    else if (cat == "low_income") h.history.category = model::HistoryCategory::kLowIncome;
    else h.history.category = model::HistoryCategory::kNone;
    if (!s.is_null(3)) h.history.last_benefit = s.i64(3);
    h.history.exit_started = s.is_null(4) ? std::nullopt : std::optional(model::Month{static_cast<int>(s.i64(4))});
  }

  using Grants = std::vector<std::pair<int, model::CaseByCasePayment>>;  // (yyyymm, payment)
  // YYYYMM bound for "months before": everything when no month is given.
  static std::int64_t bound(std::optional<model::Month> before) { return before ? yyyymm(*before) : 999999; }

  std::unordered_map<std::string, Grants> load_grants(const std::string& id, std::optional<model::Month> before) {
    std::unordered_map<std::string, Grants> out;
    Stmt s = db_.prepare(id.empty() ? "SELECT household_id, paid_on, amount, month FROM case_by_case_paid "
                                      "WHERE month < ?"
                                    : "SELECT household_id, paid_on, amount, month FROM case_by_case_paid "
                                      "WHERE month < ? AND household_id = ?");
    s.bind(1, bound(before));
    if (!id.empty()) s.bind(2, id);
    while (s.step()) {
      auto d = model::parse_date(s.text(1));
      if (d) out[std::string(s.text(0))].push_back({static_cast<int>(s.i64(3)), {*d, s.i64(2)}});
    }
    return out;
  }
  static void merge_grants(model::Household& h, const std::unordered_map<std::string, Grants>& all) {
    if (auto it = all.find(h.id); it != all.end()) merge_grants(h, it->second);
  }
  static void merge_grants(model::Household& h, const Grants& g) {
    for (const auto& [m, p] : g) h.history.case_by_case_paid.push_back(p);
  }

  Db db_;
};

}  // namespace

ImportOutcome Registry::put_households(const std::vector<Incoming>& batch, const std::string& files) {
  auto session = begin_import();
  for (const auto& in : batch) session->put(in);
  return session->commit(files);
}

std::unique_ptr<Registry> Registry::open(const std::string& url, bool create) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    throw sqlite::DbError("PostgreSQL 后端尚未实现（issue 3）: " + url);
  if (!create && !std::filesystem::is_regular_file(url))
    throw sqlite::DbError("登记库文件不存在: " + url + "（先用 safetynet import --db " + url + " 导入）");
  return std::make_unique<SqliteRegistry>(url);
}

}  // namespace safetynet::registry
