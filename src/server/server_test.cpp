// The casework server end to end (docs/casework.md; issue 3): the JSON API of `safetynet serve`
// driven over HTTP against a fresh registry per test, on SQLite and on PostgreSQL (the PostgreSQL
// instances run when SAFETYNET_TEST_PG names a server and are skipped otherwise). The harness is
// testing/test_server.hpp. The dates are those of the SPEC acceptance case the households copy:
// "today" starts at 2019-10-01, the month the household is assessed for (dibao 950.00), and
// P.notice_days is 7, so a notice published on 2019-10-01 may end on 2019-10-08.
//
// Also checks web/openapi.json: valid JSON, OpenAPI 3.0.3, and every route the server registers
// (read from routes_*.cpp and server.cpp) documented with its method.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <latch>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "io/household_record.hpp"
#include "server/testing/test_server.hpp"

namespace safetynet::server::testing {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

const std::string kSourceDir = SN_SOURCE_DIR;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The item `item` ("living.dibao") of an assessment's entitlements, or null.
Json entitlement(const Json& assessment, const std::string& item) {
  for (const auto& e : assessment.value("entitlements", Json::array()))
    if (e.value("item", "") == item) return e;
  return nullptr;
}

std::vector<std::string> lines_of(const Json& referrals) {
  std::vector<std::string> out;
  for (const auto& r : referrals) out.push_back(r.value("line", ""));
  return out;
}

// ---- the fixture ----------------------------------------------------------------------------------

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && pg_server() == nullptr)
      GTEST_SKIP() << "PostgreSQL: set SAFETYNET_TEST_PG to a server URL to run these, e.g. "
                      "SAFETYNET_TEST_PG=$(scripts/pg-test-server.sh start)";
    scratch_ = std::make_unique<Scratch>(GetParam());
    reg_ = registry::Registry::open(scratch_->url(), /*create=*/true);
    auto& cw = reg_->casework();
    cw.in_transaction([&] {
      for (const auto& [name, role, region] : std::vector<std::tuple<const char*, const char*, const char*>>{
               {"c1", "community", kCommunity},
               {"s1", "street", kStreet},
               {"s2", "street", kOtherStreet},
               {"k1", "county", kCounty},
               {"k2", "county", "450103"},  // 青秀区: the destination of a transfer
               {"a1", "auditor", kCounty},
               {"m1", "medical_insurance", kCounty}}) {
        auto id = cw.add_user(name, role, region, password_hash());
        ASSERT_TRUE(id.ok()) << name;
      }
    });
    server_ = std::make_unique<TestServer>(scratch_->url(), kSourceDir + "/web", model::Date{2019, 10, 1});
    api_ = std::make_unique<Api>(server_->port());
  }

  void TearDown() override {
    api_.reset();
    server_.reset();
    reg_.reset();
    scratch_.reset();
  }

  void set_today(const std::string& d) {
    Reply r = api_->post("/api/test/clock", {{"today", d}});
    ASSERT_EQ(r.status, 200) << r;
  }

  // Households straight into the registry (as an import would), numbered from `first`.
  void import_households(int first, int count) {
    std::vector<registry::Incoming> batch;
    for (int n = first; n < first + count; ++n) {
      auto h = io_parse(household_json("H" + std::to_string(1000 + n), n));
      batch.push_back(registry::Incoming{std::move(h), "server_test", n, {}});
    }
    const auto out = reg_->put_households(batch);
    ASSERT_THAT(out.rejected, IsEmpty());
    ASSERT_EQ(out.inserted, count);
  }
  static model::Household io_parse(const Json& j) {
    auto h = io::parse_household_text(j.dump(), regions());
    EXPECT_TRUE(h.ok()) << j.dump();
    return std::move(h).value();
  }

  // Registers `household` as c1 and opens an assistance case for it; returns the case.
  Json register_and_apply(const Login& c1, const Json& household) {
    Reply r = api_->post("/api/households", {{"household", household}}, cookie(c1));
    EXPECT_EQ(r.status, 201) << r;
    return apply(c1, household["id"]);
  }
  Json apply(const Login& c1, const std::string& household_id, Json extra = Json::object()) {
    extra["household_id"] = household_id;
    if (!extra.contains("reason")) extra["reason"] = "申请";
    Reply r = api_->post("/api/cases", extra, cookie(c1));
    EXPECT_EQ(r.status, 201) << r;
    return r.body;
  }

  // Takes case `id` from application to county_approval: accept, investigation, notice published on
  // today's date (2019-10-01), ended on 2019-10-08 (the clock is left there).
  void to_county_approval(std::int64_t id, const Login& c1, const Login& s1) {
    set_today("2019-10-01");
    EXPECT_EQ(api_->transition(id, "accept", c1).status, 200);
    EXPECT_EQ(api_->transition(id, "submit_investigation", c1, "入户调查属实").status, 200);
    EXPECT_EQ(api_->transition(id, "publish", s1).status, 200);
    set_today("2019-10-08");
    Reply r = api_->transition(id, "end_notice", s1);
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.body.value("state", ""), "county_approval");
  }

  std::unique_ptr<Scratch> scratch_;
  std::unique_ptr<registry::Registry> reg_;  // the test's own connection (setup, direct SQL)
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Api> api_;
};


// ---- sessions -------------------------------------------------------------------------------------

TEST_P(ServerTest, LoginRefusesAWrongPasswordAndSetsAStrictHttpOnlyCookie) {
  Reply bad = api_->post("/api/login", {{"name", "c1"}, {"password", "wrong-pass-1"}});
  EXPECT_EQ(bad.status, 401) << bad;
  EXPECT_EQ(bad.code(), "bad_credentials");
  EXPECT_THAT(bad.header("Set-Cookie"), IsEmpty());
  // An unknown name gets the same answer: names are not disclosed.
  Reply unknown = api_->post("/api/login", {{"name", "nobody"}, {"password", kPassword}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.code(), "bad_credentials");

  Reply ok = api_->post("/api/login", {{"name", "c1"}, {"password", kPassword}});
  ASSERT_EQ(ok.status, 200) << ok;
  const std::string token = ok.body.value("token", "");
  const std::string csrf = ok.body.value("csrf", "");
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(csrf.size(), 64u);
  EXPECT_NE(token, csrf);
  EXPECT_EQ(ok.body["user"]["name"], "c1");
  EXPECT_EQ(ok.body["user"]["role"], "community");
  EXPECT_EQ(ok.body["user"]["region"], kCommunity);
  const std::string set_cookie = ok.header("Set-Cookie");
  EXPECT_THAT(set_cookie, AllOf(HasSubstr("sn_session=" + token + ";"), HasSubstr("HttpOnly"),
                                HasSubstr("SameSite=Strict"), HasSubstr("Path=/")));

  Reply me = api_->get("/api/me", cookie(Login{"c1", token, csrf}));
  ASSERT_EQ(me.status, 200) << me;
  EXPECT_EQ(me.body["user"]["name"], "c1");
  EXPECT_EQ(me.body["csrf"], csrf);
  EXPECT_EQ(me.body["today"], "2019-10-01");
  EXPECT_EQ(api_->get("/api/me").code(), "not_logged_in");
  EXPECT_EQ(api_->get("/api/me").status, 401);
}

TEST_P(ServerTest, LoginIssuesANewSessionAndDropsThePlantedOne) {
  // A token chosen by an attacker is not adopted.
  const std::string planted(64, 'a');
  Login a = api_->login("c1", planted);
  EXPECT_NE(a.token, planted);
  EXPECT_EQ(api_->get("/api/me", cookie(Login{"c1", planted, ""})).status, 401);
  // A live session the browser still carries is replaced, and the old token stops working.
  Login b = api_->login("c1", a.token);
  EXPECT_NE(b.token, a.token);
  EXPECT_EQ(api_->get("/api/me", cookie(a)).status, 401);
  EXPECT_EQ(api_->get("/api/me", cookie(b)).status, 200);
}

TEST_P(ServerTest, LogoutEndsTheSession) {
  Login c1 = api_->login("c1");
  ASSERT_EQ(api_->get("/api/me", cookie(c1)).status, 200);
  Reply out = api_->post("/api/logout", Json::object(), cookie(c1));
  ASSERT_EQ(out.status, 200) << out;
  EXPECT_THAT(out.header("Set-Cookie"), AllOf(HasSubstr("sn_session=;"), HasSubstr("Max-Age=0")));
  Reply after = api_->get("/api/me", cookie(c1));
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.code(), "session_expired");
  EXPECT_EQ(api_->get("/api/me", bearer(c1)).status, 401);
  // Bearer logout too.
  Login again = api_->login("c1");
  EXPECT_EQ(api_->post("/api/logout", Json::object(), bearer(again)).status, 200);
  EXPECT_EQ(api_->get("/api/me", bearer(again)).status, 401);
}

// Browsers send every cookie of the host; one whose name merely ends in "sn_session" is not ours.
TEST_P(ServerTest, LogoutEndsTheSessionWhateverOtherCookiesComeWithIt) {
  Login c1 = api_->login("c1");
  const httplib::Headers h = {{"Cookie", "legacy_sn_session=zzz; sn_session=" + c1.token}, {"X-CSRF-Token", c1.csrf}};
  httplib::Client cli("127.0.0.1", server_->port());
  auto me = cli.Get("/api/me", h);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(Json::parse(me->body).value("csrf", ""), c1.csrf) << me->body;
  auto out = cli.Post("/api/logout", h, "{}", "application/json");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(api_->get("/api/me", cookie(c1)).status, 401) << "the session outlived its logout";
}

// Read-only means no casework writes; ending one's own session is not one.
TEST_P(ServerTest, TheAuditorCanLogOut) {
  Login a1 = api_->login("a1");
  Reply out = api_->post("/api/logout", Json::object(), cookie(a1));
  EXPECT_EQ(out.status, 200) << out;
  EXPECT_EQ(api_->get("/api/me", cookie(a1)).status, 401) << "the auditor's session outlived its logout";
}

TEST_P(ServerTest, CookieWritesNeedTheCsrfTokenBearerWritesDoNot) {
  Login c1 = api_->login("c1");
  const Json body = {{"household", household_json("H-CSRF", 7)}};
  Reply none = api_->post("/api/households", body, cookie_without_csrf(c1));
  EXPECT_EQ(none.status, 403) << none;
  EXPECT_EQ(none.code(), "csrf");
  Auth wrong = cookie(c1);
  wrong.csrf = std::string(64, '0');
  Reply bad = api_->post("/api/households", body, wrong);
  EXPECT_EQ(bad.status, 403) << bad;
  EXPECT_EQ(bad.code(), "csrf");
  // The session's own token of another session is not this session's.
  Login other = api_->login("c1");
  wrong.csrf = other.csrf;
  EXPECT_EQ(api_->post("/api/households", body, wrong).code(), "csrf");
  // Nothing was stored by the refused writes.
  EXPECT_EQ(api_->get("/api/households/H-CSRF", cookie(c1)).status, 404);
  // Reads need no token; a bearer write needs none either.
  EXPECT_EQ(api_->get("/api/queues", cookie_without_csrf(c1)).status, 200);
  Reply ok = api_->post("/api/households", body, bearer(c1));
  EXPECT_EQ(ok.status, 201) << ok;
  EXPECT_EQ(api_->get("/api/households/H-CSRF", bearer(c1)).status, 200);
  // Logout is a write: it needs the token too.
  EXPECT_EQ(api_->post("/api/logout", Json::object(), cookie_without_csrf(c1)).code(), "csrf");
}

// ---- the workflow ---------------------------------------------------------------------------------

TEST_P(ServerTest, FullWorkflowToPaymentPaysTheAssessedAmountOnce) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  set_today("2019-10-01");
  // Wages known to 2019-11, so that the payment month (the one after approval) is assessable.
  const Json hh = household_json("H-FLOW", 1, kCommunity, false, "2019-11");
  Json c = register_and_apply(c1, hh);
  const std::int64_t id = c.value("id", 0);
  ASSERT_GT(id, 0);
  EXPECT_EQ(c["state"], "application");
  EXPECT_EQ(c["opened_on"], "2019-10-01");

  Reply r = api_->transition(id, "accept", c1);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "investigation");
  r = api_->transition(id, "submit_investigation", c1, "入户调查属实");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "street_review");
  EXPECT_EQ(r.body["assessed_category"], "dibao");
  EXPECT_EQ(r.body["assessed_month"], "2019-10");
  r = api_->transition(id, "publish", s1);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "notice");
  EXPECT_EQ(r.body["notice_start"], "2019-10-01");
  set_today("2019-10-08");
  r = api_->transition(id, "end_notice", s1);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "county_approval");
  r = api_->transition(id, "approve", k1, "同意");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "in_payment");
  EXPECT_EQ(r.body["approved_on"], "2019-10-08");
  EXPECT_EQ(r.body["pay_from"], "2019-11");  // the month after approval (R11.2)

  // Every step recorded, by whom.
  Reply got = api_->get("/api/cases/" + std::to_string(id), cookie(k1));
  ASSERT_EQ(got.status, 200) << got;
  std::vector<std::pair<std::string, std::string>> steps;
  for (const auto& s : got.body["steps"]) steps.emplace_back(s["event"], s["user"]);
  EXPECT_EQ(steps, (std::vector<std::pair<std::string, std::string>>{{"apply", "c1"},
                                                                      {"accept", "c1"},
                                                                      {"submit_investigation", "c1"},
                                                                      {"publish", "s1"},
                                                                      {"end_notice", "s1"},
                                                                      {"approve", "k1"}}));

  // Approved in October: nothing for October.
  r = api_->post("/api/payroll", {{"month", "2019-10"}}, cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["new_cases"], 0);
  EXPECT_EQ(r.body["new_total"], "0.00");
  r = api_->get("/api/payments?month=2019-10&household=H-FLOW", cookie(k1));
  EXPECT_THAT(r.body["payments"], IsEmpty());

  // November: paid once, the amount the rules give for November.
  Reply assessed = api_->post("/api/assess", {{"month", "2019-11"}, {"household", hh}});
  ASSERT_EQ(assessed.status, 200) << assessed;
  const std::string expected = assessed.body.value("monthly_cash", "");
  EXPECT_EQ(assessed.body["category"], "dibao");
  EXPECT_NE(expected, "0.00");
  r = api_->post("/api/payroll", {{"month", "2019-11"}}, cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["new_cases"], 1);
  EXPECT_EQ(r.body["new_total"], expected);
  EXPECT_EQ(r.body["already_paid"], 0);
  r = api_->post("/api/payroll", {{"month", "2019-11"}}, cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["new_cases"], 0);
  EXPECT_EQ(r.body["new_total"], "0.00");
  EXPECT_EQ(r.body["already_paid"], 1);
  r = api_->get("/api/payments?month=2019-11&household=H-FLOW", cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.body["payments"].size(), 1u) << r;
  EXPECT_EQ(r.body["payments"][0]["amount"], expected);
  EXPECT_EQ(r.body["payments"][0]["category"], "dibao");
  EXPECT_EQ(r.body["payments"][0]["persons"], 3);
  EXPECT_EQ(r.body["total"], expected);
  // The case's own assessment for the month says the same.
  r = api_->get("/api/cases/" + std::to_string(id) + "/assessment?month=2019-11", cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["monthly_cash"], expected);
  // Too far ahead: December's payroll waits for November (today 2019-10-08).
  EXPECT_EQ(api_->post("/api/payroll", {{"month", "2019-12"}}, cookie(k1)).code(), "too_early");
  // Only the county pays.
  EXPECT_EQ(api_->post("/api/payroll", {{"month", "2019-11"}}, cookie(s1)).code(), "forbidden_role");
}

// R11.6: a change reported on a paid case is re-assessed from its month, in the same transaction
// as the new record and the step.
TEST_P(ServerTest, AReportedChangeReassessesThePaidCase) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  Json hh = household_json("H-CHANGE", 13, kCommunity, false, "2019-11");
  Json c = register_and_apply(c1, hh);
  const std::int64_t id = c.value("id", 0);
  to_county_approval(id, c1, s1);
  ASSERT_EQ(api_->transition(id, "approve", k1).status, 200);
  set_today("2019-11-05");
  // The same facts reported again: the case goes on.
  Reply r = api_->post("/api/cases/" + std::to_string(id) + "/changes",
                       {{"household", hh}, {"from_month", "2019-11"}, {"reason", "核对收入"}}, cookie(c1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "in_payment");
  EXPECT_EQ(r.body["assessed_month"], "2019-11");
  ASSERT_FALSE(r.body["steps"].empty());
  EXPECT_EQ(r.body["steps"].back()["event"], "report_change");
  // A change in the future, or for another household, is refused and changes nothing.
  r = api_->post("/api/cases/" + std::to_string(id) + "/changes",
                 {{"household", hh}, {"from_month", "2019-12"}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "from_month");
  r = api_->post("/api/cases/" + std::to_string(id) + "/changes",
                 {{"household", household_json("H-OTHER", 14)}, {"from_month", "2019-11"}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "household.id");
  EXPECT_EQ(api_->get("/api/households/H-OTHER", cookie(c1)).status, 404);
}

// A change the workflow refuses (the case is not in payment) leaves the registry as it was: the new
// record, its re-assessment and the step are one transaction.
TEST_P(ServerTest, ARefusedChangeStoresNothing) {
  Login c1 = api_->login("c1");
  Json hh = household_json("H-CHANGE2", 16);
  Json c = register_and_apply(c1, hh);
  Json changed = hh;
  changed["assets"]["financial"] = 12345;
  Reply r = api_->post("/api/cases/" + std::to_string(c.value("id", 0)) + "/changes",
                       {{"household", changed}, {"from_month", "2019-10"}, {"reason", "存款"}}, cookie(c1));
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "wrong_state");
  Reply h = api_->get("/api/households/H-CHANGE2", cookie(c1));
  ASSERT_EQ(h.status, 200) << h;
  EXPECT_EQ(h.body["household"]["assets"]["financial"], 0) << "the refused change was stored";
}

TEST_P(ServerTest, HouseholdsQueuesAndCaseLists) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), s2 = api_->login("s2");
  Json c = register_and_apply(c1, household_json("H-LIST", 15));
  Reply r = api_->get("/api/households/H-LIST", cookie(c1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["household"]["id"], "H-LIST");
  EXPECT_EQ(r.body["household"]["members"].size(), 3u);
  EXPECT_EQ(r.body["open_case"], c["id"]);
  r = api_->get("/api/households/H-LIST/members", cookie(s1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["members"].size(), 3u);
  EXPECT_EQ(api_->get("/api/households/H-LIST", cookie(s2)).code(), "out_of_region");
  EXPECT_EQ(api_->get("/api/households/H-NONE", cookie(c1)).status, 404);
  // A second application while one is open.
  r = api_->post("/api/cases", {{"household_id", "H-LIST"}}, cookie(c1));
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "case_open");
  EXPECT_EQ(api_->post("/api/cases", {{"household_id", "H-NONE"}}, cookie(c1)).status, 404);

  r = api_->get("/api/queues", cookie(c1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body, (Json{{"todo", 1}, {"done", 1}, {"closed", 0}}));
  r = api_->get("/api/queues", cookie(s1));
  EXPECT_EQ(r.body, (Json{{"todo", 0}, {"done", 0}, {"closed", 0}}));
  r = api_->get("/api/cases?queue=todo", cookie(c1));
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.body["cases"].size(), 1u);
  EXPECT_EQ(r.body["cases"][0]["id"], c["id"]);
  EXPECT_EQ(r.body["cases"][0]["events"][0]["event"], "accept");
  EXPECT_EQ(api_->get("/api/cases", cookie(s2)).body["total"], 0);
  EXPECT_EQ(api_->get("/api/cases?queue=later", cookie(c1)).status, 422);
  EXPECT_EQ(api_->get("/api/cases?state=limbo", cookie(c1)).status, 422);
  EXPECT_EQ(api_->get("/api/cases?limit=x", cookie(c1)).status, 422);
}

// R11.6 with P.review_months = 12 (policy/process/review_months.yaml): a dibao case assessed in 2019-10
// comes back to the community's 待办 in 2020-10, not before; the review re-assesses and keeps it paid.
TEST_P(ServerTest, APaidCaseIsDueForReviewAfterReviewMonths) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  Json c = register_and_apply(c1, household_json("H-REVIEW", 18, kCommunity, false, "2020-12"));
  const std::int64_t id = c.value("id", 0);
  to_county_approval(id, c1, s1);
  ASSERT_EQ(api_->transition(id, "approve", k1, "同意").status, 200);
  auto todo_ids = [&](const Login& who) {
    std::vector<std::int64_t> ids;
    const Reply r = api_->get("/api/cases?queue=todo", cookie(who));  // kept: the loop reads into it
    for (const auto& x : r.body["cases"]) ids.push_back(x["id"]);
    return ids;
  };
  set_today("2020-09-30");
  EXPECT_THAT(todo_ids(c1), Not(Contains(id)));
  EXPECT_EQ(api_->get("/api/queues", cookie(c1)).body["todo"], 0);
  set_today("2020-10-01");
  EXPECT_THAT(todo_ids(c1), Contains(id));
  EXPECT_EQ(api_->get("/api/queues", cookie(c1)).body["todo"], 1);
  ASSERT_EQ(api_->transition(id, "start_review", c1).status, 200);
  EXPECT_THAT(todo_ids(s1), Contains(id));
  Reply r = api_->transition(id, "finish_review", s1, "复核属实");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "in_payment");
  EXPECT_EQ(r.body["assessed_month"], "2020-10");
  EXPECT_THAT(todo_ids(c1), Not(Contains(id)));  // the next review is a year on
}

// 停发 / 恢复 and 迁出 / 迁入: a suspended case is not paid that month; a transfer to another county is
// taken in by that county, keeps its whole history, and leaves the origin county's reach.
TEST_P(ServerTest, SuspendResumeAndTransferToAnotherCountyKeepTheHistory) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1"), k2 = api_->login("k2");
  Json c = register_and_apply(c1, household_json("H-MOVE", 19, kCommunity, false, "2019-12"));
  const std::int64_t id = c.value("id", 0);
  to_county_approval(id, c1, s1);
  ASSERT_EQ(api_->transition(id, "approve", k1, "同意").status, 200);
  set_today("2019-11-02");
  EXPECT_EQ(api_->transition(id, "suspend", k1).code(), "reason_required");
  Reply r = api_->transition(id, "suspend", k1, "外出务工，待核实");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "suspended");
  r = api_->post("/api/payroll", {{"month", "2019-11"}}, cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(api_->get("/api/payments?month=2019-11&household=H-MOVE", cookie(k1)).body["payments"].size(), 0u);
  ASSERT_EQ(api_->transition(id, "resume", k1, "已核实").body["state"], "in_payment");

  // 迁出 to a community of 青秀区: 422 without a target, then pending; k2 sees it and takes it in.
  EXPECT_EQ(api_->transition(id, "transfer_out", k1, "搬迁").code(), "bad_target_region");
  r = api_->post("/api/cases/" + std::to_string(id) + "/transitions",
                 {{"event", "transfer_out"}, {"reason", "搬迁"}, {"target_region", "450103001005"}}, cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "transfer_pending");
  EXPECT_EQ(r.body["transfer_target"], "450103001005");
  r = api_->get("/api/cases?queue=todo", cookie(k2));
  ASSERT_EQ(r.body["cases"].size(), 1u) << r;
  EXPECT_EQ(r.body["cases"][0]["id"], id);
  EXPECT_EQ(api_->get("/api/households/H-MOVE", cookie(k2)).status, 200);  // the destination may look
  EXPECT_EQ(api_->transition(id, "transfer_in", k1, "迁入").code(), "out_of_region");
  r = api_->transition(id, "transfer_in", k2, "迁入");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "in_payment");
  EXPECT_EQ(r.body["region"], "450103001005");
  EXPECT_FALSE(r.body.contains("transfer_target"));
  std::vector<std::string> events;
  for (const auto& st : r.body["steps"]) events.push_back(st["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"apply", "accept", "submit_investigation", "publish", "end_notice", "approve",
                                              "suspend", "resume", "transfer_out", "transfer_in"}));
  EXPECT_EQ(api_->get("/api/cases/" + std::to_string(id), cookie(k1)).code(), "out_of_region");
  // The household moved with it: 青秀区 pays it from now on, 兴宁区 no longer does.
  EXPECT_EQ(api_->get("/api/households/H-MOVE", cookie(k2)).body["household"]["region"], "450103001005");
  set_today("2019-12-02");
  ASSERT_EQ(api_->post("/api/payroll", {{"month", "2019-12"}}, cookie(k1)).status, 200);
  EXPECT_EQ(api_->get("/api/payments?month=2019-12&household=H-MOVE", cookie(k1)).body["payments"].size(), 0u);
  ASSERT_EQ(api_->post("/api/payroll", {{"month", "2019-12"}}, cookie(k2)).status, 200);
  r = api_->get("/api/payments?month=2019-12&household=H-MOVE", cookie(k2));
  ASSERT_EQ(r.body["payments"].size(), 1u) << r;
  EXPECT_EQ(r.body["payments"][0]["region"], "450103001005");
}

// Found by a newcomer's attack: a household registered at the office is paid only through an approved
// case; a household with an open case changes only through the case; guessing passwords is limited;
// a payroll outside the policy's months and an endless reason are refused.
TEST_P(ServerTest, NoPaymentWithoutACaseNoSilentReplacementAndLimitsOnGuessing) {
  Login c1 = api_->login("c1"), k1 = api_->login("k1");
  const Json hh = household_json("H-NOCASE", 21, kCommunity, false, "2019-11");
  ASSERT_EQ(api_->post("/api/households", {{"household", hh}}, cookie(c1)).status, 201);
  set_today("2019-11-02");
  ASSERT_EQ(api_->post("/api/payroll", {{"month", "2019-11"}}, cookie(k1)).status, 200);
  EXPECT_EQ(api_->get("/api/payments?month=2019-11&household=H-NOCASE", cookie(k1)).body["payments"].size(), 0u);

  const Json c = apply(c1, "H-NOCASE");
  Reply r = api_->post("/api/households", {{"household", hh}}, cookie(c1));
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "case_open");
  EXPECT_THAT(r.body["error"]["message"].get<std::string>(), HasSubstr("/changes"));
  Json bad_id = hh;
  bad_id["id"] = "H/1";
  EXPECT_EQ(api_->post("/api/households", {{"household", bad_id}}, cookie(c1)).status, 422);

  EXPECT_EQ(api_->post("/api/payroll", {{"month", "2017-12"}}, cookie(k1)).code(), "no_parameter");
  r = api_->transition(c.value("id", 0), "accept", c1, std::string(5000, 'x'));
  EXPECT_EQ(r.code(), "too_long");

  for (int i = 0; i < 5; ++i) EXPECT_EQ(api_->post("/api/login", {{"name", "s1"}, {"password", "wrong-pass"}}).status, 401);
  r = api_->post("/api/login", {{"name", "s1"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 429) << r;  // locked for 15 minutes, even with the right password
  EXPECT_EQ(api_->post("/api/login", {{"name", std::string(100, 'n')}, {"password", "x"}}).status, 422);
}

TEST_P(ServerTest, RefusedTransitionsSayWhyAndChangeNothing) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), s2 = api_->login("s2"), k1 = api_->login("k1"),
        a1 = api_->login("a1");
  Json c = register_and_apply(c1, household_json("H-REFUSE", 2));
  const std::int64_t id = c.value("id", 0);
  const std::int64_t v0 = c.value("version", -1);
  const std::string path = "/api/cases/" + std::to_string(id);

  // Stale version: the first click wins, the second (same version) is refused.
  Reply r = api_->transition(id, "accept", c1, "", v0);
  ASSERT_EQ(r.status, 200) << r;
  r = api_->transition(id, "submit_investigation", c1, "属实", v0);
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "stale");
  // Wrong state.
  r = api_->transition(id, "accept", c1);
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "wrong_state");
  // Missing (or blank) findings.
  r = api_->transition(id, "submit_investigation", c1);
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.code(), "reason_required");
  r = api_->transition(id, "submit_investigation", c1, " \u3000 ");
  EXPECT_EQ(r.code(), "reason_required");
  ASSERT_EQ(api_->transition(id, "submit_investigation", c1, "属实").status, 200);

  // Another street's reviewer can neither see nor act.
  r = api_->get(path, cookie(s2));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "out_of_region");
  r = api_->transition(id, "publish", s2);
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "out_of_region");
  EXPECT_EQ(api_->get(path + "/assessment", cookie(s2)).code(), "out_of_region");
  // Wrong role.
  r = api_->transition(id, "publish", c1);
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "forbidden_role");
  // The auditor reads but never writes.
  EXPECT_EQ(api_->get(path, cookie(a1)).status, 200);
  r = api_->transition(id, "publish", a1);
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "read_only");
  EXPECT_EQ(api_->post(path + "/transitions", {{"event", "publish"}}, bearer(a1)).code(), "read_only");

  ASSERT_EQ(api_->transition(id, "publish", s1).status, 200);
  // The notice runs 7 days from 2019-10-01: not over on 2019-10-07.
  set_today("2019-10-07");
  r = api_->transition(id, "end_notice", s1);
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "notice_not_ended");
  EXPECT_THAT(r.body["error"].value("message", ""), AllOf(HasSubstr("2019-10-01"), HasSubstr("2019-10-08")));
  // Approval cannot jump the notice.
  r = api_->transition(id, "approve", k1);
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "wrong_state");
  r = api_->transition(id, "approve", c1);
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "forbidden_role");

  // Nothing of the above changed the case: still in notice, 4 steps, the version of 4 writes.
  r = api_->get(path, cookie(s1));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["state"], "notice");
  EXPECT_EQ(r.body["steps"].size(), 4u);
  EXPECT_EQ(r.body.value("version", -1), v0 + 3);
  // Unknown cases and events.
  EXPECT_EQ(api_->get("/api/cases/999999", cookie(s1)).status, 404);
  r = api_->transition(id, "teleport", s1);
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "event");
}

// ---- referrals (R11.3) ----------------------------------------------------------------------------

TEST_P(ServerTest, AnApplicationOpensTheReferralsAndOnlyTheOwnerClosesOne) {
  Login c1 = api_->login("c1"), m1 = api_->login("m1");
  Json plain = register_and_apply(c1, household_json("H-REF", 3));
  EXPECT_THAT(lines_of(plain["referrals"]),
              UnorderedElementsAre("living", "medical", "education", "housing", "employment", "social_insurance"));
  for (const auto& r : plain["referrals"]) EXPECT_EQ(r["state"], "open");
  Json disabled = register_and_apply(c1, household_json("H-REF-D", 4, kCommunity, /*disabled=*/true));
  EXPECT_THAT(lines_of(disabled["referrals"]), UnorderedElementsAre("living", "medical", "education", "housing",
                                                                    "employment", "social_insurance", "disability"));

  const std::string id = std::to_string(plain.value("id", 0));
  // The medical insurance office sees its open lines only.
  Reply list = api_->get("/api/referrals", cookie(m1));
  ASSERT_EQ(list.status, 200) << list;
  EXPECT_EQ(list.body["referrals"].size(), 2u);
  for (const auto& r : list.body["referrals"]) EXPECT_EQ(r["line"], "medical");

  Reply r = api_->post("/api/referrals/" + id + "/medical/close", {{"note", "已资助参保"}}, cookie(m1));
  EXPECT_EQ(r.status, 200) << r;
  r = api_->post("/api/referrals/" + id + "/housing/close", {{"note", "x"}}, cookie(m1));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "forbidden_role");
  r = api_->post("/api/referrals/" + id + "/medical/close", {{"note", "again"}}, cookie(m1));
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.code(), "not_open");
  r = api_->post("/api/referrals/" + id + "/teleport/close", Json::object(), cookie(m1));
  EXPECT_EQ(r.status, 404) << r;
  r = api_->post("/api/referrals/999999/medical/close", Json::object(), cookie(m1));
  EXPECT_EQ(r.status, 404) << r;

  Reply c = api_->get("/api/cases/" + id, cookie(c1));
  ASSERT_EQ(c.status, 200);
  for (const auto& ref : c.body["referrals"]) {
    if (ref["line"] == "medical") {
      EXPECT_EQ(ref["state"], "closed");
      EXPECT_EQ(ref["closed_by"], "m1");
      EXPECT_EQ(ref["note"], "已资助参保");
    } else {
      EXPECT_EQ(ref["state"], "open") << ref.dump();
    }
  }
  list = api_->get("/api/referrals?state=closed", cookie(m1));
  ASSERT_EQ(list.body["referrals"].size(), 1u);
  EXPECT_EQ(list.body["referrals"][0]["case_id"], plain["id"]);
  EXPECT_EQ(api_->get("/api/referrals?state=bogus", cookie(m1)).status, 422);
}

// ---- temporary assistance (R9.2) ------------------------------------------------------------------

TEST_P(ServerTest, ConcurrentCaseByCaseApprovalsNeverPassTheYearlyCap) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  Reply h = api_->post("/api/households", {{"household", household_json("H-TEMP", 5)}}, cookie(c1));
  ASSERT_EQ(h.status, 201) << h;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    Json c = apply(c1, "H-TEMP",
                   {{"kind", "temporary"}, {"temp_kind", "case_by_case"}, {"requested", "30000"}, {"reason", "大病"}});
    EXPECT_EQ(c["kind"], "temporary");
    EXPECT_EQ(c["requested"], "30000.00");
    EXPECT_THAT(c["referrals"], IsEmpty());
    ids.push_back(c.value("id", 0));
  }
  for (auto id : ids) to_county_approval(id, c1, s1);

  // The first two approved at the same moment, from two connections.
  std::latch go(2);
  Reply replies[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      Api own(server_->port());
      go.arrive_and_wait();
      replies[i] = own.transition(ids[static_cast<std::size_t>(i)], "approve", k1);
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(replies[0].status, 200) << replies[0];
  ASSERT_EQ(replies[1].status, 200) << replies[1];
  EXPECT_THAT((std::vector<std::string>{replies[0].body.value("granted", ""), replies[1].body.value("granted", "")}),
              UnorderedElementsAre("30000.00", "20000.00"));
  // The cap (P.temporary.case_by_case_cap 50,000 a year) is used up.
  Reply third = api_->transition(ids[2], "approve", k1);
  ASSERT_EQ(third.status, 200) << third;
  EXPECT_EQ(third.body["granted"], "0.00");
  EXPECT_EQ(third.body["state"], "in_payment");

  // Requests are checked as amounts of money.
  for (const char* bad : {"0", "-5", "1.234", "abc", "1e9"}) {
    Reply r = api_->post("/api/cases",
                         {{"household_id", "H-TEMP"}, {"kind", "temporary"}, {"temp_kind", "case_by_case"},
                          {"requested", bad}},
                         cookie(c1));
    EXPECT_EQ(r.status, 422) << bad << ": " << r;
    EXPECT_EQ(r.field(), "requested") << bad;
  }
}

// Two clicks on "approve" at the same moment: one applies, the other is told the case moved on.
TEST_P(ServerTest, TwoSimultaneousApprovalsOfOneCaseApplyOnce) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  Json c = register_and_apply(c1, household_json("H-TWICE", 17));
  const std::int64_t id = c.value("id", 0);
  to_county_approval(id, c1, s1);
  std::latch go(2);
  Reply replies[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      Api own(server_->port());
      go.arrive_and_wait();
      replies[i] = own.transition(id, "approve", k1);
    });
  for (auto& t : threads) t.join();
  std::multiset<int> statuses = {replies[0].status, replies[1].status};
  EXPECT_EQ(statuses, (std::multiset<int>{200, 409})) << replies[0] << "\n" << replies[1];
  Reply got = api_->get("/api/cases/" + std::to_string(id), cookie(k1));
  int approvals = 0;
  for (const auto& st : got.body["steps"]) approvals += st["event"] == "approve";
  EXPECT_EQ(approvals, 1);
}

// Two applications for one household at the same moment open one case (R11.2 guard, and the
// registry's unique index behind it).
TEST_P(ServerTest, TwoSimultaneousApplicationsOpenOneCase) {
  Login c1 = api_->login("c1");
  ASSERT_EQ(api_->post("/api/households", {{"household", household_json("H-RUSH", 18)}}, cookie(c1)).status, 201);
  constexpr int kClients = 4;
  std::latch go(kClients);
  std::vector<Reply> replies(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      Api own(server_->port());
      go.arrive_and_wait();
      replies[static_cast<std::size_t>(i)] = own.post("/api/cases", {{"household_id", "H-RUSH"}}, cookie(c1));
    });
  for (auto& t : threads) t.join();
  int created = 0;
  for (const auto& r : replies) {
    if (r.status == 201) {
      ++created;
    } else {
      EXPECT_EQ(r.status, 409) << r;
      EXPECT_THAT(r.code(), ::testing::AnyOf("case_open", "conflict")) << r;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(api_->get("/api/cases?household=H-RUSH", cookie(c1)).body["total"], 1);
}

// R9.2 in a batch: a batch approval refused because someone else approved its case while it waited
// (for the household-year lock or the case row) must leave no grant counted against the year. PostgreSQL only: SQLite runs one write transaction at a time, so
// the batch reads the case after the other approval and is refused before granting anything.
TEST_P(ServerTest, ARefusedBatchApprovalCountsNoGrantAgainstTheYear) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "needs concurrent write transactions (PostgreSQL)";
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  ASSERT_EQ(api_->post("/api/households", {{"household", household_json("H-RACE", 19)}}, cookie(c1)).status, 201);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 2; ++i)
    ids.push_back(apply(c1, "H-RACE", {{"kind", "temporary"}, {"temp_kind", "case_by_case"}, {"requested", "30000"}})
                      .value("id", 0));
  for (auto id : ids) to_county_approval(id, c1, s1);

  // Hold the household's year row so that both approvals read the case, then queue on the lock:
  // first the single approval, then the batch.
  auto db = registry::sql::Connection::open(scratch_->url(), false);
  db->exec("INSERT INTO case_by_case_year(household_id, year) VALUES('H-RACE', 2019) ON CONFLICT DO NOTHING");
  db->begin();
  db->exec("SELECT granted FROM case_by_case_year WHERE household_id = 'H-RACE' AND year = 2019 FOR UPDATE");
  auto watcher = registry::sql::Connection::open(scratch_->url(), false);
  auto wait_for_waiters = [&](int n) {
    for (int tries = 0; tries < 500; ++tries) {
      auto st = watcher->prepare(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      st.step();
      if (st.i64(0) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  Reply single, batch;
  std::thread first([&] {
    Api own(server_->port());
    single = own.transition(ids[0], "approve", k1);
  });
  ASSERT_TRUE(wait_for_waiters(1));
  std::thread second([&] {
    Api own(server_->port());
    batch = own.post("/api/cases/batch", {{"event", "approve"}, {"case_ids", {ids[0]}}}, cookie(k1));
  });
  const bool queued = wait_for_waiters(2);
  db->commit();
  first.join();
  second.join();
  ASSERT_TRUE(queued);
  ASSERT_EQ(single.status, 200) << single;
  EXPECT_EQ(single.body["granted"], "30000.00");
  ASSERT_EQ(batch.status, 200) << batch;
  EXPECT_EQ(batch.body["done"], 0) << batch;
  // 30,000 of the 50,000 are granted; the second request gets the rest.
  Reply r = api_->transition(ids[1], "approve", k1);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["granted"], "20000.00") << "the refused batch approval's grant was counted against the year";
}

// ---- batch approval (批量审批) ---------------------------------------------------------------------

TEST_P(ServerTest, BatchApprovalApprovesEveryCaseItMayAndReportsTheRest) {
  Login c1 = api_->login("c1"), s1 = api_->login("s1"), k1 = api_->login("k1");
  import_households(100, 51);
  std::vector<std::int64_t> ids;
  for (int n = 100; n < 151; ++n) ids.push_back(apply(c1, "H" + std::to_string(1000 + n)).value("id", 0));
  ASSERT_EQ(ids.size(), 51u);
  auto batch = [&](const std::string& event, const std::vector<std::int64_t>& list, const Login& who,
                   const std::string& reason = "") {
    Json b = {{"event", event}, {"case_ids", list}};
    if (!reason.empty()) b["reason"] = reason;
    return api_->post("/api/cases/batch", b, cookie(who));
  };
  const std::vector<std::int64_t> fifty(ids.begin(), ids.begin() + 50);
  const std::int64_t laggard = ids.back();  // left in street review
  Reply r = batch("accept", ids, c1);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["done"], 51);
  r = batch("submit_investigation", ids, c1, "入户调查属实");
  EXPECT_EQ(r.body["done"], 51) << r;
  r = batch("publish", fifty, s1);
  EXPECT_EQ(r.body["done"], 50) << r;
  set_today("2019-10-08");
  r = batch("end_notice", fifty, s1);
  EXPECT_EQ(r.body["done"], 50) << r;

  r = batch("approve", ids, k1, "同意");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["done"], 50);
  EXPECT_EQ(r.body["refused"], 1);
  ASSERT_EQ(r.body["results"].size(), 51u);
  for (const auto& res : r.body["results"]) {
    if (res["id"] == laggard) {
      EXPECT_EQ(res["ok"], false);
      EXPECT_EQ(res["status"], 409);
      EXPECT_EQ(res["code"], "wrong_state");
    } else {
      EXPECT_EQ(res["ok"], true) << res.dump();
      EXPECT_EQ(res["state"], "in_payment");
    }
  }
  Reply paid = api_->get("/api/cases?state=in_payment&limit=1000", cookie(k1));
  ASSERT_EQ(paid.status, 200) << paid;
  EXPECT_EQ(paid.body["total"], 50);
  std::set<std::int64_t> in_payment;
  for (const auto& c : paid.body["cases"]) {
    in_payment.insert(c.value("id", 0));
    EXPECT_EQ(c["pay_from"], "2019-11");
  }
  EXPECT_EQ(in_payment, std::set<std::int64_t>(fifty.begin(), fifty.end()));
  Reply left = api_->get("/api/cases/" + std::to_string(laggard), cookie(k1));
  EXPECT_EQ(left.body["state"], "street_review");

  // The street cannot approve in bulk; a batch names its cases.
  r = batch("approve", {laggard}, s1);
  EXPECT_EQ(r.body["refused"], 1);
  EXPECT_EQ(r.body["results"][0]["code"], "forbidden_role");
  EXPECT_EQ(api_->post("/api/cases/batch", {{"event", "approve"}, {"case_ids", Json::array()}}, cookie(k1)).status, 422);
  EXPECT_EQ(api_->post("/api/cases/batch", {{"event", "approve"}, {"case_ids", {"1"}}}, cookie(k1)).status, 422);
}

// ---- the audit log --------------------------------------------------------------------------------

TEST_P(ServerTest, AuditVerifyFindsAnEditedAndADeletedEntry) {
  Login c1 = api_->login("c1"), a1 = api_->login("a1");
  EXPECT_EQ(api_->post("/api/login", {{"name", "c1"}, {"password", "nope-nope-1"}}).status, 401);
  Json c = register_and_apply(c1, household_json("H-AUDIT", 6));
  ASSERT_EQ(api_->transition(c.value("id", 0), "accept", c1).status, 200);

  // 6 users were added straight into the registry, without audit; then: login c1, login a1,
  // login_failed, register_household, apply, accept.
  Reply v = api_->get("/api/audit/verify", cookie(a1));
  ASSERT_EQ(v.status, 200) << v;
  EXPECT_EQ(v.body["ok"], true) << v;
  EXPECT_EQ(v.body["entries"], 6);
  EXPECT_FALSE(v.body.contains("fault"));
  EXPECT_EQ(api_->get("/api/audit/verify", cookie(c1)).code(), "forbidden_role");

  auto db = registry::sql::Connection::open(scratch_->url(), /*create=*/false);
  std::string original;
  {
    auto s = db->prepare("SELECT detail, action FROM audit_log WHERE seq = 3");
    ASSERT_TRUE(s.step());
    original = std::string(s.text(0));
    EXPECT_EQ(s.text(1), "login_failed");
  }
  db->exec("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3");
  v = api_->get("/api/audit/verify", cookie(a1));
  ASSERT_EQ(v.status, 200) << v;
  EXPECT_EQ(v.body["ok"], false);
  EXPECT_EQ(v.body["fault"]["code"], "edited");
  EXPECT_EQ(v.body["fault"]["seq"], 3);
  EXPECT_EQ(v.body["entries"], 2);

  db->prepare("UPDATE audit_log SET detail = ? WHERE seq = 3").bind(1, original).run();
  v = api_->get("/api/audit/verify", cookie(a1));
  EXPECT_EQ(v.body["ok"], true) << v;

  db->exec("DELETE FROM audit_log WHERE seq = 6");
  v = api_->get("/api/audit/verify", cookie(a1));
  ASSERT_EQ(v.status, 200) << v;
  EXPECT_EQ(v.body["ok"], false);
  EXPECT_EQ(v.body["fault"]["code"], "deleted");
  EXPECT_EQ(v.body["fault"]["seq"], 6);
}

// ---- hostile input --------------------------------------------------------------------------------

TEST_P(ServerTest, BadBodiesAreRefusedWithTheirReason) {
  Login c1 = api_->login("c1");
  Json c = register_and_apply(c1, household_json("H-HOSTILE", 8));
  const std::string path = "/api/cases/" + std::to_string(c.value("id", 0)) + "/transitions";

  Reply r = api_->post_raw(path, "{\"event\": \"accept\"", cookie(c1));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.code(), "bad_json");
  r = api_->post_raw(path, "", cookie(c1));
  EXPECT_EQ(r.code(), "bad_json");
  r = api_->post_raw(path, "[{\"event\": \"accept\"}]", cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  r = api_->post_raw(path, "\"accept\"", cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  r = api_->post(path, {{"event", "accept"}, {"reasn", "typo"}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.code(), "unknown_field");
  EXPECT_EQ(r.field(), "reasn");
  EXPECT_THAT(r.body["error"].value("message", ""), HasSubstr("reasn"));
  r = api_->post(path, {{"event", "accept"}, {"reason", 5}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "reason");
  r = api_->post(path, {{"event", "accept"}, {"version", "x"}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "version");
  r = api_->post(path, {{"event", 1}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.field(), "event");
  r = api_->post(path, {{"reason", "x"}}, cookie(c1));
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.code(), "missing_field");
  // Nothing moved.
  EXPECT_EQ(api_->get("/api/cases/" + std::to_string(c.value("id", 0)), cookie(c1)).body["state"], "application");
}

TEST_P(ServerTest, ABodyOverTheLimitIs413) {
  Login c1 = api_->login("c1");
  const std::string big = "{\"household\": {\"id\": \"" + std::string(3 * 1024 * 1024, 'x') + "\"}}";
  Reply r = api_->post_raw("/api/households", big, cookie(c1));
  EXPECT_EQ(r.status, 413) << r;
  EXPECT_EQ(r.code(), "too_large");
  r = api_->post_raw("/api/assess", big);
  EXPECT_EQ(r.status, 413) << r;
  EXPECT_EQ(api_->get("/api/me", cookie(c1)).status, 200);
}

TEST_P(ServerTest, AnInvalidHouseholdRecordNamesEveryBadField) {
  Login c1 = api_->login("c1");
  Json h = household_json("H-BADID", 9);
  std::string id = h["members"][0]["id"];
  id.back() = id.back() == '1' ? '2' : '1';  // wrong check character
  h["members"][0]["id"] = id;
  for (const auto& [path, auth] : std::vector<std::pair<std::string, Auth>>{{"/api/households", cookie(c1)},
                                                                           {"/api/assess", anonymous()}}) {
    Json body = {{"household", h}};
    if (path == "/api/assess") body["month"] = "2019-10";
    Reply r = api_->post(path, body, auth);
    EXPECT_EQ(r.status, 422) << path << ": " << r;
    EXPECT_EQ(r.code(), "invalid_record") << path;
    std::vector<std::string> fields;
    for (const auto& p : r.body["error"].value("problems", Json::array())) fields.push_back(p.value("field", ""));
    EXPECT_THAT(fields, Contains("members[0].id")) << path << ": " << r;
  }
  EXPECT_EQ(api_->get("/api/households/H-BADID", cookie(c1)).status, 404);
  // A household outside the worker's community is refused too.
  Reply r = api_->post("/api/households", {{"household", household_json("H-AWAY", 10, "450102002001")}}, cookie(c1));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.code(), "out_of_region");
}

TEST_P(ServerTest, UnknownApiPathsAreJson404s) {
  for (const std::string path : {"/api/nope", "/api/cases/1/nope", "/api/cases/abc"}) {
    Reply r = api_->get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.code(), "not_found") << path << ": " << r;
    EXPECT_THAT(r.header("Content-Type"), HasSubstr("application/json"));
  }
  Reply r = api_->post("/api/nope", Json::object());
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(r.code(), "not_found");
  // A case id too long for a number.
  Login k1 = api_->login("k1");
  r = api_->get("/api/cases/99999999999999999999999", cookie(k1));
  EXPECT_EQ(r.status, 404) << r;
}

TEST_P(ServerTest, HugeNumbersAndNestedBodiesGet4xxAndTheServerGoesOn) {
  Login c1 = api_->login("c1");
  Json c = register_and_apply(c1, household_json("H-HUGE", 11));
  const std::string path = "/api/cases/" + std::to_string(c.value("id", 0)) + "/transitions";
  const std::string bodies[] = {
      R"({"event": "accept", "version": 1e400})",
      R"({"event": "accept", "version": 123456789012345678901234567890})",
      R"({"event": "accept", "version": -99999999999999999999})",
      R"({"event": "accept", "version": 1.5})",
      std::string(200000, '[') + std::string(200000, ']'),
      std::string(200000, '['),
      "{\"event\": \"accept\", \"reason\": " + std::string(100000, '[') + std::string(100000, ']') + "}",
  };
  for (const auto& b : bodies) {
    Reply r = api_->post_raw(path, b, cookie(c1));
    EXPECT_GE(r.status, 400) << b.substr(0, 80) << ": " << r;
    EXPECT_LT(r.status, 500) << b.substr(0, 80) << ": " << r;
  }
  // A huge but flat number inside a record.
  Json h = household_json("H-BIG", 12);
  h["income"][0]["amount"] = 1e300;
  Reply r = api_->post("/api/assess", {{"month", "2019-10"}, {"household", h}});
  EXPECT_EQ(r.status, 422) << r;
  // Still serving, and the case did not move.
  Reply still = api_->get("/api/cases/" + std::to_string(c.value("id", 0)), cookie(c1));
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.body["state"], "application");
}

// ---- the assessment endpoint ----------------------------------------------------------------------

TEST_P(ServerTest, AssessGivesTheAcceptanceCaseWithoutLogin) {
  Reply r = api_->post("/api/assess", {{"month", "2019-10"}, {"household", household_json("P01")}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["household"], "P01");
  EXPECT_EQ(r.body["month"], "2019-10");
  EXPECT_EQ(r.body["category"], "dibao");
  const Json dibao = entitlement(r.body, "living.dibao");
  ASSERT_TRUE(dibao.is_object()) << r;
  EXPECT_EQ(dibao["amount"], "950.00");
  EXPECT_FALSE(r.body["explanation"].empty());
  for (const auto& step : r.body["explanation"]) EXPECT_THAT(step.value("text", ""), Not(IsEmpty()));
  // Without the explanation when asked.
  r = api_->post("/api/assess", {{"month", "2019-10"}, {"household", household_json("P01")}, {"explain", false}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(entitlement(r.body, "living.dibao")["amount"], "950.00");
  r = api_->post("/api/assess", {{"month", "2019-13"}, {"household", household_json("P01")}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.field(), "month");
}

// The document the binary serves is web/openapi.json.
TEST_P(ServerTest, ServesTheOpenApiDocument) {
  Reply r = api_->get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.header("Content-Type"), HasSubstr("application/json"));
  EXPECT_EQ(r.raw, read_file(kSourceDir + "/web/openapi.json"));
}

// Last of the suite, because when it fails it takes the test process down with it: a record nested
// 300,000 levels deep under a field the record defines (`household.id`), so that it passes the
// field check and reaches the code that walks the record recursively.
TEST_P(ServerTest, DeeplyNestedRecordsGet4xxAndTheServerGoesOn) {
  Login c1 = api_->login("c1");
  std::string nested;
  const int depth = 300000;
  for (int i = 0; i < depth; ++i) nested += "{\"a\":";
  nested += "1" + std::string(depth, '}');
  for (const std::string where : {"/api/assess", "/api/households"}) {
    const std::string b = std::string("{") + (where == "/api/assess" ? "\"month\": \"2019-10\", " : "") +
                          "\"household\": {\"id\": " + nested + "}}";
    Reply r = api_->post_raw(where, b, cookie(c1));
    EXPECT_GE(r.status, 400) << where << ": " << r;
    EXPECT_LT(r.status, 500) << where << ": " << r;
  }
  EXPECT_EQ(api_->get("/api/me", cookie(c1)).status, 200);
}

std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info) { return backend_name(info.param); }

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         backend_test_name);

// ---- stopping an embedded server ------------------------------------------------------------------

// ServeHandle::stop() must stop the server whenever it is called after `ready`, even before the
// accept loop has started (here: from `ready` itself, which is the earliest moment). The registry is
// never touched.
TEST(ServeHandle, StopsWhenAskedAsSoonAsReady) {
  Scratch scratch(Backend::kSqlite);
  registry::Registry::open(scratch.url(), /*create=*/true);
  Config cfg;
  cfg.db_url = scratch.url();
  cfg.port = 0;
  cfg.threads = 2;
  cfg.web_dir = kSourceDir + "/web";
  App app(cfg, policy(), regions());
  ServeHandle handle;
  std::promise<void> ended;
  auto done = ended.get_future();
  std::thread t([&] {
    serve(app, [&](int) { handle.stop(); }, &handle);
    ended.set_value();
  });
  const bool stopped = done.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  EXPECT_TRUE(stopped) << "serve() went on listening after ServeHandle::stop()";
  while (!stopped && done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
    handle.stop();  // the accept loop runs by now, so this one takes
  t.join();
}

// ---- web/openapi.json -----------------------------------------------------------------------------

// "METHOD /path" with every path parameter written "{}".
std::string route_key(std::string method, const std::string& path) {
  std::transform(method.begin(), method.end(), method.begin(), ::toupper);
  static const std::regex param(R"(\{[^}]*\}|\([^)]*\))");
  return method + " " + std::regex_replace(path, param, "{}");
}

// The routes registered in the server's sources: s.Get("…") / s.Post(R"(…)") in routes_*.cpp and
// server.cpp.
std::set<std::string> registered_routes() {
  std::set<std::string> out;
  static const std::regex reg(R"re(\bs\.(Get|Post|Put|Patch|Delete)\(\s*(?:R"\((.*?)\)"|"([^"]*)"))re");
  for (const char* file : {"routes_session.cpp", "routes_assess.cpp", "routes_cases.cpp", "routes_departments.cpp",
                           "routes_verification.cpp", "routes_reports.cpp", "routes_supervision.cpp", "server.cpp"}) {
    const std::string text = read_file(kSourceDir + "/src/server/" + file);
    EXPECT_FALSE(text.empty()) << file;
    for (std::sregex_iterator it(text.begin(), text.end(), reg), end; it != end; ++it) {
      const std::string path = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
      out.insert(route_key((*it)[1].str(), path));
    }
  }
  return out;
}

std::set<std::string> documented_routes(const Json& doc) {
  std::set<std::string> out;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      if (method == "get" || method == "post" || method == "put" || method == "patch" || method == "delete")
        out.insert(route_key(method, path));
  return out;
}

Json openapi() {
  return Json::parse(read_file(kSourceDir + "/web/openapi.json"), nullptr, /*allow_exceptions=*/false);
}

TEST(OpenApi, IsAnOpenApi303Document) {
  const Json doc = openapi();
  ASSERT_FALSE(doc.is_discarded()) << "web/openapi.json is not valid JSON";
  EXPECT_EQ(doc.value("openapi", ""), "3.0.3");
  EXPECT_TRUE(doc["info"].contains("title"));
  EXPECT_TRUE(doc["info"].contains("version"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("cookieAuth"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("csrfToken"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("bearerAuth"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

TEST(OpenApi, DocumentsEveryRoute) {
  const Json doc = openapi();
  ASSERT_FALSE(doc.is_discarded());
  const std::set<std::string> documented = documented_routes(doc);
  // The routes as of issue 3; the scan below catches routes added later.
  const std::set<std::string> expected = {
      "POST /api/login",
      "POST /api/logout",
      "GET /api/me",
      "POST /api/test/clock",
      "POST /api/assess",
      "POST /api/households",
      "GET /api/households/{}",
      "GET /api/households/{}/members",
      "POST /api/cases",
      "GET /api/cases",
      "GET /api/cases/{}",
      "GET /api/cases/{}/assessment",
      "POST /api/cases/{}/transitions",
      "POST /api/cases/batch",
      "POST /api/cases/{}/changes",
      "GET /api/queues",
      "GET /api/referrals",
      "POST /api/referrals/{}/{}/close",
      "POST /api/payroll",
      "GET /api/payments",
      "GET /api/audit/verify",
      "GET /api/openapi.json",
      // economic-status verification (SPEC R11.4–R11.5)
      "GET /api/households/{}/verification",
      "GET /api/verification/candidates",
      "GET /api/verification/issues",
      "GET /api/verification/latest",
  };
  for (const auto& r : expected) EXPECT_THAT(documented, Contains(r));
  const std::set<std::string> registered = registered_routes();
  EXPECT_GE(registered.size(), expected.size());
  for (const auto& r : registered) EXPECT_THAT(documented, Contains(r)) << "registered in src/server but not documented";
  for (const auto& r : documented) EXPECT_THAT(registered, Contains(r)) << "documented but not served";
}

// `node` itself, or the component its "$ref" ("#/components/<kind>/<name>") names.
Json resolve(const Json& doc, const Json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const std::string ref = node["$ref"];
  EXPECT_EQ(ref.rfind("#/", 0), 0u) << ref;
  return doc.value(Json::json_pointer(ref.substr(1)), Json());
}

// Every operation answers errors in the one error shape, declares its path parameters, and every
// logged-in write names the CSRF token for cookie sessions.
TEST(OpenApi, EveryOperationDescribesItsAnswers) {
  const Json doc = openapi();
  ASSERT_FALSE(doc.is_discarded());
  const std::set<std::string> anonymous = {"POST /api/login", "POST /api/assess", "POST /api/test/clock",
                                           "GET /api/openapi.json", "GET /vendor/echarts.min.js"};
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      SCOPED_TRACE(method + " " + path);
      EXPECT_TRUE(op.contains("summary"));
      EXPECT_TRUE(op.contains("operationId"));
      ASSERT_TRUE(op.contains("responses"));
      bool success = false;
      for (const auto& [status, r] : op["responses"].items()) {
        const Json resp = resolve(doc, r);
        ASSERT_TRUE(resp.is_object()) << status << " does not resolve";
        EXPECT_TRUE(resp.contains("description")) << status;
        if (status[0] == '2') success = true;
        if (status[0] == '4' || status[0] == '5') {
          EXPECT_EQ(resp["content"]["application/json"]["schema"].value("$ref", ""), "#/components/schemas/Error")
              << status;
        }
      }
      EXPECT_TRUE(success);
      // Path parameters are declared.
      static const std::regex param(R"(\{([^}]+)\})");
      for (std::sregex_iterator it(path.begin(), path.end(), param), end; it != end; ++it) {
        bool declared = false;
        for (const auto& p : op.value("parameters", Json::array())) {
          const Json q = resolve(doc, p);
          declared = declared || (q.value("name", "") == (*it)[1].str() && q.value("in", "") == "path");
        }
        EXPECT_TRUE(declared) << (*it)[1].str();
      }
      // Security: none for the anonymous operations; otherwise cookie or bearer, and for a write the
      // cookie goes with the CSRF token; 401 documented.
      const std::string key = route_key(method, path);
      const Json security = op.value("security", Json::array());
      if (anonymous.count(key)) {
        EXPECT_THAT(security, IsEmpty());
        continue;
      }
      EXPECT_TRUE(op["responses"].contains("401"));
      bool cookie = false, bearer = false;
      for (const auto& alt : security) {
        if (alt.contains("bearerAuth")) bearer = true;
        if (alt.contains("cookieAuth")) {
          cookie = true;
          EXPECT_EQ(alt.contains("csrfToken"), method != "get") << alt.dump();
        }
      }
      EXPECT_TRUE(cookie && bearer) << security.dump();
    }
  }
}

}  // namespace
}  // namespace safetynet::server::testing
