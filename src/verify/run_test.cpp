// The verification run over a real registry, on a SQLite file and on a PostgreSQL server (SPEC
// R11.4–R11.5, R2.5, R11.1, R12.1; docs/verification.md). One office's month, told in order:
//   1. nothing loaded yet: every fact the rules need is pending, so the dibao case is undetermined;
//   2. the fourteen-source picture for 2019-10: the tax office shows a wage of 1300, not the 1000
//      declared, so the SPEC R3.4 benefit 3 × 650 − 1000 = 950 becomes 3 × 650 − 1300 = 650;
//      a member who died in August leaves the household; a legacy record that lists a person of
//      another household keeps both households off the roster; people in no household with a large
//      medical bill or a severe disability become candidates;
//   3. the legacy record corrected: the issues resolve and both households are paid.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/testing.hpp"
#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "model/citizen_id.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "payroll/assess_run.hpp"
#include "registry/record_codec.hpp"
#include "registry/sql/connection.hpp"
#include "registry/testing/pg_test_server.hpp"
#include "registry/verification.hpp"
#include "verify/load.hpp"
#include "verify/run.hpp"

namespace safetynet::verify {
namespace {

using model::Month;
namespace sql = registry::sql;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using safetynet::testing::IsOk;

const Month kOct = Month::of(2019, 10), kNov = Month::of(2019, 11);

std::string id17(const std::string& first17) { return first17 + model::citizen_id_check_char(first17); }
const std::string kA = id17("45010219740501023"), kB = id17("45010219760302024"), kC = id17("45010220100101001");
const std::string kD = id17("45010219500101003"), kE = id17("45010219520101004"), kF = id17("45010219600101005");
const std::string kG = id17("45010219700101007"), kH = id17("45010219700101009"), kI = id17("45010219700101011");

std::string member(const std::string& id, const char* name, const char* relation, const char* extra = "") {
  return std::string("  - {id: \"") + id + "\", name: " + name + ", relation: " + relation +
         ", legal_supporters: able" + extra + "}\n";
}

// H1: the SPEC R2.6 / R3.4 household, 3 persons, the spouse's wage 1000 a month (window 2018-10 … 2019-09).
std::string h1() {
  std::string y = "id: H1\nregion: \"450102\"\nmembers:\n" + member(kA, "甲", "head", ", employment: unemployed") +
                  member(kB, "乙", "spouse", ", employment: employed") +
                  member(kC, "丙", "child", ", employment: student, school: primary") + "income:\n";
  for (int i = 0; i < 12; ++i)
    y += "  - {member: \"" + kB + "\", month: " + Month::of(2018, 10).plus(i).to_string() + ", kind: wage, amount: 1000}\n";
  return y + "expenditure: []\nassets: {financial: 500, vehicles: [], dwellings: 1, business_capital: 0}\n";
}
// H2: two pensioners without income; E dies in August.
std::string h2() {
  return "id: H2\nregion: \"450102\"\nmembers:\n" + member(kD, "丁", "head", ", employment: unemployed") +
         member(kE, "戊", "spouse", ", employment: unemployed") +
         "income: []\nexpenditure: []\nassets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}\n";
}
std::string h3() {
  return "id: H3\nregion: \"450102\"\nmembers:\n" + member(kF, "己", "head", ", employment: unemployed") +
         "income: []\nexpenditure: []\nassets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}\n";
}

class VerifyRun : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sn-verify-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "postgres") {
      if (!registry::testing::pg_server()) GTEST_SKIP() << "SAFETYNET_TEST_PG not set (scripts/test.sh sets it)";
      admin_ = sql::Connection::open(registry::testing::pg_server());
      db_ = "sn_verify_" + std::to_string(::getpid());
      admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
      admin_->exec("CREATE DATABASE " + db_ + " TEMPLATE template0 ENCODING 'UTF8'");
      url_ = registry::testing::with_database(registry::testing::pg_server(), db_);
    } else {
      url_ = (dir_ / "reg.db").string();
    }
    reg_ = registry::Registry::open(url_);
    auto regions = model::RegionCatalog::load(std::string(SN_SOURCE_DIR) + "/data/regions");
    ASSERT_THAT(regions, IsOk());
    std::vector<registry::Incoming> batch;
    for (const auto& text : {h1(), h2(), h3()}) {
      auto h = io::parse_household_text(text, *regions);
      ASSERT_THAT(h, IsOk()) << text;
      batch.push_back({*h, "test.yaml", 0, {}});
    }
    ASSERT_TRUE(reg_->put_households(batch).rejected.empty());
    auto p = params::load_policy(std::string(SN_SOURCE_DIR) + "/policy");
    ASSERT_THAT(p, IsOk());
    params_ = std::move(*p);
    // The SPEC R2.6 example's standard, everywhere.
    for (auto [name, yuan] : {std::pair{"dibao_standard", 650}, {"low_income_standard", 975}}) {
      params::Series s;
      s.bounded = false;
      s.points.push_back({Month::of(2018, 1), model::Date{2018, 1, 1}, params::Decimal::of_int(yuan), "test"});
      params_.override_all(name, s);
    }
  }
  void TearDown() override {
    reg_.reset();
    if (admin_) admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    std::filesystem::remove_all(dir_);
  }

  // Writes a department file (header + rows) and loads it with the shipped mapping.
  LoadReport load(Source s, std::vector<io::Row> rows, std::optional<model::Date> as_of = std::nullopt) {
    const std::string path = (dir_ / (std::string(to_string(s)) + std::to_string(++files_) + ".csv")).string();
    EXPECT_THAT(io::write_csv(path, rows), IsOk());
    auto m = load_mapping(shipped_mapping_path(SN_SOURCE_DIR, s));
    EXPECT_THAT(m, IsOk());
    auto r = load_feed(*reg_, path, *m, as_of);
    EXPECT_THAT(r, IsOk());
    return r ? *r : LoadReport{};
  }

  void load_all_sources() {
    const model::Date q{2019, 10, 15}, end_sep{2019, 9, 30};
    std::vector<io::Row> tax = {{"纳税人姓名", "纳税人证件号码", "所得项目", "所属期", "收入额"}};
    for (int i = 0; i < 12; ++i) tax.push_back({"乙", kB, "工资薪金所得", Month::of(2018, 10).plus(i).to_string(), "1300"});
    load(Source::kTax, tax);
    load(Source::kSocialSecurity, {{"社会保障号码", "姓名", "项目", "所属月份", "金额"}}, end_sep);
    load(Source::kHousingFund, {{"证件号码", "职工姓名", "业务类型", "缴存月份", "金额"}}, end_sep);
    load(Source::kBank, {{"客户证件号码", "客户名称", "账户余额", "查询日期"}, {kA, "甲", "500.00", "2019-10-15"}});
    load(Source::kSecurities, {{"证件号码", "投资者姓名", "账户市值", "查询日期"}}, q);
    load(Source::kInsurance, {{"投保人证件号码", "投保人", "现金价值", "查询日期"}}, q);
    load(Source::kVehicle, {{"所有人身份证明号码", "机动车所有人", "车辆类型", "初次登记日期"}}, q);
    load(Source::kRealEstate, {{"权利人证件号", "权利人", "房屋用途", "建筑面积", "登簿日期"}, {kA, "甲", "住宅", "60", "2010-05-01"}});
    load(Source::kMarketRegulation, {{"证件号码", "姓名", "市场主体类型", "实缴资本", "登记日期"}}, q);
    load(Source::kHukou, {{"公民身份号码", "姓名", "变动类型", "变动日期", "户籍地行政区划代码"}, {kE, "戊", "死亡注销", "2019-08-15", "450102"}});
    load(Source::kHealth, {{"身份证号", "姓名", "类别", "金额", "日期", "常住地区划代码"},
                           {kG, "庚", "住院费用", "20000", "2019-09-03", "450102001"},
                           {kH, "辛", "住院费用", "5000", "2019-09-03", "450102001"},
                           {kI, "壬", "一级残疾", "", "2019-07-01", "450102002"}});
  }

  // A legacy system's record of H3 that also lists D (a member of H2): written past the registry's own
  // checks, as a migration from an older ledger would.
  void corrupt_h3_with_d() {
    auto h = reg_->get_household("H3");
    ASSERT_TRUE(h);
    auto d = reg_->get_household("H2")->members[0];
    h->members.push_back(d);
    std::string blob;
    registry::encode_household(*h, blob);
    auto raw = sql::Connection::open(url_);
    raw->prepare("UPDATE household SET record = ? WHERE id = 'H3'").bind_blob(1, blob).run();
  }

  registry::StoredAssessment assessment(const std::string& id, Month m) {
    registry::StoredAssessment out;
    reg_->scan_assessments(m, [&](const registry::StoredAssessment& a) {
      if (a.household_id == id) out = a;
    });
    return out;
  }
  std::map<std::string, model::Fen> paid(Month m) {
    std::map<std::string, model::Fen> out;
    reg_->scan_payments(m, [&](const registry::PaymentLine& l) { out[l.household_id] = l.amount; });
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<sql::Connection> admin_;
  std::string db_, url_;
  std::unique_ptr<registry::Registry> reg_;
  params::ParameterSet params_;
  int files_ = 0;
};

TEST_P(VerifyRun, NothingLoadedYetMakesTheCaseUndeterminedNotZero) {
  auto r = run_verification(*reg_, params_, kOct);
  EXPECT_EQ(r.summary.households, 3);
  EXPECT_EQ(r.summary.members, 6);
  EXPECT_EQ(r.summary.pending, 3);
  EXPECT_EQ(r.pending_sources.size(), 14u);
  const auto a = assessment("H1", kOct);
  EXPECT_EQ(a.category, rules::Category::kUndetermined);
  EXPECT_EQ(a.monthly_cash, 0);
  EXPECT_THAT(a.undetermined, HasSubstr("income"));
  // The next payroll pays nothing for it: undetermined is never a silent zero paid or a guess.
  reg_->pay_month(kOct);
  EXPECT_FALSE(paid(kOct).count("H1"));
}

TEST_P(VerifyRun, FourteenSourcesVerifyTheMonth) {
  load_all_sources();
  corrupt_h3_with_d();
  auto r = run_verification(*reg_, params_, kOct);
  const auto& s = r.summary;
  EXPECT_EQ(s.households, 3);
  EXPECT_EQ(s.pending, 0);
  // Only sources whose facts no rule waits for are missing: nothing is pending.
  EXPECT_THAT(r.pending_sources, ElementsAre("教育学籍", "就业登记", "婚姻登记"));

  // Income: tax shows 1300 a month where 1000 was declared; R3.4: 3 × 650 − 1300 = 650 (was 950).
  const auto& rec = r.record;
  std::vector<registry::RunMismatch> h1;
  for (const auto& m : rec.mismatches)
    if (m.household_id == "H1") h1.push_back(m);
  ASSERT_EQ(h1.size(), 1u);
  EXPECT_EQ(h1[0].member, kB);
  EXPECT_EQ(h1[0].item, "income.wage");
  EXPECT_EQ(h1[0].declared, "12000.00");
  EXPECT_EQ(h1[0].found, "15600.00");
  EXPECT_EQ(h1[0].sources, "税务");
  const auto* listed = &rec.households_listed[0];
  for (const auto& h : rec.households_listed)
    if (h.household_id == "H1") listed = &h;
  EXPECT_EQ(listed->status, "changed");
  EXPECT_EQ(listed->before_cash, 95000);
  EXPECT_EQ(listed->after_cash, 65000);
  EXPECT_EQ(assessment("H1", kOct).monthly_cash, 65000);
  // Later months are assessed on the verified record.
  EXPECT_EQ(reg_->get_household("H1")->income->back().amount, 130000);

  // Death: E's membership closes; the household counts one person from the month after August.
  ASSERT_EQ(rec.deaths.size(), 1u);
  EXPECT_EQ(rec.deaths[0].person_id, kE);
  EXPECT_EQ(rec.deaths[0].date, "2019-08-15");
  EXPECT_EQ(reg_->get_household("H2", Month::of(2019, 8))->members.size(), 2u);
  EXPECT_EQ(reg_->get_household("H2", Month::of(2019, 9))->members.size(), 1u);

  // Duplicates: D is listed by H2 and by the legacy H3: both households, with what to do.
  EXPECT_THAT(rec.issues, UnorderedElementsAre(
                              AllOf(Field(&registry::RunIssue::household_id, "H2"), Field(&registry::RunIssue::code, "duplicate_person")),
                              AllOf(Field(&registry::RunIssue::household_id, "H3"), Field(&registry::RunIssue::code, "duplicate_person"))));
  EXPECT_THAT(rec.issues[0].action, HasSubstr("R11.1"));
  EXPECT_EQ(reg_->verification().open_issues().size(), 2u);

  // Discovery: G's 20,000 bill and I's grade-1 disability; H's 5,000 bill is under P.discovery.medical_bill.
  ASSERT_EQ(rec.candidates.size(), 2u);
  EXPECT_EQ(rec.candidates[0].person_id, kG);
  EXPECT_EQ(rec.candidates[0].reason, "medical_bill");
  EXPECT_EQ(rec.candidates[0].detail, "医疗费用 20000.00 元（2019-09-03）");
  EXPECT_EQ(rec.candidates[0].region, "450102001");
  EXPECT_EQ(rec.candidates[1].person_id, kI);
  EXPECT_EQ(rec.candidates[1].reason, "disability");

  // The payroll: H1 at the verified 650; H2 and H3 never, while the duplicate is open.
  ASSERT_THAT(reg_->pay_month(kOct).new_cases, 1);
  EXPECT_THAT(paid(kOct), ElementsAre(std::pair<const std::string, model::Fen>{"H1", 65000}));
}

TEST_P(VerifyRun, CorrectingTheLegacyRecordResolvesTheIssues) {
  load_all_sources();
  corrupt_h3_with_d();
  (void)run_verification(*reg_, params_, kOct);
  ASSERT_EQ(reg_->verification().open_issues().size(), 2u);
  // The office re-registers H3 as it really is (D removed).
  auto regions = model::RegionCatalog::load(std::string(SN_SOURCE_DIR) + "/data/regions");
  auto h = io::parse_household_text(h3(), *regions);
  ASSERT_THAT(h, IsOk());
  ASSERT_TRUE(reg_->put_households({{*h, "fix.yaml", 0, {}}}).rejected.empty());
  // November's window ends in October: until the income sources deliver October, income is pending.
  auto early = run_verification(*reg_, params_, kNov);
  EXPECT_EQ(early.summary.pending, 3);
  EXPECT_THAT(early.record.households_listed[0].pending, HasSubstr("税务（仅至 2019-09）"));
  load(Source::kTax, {{"纳税人姓名", "纳税人证件号码", "所得项目", "所属期", "收入额"}, {"乙", kB, "工资薪金所得", "2019-10", "1300"}});
  load(Source::kSocialSecurity, {{"社会保障号码", "姓名", "项目", "所属月份", "金额"}}, model::Date{2019, 10, 31});
  auto r = run_verification(*reg_, params_, kNov);
  EXPECT_EQ(r.summary.pending, 0) << r.record.households_listed[0].pending;
  EXPECT_TRUE(r.record.issues.empty());
  EXPECT_TRUE(reg_->verification().open_issues().empty());
  // November: H2 is D alone (650), H3 is F alone (650), H1 stays at the verified 650.
  (void)payroll::assess_month(*reg_, params_, kNov, 1, nullptr, "");
  reg_->pay_month(kNov);
  EXPECT_EQ(paid(kNov), (std::map<std::string, model::Fen>{{"H1", 65000}, {"H2", 65000}, {"H3", 65000}}));
}

TEST_P(VerifyRun, TheSameFileLoadsOnce) {
  std::vector<io::Row> rows = {{"客户证件号码", "客户名称", "账户余额", "查询日期"}, {kA, "甲", "500.00", "2019-10-15"}};
  auto first = load(Source::kBank, rows);
  EXPECT_FALSE(first.already_loaded);
  EXPECT_EQ(first.load.rows_loaded, 1);
  EXPECT_EQ(first.load.as_of, 20191015);
  const std::string path = first.load.file;
  auto m = load_mapping(shipped_mapping_path(SN_SOURCE_DIR, Source::kBank));
  auto again = load_feed(*reg_, path, *m, std::nullopt);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->already_loaded);
  EXPECT_EQ(again->load.id, first.load.id);
  EXPECT_EQ(reg_->verification().loads().size(), 1u);
}

TEST_P(VerifyRun, ARejectedRowIsRecordedAndTheRestLoaded) {
  auto r = load(Source::kBank, {{"客户证件号码", "客户名称", "账户余额", "查询日期"},
                                {kA, "甲", "500.00", "2019-10-15"},
                                {"45010219740501023", "乙", "1.00", "2019-10-15"}});
  EXPECT_EQ(r.load.rows_loaded, 1);
  EXPECT_EQ(r.load.rows_rejected, 1);
  auto stored = reg_->verification().load_rejections(r.load.id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].code, "invalid_id");
  EXPECT_EQ(stored[0].row, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, VerifyRun, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace safetynet::verify
