// A verification run split by 设区市 (verify/distributed_run.hpp) gives exactly the run one process
// makes, on a SQLite file and on a PostgreSQL server (SAFETYNET_TEST_PG). Without MPI: the ranks are
// played by two `compute_run` calls on the same registry, one taking 南宁 (city 0) with the global parts,
// the other 桂林 (city 2) without; the second's outcomes travel through outcome_codec's bytes as over MPI.
//
// Registry (SPEC R3.4 household as in run_test.cpp, the standard 650 yuan everywhere):
//   H1 南宁 450102: 3 persons, the spouse's wage declared 1000 a month, the tax office shows 1300:
//      3 × 650 − 1000 = 950 becomes 3 × 650 − 1300 = 650 yuan;
//   H2 桂林 450305: two pensioners, E died 2019-08-15 (hukou);
//   H3 南宁 450102: a legacy record that also lists D of H2 — an id in two open households across cities,
//      which only the process with every household can see (duplicate_person on H2 and H3).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/testing.hpp"
#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "model/citizen_id.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "registry/record_codec.hpp"
#include "registry/sql/connection.hpp"
#include "registry/testing/pg_test_server.hpp"
#include "verify/load.hpp"
#include "verify/outcome_codec.hpp"
#include "verify/run.hpp"

namespace safetynet::verify {
namespace {

using model::Month;
namespace sql = registry::sql;
using safetynet::testing::IsOk;

const Month kOct = Month::of(2019, 10);
std::string id17(const std::string& first17) { return first17 + model::citizen_id_check_char(first17); }
const std::string kA = id17("45010219740501023"), kB = id17("45010219760302024"), kC = id17("45010220100101001");
const std::string kD = id17("45030519500101003"), kE = id17("45030519520101004"), kF = id17("45010219600101005");

std::string member(const std::string& id, const char* name, const char* relation, const char* extra) {
  return std::string("  - {id: \"") + id + "\", name: " + name + ", relation: " + relation +
         ", legal_supporters: able" + extra + "}\n";
}
const char* kNoAssets = "expenditure: []\nassets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}\n";
std::string h1() {
  std::string y = "id: H1\nregion: \"450102\"\nmembers:\n" + member(kA, "甲", "head", ", employment: unemployed") +
                  member(kB, "乙", "spouse", ", employment: employed") +
                  member(kC, "丙", "child", ", employment: student, school: primary") + "income:\n";
  for (int i = 0; i < 12; ++i)
    y += "  - {member: \"" + kB + "\", month: " + Month::of(2018, 10).plus(i).to_string() + ", kind: wage, amount: 1000}\n";
  return y + kNoAssets;
}
std::string h2() {
  return "id: H2\nregion: \"450305\"\nmembers:\n" + member(kD, "丁", "head", ", employment: unemployed") +
         member(kE, "戊", "spouse", ", employment: unemployed") + "income: []\n" + kNoAssets;
}
std::string h3() {
  return "id: H3\nregion: \"450102\"\nmembers:\n" + member(kF, "己", "head", ", employment: unemployed") +
         "income: []\n" + kNoAssets;
}

class SplitRun : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sn-split-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "postgres") {
      if (!registry::testing::pg_server()) GTEST_SKIP() << "SAFETYNET_TEST_PG not set (scripts/test.sh sets it)";
      admin_ = sql::Connection::open(registry::testing::pg_server());
      db_ = "sn_split_" + std::to_string(::getpid());
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
    for (auto [name, yuan] : {std::pair{"dibao_standard", 650}, {"low_income_standard", 975}}) {
      params::Series s;
      s.bounded = false;
      s.points.push_back({Month::of(2018, 1), model::Date{2018, 1, 1}, params::Decimal::of_int(yuan), "test"});
      params_.override_all(name, s);
    }
    load_sources();
    // H3's legacy record also lists D of H2 (written past the registry's checks, as a migration would).
    auto h = reg_->get_household("H3");
    ASSERT_TRUE(h);
    h->members.push_back(reg_->get_household("H2")->members[0]);
    std::string blob;
    registry::encode_household(*h, blob);
    sql::Connection::open(url_)->prepare("UPDATE household SET record = ? WHERE id = 'H3'").bind_blob(1, blob).run();
  }
  void TearDown() override {
    reg_.reset();
    if (admin_) admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    std::filesystem::remove_all(dir_);
  }

  void load(Source s, std::vector<io::Row> rows, std::optional<model::Date> as_of = std::nullopt) {
    const std::string path = (dir_ / (std::string(to_string(s)) + ".csv")).string();
    ASSERT_THAT(io::write_csv(path, rows), IsOk());
    auto m = load_mapping(shipped_mapping_path(SN_SOURCE_DIR, s));
    ASSERT_THAT(m, IsOk());
    ASSERT_THAT(load_feed(*reg_, path, *m, as_of), IsOk());
  }
  void load_sources() {
    const model::Date q{2019, 10, 15}, end_sep{2019, 9, 30};
    std::vector<io::Row> tax = {{"纳税人姓名", "纳税人证件号码", "所得项目", "所属期", "收入额"}};
    for (int i = 0; i < 12; ++i) tax.push_back({"乙", kB, "工资薪金所得", Month::of(2018, 10).plus(i).to_string(), "1300"});
    load(Source::kTax, tax);
    load(Source::kSocialSecurity, {{"社会保障号码", "姓名", "项目", "所属月份", "金额"}}, end_sep);
    load(Source::kHousingFund, {{"证件号码", "职工姓名", "业务类型", "缴存月份", "金额"}}, end_sep);
    load(Source::kBank, {{"客户证件号码", "客户名称", "账户余额", "查询日期"}}, q);
    load(Source::kSecurities, {{"证件号码", "投资者姓名", "账户市值", "查询日期"}}, q);
    load(Source::kInsurance, {{"投保人证件号码", "投保人", "现金价值", "查询日期"}}, q);
    load(Source::kVehicle, {{"所有人身份证明号码", "机动车所有人", "车辆类型", "初次登记日期"}}, q);
    load(Source::kRealEstate, {{"权利人证件号", "权利人", "房屋用途", "建筑面积", "登簿日期"}}, q);
    load(Source::kMarketRegulation, {{"证件号码", "姓名", "市场主体类型", "实缴资本", "登记日期"}}, q);
    load(Source::kHukou, {{"公民身份号码", "姓名", "变动类型", "变动日期"}, {kE, "戊", "死亡注销", "2019-08-15"}});
  }

  RunOptions taking(int city, bool global) {
    RunOptions o;
    o.global = global;
    o.cities = [city](const auto&) { return std::optional<std::vector<int>>(std::vector<int>{city}); };
    return o;
  }

  std::filesystem::path dir_;
  std::unique_ptr<sql::Connection> admin_;
  std::string db_, url_;
  std::unique_ptr<registry::Registry> reg_;
  params::ParameterSet params_;
};

// Everything a stored run holds, as text in list order (the verified records as their stored bytes).
std::vector<std::string> lines(const registry::RunRecord& r) {
  std::vector<std::string> out{r.month.to_string() + " " + r.loads + " " + std::to_string(r.households) + " " +
                               std::to_string(r.members)};
  for (const auto& h : r.households_listed)
    out.push_back("household " + h.household_id + " " + h.status + " " + h.pending + " " + std::to_string(h.mismatches) +
                  " " + h.before_category + " " + std::to_string(h.before_cash) + " " + h.after_category + " " +
                  std::to_string(h.after_cash));
  for (const auto& m : r.mismatches)
    out.push_back("mismatch " + m.household_id + " " + m.member + " " + m.item + " " + m.declared + " " + m.found + " " + m.sources);
  for (const auto& c : r.candidates) out.push_back("candidate " + c.person_id + " " + c.reason + " " + c.region);
  for (const auto& i : r.issues) out.push_back("issue " + i.household_id + " " + i.person_id + " " + i.code + " " + i.message);
  for (const auto& d : r.deaths) out.push_back("death " + d.household_id + " " + d.person_id + " " + d.date);
  std::string blob;
  for (const auto& [id, h] : r.verified) {
    registry::encode_household(h, blob);
    out.push_back("verified " + id + " " + blob);
  }
  for (const auto& a : r.assessments)
    out.push_back("assessment " + a.household_id + " " + a.month.to_string() + " " + std::to_string(static_cast<int>(a.category)) +
                  " " + a.persons + " " + std::to_string(a.covered) + " " + std::to_string(a.monthly_cash) + " " +
                  a.entitlements + " " + a.undetermined + " " + a.refusal);
  return out;
}

TEST_P(SplitRun, TwoCitiesAssembleToTheOneProcessRun) {
  // One process, not stored.
  RunParts whole = compute_run(*reg_, params_, kOct);
  assemble(whole, std::move(whole.outcomes));
  // "Rank 1": 桂林 (city 2) only, no global parts; its outcomes as bytes.
  RunParts guilin = compute_run(*reg_, params_, kOct, taking(2, false));
  EXPECT_EQ(guilin.households_matched, 1);  // H2
  EXPECT_TRUE(guilin.record.candidates.empty());
  for (const auto& is : guilin.issues) EXPECT_TRUE(is.empty()) << "issues are rank 0's";
  std::string bytes;
  encode_outcomes(guilin.outcomes, bytes);
  // "Rank 0": 南宁 (city 0) and the global parts; then the assembly of both.
  RunParts nanning = compute_run(*reg_, params_, kOct, taking(0, true));
  EXPECT_EQ(nanning.households_matched, 2);  // H1, H3
  std::vector<HouseholdOutcome> all = std::move(nanning.outcomes);
  ASSERT_TRUE(decode_outcomes(bytes, all));
  assemble(nanning, std::move(all));
  EXPECT_EQ(lines(nanning.record), lines(whole.record));

  // What the assembled run holds, from SPEC: H1 re-assessed 3 × 650 − 1300 = 650 yuan (was 950);
  // H2's death comes from the 桂林 share; the cross-city duplicate is on both households.
  const auto& rec = nanning.record;
  ASSERT_EQ(rec.deaths.size(), 1u);
  EXPECT_EQ(rec.deaths[0].person_id, kE);
  int duplicates = 0;
  for (const auto& i : rec.issues) duplicates += i.code == "duplicate_person" && i.person_id == kD;
  EXPECT_EQ(duplicates, 2);
  const registry::RunHousehold* h1 = nullptr;
  for (const auto& h : rec.households_listed)
    if (h.household_id == "H1") h1 = &h;
  ASSERT_NE(h1, nullptr);
  EXPECT_EQ(h1->before_cash, 95'000);
  EXPECT_EQ(h1->after_cash, 65'000);

  // Stored as one run: the counts are those of the lists.
  auto stored = store_parts(*reg_, std::move(nanning));
  EXPECT_EQ(stored.summary.households, 3);
  EXPECT_EQ(stored.summary.deaths, 1);
  EXPECT_EQ(stored.summary.issues, 2);
  EXPECT_EQ(reg_->get_household("H2", Month::of(2019, 9))->members.size(), 1u);
}

TEST_P(SplitRun, AHouseholdAssembledTwiceIsRefused) {
  RunParts parts = compute_run(*reg_, params_, kOct);
  ASSERT_FALSE(parts.outcomes.empty());
  std::vector<HouseholdOutcome> twice = parts.outcomes;
  twice.push_back(parts.outcomes.front());
  EXPECT_THROW(assemble(parts, std::move(twice)), std::logic_error);
}

INSTANTIATE_TEST_SUITE_P(Backends, SplitRun, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace safetynet::verify
