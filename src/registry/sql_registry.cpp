// The registry over sql::Connection: the same SQL for SQLite and PostgreSQL (sql/connection.hpp), the
// schema migrated on open (migrations/<dialect>/).
#include <oneapi/tbb/parallel_for.h>

#include <atomic>
#include <unordered_map>

#include "registry/household_writer.hpp"
#include "registry/record_codec.hpp"
#include "registry/registry.hpp"
#include "registry/sql_casework.hpp"
#include "registry/sql_verification.hpp"
#include "registry/sql_supervision.hpp"
#include "registry/sql/connection.hpp"

namespace safetynet::registry {
namespace {

using sql::Connection;
using sql::DbError;
using sql::Stmt;
using sql::Transaction;

int yyyymm(model::Month m) { return m.year() * 100 + m.month(); }

rules::Category parse_category(std::string_view s) {
  if (s == "dibao") return rules::Category::kDibao;
  if (s == "low_income") return rules::Category::kLowIncome;
  if (s == "undetermined") return rules::Category::kUndetermined;
  return rules::Category::kNone;
}

class SqlRegistry final : public Registry {
 public:
  explicit SqlRegistry(std::unique_ptr<Connection> conn) : conn_(std::move(conn)), db_(*conn_), casework_(db_),
        verification_(db_, *this, [this](const std::function<bool(model::Household&)>& visit, model::Month before) {
          scan(visit, before, /*declared=*/true);
        }), supervision_(db_) {
    sql::migrate(db_);
  }

  Casework& casework() override { return casework_; }
  Verification& verification() override { return verification_; }
  Supervision& supervision() override { return supervision_; }

  class SqlImport final : public ImportSession {
   public:
    explicit SqlImport(Connection& db) : db_(db), tx_(db), writer_(db) {}

    void put(const Incoming& in) override {
      switch (writer_.put(in, out_.rejected)) {
        case HouseholdWriter::Outcome::kInserted: ++out_.inserted; break;
        case HouseholdWriter::Outcome::kUpdated: ++out_.updated; break;
        case HouseholdWriter::Outcome::kUnchanged: ++out_.unchanged; break;
        case HouseholdWriter::Outcome::kRejected: break;
      }
    }

    void reject(const Problem& p) override { out_.rejected.push_back(p); }
    const Problems& rejected() const override { return out_.rejected; }

    ImportOutcome commit(const std::string& files) override {
      Stmt run = db_.prepare(
          "INSERT INTO import_run(files, inserted, updated, unchanged, rejected) VALUES(?,?,?,?,?) RETURNING id");
      run.bind(1, files)
          .bind(2, static_cast<std::int64_t>(out_.inserted))
          .bind(3, static_cast<std::int64_t>(out_.updated))
          .bind(4, static_cast<std::int64_t>(out_.unchanged))
          .bind(5, static_cast<std::int64_t>(out_.rejected.size()));
      run.step();
      const std::int64_t id = run.i64(0);
      run.reset();
      Stmt rej = db_.prepare(
          "INSERT INTO import_rejection(run_id, file, row, code, field, member, message) VALUES(?,?,?,?,?,?,?)");
      for (const auto& p : out_.rejected)
        rej.bind(1, id).bind(2, p.file).bind(3, static_cast<std::int64_t>(p.row)).bind(4, p.code).bind(5, p.field)
            .bind(6, p.member).bind(7, p.message).run();
      tx_.commit();
      return out_;
    }

   private:
    Connection& db_;
    Transaction tx_;
    HouseholdWriter writer_;
    ImportOutcome out_;
  };

  std::unique_ptr<ImportSession> begin_import() override { return std::make_unique<SqlImport>(db_); }

  long household_count() override {
    Stmt s = db_.prepare("SELECT count(*) FROM household WHERE status = 'open'");
    s.step();
    return static_cast<long>(s.i64(0));
  }

  std::optional<model::Household> get_household(const std::string& id, std::optional<model::Month> before) override {
    // The verified record when there is one (R2.5: verified values replace declared ones).
    Stmt s = db_.prepare(
        "SELECT coalesce(h.verified, h.record), s.month, s.category, s.last_benefit, s.exit_started FROM household h "
        "LEFT JOIN household_state s ON s.household_id = h.id AND s.month < ? WHERE h.id = ?");
    s.bind(1, bound(before)).bind(2, id);
    if (!s.step()) return std::nullopt;
    model::Household h;
    if (!decode_household(s.blob(0), h)) throw DbError("户 " + id + " 的记录已损坏");
    merge_history(s, h);
    s.reset();
    merge_grants(h, load_grants(id, before));
    drop_departed(h, load_departed(id), before);
    return h;
  }

  void scan_households(const std::function<bool(model::Household&)>& visit,
                       std::optional<model::Month> before) override {
    scan(visit, before, /*declared=*/false);
  }

  // Every open household, the verified record (or, with `declared`, the record as declared) with the
  // registry's history merged and closed memberships dropped.
  void scan(const std::function<bool(model::Household&)>& visit, std::optional<model::Month> before, bool declared) {
    auto grants = load_grants("", before);
    auto departed = load_departed("");
    // Pages of households by id, each read whole before it is visited: the visitor may write to the
    // registry (the assessment run stores batches as it goes), and a PostgreSQL connection runs one
    // statement at a time, so an open scan would otherwise be buffered whole. The declared scan's
    // visitor (the verification run) only reads, so on SQLite it is one pass in table order instead:
    // paging by id costs an index seek per household.
    const bool stream = declared && db_.dialect() == sql::Dialect::kSqlite;
    Stmt s = db_.prepare(
        std::string("SELECT h.id, ") + (declared ? "h.record" : "coalesce(h.verified, h.record)") +
        ", s.month, s.category, s.last_benefit, s.exit_started FROM household h "
        "LEFT JOIN household_state s ON s.household_id = h.id AND s.month < ? WHERE h.status = 'open'" +
        (stream ? "" : " AND h.id > ? ORDER BY h.id LIMIT 2048"));
    // A page's rows are copied out, then decoded in parallel (decoding is most of a scan's time).
    struct Raw {
      std::string id, blob;
      History state;
    };
    std::vector<Raw> raw(2048);
    std::vector<model::Household> page(2048);
    std::string after;
    if (stream) s.bind(1, bound(before));
    for (;;) {
      if (!stream) s.bind(1, bound(before)).bind(2, after);
      std::size_t n = 0;
      while (n < raw.size() && s.step()) {
        Raw& r = raw[n++];
        r.id.assign(s.text(0));
        r.blob.assign(s.blob(1));
        r.state = read_history(s, 2);
        after = r.id;
      }
      if (!stream) s.reset();
      std::atomic<bool> corrupt{false};
      tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
        model::Household& h = page[i];
        if (!decode_household(raw[i].blob, h)) {
          corrupt = true;
          return;
        }
        merge_history(raw[i].state, h);
        if (auto it = grants.find(h.id); it != grants.end()) merge_grants(h, it->second);
        if (!departed.empty())
          if (auto it = departed.find(h.id); it != departed.end()) drop_departed(h, it->second, before);
      });
      if (corrupt)
        for (std::size_t i = 0; i < n; ++i)
          if (model::Household h; !decode_household(raw[i].blob, h)) throw DbError("户 " + raw[i].id + " 的记录已损坏");
      for (std::size_t i = 0; i < n; ++i)
        if (!visit(page[i])) return;
      if (n < page.size()) return;
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
        "undetermined = excluded.undetermined, refusal = excluded.refusal, assessed_at = CURRENT_TIMESTAMP "
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
      if (ins.run() == 0) {
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

  PayrollOutcome pay_month(model::Month month, const std::string& region) override {
    PayrollOutcome out;
    Transaction tx(db_);
    {
      Stmt run = db_.prepare("INSERT INTO payroll_run(month) VALUES(?) RETURNING id");
      run.bind(1, yyyymm(month)).step();
      out.run_id = run.i64(0);
      run.reset();
    }
    // ON CONFLICT DO NOTHING on (household_id, month): a case already paid this month is never paid again.
    out.new_cases = static_cast<long>(db_.prepare(
           "INSERT INTO payment(household_id, month, amount, items, run_id) "
           "SELECT a.household_id, a.month, a.monthly_cash, a.entitlements, ? FROM assessment a "
           "JOIN household h ON h.id = a.household_id "
           "WHERE a.month = ? AND a.monthly_cash > 0 AND a.refusal IS NULL AND h.status = 'open' AND h.region LIKE ? "
           // A household with a case is paid only while its latest case is in payment (or exiting) from
           // the month after approval (R11.2); households from a ledger import, with no case, are the
           // office's approved caseload and are paid as assessed.
           "AND NOT EXISTS (SELECT 1 FROM casefile c WHERE c.household_id = h.id AND c.kind = 'assistance' "
           "AND c.id = (SELECT max(c2.id) FROM casefile c2 WHERE c2.household_id = h.id AND c2.kind = 'assistance') "
           "AND NOT (c.state IN ('in_payment', 'gradual_exit') AND c.pay_from <= ?)) "
           // A household registered at the office (source web:…) is paid only through an approved case.
           "AND (h.source NOT LIKE 'web:%' OR EXISTS (SELECT 1 FROM casefile c3 WHERE c3.household_id = h.id "
           "AND c3.kind = 'assistance')) "
           // A household with an open duplicate or id issue (verification.hpp) is never paid.
           "AND NOT EXISTS (SELECT 1 FROM verify_issue v WHERE v.household_id = h.id AND v.resolved_run IS NULL) "
           "ON CONFLICT(household_id, month) DO NOTHING")
        .bind(1, out.run_id)
        .bind(2, yyyymm(month))
        .bind(3, region + "%")
        .bind(4, yyyymm(month))
        .run());
    // Case-by-case grants now paid count against the household's yearly cap (R9.2).
    Stmt paid = db_.prepare("SELECT household_id, items, amount FROM payment WHERE run_id = ?");
    Stmt grant = db_.prepare(
        "INSERT INTO case_by_case_paid(household_id, paid_on, amount, month) VALUES(?,?,?,?) "
        "ON CONFLICT DO NOTHING");
    paid.bind(1, out.run_id);
    const std::string paid_on = model::first_day(month).to_string();
    // Read whole before writing (one statement at a time on a PostgreSQL connection).
    std::vector<std::pair<std::string, model::Fen>> grants;
    while (paid.step()) {
      out.new_total += paid.i64(2);
      for (const auto& e : decode_entitlements(paid.text(1)))
        if (e.item == rules::Item::kCaseByCase && e.amount > 0) grants.emplace_back(paid.text(0), e.amount);
    }
    paid.reset();
    for (const auto& [id, amount] : grants) grant.bind(1, id).bind(2, paid_on).bind(3, amount).bind(4, yyyymm(month)).run();
    db_.prepare("UPDATE payroll_run SET new_cases = ?, new_total = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(out.new_cases))
        .bind(2, out.new_total)
        .bind(3, out.run_id)
        .run();
    Stmt all = db_.prepare(
        "SELECT count(*) FROM payment p JOIN household h ON h.id = p.household_id WHERE p.month = ? AND h.region LIKE ?");
    all.bind(1, yyyymm(month)).bind(2, region + "%");
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
  // The registry's own history (household_state) as read: it overrides the record's for the next months
  // (SPEC readings).
  struct History {
    bool present = false;
    std::string category;
    std::optional<model::Fen> last_benefit;
    std::optional<model::Month> exit_started;
  };
  // Columns first..first+3 of `s`: month, category, last_benefit, exit_started of household_state.
  static History read_history(const Stmt& s, int first) {
    History h;
    if (s.is_null(first)) return h;
    h.present = true;
    h.category = s.text(first + 1);
    if (!s.is_null(first + 2)) h.last_benefit = s.i64(first + 2);
    if (!s.is_null(first + 3)) h.exit_started = model::Month{static_cast<int>(s.i64(first + 3))};
    return h;
  }
  static void merge_history(const History& st, model::Household& h) {
    if (!st.present) return;
    if (st.category == "dibao") h.history.category = model::HistoryCategory::kDibao;
    else if (st.category == "low_income") h.history.category = model::HistoryCategory::kLowIncome;
    else h.history.category = model::HistoryCategory::kNone;
    if (st.last_benefit) h.history.last_benefit = st.last_benefit;
    h.history.exit_started = st.exit_started;
  }
  static void merge_history(const Stmt& s, model::Household& h, int first = 1) { merge_history(read_history(s, first), h); }

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
  // Closed memberships (a death, R11.5): person id -> the day it closed, per household.
  using Departed = std::vector<std::pair<std::string, model::Date>>;
  std::unordered_map<std::string, Departed> load_departed(const std::string& id) {
    std::unordered_map<std::string, Departed> out;
    Stmt s = db_.prepare(id.empty() ? "SELECT household_id, person_id, left_on FROM member WHERE left_on IS NOT NULL"
                                    : "SELECT household_id, person_id, left_on FROM member WHERE left_on IS NOT NULL "
                                      "AND household_id = ?");
    if (!id.empty()) s.bind(1, id);
    while (s.step())
      if (auto d = model::parse_date(s.text(2))) out[std::string(s.text(0))].emplace_back(s.text(1), *d);
    return out;
  }
  static void drop_departed(model::Household& h, const std::unordered_map<std::string, Departed>& all,
                            std::optional<model::Month> before) {
    if (auto it = all.find(h.id); it != all.end()) drop_departed(h, it->second, before);
  }
  // A membership that closed in month M counts up to M and not after: payments stop from the next
  // month. Without a month, a closed membership is dropped.
  static void drop_departed(model::Household& h, const Departed& gone, std::optional<model::Month> before) {
    std::vector<int> idx;
    for (const auto& [person, day] : gone) {
      if (before && day.as_month() >= *before) continue;
      for (int i = 0; i < static_cast<int>(h.members.size()); ++i)
        if (h.members[i].id == person) idx.push_back(i);
    }
    model::remove_members(h, std::move(idx));
  }
  static void merge_grants(model::Household& h, const std::unordered_map<std::string, Grants>& all) {
    if (auto it = all.find(h.id); it != all.end()) merge_grants(h, it->second);
  }
  static void merge_grants(model::Household& h, const Grants& g) {
    for (const auto& [m, p] : g) h.history.case_by_case_paid.push_back(p);
  }

  std::unique_ptr<Connection> conn_;
  Connection& db_;
  SqlCasework casework_;
  SqlVerification verification_;
  SqlSupervision supervision_;
};

}  // namespace

ImportOutcome Registry::put_households(const std::vector<Incoming>& batch, const std::string& files) {
  auto session = begin_import();
  for (const auto& in : batch) session->put(in);
  return session->commit(files);
}

std::unique_ptr<Registry> Registry::open(const std::string& url, bool create) {
  return std::make_unique<SqlRegistry>(Connection::open(url, create));
}

}  // namespace safetynet::registry
