// The error-supervision routes (routes_supervision.cpp; docs/supervision.md; SPEC R12.2) over HTTP, on
// SQLite and on PostgreSQL (SAFETYNET_TEST_PG). Three households copy the SPEC acceptance case "dibao
// top-up, 3 persons, one wage" (dibao 3 × 650 − 1000 = 950.00 a month): H1000 and H1001 in 兴宁社区
// (民生街道 450102001), H2000 in 朝阳社区 (朝阳街道 450102002), all in 兴宁区 (450102). The county pays
// 2019-10 through POST /api/payroll, so 兴宁区 has 3 assisted cases, 民生街道 2 and 朝阳街道 1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "io/household_record.hpp"
#include "server/testing/test_server.hpp"

namespace safetynet::server::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr const char* kOtherCommunity = "450102002001";  // 朝阳社区居委会, 朝阳街道
constexpr const char* kOtherCounty = "450103";           // 青秀区

class ServerSupervision : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && pg_server() == nullptr)
      GTEST_SKIP() << "PostgreSQL: set SAFETYNET_TEST_PG to a server URL to run these";
    scratch_ = std::make_unique<Scratch>(GetParam());
    reg_ = registry::Registry::open(scratch_->url(), /*create=*/true);
    auto& cw = reg_->casework();
    cw.in_transaction([&] {
      for (const auto& [name, role, region] : std::vector<std::tuple<const char*, const char*, const char*>>{
               {"c1", "community", kCommunity},
               {"s1", "street", kStreet},
               {"s2", "street", kOtherStreet},
               {"k1", "county", kCounty},
               {"k2", "county", kOtherCounty},
               {"a1", "auditor", kCounty},
               {"m1", "medical_insurance", kCounty}}) {
        auto id = cw.add_user(name, role, region, password_hash());
        ASSERT_TRUE(id.ok()) << name;
      }
    });
    std::vector<registry::Incoming> batch;
    for (const auto& [id, n, region] : std::vector<std::tuple<const char*, int, const char*>>{
             {"H1000", 0, kCommunity}, {"H1001", 1, kCommunity}, {"H2000", 2, kOtherCommunity}}) {
      auto h = io::parse_household_text(household_json(id, n, region).dump(), regions());
      ASSERT_TRUE(h.ok()) << id;
      batch.push_back(registry::Incoming{std::move(h).value(), "supervision_routes_test", n, {}});
    }
    ASSERT_THAT(reg_->put_households(batch).rejected, IsEmpty());
    server_ = std::make_unique<TestServer>(scratch_->url(), std::string(SN_SOURCE_DIR) + "/web", model::Date{2019, 10, 20});
    api_ = std::make_unique<Api>(server_->port());
    Reply paid = post("/api/payroll", {{"month", "2019-10"}}, "k1");
    ASSERT_EQ(paid.status, 200) << paid;
    ASSERT_EQ(paid.body["new_cases"], 3);
    ASSERT_EQ(paid.body["new_total"], "2850.00");  // 3 × 950.00
  }

  void TearDown() override {
    api_.reset();
    server_.reset();
    reg_.reset();
    scratch_.reset();
  }

  const Login& as(const std::string& user) {
    auto it = logins_.find(user);
    if (it == logins_.end()) it = logins_.emplace(user, api_->login(user)).first;
    return it->second;
  }
  Reply get(const std::string& path, const std::string& user) { return api_->get(path, cookie(as(user))); }
  Reply post(const std::string& path, const Json& body, const std::string& user) {
    return api_->post(path, body, cookie(as(user)));
  }
  static Json error_body(const std::string& household = "H1000", const std::string& amount = "950.00") {
    return {{"household_id", household}, {"from", "2019-10"}, {"to", "2019-10"}, {"cause", "concealment"},
            {"amount", amount},          {"note", "隐瞒工资收入"}};
  }
  static const Json& row(const Json& rows, const std::string& region) {
    for (const auto& r : rows)
      if (r["region"] == region) return r;
    static const Json none;
    ADD_FAILURE() << "no row " << region << " in " << rows.dump();
    return none;
  }

  std::unique_ptr<Scratch> scratch_;
  std::unique_ptr<registry::Registry> reg_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Api> api_;
  std::map<std::string, Login> logins_;
};

TEST_P(ServerSupervision, OnlyTheCountyRecordsAndOnlyInsideItsRegion) {
  for (const char* who : {"c1", "s1", "m1"}) {
    Reply r = post("/api/supervision/errors", error_body(), who);
    EXPECT_EQ(r.status, 403) << who << " " << r;
    EXPECT_EQ(r.code(), "forbidden_role") << who;
  }
  Reply auditor = post("/api/supervision/errors", error_body(), "a1");
  EXPECT_EQ(auditor.status, 403) << auditor;  // the auditor never writes
  Reply other = post("/api/supervision/errors", error_body(), "k2");
  EXPECT_EQ(other.status, 403) << other;
  EXPECT_EQ(other.code(), "out_of_region");
  EXPECT_EQ(api_->post("/api/supervision/errors", error_body()).status, 401);
  EXPECT_EQ(api_->post("/api/supervision/errors", error_body(), cookie_without_csrf(as("k1"))).status, 403);
  // Readers: street, county, auditor; not the community nor a department.
  EXPECT_EQ(get("/api/supervision/report?year=2019", "c1").code(), "forbidden_role");
  EXPECT_EQ(get("/api/supervision/errors", "m1").status, 403);
  EXPECT_EQ(get("/api/supervision/report?year=2019", "a1").status, 200);
  Reply none = get("/api/supervision/errors?year=2019", "k1");
  ASSERT_EQ(none.status, 200) << none;
  EXPECT_THAT(none.body["errors"], IsEmpty());  // nothing was written by the refused requests
}

TEST_P(ServerSupervision, BadInputIsRefusedNamingTheField) {
  auto refused = [&](Json body) {
    Reply r = post("/api/supervision/errors", body, "k1");
    return std::to_string(r.status) + " " + r.code() + " " + r.field();
  };
  Json b = error_body();
  b["cause"] = "bad_luck";
  EXPECT_EQ(refused(b), "422 bad_value cause");
  EXPECT_EQ(refused(error_body("H1000", "0")), "422 bad_amount amount");
  EXPECT_EQ(refused(error_body("H1000", "1.234")), "422 bad_amount amount");  // finer than a fen
  EXPECT_EQ(refused(error_body("NOPE")), "404 not_found household_id");
  b = error_body();
  b["from"] = "2019-13";
  EXPECT_EQ(refused(b), "422 bad_date from");
  b = error_body();
  b["to"] = "2019-11";  // today is 2019-10-20
  EXPECT_EQ(refused(b), "422 bad_date to");
  b = error_body();
  b["from"] = "2019-09";
  b["to"] = "2019-08";
  EXPECT_EQ(refused(b), "422 bad_date to");
  // Only money really paid: H1000 was paid 950.00 for 2019-10 and nothing for 2019-09.
  b = error_body();
  b["from"] = "2019-09";
  b["to"] = "2019-09";
  EXPECT_EQ(refused(b), "422 not_paid from");
  EXPECT_EQ(refused(error_body("H1000", "950.01")), "422 bad_amount amount");
  Reply over = post("/api/supervision/errors", error_body("H1000", "1000000000"), "k1");
  EXPECT_EQ(over.status, 422) << over;
  EXPECT_EQ(over.body["error"].value("message", ""), "错保金额 1000000000.00 元超过该户 2019-10 实发的 950.00 元");
  b = error_body();
  b["surprise"] = 1;
  EXPECT_EQ(refused(b), "422 unknown_field surprise");
  EXPECT_EQ(get("/api/supervision/report?year=19", "k1").code(), "bad_value");
}

TEST_P(ServerSupervision, TheReportGivesEachCountyAndStreetItsRatioAndStatus) {
  Reply made = post("/api/supervision/errors", error_body(), "k1");
  ASSERT_EQ(made.status, 201) << made;
  const std::int64_t id = made.body["id"];
  EXPECT_EQ(made.body["county"], kCounty);
  EXPECT_EQ(made.body["street"], kStreet);
  EXPECT_EQ(made.body["cause_label"], "家庭隐瞒");
  EXPECT_EQ(made.body["outstanding"], "950.00");
  EXPECT_EQ(made.body["recorded_by"], "k1");
  EXPECT_EQ(made.body["recorded_on"], "2019-10-20");

  Reply r = get("/api/supervision/report?year=2019", "k1");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["tolerance"], "2.00%");
  EXPECT_EQ(r.body["as_of"], "2019-10-20");
  // 兴宁区: 1 of 3 = 33.33% > 2%: over, whatever is recovered.
  const Json& county = row(r.body["counties"], kCounty);
  EXPECT_EQ(county["name"], "兴宁区");
  EXPECT_EQ(county["assisted_cases"], 3);
  EXPECT_EQ(county["wrong_cases"], 1);
  EXPECT_EQ(county["ratio"], "33.33%");  // 10000 / 3 = 3333.3 → 3333 hundredths of a percent
  EXPECT_EQ(county["wrong"], "950.00");
  EXPECT_EQ(county["status"], "over_tolerance");
  EXPECT_EQ(county["status_label"], "超出容错");
  EXPECT_EQ(county["flagged"], true);
  EXPECT_EQ(row(r.body["streets"], kStreet)["ratio"], "50.00%");  // 1 of 2
  const Json& other = row(r.body["streets"], kOtherStreet);
  EXPECT_EQ(other["assisted_cases"], 1);
  EXPECT_EQ(other["status"], "no_errors");
  EXPECT_EQ(other["flagged"], false);

  // The other street sees its own row only, and no error; the auditor of the county sees both.
  Reply s2 = get("/api/supervision/report?year=2019", "s2");
  ASSERT_EQ(s2.status, 200) << s2;
  EXPECT_THAT(s2.body["counties"], IsEmpty());
  EXPECT_THAT(s2.body["streets"], SizeIs(1));
  EXPECT_THAT(get("/api/supervision/errors?year=2019", "s2").body["errors"], IsEmpty());
  EXPECT_THAT(get("/api/supervision/errors?year=2019", "s1").body["errors"], SizeIs(1));
  EXPECT_THAT(get("/api/supervision/errors?year=2019", "a1").body["errors"], SizeIs(1));
  EXPECT_THAT(get("/api/supervision/errors?year=2018", "k1").body["errors"], IsEmpty());

  // Recoveries: 300.00 of 950.00, then 700.00 is more than the 650.00 outstanding.
  const std::string path = "/api/supervision/errors/" + std::to_string(id) + "/recoveries";
  Reply rec = post(path, {{"amount", "300.00"}, {"on", "2019-10-18"}}, "k1");
  ASSERT_EQ(rec.status, 201) << rec;
  EXPECT_EQ(rec.body["recovered"], "300.00");
  EXPECT_EQ(rec.body["outstanding"], "650.00");
  ASSERT_THAT(rec.body["recoveries"], SizeIs(1));
  Reply over = post(path, {{"amount", "700.00"}, {"on", "2019-10-19"}}, "k1");
  EXPECT_EQ(over.status, 409) << over;
  EXPECT_EQ(over.code(), "over_recovery");
  EXPECT_THAT(over.body["error"].value("message", ""), HasSubstr("650.00"));
  EXPECT_EQ(post(path, {{"amount", "1.00"}, {"on", "2019-10-21"}}, "k1").field(), "on");  // after today
  EXPECT_EQ(post("/api/supervision/errors/999/recoveries", {{"amount", "1.00"}, {"on", "2019-10-19"}}, "k1").status, 404);
  EXPECT_EQ(post(path, {{"amount", "1.00"}, {"on", "2019-10-19"}}, "k2").code(), "out_of_region");
  EXPECT_EQ(post(path, {{"amount", "1.00"}, {"on", "2019-10-19"}}, "a1").status, 403);
  EXPECT_EQ(row(get("/api/supervision/report?year=2019", "k1").body["counties"], kCounty)["outstanding"], "650.00");
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerSupervision, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return backend_name(info.param); });

}  // namespace
}  // namespace safetynet::server::testing
