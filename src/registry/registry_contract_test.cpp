// The registry contract (registry.hpp): one suite that every backend must pass (STYLE.md "Tests").
//
// Parameterised by backend (`backends()` below): SQLite in memory (`:memory:`), SQLite on a temporary
// file, and PostgreSQL on the server named by the environment variable SAFETYNET_TEST_PG (a libpq URL
// such as `postgresql://postgres@127.0.0.1:55432/postgres`; `scripts/pg-test-server.sh start` starts a
// throwaway server and prints it, and scripts/test.sh does both). Without it the PostgreSQL instances
// are skipped, not passed. Each PostgreSQL registry is a database of its own (sn_contract_<pid>_<n>),
// dropped when its test ends.
//
// Fault injection (LevelDB style): the registry is not wrapped; the backend itself is made to fail on
// the N-th row it writes, as a full disk would, for every N until the operation gets through. Each
// failure must leave the registry exactly as it was (every observable household, history, assessment
// and payment equal) and usable, and the retried operation must then do exactly its work. For SQLite
// the test reaches the registry's own connection through `sqlite3_auto_extension` (called for every
// connection the process opens) and installs TEMP triggers that count writes in a TEMP table and
// `RAISE(ABORT)` at zero: production code is unchanged. For PostgreSQL the test opens a connection
// of its own to the registry's database and installs the same thing as plain objects there: a counter
// table `sn_fault` and a `BEFORE INSERT OR UPDATE OR DELETE … FOR EACH ROW` trigger on every table
// whose PL/pgSQL function counts down and raises at zero (the failed statement aborts the registry's
// transaction, as a server-side error would).
#include <sqlite3.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "registry/record_codec.hpp"
#include "registry/registry.hpp"
#include "registry/testing/pg_test_server.hpp"
#include "registry/sql/connection.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::registry {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::yuan;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// ---- backends ----------------------------------------------------------------------------------

// The SQLite connection most recently opened by this process (the registry's, right after `open`).
sqlite3* g_last_connection = nullptr;

int capture_connection(sqlite3* db, char**, const sqlite3_api_routines*) {
  g_last_connection = db;
  return SQLITE_OK;
}

void capture_sqlite_connections() {
  static const bool registered = [] {
    // The entry point's real signature is that of an extension's init function; the API takes it
    // as void(*)(void), as its documentation says.
    return sqlite3_auto_extension(reinterpret_cast<void (*)(void)>(&capture_connection)) == SQLITE_OK;
  }();
  ASSERT_TRUE(registered);
}

void sqlite_exec(const std::string& sql) {
  ASSERT_NE(g_last_connection, nullptr);
  char* err = nullptr;
  if (sqlite3_exec(g_last_connection, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    ADD_FAILURE() << "fault injection SQL failed: " << (err ? err : "?") << "\n" << sql;
    sqlite3_free(err);
  }
}

// Every table of the schema (read from the database, so tables added by later migrations are covered
// too), for each kind of write.
void sqlite_arm_fault(int n) {
  ASSERT_NE(g_last_connection, nullptr);
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(g_last_connection,
                               "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                               -1, &st, nullptr),
            SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  ASSERT_GE(tables.size(), 5u) << "the schema was not found";
  std::string sql =
      "CREATE TEMP TABLE IF NOT EXISTS sn_fault(n INTEGER); DELETE FROM temp.sn_fault; INSERT INTO temp.sn_fault "
      "VALUES(" +
      std::to_string(n) + ");";
  for (const auto& t : tables)
    for (const char* op : {"INSERT", "UPDATE", "DELETE"})
      sql += "CREATE TEMP TRIGGER IF NOT EXISTS sn_fault_" + t + "_" + op + " BEFORE " + op + " ON main." + t +
             " BEGIN UPDATE sn_fault SET n = n - 1; "
             "SELECT RAISE(ABORT, 'injected write fault') WHERE (SELECT n FROM temp.sn_fault) = 0; END;";
  sqlite_exec(sql);
}

void sqlite_disarm_fault() { sqlite_exec("DELETE FROM temp.sn_fault;"); }

using registry::testing::pg_server;
using registry::testing::with_database;

struct PgState {
  std::unique_ptr<sql::Connection> admin;  // to the server's URL: creates and drops the databases
  std::vector<std::string> databases;      // created during the current test
  std::string last_url;                    // the registry most recently made by pg_fresh_url
  std::unique_ptr<sql::Connection> fault;  // to `fault_url`, for the fault triggers
  std::string fault_url;
};

PgState& pg() {
  static PgState state;
  return state;
}

void pg_set_up() {
  if (pg_server() == nullptr)
    GTEST_SKIP() << "PostgreSQL: set SAFETYNET_TEST_PG to a server URL to run these, e.g. "
                    "SAFETYNET_TEST_PG=$(scripts/pg-test-server.sh start) (scripts/test.sh does this)";
}

std::string pg_fresh_url() {
  static int serial = 0;
  PgState& s = pg();
  if (!s.admin) s.admin = sql::Connection::open(pg_server());
  const std::string name = "sn_contract_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
  s.admin->exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");  // left by a crashed run with our pid
  s.admin->exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
  s.databases.push_back(name);
  s.last_url = with_database(pg_server(), name);
  return s.last_url;
}

sql::Connection& pg_fault_connection() {
  PgState& s = pg();
  if (!s.fault || s.fault_url != s.last_url) {
    s.fault.reset();
    s.fault = sql::Connection::open(s.last_url);
    s.fault_url = s.last_url;
  }
  return *s.fault;
}

void pg_exec(const std::string& sql) {
  try {
    pg_fault_connection().exec(sql);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "fault injection SQL failed: " << e.what() << "\n" << sql;
  }
}

// Every table of the registry's database (read from the catalogue, so that tables of later migrations
// are covered too), but the schema version and the counter itself.
void pg_arm_fault(int n) {
  std::vector<std::string> tables;
  try {
    sql::Stmt st = pg_fault_connection().prepare(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "AND tablename NOT IN ('schema_version', 'sn_fault') ORDER BY tablename");
    while (st.step()) tables.emplace_back(st.text(0));
  } catch (const std::exception& e) {
    FAIL() << "reading the tables: " << e.what();
  }
  ASSERT_GE(tables.size(), 5u) << "the schema was not found";
  std::string sql = "CREATE TABLE IF NOT EXISTS sn_fault(n integer); DELETE FROM sn_fault; "
                    "INSERT INTO sn_fault VALUES(" + std::to_string(n) + ");"
                    "CREATE OR REPLACE FUNCTION sn_fault_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    "DECLARE left_ integer; "
                    "BEGIN "
                    "  UPDATE sn_fault SET n = n - 1 RETURNING n INTO left_; "
                    "  IF left_ = 0 THEN RAISE EXCEPTION 'injected write fault'; END IF; "
                    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
                    "  RETURN NEW; "
                    "END $$;";
  for (const auto& t : tables)
    sql += "CREATE OR REPLACE TRIGGER sn_fault BEFORE INSERT OR UPDATE OR DELETE ON " + t +
           " FOR EACH ROW EXECUTE FUNCTION sn_fault_write();";
  pg_exec(sql);
}

void pg_disarm_fault() { pg_exec("DELETE FROM sn_fault"); }

void pg_tear_down() {
  PgState& s = pg();
  s.fault.reset();  // a database with a session open cannot be dropped (FORCE would end it anyway)
  s.fault_url.clear();
  if (!s.admin) return;
  for (const auto& name : s.databases) {
    try {
      s.admin->exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "dropping " << name << ": " << e.what();
    }
  }
  s.databases.clear();
}

struct Backend {
  std::string name;
  // A URL for a fresh, empty registry, unique within the test run.
  std::function<std::string()> fresh_url;
  // Opening the same URL again gives the same registry (a file or a server).
  bool persistent = false;
  // Makes the n-th row written from now on fail (n >= 1), as a disk error would; and undoes that.
  // Null when the backend has no way to inject faults: the fault tests are then skipped.
  std::function<void(int)> arm_fault;
  std::function<void()> disarm_fault;
  std::function<void()> set_up;
  std::function<void()> tear_down;
};

// Test names show the backend's name, not its bytes.
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

std::filesystem::path temp_dir() {
  return std::filesystem::temp_directory_path() / ("sn_registry_contract_" + std::to_string(::getpid()));
}

std::vector<Backend> backends() {
  static std::atomic<int> serial{0};
  return {
      Backend{"SqliteMemory", [] { return std::string(":memory:"); }, false, sqlite_arm_fault,
              sqlite_disarm_fault, capture_sqlite_connections, [] {}},
      Backend{"SqliteFile",
              [] { return (temp_dir() / ("registry-" + std::to_string(++serial) + ".db")).string(); }, true,
              sqlite_arm_fault, sqlite_disarm_fault,
              [] {
                capture_sqlite_connections();
                std::filesystem::create_directories(temp_dir());
              },
              [] { std::filesystem::remove_all(temp_dir()); }},
      Backend{"Postgres", pg_fresh_url, true, pg_arm_fault, pg_disarm_fault, pg_set_up, pg_tear_down},
  };
}

class RegistryContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    GetParam().set_up();
    if (IsSkipped() || HasFatalFailure()) return;
    url_ = GetParam().fresh_url();
    reg_ = Registry::open(url_);
    ASSERT_NE(reg_, nullptr);
  }
  void TearDown() override {
    reg_.reset();
    GetParam().tear_down();
  }
  // A fresh registry (for loops that need a clean start each time).
  std::unique_ptr<Registry> fresh() { return Registry::open(GetParam().fresh_url()); }
  bool can_inject_faults() const { return static_cast<bool>(GetParam().arm_fault); }

  std::string url_;
  std::unique_ptr<Registry> reg_;
};

// ---- households ----------------------------------------------------------------------------------

// A household of `n` adults in `region`, with member ids made from `birth_year` (so two households
// built with different years share nobody), income known and empty.
model::Household household(const std::string& id, const std::string& region, int birth_year, int n = 2) {
  HouseholdBuilder b(region);
  for (int i = 0; i < n; ++i)
    b.add(date(birth_year, 1 + i, 1 + i), i % 2 ? model::Sex::kFemale : model::Sex::kMale,
          model::Relation::kSpouse);
  b.household().id = id;
  b.household().members[0].name = "户主" + id;
  return b.build();
}

Incoming in(model::Household h, const std::string& file = "test.yaml", long row = 0) {
  return Incoming{std::move(h), file, row};
}

std::string bytes_of(const model::Household& h) {
  std::string out;
  encode_household(h, out);
  return out;
}

// One stored assessment with `cash` fen of monthly cash: by default a dibao household's living.dibao
// item of that amount; `items` ("item:member:period:fen;…") replaces the items.
StoredAssessment assessed(const model::Household& h, model::Month m, rules::Category c, model::Fen cash,
                          std::string items = "") {
  StoredAssessment a;
  a.household_id = h.id;
  a.region = h.region;
  a.month = m;
  a.category = c;
  a.covered = static_cast<int>(h.members.size());
  a.monthly_cash = cash;
  if (items.empty() && cash > 0 && c == rules::Category::kDibao) items = "living.dibao:-1:m:" + std::to_string(cash);
  a.entitlements = items;
  for (const auto& e : decode_entitlements(items))
    if (e.item == rules::Item::kDibao && e.member == -1) a.dibao_benefit = e.amount;
  return a;
}

// Everything a caller can observe, as text: households with their merged history (encoded), the
// presence of `ids`, and the assessments and payments of `months`.
std::string snapshot(Registry& reg, const std::vector<std::string>& ids, const std::vector<model::Month>& months) {
  std::string s = "count=" + std::to_string(reg.household_count()) + "\n";
  reg.scan_households([&](model::Household& h) {
    s += "household " + h.id + " " + bytes_of(h) + "\n";
    return true;
  });
  for (const auto& id : ids) {
    auto h = reg.get_household(id);
    s += "get " + id + " " + (h ? bytes_of(*h) : std::string("absent")) + "\n";
  }
  for (auto m : months) {
    s += "assessments " + m.to_string() + " " + std::to_string(reg.assessment_count(m)) + "\n";
    reg.scan_assessments(m, [&](const StoredAssessment& a) {
      s += a.household_id + "|" + a.region + "|" + rules::category_name(a.category) + "|" + a.persons + "|" +
           std::to_string(a.covered) + "|" + std::to_string(a.monthly_cash) + "|" + a.entitlements + "|" +
           a.undetermined + "|" + a.refusal + "\n";
    });
    reg.scan_payments(m, [&](const PaymentLine& l) {
      s += "paid " + l.household_id + "|" + std::to_string(l.amount) + "|" + l.items + "|" + l.category + "|" +
           std::to_string(l.run_id) + "\n";
    });
  }
  return s;
}

// ---- households and imports ------------------------------------------------------------------

TEST_P(RegistryContract, StartsEmpty) {
  EXPECT_EQ(reg_->household_count(), 0);
  EXPECT_FALSE(reg_->get_household("H-1").has_value());
  EXPECT_EQ(reg_->assessment_count(month(2019, 10)), 0);
  int visited = 0;
  reg_->scan_households([&](model::Household&) { return ++visited, true; });
  EXPECT_EQ(visited, 0);
  PayrollOutcome p = reg_->pay_month(month(2019, 10));
  EXPECT_EQ(p.new_cases, 0);
  EXPECT_EQ(p.new_total, 0);
  EXPECT_EQ(p.already_paid, 0);
}

TEST_P(RegistryContract, StoresTheRecordExactlyWithNamesOutsideTheBmpAndIdsEndingInX) {
  model::Household h = household("H-450102-0001", "450102001003", 1980, 3);
  h.members[0].name = "张𠮷";
  h.members[1].id = "11010519491231002X";  // GB 11643's own example: check character X
  h.members[1].birth_date = date(1949, 12, 31);
  h.members[1].sex = model::Sex::kFemale;
  (*h.income).push_back({1, month(2019, 9), model::IncomeKind::kWage, 123456});
  h.history.case_by_case_paid.push_back({date(2019, 3, 2), yuan(30000)});
  ImportOutcome o = reg_->put_households({in(h)});
  EXPECT_EQ(o.inserted, 1);
  EXPECT_THAT(o.rejected, IsEmpty());
  EXPECT_EQ(reg_->household_count(), 1);
  auto got = reg_->get_household(h.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members[0].name, "张𠮷");
  EXPECT_EQ(got->members[1].id, "11010519491231002X");
  EXPECT_EQ((*got->income)[0].amount, 123456);
  EXPECT_EQ(bytes_of(*got), bytes_of(h)) << "the stored record differs from the one imported";
}

TEST_P(RegistryContract, ReimportingTheSameRecordsChangesNothing) {
  std::vector<Incoming> batch = {in(household("H-1", "450102001", 1961)), in(household("H-2", "450103001", 1962))};
  ImportOutcome first = reg_->put_households(batch, "a.yaml");
  EXPECT_EQ(first.inserted, 2);
  const std::string before = snapshot(*reg_, {"H-1", "H-2"}, {});
  ImportOutcome again = reg_->put_households(batch, "a.yaml");
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_THAT(again.rejected, IsEmpty());
  EXPECT_EQ(snapshot(*reg_, {"H-1", "H-2"}, {}), before);
}

TEST_P(RegistryContract, AChangedRecordReplacesTheOldOneAndReleasesMembersItDropped) {
  model::Household h = household("H-1", "450102001", 1961, 3);
  ASSERT_EQ(reg_->put_households({in(h)}).inserted, 1);
  // The third member moves out: the record is replaced and that person is free to join another household.
  model::Household smaller = h;
  const model::Member moved = smaller.members.back();
  smaller.members.pop_back();
  ImportOutcome o = reg_->put_households({in(smaller)});
  EXPECT_EQ(o.updated, 1);
  EXPECT_EQ(o.inserted, 0);
  EXPECT_EQ(reg_->household_count(), 1);
  EXPECT_THAT(reg_->get_household("H-1")->members, SizeIs(2));
  model::Household other = household("H-2", "450102001", 1990, 1);
  other.members.push_back(moved);
  ImportOutcome joined = reg_->put_households({in(other)});
  EXPECT_EQ(joined.inserted, 1);
  EXPECT_THAT(joined.rejected, IsEmpty());
}

TEST_P(RegistryContract, APersonIsInOnlyOneHouseholdAndTheOtherHouseholdIsNamed) {
  model::Household first = household("H-1", "450102001", 1961);
  ASSERT_EQ(reg_->put_households({in(first)}).inserted, 1);
  // H-2's second member is H-1's first; its first member is nobody else's.
  model::Household second = household("H-2", "450102001", 1972);
  second.members[1] = first.members[0];
  second.members[1].relation = model::Relation::kSpouse;
  model::Household third = household("H-3", "450103001", 1983);
  ImportOutcome o = reg_->put_households({in(second, "b.yaml", 4), in(third, "b.yaml", 5)}, "b.yaml");
  EXPECT_EQ(o.inserted, 1);  // H-3: the rest is committed
  ASSERT_THAT(o.rejected, SizeIs(1));
  const Problem& p = o.rejected[0];
  EXPECT_EQ(p.code, "duplicate_person");
  EXPECT_EQ(p.field, "members[1].id");
  EXPECT_EQ(p.member, first.members[0].id);
  EXPECT_EQ(p.file, "b.yaml");
  EXPECT_EQ(p.row, 4);
  EXPECT_THAT(p.message, HasSubstr("H-1"));
  // Nothing of the refused household is kept: not the household, not its other member.
  EXPECT_FALSE(reg_->get_household("H-2").has_value());
  EXPECT_TRUE(reg_->get_household("H-3").has_value());
  EXPECT_EQ(reg_->household_count(), 2);
  model::Household fourth = household("H-4", "450103001", 1994, 1);
  fourth.members[0] = second.members[0];
  EXPECT_EQ(reg_->put_households({in(fourth)}).inserted, 1) << "H-2's own member was left linked to H-2";
}

TEST_P(RegistryContract, APersonTwiceInOneBatchKeepsTheFirstHousehold) {
  model::Household a = household("H-A", "450102001", 1961);
  model::Household b = household("H-B", "450102001", 1972);
  b.members[0] = a.members[1];
  ImportOutcome o = reg_->put_households({in(a, "x.json", 1), in(b, "x.json", 2)});
  EXPECT_EQ(o.inserted, 1);
  ASSERT_THAT(o.rejected, SizeIs(1));
  EXPECT_EQ(o.rejected[0].code, "duplicate_person");
  EXPECT_EQ(o.rejected[0].row, 2);
  EXPECT_EQ(o.rejected[0].member, a.members[1].id);
  EXPECT_THAT(o.rejected[0].message, HasSubstr("H-A"));
  EXPECT_TRUE(reg_->get_household("H-A").has_value());
  EXPECT_FALSE(reg_->get_household("H-B").has_value());
}

TEST_P(RegistryContract, ProblemsFoundBeforeTheRegistryAreReportedWithTheImport) {
  auto session = reg_->begin_import();
  Problem p = make_problem("invalid_id", "members[0].id", "450102198001010010", "校验码不符");
  p.file = "bad.yaml";
  p.row = 3;
  session->reject(p);
  session->put(in(household("H-1", "450102001", 1961)));
  ImportOutcome o = session->commit("bad.yaml");
  EXPECT_EQ(o.inserted, 1);
  ASSERT_THAT(o.rejected, SizeIs(1));
  EXPECT_EQ(o.rejected[0].code, "invalid_id");
  EXPECT_EQ(o.rejected[0].file, "bad.yaml");
  EXPECT_EQ(o.rejected[0].row, 3);
}

TEST_P(RegistryContract, AnImportNotCommittedLeavesNothing) {
  ASSERT_EQ(reg_->put_households({in(household("H-0", "450102001", 1950))}).inserted, 1);
  const std::string before = snapshot(*reg_, {"H-0", "H-1"}, {});
  {
    auto session = reg_->begin_import();
    session->put(in(household("H-1", "450102001", 1961)));
    model::Household changed = household("H-0", "450102001", 1950);
    changed.members.pop_back();
    session->put(in(changed));
  }  // destroyed uncommitted
  EXPECT_EQ(snapshot(*reg_, {"H-0", "H-1"}, {}), before);
  // And the registry is usable afterwards.
  EXPECT_EQ(reg_->put_households({in(household("H-1", "450102001", 1961))}).inserted, 1);
}

TEST_P(RegistryContract, ScanVisitsEveryHouseholdInIdOrderAndCanStop) {
  ASSERT_EQ(reg_->put_households({in(household("H-3", "450102001", 1963)), in(household("H-1", "450103001", 1961)),
                                  in(household("H-2", "450102001", 1962))})
                .inserted,
            3);
  std::vector<std::string> ids;
  reg_->scan_households([&](model::Household& h) {
    ids.push_back(h.id);
    return true;
  });
  EXPECT_THAT(ids, ElementsAre("H-1", "H-2", "H-3"));
  ids.clear();
  reg_->scan_households([&](model::Household& h) {
    ids.push_back(h.id);
    return ids.size() < 2;
  });
  EXPECT_THAT(ids, ElementsAre("H-1", "H-2"));
}

// ---- assessments and history ---------------------------------------------------------------------

TEST_P(RegistryContract, AssessmentsAreStoredByMonthReplacedAndReadInRegionOrder) {
  model::Household a = household("H-A", "450103001", 1961);  // 青秀区
  model::Household b = household("H-B", "450102002", 1962);  // 兴宁区, second street
  model::Household c = household("H-C", "450102001", 1963);  // 兴宁区, first street
  ASSERT_EQ(reg_->put_households({in(a), in(b), in(c)}).inserted, 3);
  const auto oct = month(2019, 10);
  reg_->put_assessments({assessed(a, oct, rules::Category::kDibao, yuan(950)),
                         assessed(b, oct, rules::Category::kNone, 0),
                         assessed(c, oct, rules::Category::kLowIncome, 0)});
  EXPECT_EQ(reg_->assessment_count(oct), 3);
  EXPECT_EQ(reg_->assessment_count(month(2019, 11)), 0);
  // Assessing again replaces, never adds.
  reg_->put_assessments({assessed(a, oct, rules::Category::kDibao, yuan(900))});
  EXPECT_EQ(reg_->assessment_count(oct), 3);
  std::vector<std::string> order;
  model::Fen a_cash = -1;
  reg_->scan_assessments(oct, [&](const StoredAssessment& s) {
    order.push_back(s.household_id);
    EXPECT_EQ(s.month, oct);
    if (s.household_id == "H-A") {
      a_cash = s.monthly_cash;
      EXPECT_EQ(s.region, "450103001");
      EXPECT_EQ(s.category, rules::Category::kDibao);
      EXPECT_EQ(s.entitlements, "living.dibao:-1:m:90000");
      EXPECT_EQ(s.covered, 2);
    }
  });
  EXPECT_THAT(order, ElementsAre("H-C", "H-B", "H-A"));  // county, then street, then household
  EXPECT_EQ(a_cash, yuan(900));
}

TEST_P(RegistryContract, StoringAMonthKeepsTheHouseholdsHistoryCurrent) {
  model::Household h = household("H-1", "450102001", 1961);
  h.history.exit_reason = "employment";  // the record's own facts stay
  ASSERT_EQ(reg_->put_households({in(h)}).inserted, 1);
  reg_->put_assessments({assessed(h, month(2019, 10), rules::Category::kDibao, yuan(950))});
  auto got = reg_->get_household("H-1");
  EXPECT_EQ(got->history.category, model::HistoryCategory::kDibao);
  EXPECT_EQ(got->history.last_benefit, yuan(950));
  EXPECT_FALSE(got->history.exit_started.has_value());
  EXPECT_EQ(got->history.exit_reason, "employment");
  // A running gradual exit (R3.6) is kept.
  StoredAssessment exit = assessed(h, month(2019, 11), rules::Category::kDibao, yuan(950));
  exit.exit_started = month(2019, 11);
  reg_->put_assessments({exit});
  got = reg_->get_household("H-1");
  EXPECT_EQ(got->history.exit_started, month(2019, 11));
  // An undetermined or refused month leaves the history as it was.
  StoredAssessment unknown = assessed(h, month(2019, 12), rules::Category::kUndetermined, 0);
  StoredAssessment refused = assessed(h, month(2020, 1), rules::Category::kNone, 0);
  refused.refusal = "no_parameter dibao_standard";
  reg_->put_assessments({unknown});
  reg_->put_assessments({refused});
  got = reg_->get_household("H-1");
  EXPECT_EQ(got->history.category, model::HistoryCategory::kDibao);
  EXPECT_EQ(got->history.last_benefit, yuan(950));
  EXPECT_EQ(got->history.exit_started, month(2019, 11));
  // An earlier month stored later does not overwrite a later month's history.
  reg_->put_assessments({assessed(h, month(2019, 9), rules::Category::kNone, 0)});
  EXPECT_EQ(reg_->get_household("H-1")->history.category, model::HistoryCategory::kDibao);
  // A later decided month that ends the case clears the benefit and the exit.
  reg_->put_assessments({assessed(h, month(2020, 2), rules::Category::kNone, 0)});
  got = reg_->get_household("H-1");
  EXPECT_EQ(got->history.category, model::HistoryCategory::kNone);
  EXPECT_FALSE(got->history.exit_started.has_value());
  // The scan merges the same history.
  reg_->scan_households([&](model::Household& s) {
    EXPECT_EQ(s.history.category, model::HistoryCategory::kNone);
    return true;
  });
}

TEST_P(RegistryContract, AChangedRecordKeepsTheRegistrysHistory) {
  model::Household h = household("H-1", "450102001", 1961);
  ASSERT_EQ(reg_->put_households({in(h)}).inserted, 1);
  reg_->put_assessments({assessed(h, month(2019, 10), rules::Category::kDibao, yuan(950))});
  model::Household changed = h;
  changed.income->push_back({0, month(2019, 10), model::IncomeKind::kWage, yuan(3000)});
  changed.history.exit_reason = "employment";
  ASSERT_EQ(reg_->put_households({in(changed)}).updated, 1);
  auto got = reg_->get_household("H-1");
  EXPECT_EQ(got->history.category, model::HistoryCategory::kDibao);
  EXPECT_EQ(got->history.last_benefit, yuan(950));
  EXPECT_EQ(got->history.exit_reason, "employment");
  EXPECT_THAT(*got->income, SizeIs(1));
}

// ---- payroll ---------------------------------------------------------------------------------------

TEST_P(RegistryContract, PayrollPaysEveryCaseWithCashOnceAMonth) {
  model::Household a = household("H-A", "450102001", 1961);
  model::Household b = household("H-B", "450102001", 1962);
  model::Household c = household("H-C", "450103001", 1963);
  model::Household d = household("H-D", "450103001", 1964);
  ASSERT_EQ(reg_->put_households({in(a), in(b), in(c), in(d)}).inserted, 4);
  const auto oct = month(2019, 10);
  StoredAssessment refused = assessed(d, oct, rules::Category::kDibao, yuan(100));
  refused.refusal = "no_parameter dibao_standard";
  reg_->put_assessments({assessed(a, oct, rules::Category::kDibao, yuan(950)),
                         assessed(b, oct, rules::Category::kNone, 0), assessed(c, oct, rules::Category::kDibao, 65001),
                         refused});
  PayrollOutcome first = reg_->pay_month(oct);
  EXPECT_EQ(first.new_cases, 2);
  EXPECT_EQ(first.new_total, yuan(950) + 65001);
  EXPECT_EQ(first.already_paid, 0);
  PayrollOutcome second = reg_->pay_month(oct);
  EXPECT_EQ(second.new_cases, 0);
  EXPECT_EQ(second.new_total, 0);
  EXPECT_EQ(second.already_paid, 2);
  EXPECT_GT(second.run_id, first.run_id);
  // A case re-assessed after it was paid is not paid again, and its payment keeps the amount paid.
  reg_->put_assessments({assessed(a, oct, rules::Category::kDibao, yuan(1000))});
  PayrollOutcome third = reg_->pay_month(oct);
  EXPECT_EQ(third.new_cases, 0);
  std::vector<std::string> ids;
  model::Fen total = 0;
  reg_->scan_payments(oct, [&](const PaymentLine& l) {
    ids.push_back(l.household_id);
    total += l.amount;
    EXPECT_EQ(l.run_id, first.run_id);
    if (l.household_id == "H-A") {
      EXPECT_EQ(l.amount, yuan(950));
      EXPECT_EQ(l.items, "living.dibao:-1:m:95000");
      EXPECT_EQ(l.county, "450102");
      EXPECT_EQ(l.street, "450102001");
      EXPECT_EQ(l.head_name, "户主H-A");
      EXPECT_EQ(l.head_id, a.members[0].id);
      EXPECT_EQ(l.persons, 2);
      EXPECT_EQ(l.category, "dibao");
    }
  });
  EXPECT_THAT(ids, ElementsAre("H-A", "H-C"));
  EXPECT_EQ(total, first.new_total);
  // Another month is paid on its own.
  reg_->put_assessments({assessed(a, month(2019, 11), rules::Category::kDibao, yuan(950))});
  PayrollOutcome nov = reg_->pay_month(month(2019, 11));
  EXPECT_EQ(nov.new_cases, 1);
  EXPECT_EQ(nov.already_paid, 0);
}

TEST_P(RegistryContract, PaidCaseByCaseGrantsCountAgainstTheYearOnce) {
  model::Household h = household("H-1", "450102001", 1961);
  h.history.case_by_case_paid.push_back({date(2019, 3, 2), yuan(30000)});
  ASSERT_EQ(reg_->put_households({in(h)}).inserted, 1);
  const auto oct = month(2019, 10);
  reg_->put_assessments(
      {assessed(h, oct, rules::Category::kDibao, yuan(950) + yuan(8000),
                "living.dibao:-1:m:95000;temporary.case_by_case:-1:m:800000")});
  // Assessed but not yet paid: nothing recorded against the cap.
  EXPECT_THAT(reg_->get_household("H-1")->history.case_by_case_paid, SizeIs(1));
  reg_->pay_month(oct);
  reg_->pay_month(oct);
  auto got = reg_->get_household("H-1");
  ASSERT_THAT(got->history.case_by_case_paid, SizeIs(2));
  EXPECT_EQ(got->history.case_by_case_paid[0].date, date(2019, 3, 2));
  EXPECT_EQ(got->history.case_by_case_paid[1].amount, yuan(8000));
  EXPECT_EQ(got->history.case_by_case_paid[1].date.year, 2019);
  EXPECT_EQ(got->history.case_by_case_paid[1].date.as_month(), oct);
  int seen = 0;
  reg_->scan_households([&](model::Household& s) {
    EXPECT_THAT(s.history.case_by_case_paid, SizeIs(2));
    return ++seen, true;
  });
  EXPECT_EQ(seen, 1);
}

// ---- persistence ------------------------------------------------------------------------------------

TEST_P(RegistryContract, ReopeningGivesBackEverything) {
  if (!GetParam().persistent) GTEST_SKIP() << GetParam().name << " does not outlive its connection";
  model::Household h = household("H-1", "450102001", 1961);
  ASSERT_EQ(reg_->put_households({in(h)}).inserted, 1);
  reg_->put_assessments({assessed(h, month(2019, 10), rules::Category::kDibao, yuan(950))});
  reg_->pay_month(month(2019, 10));
  const std::string before = snapshot(*reg_, {"H-1"}, {month(2019, 10)});
  reg_.reset();
  reg_ = Registry::open(url_);  // migrations already applied: opening again must not re-run them
  EXPECT_EQ(snapshot(*reg_, {"H-1"}, {month(2019, 10)}), before);
  EXPECT_EQ(reg_->pay_month(month(2019, 10)).new_cases, 0);
}

// ---- fault injection ------------------------------------------------------------------------------

// The state every fault test starts from: two households, one assessed month, paid.
struct Baseline {
  model::Household a = household("H-A", "450102001", 1961);
  model::Household b = household("H-B", "450103001", 1962);
  std::vector<std::string> ids = {"H-A", "H-B", "H-C", "H-D", "H-E"};
  std::vector<model::Month> months = {month(2019, 10), month(2019, 11)};

  void load(Registry& reg) const {
    ASSERT_EQ(reg.put_households({in(a), in(b)}).inserted, 2);
    reg.put_assessments({assessed(a, month(2019, 10), rules::Category::kDibao, yuan(950)),
                         assessed(b, month(2019, 10), rules::Category::kDibao, yuan(650))});
    ASSERT_EQ(reg.pay_month(month(2019, 10)).new_cases, 2);
  }
  // A batch that inserts, updates, leaves alone and rejects.
  std::vector<Incoming> batch() const {
    model::Household a2 = a;
    a2.members.pop_back();
    model::Household c = household("H-C", "450102001", 1973, 3);
    model::Household d = household("H-D", "450102001", 1984);
    d.members[1] = a.members[0];  // duplicate_person
    model::Household e = household("H-E", "450103001", 1995);
    return {in(a2, "f.yaml", 1), in(b, "f.yaml", 2), in(c, "f.yaml", 3), in(d, "f.yaml", 4), in(e, "f.yaml", 5)};
  }
};

// Runs `op` on a fresh baseline registry with the n-th write failing, for n = 1, 2, … until `op`
// gets through; each failure must leave the registry as it was and usable. Returns the writes needed.
int fail_every_write(const Backend& backend,
                     const std::function<void(Registry&)>& op,
                     const std::function<void(Registry&)>& check_success) {
  const Baseline base;
  for (int n = 1; n < 1000; ++n) {
    SCOPED_TRACE("write " + std::to_string(n) + " fails");
    auto reg = Registry::open(backend.fresh_url());
    base.load(*reg);
    const std::string before = snapshot(*reg, base.ids, base.months);
    backend.arm_fault(n);
    bool failed = false;
    try {
      op(*reg);
    } catch (const std::exception&) {
      failed = true;
    }
    backend.disarm_fault();
    if (!failed) {
      check_success(*reg);
      return n - 1;
    }
    EXPECT_EQ(snapshot(*reg, base.ids, base.months), before) << "a failed operation left part of its work";
    // Usable afterwards: the same operation now does its whole work.
    op(*reg);
    check_success(*reg);
    if (::testing::Test::HasFailure()) return n;
  }
  ADD_FAILURE() << "the operation never got through";
  return 0;
}

TEST_P(RegistryContract, AnImportThatFailsOnAnyWriteLeavesTheRegistryAsItWas) {
  if (!can_inject_faults()) GTEST_SKIP() << "no fault injection for " << GetParam().name;
  const Baseline base;
  int writes = fail_every_write(
      GetParam(), [&](Registry& reg) { (void)reg.put_households(base.batch(), "f.yaml"); },
      [&](Registry& reg) {
        EXPECT_EQ(reg.household_count(), 4);  // A (updated), B, C, E; D refused
        EXPECT_THAT(reg.get_household("H-A")->members, SizeIs(1));
        EXPECT_FALSE(reg.get_household("H-D").has_value());
        // The history stored before the import is still there.
        EXPECT_EQ(reg.get_household("H-A")->history.last_benefit, yuan(950));
      });
  EXPECT_GT(writes, 6) << "the import was expected to write at least one row per household and member";
}

TEST_P(RegistryContract, AnAssessmentBatchThatFailsOnAnyWriteStoresNothing) {
  if (!can_inject_faults()) GTEST_SKIP() << "no fault injection for " << GetParam().name;
  const Baseline base;
  int writes = fail_every_write(
      GetParam(),
      [&](Registry& reg) {
        reg.put_assessments({assessed(base.a, month(2019, 11), rules::Category::kDibao, yuan(900)),
                             assessed(base.b, month(2019, 11), rules::Category::kNone, 0)});
      },
      [&](Registry& reg) {
        EXPECT_EQ(reg.assessment_count(month(2019, 11)), 2);
        EXPECT_EQ(reg.get_household("H-B")->history.category, model::HistoryCategory::kNone);
        EXPECT_EQ(reg.get_household("H-A")->history.last_benefit, yuan(900));
      });
  EXPECT_GE(writes, 4);
}

TEST_P(RegistryContract, APayrollThatFailsOnAnyWritePaysNobody) {
  if (!can_inject_faults()) GTEST_SKIP() << "no fault injection for " << GetParam().name;
  const Baseline base;
  // The assessments are stored first; the fault is armed for the payroll alone.
  for (int n = 1; n < 100; ++n) {
    SCOPED_TRACE("payroll write " + std::to_string(n) + " fails");
    auto reg = fresh();
    base.load(*reg);
    reg->put_assessments({assessed(base.a, month(2019, 11), rules::Category::kDibao, yuan(8950),
                                   "living.dibao:-1:m:95000;temporary.case_by_case:-1:m:800000"),
                          assessed(base.b, month(2019, 11), rules::Category::kDibao, yuan(650))});
    const std::string before = snapshot(*reg, base.ids, base.months);
    GetParam().arm_fault(n);
    bool failed = false;
    PayrollOutcome p;
    try {
      p = reg->pay_month(month(2019, 11));
    } catch (const std::exception&) {
      failed = true;
    }
    GetParam().disarm_fault();
    if (failed) {
      EXPECT_EQ(snapshot(*reg, base.ids, base.months), before);
      EXPECT_THAT(reg->get_household("H-A")->history.case_by_case_paid, IsEmpty());
      p = reg->pay_month(month(2019, 11));
    }
    EXPECT_EQ(p.new_cases, 2);
    EXPECT_EQ(p.new_total, yuan(8950) + yuan(650));
    EXPECT_THAT(reg->get_household("H-A")->history.case_by_case_paid, SizeIs(1));
    EXPECT_EQ(reg->pay_month(month(2019, 11)).new_cases, 0);
    if (!failed || HasFailure()) {
      EXPECT_GE(n, 4) << "payroll writes a run, its payments, the grant and the run's totals";
      break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryContract, ::testing::ValuesIn(backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace safetynet::registry
