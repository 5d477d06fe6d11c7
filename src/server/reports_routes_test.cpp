// The report route (routes_reports.cpp; docs/reports.md "API"; SPEC R13, R3.5) over HTTP, on SQLite and
// on PostgreSQL (SAFETYNET_TEST_PG). Four copies of the SPEC acceptance case "dibao top-up, 3 persons,
// one wage" (3 × 650 − 1000 = 950 a month, R3.4), assessed by the rules for 2019-10 and paid: H1000 and
// H1001 in 民生街道, H2000 in 朝阳街道 (both 兴宁区), H3000 in 青秀区 (outside k1's county).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>

#include "io/household_record.hpp"
#include "payroll/assess_run.hpp"
#include "registry/supervision.hpp"
#include "server/testing/test_server.hpp"

namespace safetynet::server::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kSourceDir = SN_SOURCE_DIR;

std::vector<std::string> codes(const Json& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.value("code", "?"));
  return out;
}

class ServerReports : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && pg_server() == nullptr)
      GTEST_SKIP() << "PostgreSQL: set SAFETYNET_TEST_PG to a server URL to run these";
    scratch_ = std::make_unique<Scratch>(GetParam());
    reg_ = registry::Registry::open(scratch_->url(), /*create=*/true);
    auto& cw = reg_->casework();
    cw.in_transaction([&] {
      for (const auto& [name, role, region] : std::vector<std::tuple<const char*, const char*, const char*>>{
               {"c1", "community", kCommunity}, {"s1", "street", kStreet}, {"k1", "county", kCounty},
               {"a1", "auditor", kCounty}}) {
        auto id = cw.add_user(name, role, region, password_hash());
        ASSERT_TRUE(id.ok()) << name;
      }
    });
    std::vector<registry::Incoming> batch;
    for (const auto& [id, n, region] : std::vector<std::tuple<const char*, int, const char*>>{
             {"H1000", 0, kCommunity}, {"H1001", 1, kCommunity}, {"H2000", 2, "450102002001"},
             {"H3000", 3, "450103001"}}) {
      auto h = io::parse_household_text(household_json(id, n, region).dump(), regions());
      ASSERT_TRUE(h.ok()) << id;
      batch.push_back(registry::Incoming{std::move(h).value(), "reports_routes_test", n, {}});
    }
    ASSERT_THAT(reg_->put_households(batch).rejected, IsEmpty());
    payroll::assess_month(*reg_, policy(), model::Month::of(2019, 10), 1);
    ASSERT_EQ(reg_->pay_month(model::Month::of(2019, 10)).new_total, 4 * 95000);
    server_ = std::make_unique<TestServer>(scratch_->url(), kSourceDir + "/web", model::Date{2019, 10, 20});
    api_ = std::make_unique<Api>(server_->port());
  }
  void TearDown() override {
    api_.reset();
    server_.reset();
    reg_.reset();
    scratch_.reset();
  }

  std::unique_ptr<Scratch> scratch_;
  std::unique_ptr<registry::Registry> reg_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Api> api_;
};

INSTANTIATE_TEST_SUITE_P(Backends, ServerReports, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return backend_name(info.param); });

TEST_P(ServerReports, CountyReportHasItsStreetsAndTotals) {
  const Reply r = api_->get("/api/reports/monthly?month=2019-10", cookie(api_->login("k1")));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body["month"], "2019-10");
  EXPECT_EQ(r.body["region"], "450102");
  EXPECT_EQ(r.body["region_name"], "兴宁区");
  EXPECT_THAT(codes(r.body["rows"]), ElementsAre("450102001", "450102002"));
  const Json& t = r.body["total"];
  EXPECT_EQ(t["households"], 3) << "H3000 is in 青秀区";
  EXPECT_EQ(t["dibao_households"], 3);
  EXPECT_EQ(t["dibao_persons"], 9);
  EXPECT_EQ(t["minors"], 3);  // the children born 2007
  EXPECT_EQ(t["women"], 3);
  EXPECT_EQ(t["paid_month"], "2850.00");  // 3 × 950
  EXPECT_EQ(t["paid_year_to_date"], "2850.00");
  EXPECT_EQ(t["average_benefit"], "316.67");  // 2850 / 9 = 316.666…
  EXPECT_EQ(t["standard"], "650.00");
  EXPECT_EQ(t["monthly_by_line"]["living"], "2850.00");
  EXPECT_EQ(t["yearly_by_line"]["medical"], "1350.00");  // 9 × 0.6 × 250
  EXPECT_EQ(t["coverage"]["living"]["cash_entitled"], 9);
  EXPECT_EQ(t["coverage"]["living"]["paid"], 9);
  EXPECT_EQ(t["coverage"]["living"]["rate"], "100.00%");  // 9 / 9
  EXPECT_EQ(t["coverage"]["medical"]["rate"], nullptr);   // paid by its department: no cash entitled
  EXPECT_EQ(r.body["rows"][0]["paid_month"], "1900.00");
  EXPECT_EQ(r.body["rows"][0]["name"], "民生街道");
  // R3.5 under the shipped policy: 650 vs 590 = +10.17%; the weighted mean weighs all 12 persons.
  const Json& s = r.body["standards"];
  EXPECT_EQ(s["target"], "650.00");
  EXPECT_EQ(s["mean"], "650.00");
  EXPECT_EQ(s["mean_meets"], true);
  EXPECT_EQ(s["weighted_mean"], "650.00");
  EXPECT_EQ(s["cities"][0]["code"], "450100");
  EXPECT_EQ(s["cities"][0]["growth"], "10.17%");
  EXPECT_EQ(s["cities"][0]["dibao_persons"], 12);
  EXPECT_EQ(s["months"].size(), 12u);
}

// R12.2 figures from the supervision record (report_errors.hpp): H2000 (朝阳街道) wrongly paid 950 in
// 2019-10 for shared data, recorded on 2019-10-20. 兴宁区: 1 of 3 households paid in 2019 = 33.33%, and
// 1 × 10000 > 200 × 3, over P.error_tolerance 2%: 超出容错, flagged. 朝阳街道: 1 of 1 = 100.00%, the same.
// 民生街道: paid, no error: 0.00%, 无错保.
TEST_P(ServerReports, ErrorRatiosFromSupervision) {
  const Login k1 = api_->login("k1");
  const Reply before = api_->get("/api/reports/monthly?month=2019-10", cookie(k1));
  ASSERT_EQ(before.status, 200) << before;
  EXPECT_EQ(before.body["has_errors"], true);
  EXPECT_EQ(before.body["total"]["errors"]["ratio"], "0.00%");
  EXPECT_EQ(before.body["total"]["errors"]["status"], "无错保");
  auto e = reg_->supervision().record_error({"H2000", model::Month::of(2019, 10), model::Month::of(2019, 10),
                                             registry::ErrorCause::kSharedData, 95000, "", "k1"},
                                            model::Date{2019, 10, 20});
  ASSERT_TRUE(e.ok());
  const Reply r = api_->get("/api/reports/monthly?month=2019-10", cookie(k1));
  ASSERT_EQ(r.status, 200) << r;
  const Json& county = r.body["total"]["errors"];
  EXPECT_EQ(county["assisted_cases"], 3);
  EXPECT_EQ(county["wrong_cases"], 1);
  EXPECT_EQ(county["ratio"], "33.33%");
  EXPECT_EQ(county["wrong"], "950.00");
  EXPECT_EQ(county["recovered"], "0.00");
  EXPECT_EQ(county["status"], "超出容错");
  EXPECT_EQ(county["flagged"], true);
  EXPECT_EQ(county["over"], true);
  ASSERT_THAT(codes(r.body["rows"]), ElementsAre("450102001", "450102002"));
  EXPECT_EQ(r.body["rows"][0]["errors"]["ratio"], "0.00%");
  EXPECT_EQ(r.body["rows"][0]["errors"]["status"], "无错保");
  EXPECT_EQ(r.body["rows"][0]["errors"]["flagged"], false);
  EXPECT_EQ(r.body["rows"][1]["errors"]["ratio"], "100.00%");
  EXPECT_EQ(r.body["rows"][1]["errors"]["flagged"], true);
  // The street's own report has only its own row.
  const Reply street = api_->get("/api/reports/monthly?month=2019-10", cookie(api_->login("s1")));
  ASSERT_EQ(street.status, 200) << street;
  EXPECT_EQ(street.body["total"]["errors"]["status"], "无错保");
}

TEST_P(ServerReports, BoundToTheCallersRegion) {
  const Login s1 = api_->login("s1");
  const Reply own = api_->get("/api/reports/monthly?month=2019-10", cookie(s1));
  ASSERT_EQ(own.status, 200) << own;
  EXPECT_EQ(own.body["region"], "450102001");
  EXPECT_EQ(own.body["total"]["paid_month"], "1900.00");
  EXPECT_THAT(own.body["rows"], IsEmpty());
  const Reply wider = api_->get("/api/reports/monthly?month=2019-10&region=450102", cookie(s1));
  EXPECT_EQ(wider.status, 403) << wider;
  EXPECT_EQ(wider.code(), "out_of_region");
  const Reply auditor = api_->get("/api/reports/monthly?month=2019-10&region=450102002", cookie(api_->login("a1")));
  ASSERT_EQ(auditor.status, 200) << auditor;
  EXPECT_EQ(auditor.body["total"]["paid_month"], "950.00");
  const Reply community = api_->get("/api/reports/monthly?month=2019-10", cookie(api_->login("c1")));
  EXPECT_EQ(community.status, 403);
  EXPECT_EQ(community.code(), "forbidden_role");
  EXPECT_EQ(api_->get("/api/reports/monthly?month=2019-10").status, 401);
}

TEST_P(ServerReports, BadInputNamesTheField) {
  const Login k1 = api_->login("k1");
  const Reply month = api_->get("/api/reports/monthly?month=2019-13", cookie(k1));
  EXPECT_EQ(month.status, 422);
  EXPECT_EQ(month.code(), "bad_date");
  EXPECT_EQ(month.field(), "month");
  const Reply region = api_->get("/api/reports/monthly?month=2019-10&region=4501020", cookie(k1));
  EXPECT_EQ(region.status, 422);
  EXPECT_EQ(region.field(), "region");
}

TEST_P(ServerReports, ServesEchartsFromTheNpmPackage) {
  const Reply r = api_->get("/vendor/echarts.min.js");
  if (std::filesystem::exists(kSourceDir + "/web/node_modules/echarts/dist/echarts.min.js")) {
    EXPECT_EQ(r.status, 200);
    EXPECT_THAT(r.header("Content-Type"), HasSubstr("javascript"));
    EXPECT_THAT(r.raw, HasSubstr("echarts"));
  } else {
    EXPECT_EQ(r.status, 404) << "web/node_modules/echarts is missing: run npm ci in web/";
  }
}

}  // namespace
}  // namespace safetynet::server::testing
