// The verification routes (routes_verification.cpp; docs/casework.md "Verification"; SPEC R11.4–R11.5,
// R11.1) over HTTP, on SQLite and on PostgreSQL (SAFETYNET_TEST_PG), with data made the way an office
// makes it: households in the registry, department files loaded through the shipped mappings
// (verify::load_feed) and a run for 2019-10 (verify::run_verification).
//
// Three households copy the SPEC acceptance case "dibao top-up, 3 persons, one wage" (the spouse's
// wage 1000 a month, 2018-10 … 2019-09; dibao 3 × 650 − 1000 = 950): H1000 and H1001 in 兴宁社区
// (民生街道), H2000 in 朝阳社区 (朝阳街道). The tax office shows H1000's wage as 1300 a month, so its
// benefit becomes 3 × 650 − 1300 = 650; the health office shows two people in no household: 庚 with a
// 20,000 hospital bill in 兴宁社区 and 壬 with a grade-1 disability in 朝阳街道. A legacy record of
// H1001 also lists H2000's head, so both households have an open duplicate_person issue.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <tuple>

#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "registry/record_codec.hpp"
#include "registry/verification.hpp"
#include "server/testing/test_server.hpp"
#include "verify/load.hpp"
#include "verify/mapping.hpp"
#include "verify/run.hpp"

namespace safetynet::server::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const std::string kSourceDir = SN_SOURCE_DIR;
constexpr const char* kOtherCommunity = "450102002001";  // 朝阳社区居委会, 朝阳街道

// Member ids of household_json(id, n): head, spouse, child.
std::string head_of(int n) { return citizen_id("19740501", 2 * n + 1); }
std::string spouse_of(int n) { return citizen_id("19760302", 2 * n + 2); }
// People in no household (the candidates), with ids no household_json uses.
const std::string kG = citizen_id("19700101", 701);
const std::string kI = citizen_id("19700101", 703);

std::vector<std::string> field_of(const Json& list, const char* field) {
  std::vector<std::string> out;
  for (const auto& o : list) out.push_back(o.value(field, ""));
  return out;
}

class ServerVerification : public ::testing::TestWithParam<Backend> {
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
               {"c2", "community", kOtherCommunity},
               {"s1", "street", kStreet},
               {"s2", "street", kOtherStreet},
               {"k1", "county", kCounty},
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
      batch.push_back(registry::Incoming{std::move(h).value(), "verification_routes_test", n, {}});
    }
    ASSERT_THAT(reg_->put_households(batch).rejected, IsEmpty());
    dir_ = std::filesystem::temp_directory_path() /
           ("sn_server_verification_" + std::to_string(::getpid()) + "_" + backend_name(GetParam()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    server_ = std::make_unique<TestServer>(scratch_->url(), kSourceDir + "/web", model::Date{2019, 10, 20});
    api_ = std::make_unique<Api>(server_->port());
  }

  void TearDown() override {
    api_.reset();
    server_.reset();
    reg_.reset();
    scratch_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Writes a department file and loads it with the source's shipped mapping (`verify load`).
  void load(verify::Source s, const std::vector<io::Row>& rows, std::optional<model::Date> as_of = std::nullopt) {
    const std::string path = (dir_ / (std::string(verify::to_string(s)) + std::to_string(++files_) + ".csv")).string();
    ASSERT_TRUE(io::write_csv(path, rows).ok()) << path;
    auto m = verify::load_mapping(verify::shipped_mapping_path(kSourceDir, s));
    ASSERT_TRUE(m.ok()) << verify::to_string(s);
    auto r = verify::load_feed(*reg_, path, *m, as_of);
    ASSERT_TRUE(r.ok()) << verify::to_string(s);
    ASSERT_THAT(r->rejected, IsEmpty()) << verify::to_string(s);
  }

  // The eleven sources the rules wait for (the others only add facts no rule needs), as of mid-October.
  void load_departments() {
    using verify::Source;
    const model::Date q{2019, 10, 15}, end_sep{2019, 9, 30};
    std::vector<io::Row> tax = {{"纳税人姓名", "纳税人证件号码", "所得项目", "所属期", "收入额"}};
    for (int i = 0; i < 12; ++i) {
      const std::string month = model::Month::of(2018, 10).plus(i).to_string();
      tax.push_back({"某", spouse_of(0), "工资薪金所得", month, "1300"});  // declared 1000
      tax.push_back({"某", spouse_of(1), "工资薪金所得", month, "1000"});
      tax.push_back({"某", spouse_of(2), "工资薪金所得", month, "1000"});
    }
    load(Source::kTax, tax);
    load(Source::kSocialSecurity, {{"社会保障号码", "姓名", "项目", "所属月份", "金额"}}, end_sep);
    load(Source::kHousingFund, {{"证件号码", "职工姓名", "业务类型", "缴存月份", "金额"}}, end_sep);
    load(Source::kBank, {{"客户证件号码", "客户名称", "账户余额", "查询日期"}}, q);
    load(Source::kSecurities, {{"证件号码", "投资者姓名", "账户市值", "查询日期"}}, q);
    load(Source::kInsurance, {{"投保人证件号码", "投保人", "现金价值", "查询日期"}}, q);
    load(Source::kVehicle, {{"所有人身份证明号码", "机动车所有人", "车辆类型", "初次登记日期"}}, q);
    std::vector<io::Row> estate = {{"权利人证件号", "权利人", "房屋用途", "建筑面积", "登簿日期"}};
    for (int n : {0, 1, 2}) estate.push_back({head_of(n), "某", "住宅", "40", "2010-05-01"});
    load(Source::kRealEstate, estate, q);
    load(Source::kMarketRegulation, {{"证件号码", "姓名", "市场主体类型", "实缴资本", "登记日期"}}, q);
    load(Source::kHukou, {{"公民身份号码", "姓名", "变动类型", "变动日期", "户籍地行政区划代码"}}, q);
    load(Source::kHealth, {{"身份证号", "姓名", "类别", "金额", "日期", "常住地区划代码"},
                           {kG, "庚", "住院费用", "20000", "2019-09-03", kCommunity},
                           {kI, "壬", "一级残疾", "", "2019-07-01", kOtherStreet}},
         q);
  }

  // A legacy system's record of H1001 that also lists H2000's head, written past the registry's own
  // checks (as a migration from an older ledger would).
  void corrupt_h1001() {
    auto h = reg_->get_household("H1001");
    ASSERT_TRUE(h);
    h->members.push_back(reg_->get_household("H2000")->members[0]);
    std::string blob;
    registry::encode_household(*h, blob);
    auto raw = registry::sql::Connection::open(scratch_->url());
    raw->prepare("UPDATE household SET record = ? WHERE id = 'H1001'").bind_blob(1, blob).run();
  }

  verify::RunResult run() { return verify::run_verification(*reg_, policy(), model::Month::of(2019, 10)); }

  Reply get(const std::string& path, const std::string& user) {
    auto it = logins_.find(user);
    if (it == logins_.end()) it = logins_.emplace(user, api_->login(user)).first;
    return api_->get(path, cookie(it->second));
  }

  std::unique_ptr<Scratch> scratch_;
  std::unique_ptr<registry::Registry> reg_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Api> api_;
  std::map<std::string, Login> logins_;
  std::filesystem::path dir_;
  int files_ = 0;
};

TEST_P(ServerVerification, BeforeAnyRunTheLatestIsA404AndTheHouseholdHasNoResult) {
  Reply latest = get("/api/verification/latest", "k1");
  EXPECT_EQ(latest.status, 404) << latest;
  EXPECT_EQ(latest.code(), "no_run");
  EXPECT_THAT(latest.body["error"].value("message", ""), HasSubstr("尚未进行经济状况核对"));

  Reply h = get("/api/households/H1000/verification", "c1");
  ASSERT_EQ(h.status, 200) << h;
  EXPECT_TRUE(h.body["run"].is_null());
  EXPECT_EQ(h.body["status"], "none");
  EXPECT_EQ(h.body["status_label"], "尚未进行经济状况核对");
  EXPECT_THAT(h.body["mismatches"], IsEmpty());
  EXPECT_THAT(h.body["issues"], IsEmpty());
  EXPECT_TRUE(h.body["before"].is_null());

  Reply c = get("/api/verification/candidates", "c1");
  ASSERT_EQ(c.status, 200) << c;
  EXPECT_TRUE(c.body["run"].is_null());
  EXPECT_THAT(c.body["candidates"], IsEmpty());
  Reply i = get("/api/verification/issues", "c1");
  ASSERT_EQ(i.status, 200) << i;
  EXPECT_THAT(i.body["issues"], IsEmpty());

  EXPECT_EQ(get("/api/households/NOPE/verification", "c1").status, 404);
  EXPECT_EQ(get("/api/households/NOPE/verification", "c1").code(), "not_found");
  EXPECT_EQ(api_->get("/api/verification/candidates").status, 401);
  EXPECT_EQ(api_->get("/api/households/H1000/verification").status, 401);
}

TEST_P(ServerVerification, TheHouseholdShowsTheWageMismatchAndTheNewAssessment) {
  load_departments();
  const auto r = run();
  ASSERT_EQ(r.summary.pending, 0) << "every source the rules need is loaded";

  Reply h = get("/api/households/H1000/verification", "c1");
  ASSERT_EQ(h.status, 200) << h;
  EXPECT_EQ(h.body["household_id"], "H1000");
  EXPECT_EQ(h.body["run"]["month"], "2019-10");
  EXPECT_EQ(h.body["run"]["id"], r.summary.id);
  EXPECT_THAT(h.body["run"].value("date", ""), ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
  EXPECT_EQ(h.body["status"], "changed");
  EXPECT_EQ(h.body["status_label"], "核对后结果变化，已按部门数据重新评估");
  EXPECT_THAT(h.body["pending"], IsEmpty());
  // R3.4: 3 × 650 − 1000 = 950 declared; 3 × 650 − 1300 = 650 on the tax office's figure.
  EXPECT_EQ(h.body["before"], (Json{{"category", "dibao"}, {"category_label", "低保"}, {"monthly_cash", "950.00"}}));
  EXPECT_EQ(h.body["after"], (Json{{"category", "dibao"}, {"category_label", "低保"}, {"monthly_cash", "650.00"}}));
  ASSERT_THAT(h.body["mismatches"], SizeIs(1)) << h;
  const Json& m = h.body["mismatches"][0];
  EXPECT_EQ(m["member"], spouse_of(0));
  EXPECT_EQ(m["member_name"], "某");
  EXPECT_EQ(m["item"], "income.wage");
  EXPECT_EQ(m["declared"], "12000.00");
  EXPECT_EQ(m["found"], "15600.00");
  EXPECT_EQ(m["sources"], "税务");
  EXPECT_THAT(m.value("label", ""), Not(IsEmpty()));
  EXPECT_THAT(h.body["issues"], IsEmpty());

  // H1001 agrees with every department: the run lists nothing for it.
  Reply same = get("/api/households/H1001/verification", "s1");
  ASSERT_EQ(same.status, 200) << same;
  EXPECT_EQ(same.body["status"], "none");
  EXPECT_THAT(same.body["mismatches"], IsEmpty());

  // The county and the auditor read it; the other street and community are refused.
  EXPECT_EQ(get("/api/households/H1000/verification", "k1").status, 200);
  EXPECT_EQ(get("/api/households/H1000/verification", "a1").body["mismatches"][0]["found"], "15600.00");
  Reply other = get("/api/households/H1000/verification", "s2");
  EXPECT_EQ(other.status, 403) << other;
  EXPECT_EQ(other.code(), "out_of_region");
  EXPECT_EQ(get("/api/households/H1000/verification", "c2").status, 403);
  EXPECT_EQ(get("/api/households/H2000/verification", "s2").status, 200);

  Reply latest = get("/api/verification/latest", "s1");
  ASSERT_EQ(latest.status, 200) << latest;
  EXPECT_EQ(latest.body["month"], "2019-10");
  EXPECT_EQ(latest.body["households"], 3);
  EXPECT_EQ(latest.body["members"], 9);
  EXPECT_EQ(latest.body["mismatches"], 1);
  EXPECT_EQ(latest.body["changed"], 1);
  EXPECT_EQ(latest.body["pending"], 0);
  EXPECT_EQ(latest.body["candidates"], 2);
  EXPECT_EQ(latest.body["in_region"], (Json{{"region", kStreet}, {"candidates", 1}, {"open_issues", 0}}));
}

TEST_P(ServerVerification, CandidatesAreListedInsideTheUsersRegion) {
  load_departments();
  run();
  Reply c1 = get("/api/verification/candidates", "c1");
  ASSERT_EQ(c1.status, 200) << c1;
  EXPECT_EQ(c1.body["run"]["month"], "2019-10");
  EXPECT_EQ(c1.body["region"], kCommunity);
  ASSERT_THAT(c1.body["candidates"], SizeIs(1)) << c1;
  EXPECT_EQ(c1.body["candidates"][0], (Json{{"person_id", kG},
                                            {"name", "庚"},
                                            {"region", kCommunity},
                                            {"source", "卫生健康"},
                                            {"reason", "medical_bill"},
                                            {"reason_label", "大额医疗费用"},
                                            {"detail", "医疗费用 20000.00 元（2019-09-03）"},
                                            {"day", "2019-09-03"}}));
  EXPECT_THAT(field_of(get("/api/verification/candidates", "s1").body["candidates"], "person_id"), ElementsAre(kG));
  Reply s2 = get("/api/verification/candidates", "s2");
  ASSERT_THAT(s2.body["candidates"], SizeIs(1)) << s2;
  EXPECT_EQ(s2.body["candidates"][0]["person_id"], kI);
  EXPECT_EQ(s2.body["candidates"][0]["reason"], "disability");
  EXPECT_THAT(s2.body["candidates"][0].value("detail", ""), HasSubstr("1 级残疾"));
  EXPECT_THAT(get("/api/verification/candidates", "c2").body["candidates"], IsEmpty());  // 壬 is the street's
  EXPECT_THAT(field_of(get("/api/verification/candidates", "k1").body["candidates"], "person_id"), ElementsAre(kG, kI));
  EXPECT_THAT(field_of(get("/api/verification/candidates", "a1").body["candidates"], "person_id"), ElementsAre(kG, kI));
  // The departments have their referrals, not the office's lists.
  Reply m1 = get("/api/verification/candidates", "m1");
  EXPECT_EQ(m1.status, 403) << m1;
  EXPECT_EQ(m1.code(), "forbidden_role");
}

TEST_P(ServerVerification, OpenIssuesAreListedWithWhatToDoAndOnTheHousehold) {
  load_departments();
  corrupt_h1001();
  const auto r = run();
  ASSERT_THAT(r.record.issues, SizeIs(2));

  Reply c1 = get("/api/verification/issues", "c1");
  ASSERT_EQ(c1.status, 200) << c1;
  ASSERT_THAT(c1.body["issues"], SizeIs(1)) << c1;
  const Json& i = c1.body["issues"][0];
  EXPECT_EQ(i["household_id"], "H1001");
  EXPECT_EQ(i["person_id"], head_of(2));
  EXPECT_EQ(i["code"], "duplicate_person");
  EXPECT_EQ(i["label"], "一人登记在两户");
  EXPECT_EQ(i["action"], verify::action_for("duplicate_person"));
  EXPECT_THAT(i.value("action", ""), HasSubstr("R11.1"));
  EXPECT_THAT(i.value("message", ""), Not(IsEmpty()));
  EXPECT_THAT(field_of(get("/api/verification/issues", "s2").body["issues"], "household_id"), ElementsAre("H2000"));
  EXPECT_THAT(field_of(get("/api/verification/issues", "k1").body["issues"], "household_id"), ElementsAre("H1001", "H2000"));
  EXPECT_EQ(get("/api/verification/issues", "m1").status, 403);

  Reply h = get("/api/households/H2000/verification", "c2");
  ASSERT_EQ(h.status, 200) << h;
  ASSERT_THAT(h.body["issues"], SizeIs(1)) << h;
  EXPECT_EQ(h.body["issues"][0]["code"], "duplicate_person");
  EXPECT_EQ(h.body["issues"][0]["person_name"], "某");
  EXPECT_EQ(get("/api/verification/latest", "k1").body["in_region"]["open_issues"], 2);
}

// Nothing loaded: every fact the rules need is pending, so the dibao household's outcome changes to
// undetermined (never a silent zero) and the page says what it waits for.
TEST_P(ServerVerification, NothingLoadedLeavesTheHouseholdWaitingForTheDepartments) {
  run();
  Reply h = get("/api/households/H1000/verification", "c1");
  ASSERT_EQ(h.status, 200) << h;
  EXPECT_EQ(h.body["status"], "changed");
  EXPECT_EQ(h.body["status_label"], "待核实（部门数据未到），暂无法确定保障结果");
  EXPECT_EQ(h.body["before"]["monthly_cash"], "950.00");
  EXPECT_EQ(h.body["after"], (Json{{"category", "undetermined"}, {"category_label", "无法确定"}, {"monthly_cash", "0.00"}}));
  ASSERT_THAT(h.body["pending"], Not(IsEmpty())) << h;
  EXPECT_THAT(h.body["pending"].dump(), HasSubstr("税务"));
  EXPECT_THAT(h.body["mismatches"], IsEmpty());
  Reply latest = get("/api/verification/latest", "c1");
  ASSERT_EQ(latest.status, 200) << latest;
  EXPECT_EQ(latest.body["pending"], 3);
  EXPECT_EQ(latest.body["candidates"], 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerVerification, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace safetynet::server::testing
