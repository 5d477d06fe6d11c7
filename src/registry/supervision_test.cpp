// Error supervision (supervision.hpp, SPEC R12.2) on SQLite and on PostgreSQL (SAFETYNET_TEST_PG, a
// database of its own per test, as registry_contract_test.cpp does): errors and recoveries refused
// with the field named, and the tolerance report of each county and street against P.error_tolerance
// (0.02, read from the shipped policy files), with households really paid through `pay_month`.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "params/loader.hpp"
#include "model/region.hpp"
#include "registry/registry.hpp"
#include "registry/sql/connection.hpp"
#include "registry/supervision.hpp"
#include "registry/testing/pg_test_server.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::registry {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::yuan;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

constexpr const char* kStreetA = "450102001";     // 民生街道, 兴宁区
constexpr const char* kStreetB = "450102002";     // 朝阳街道, 兴宁区
constexpr const char* kCommunityA = "450102001003";
constexpr const char* kCommunityB = "450102002001";
const model::Date kToday{2019, 12, 20};

enum class Backend { kSqlite, kPostgres };
std::string backend_name(Backend b) { return b == Backend::kSqlite ? "Sqlite" : "Postgres"; }

// The shipped tolerance: P.error_tolerance = 0.02 (policy/process/error_tolerance.yaml).
params::Decimal shipped_tolerance() {
  static const params::ParameterSet p = [] {
    auto r = params::load_policy(model::default_policy_dir());
    if (!r) throw std::runtime_error("policy/ does not load");
    return std::move(r).value();
  }();
  auto t = error_tolerance(p, 2019, kToday);
  if (!t) throw std::runtime_error("no error_tolerance for 2019");
  return *t;
}

class SupervisionTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static int serial = 0;
    ++serial;
    const std::string name = "sn_supervision_" + std::to_string(::getpid()) + "_" + std::to_string(serial);
    if (GetParam() == Backend::kPostgres) {
      if (!testing::pg_server()) GTEST_SKIP() << "PostgreSQL: set SAFETYNET_TEST_PG to a server URL to run these";
      admin_ = sql::Connection::open(testing::pg_server());
      db_ = name;
      admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
      admin_->exec("CREATE DATABASE " + db_ + " TEMPLATE template0 ENCODING 'UTF8'");
      url_ = testing::with_database(testing::pg_server(), db_);
    } else {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "registry.db").string();
    }
    reg_ = Registry::open(url_);
  }
  void TearDown() override {
    reg_.reset();
    if (admin_) admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Households H-<tag>-<i> (one adult each) in `community`, assessed as dibao 650.00 a month and paid
  // for 2019-10 (and for 2019-11 when `twice`: still one assisted case).
  void paid_households(const std::string& tag, const std::string& community, int n, bool twice = false) {
    std::vector<Incoming> batch;
    std::vector<StoredAssessment> oct, nov;
    for (int i = 0; i < n; ++i) {
      HouseholdBuilder b(community);
      b.add(date(1940 + next_ / 12 % 60, next_ % 12 + 1, 1 + next_ / 720));
      ++next_;
      b.household().id = "H-" + tag + "-" + std::to_string(i);
      batch.push_back(Incoming{b.build(), "supervision_test", i});
      for (auto* list : {&oct, &nov}) {
        StoredAssessment a;
        a.household_id = b.household().id;
        a.region = community;
        a.month = list == &oct ? month(2019, 10) : month(2019, 11);
        a.category = rules::Category::kDibao;
        a.covered = 1;
        a.monthly_cash = yuan(650);
        a.entitlements = "living.dibao:-1:m:65000";
        a.dibao_benefit = yuan(650);
        list->push_back(a);
      }
    }
    ASSERT_THAT(reg_->put_households(batch).rejected, SizeIs(0));
    reg_->put_assessments(oct);
    ASSERT_EQ(reg_->pay_month(month(2019, 10)).new_cases, n);
    if (twice) {
      reg_->put_assessments(nov);
      ASSERT_EQ(reg_->pay_month(month(2019, 11)).new_cases, n);
    }
  }

  ErrorRecord wrong(const std::string& household, ErrorCause cause, model::Fen amount,
                    model::Month first = month(2019, 10), model::Month last = month(2019, 10)) {
    auto r = reg_->supervision().record_error({household, first, last, cause, amount, "", "k1"}, kToday);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problems()[0].to_string());
    return r.ok() ? *r : ErrorRecord{};
  }
  void recover(std::int64_t error, model::Fen amount, model::Date on = {2019, 12, 1}) {
    auto r = reg_->supervision().record_recovery({error, on, amount, "", "k1"}, kToday);
    ASSERT_TRUE(r.ok()) << r.problems()[0].to_string();
  }
  ToleranceReport report(model::Date as_of = kToday) {
    return reg_->supervision().tolerance_report(2019, as_of, shipped_tolerance());
  }

  std::unique_ptr<sql::Connection> admin_;
  std::string db_, url_;
  std::filesystem::path dir_;
  std::unique_ptr<Registry> reg_;
  int next_ = 0;
};

const RegionTolerance& only(const std::vector<RegionTolerance>& rows, const std::string& code) {
  for (const auto& r : rows)
    if (r.region == code) return r;
  static const RegionTolerance none;
  ADD_FAILURE() << "no row for " << code;
  return none;
}

TEST(SupervisionRules, TheToleranceIsTwoPercentExactly) {
  const params::Decimal t = shipped_tolerance();
  EXPECT_EQ(t.units, 200);  // 0.02 × 10000
  // 2 × 10000 = 20000 ≤ 200 × 100 = 20000: within; 3 × 10000 = 30000 > 20000: over.
  EXPECT_TRUE(within_tolerance(2, 100, t));
  EXPECT_FALSE(within_tolerance(3, 100, t));
  // 1 of 49: 10000 > 200 × 49 = 9800, over; 1 of 50: 10000 ≤ 10000, within.
  EXPECT_FALSE(within_tolerance(1, 49, t));
  EXPECT_TRUE(within_tolerance(1, 50, t));
  EXPECT_FALSE(within_tolerance(1, 0, t));
  EXPECT_TRUE(within_tolerance(0, 0, t));
  EXPECT_EQ(ratio_text(2, 100), "2.00%");
  EXPECT_EQ(ratio_text(1, 3), "33.33%");   // 10000 / 3 = 3333.3 → 3333
  EXPECT_EQ(ratio_text(2, 3), "66.67%");   // 20000 / 3 = 6666.7 → 6667
  EXPECT_EQ(ratio_text(1, 0), "—");
  EXPECT_EQ(parse_error_cause("concealment"), ErrorCause::kConcealment);
  EXPECT_EQ(parse_error_cause("bogus"), std::nullopt);
  EXPECT_EQ(label_zh(ToleranceStatus::kRecoveryPending), "待追回");
}

TEST_P(SupervisionTest, TwoWrongOfAHundredRecoveredIsTolerated) {
  paid_households("A", kCommunityA, 100, /*twice=*/true);
  // Two months of 650.00 paid wrongly to H-A-0: 1300.00.
  const auto e1 = wrong("H-A-0", ErrorCause::kConcealment, yuan(1300), month(2019, 10), month(2019, 11));
  const auto e2 = wrong("H-A-1", ErrorCause::kSharedData, yuan(650));
  // The same household again (November, paid too): still one case.
  wrong("H-A-1", ErrorCause::kStaffLimits, yuan(100), month(2019, 11), month(2019, 11));
  recover(e1.id, yuan(1300));
  recover(e2.id, yuan(650));
  recover(e2.id + 1, yuan(100));
  const auto r = report();
  ASSERT_THAT(r.counties, SizeIs(1));
  const auto& c = r.counties[0];
  EXPECT_EQ(c.region, "450102");
  EXPECT_EQ(c.assisted_cases, 100);  // paid in two months, counted once each
  EXPECT_EQ(c.wrong_cases, 2);
  EXPECT_EQ(c.wrong_fen, yuan(1300) + yuan(650) + yuan(100));
  EXPECT_EQ(c.outstanding_fen(), 0);
  EXPECT_EQ(ratio_text(c.wrong_cases, c.assisted_cases), "2.00%");
  EXPECT_EQ(c.status, ToleranceStatus::kTolerated);  // 2/100 = 2.00% ≤ 2%, all recovered
  EXPECT_EQ(only(r.streets, kStreetA).status, ToleranceStatus::kTolerated);
}

TEST_P(SupervisionTest, ThreeWrongOfAHundredIsOver) {
  paid_households("A", kCommunityA, 100);
  for (int i = 0; i < 3; ++i) recover(wrong("H-A-" + std::to_string(i), ErrorCause::kSharedData, yuan(650)).id, yuan(650));
  const auto& c = only(report().counties, "450102");
  EXPECT_EQ(c.wrong_cases, 3);
  EXPECT_EQ(ratio_text(c.wrong_cases, c.assisted_cases), "3.00%");
  EXPECT_EQ(c.status, ToleranceStatus::kOverTolerance);  // 3/100 > 2%, whatever was recovered
  EXPECT_TRUE(is_flagged(c.status));
}

TEST_P(SupervisionTest, MoneyStillOutstandingIsPendingRecovery) {
  paid_households("A", kCommunityA, 100);
  const auto e = wrong("H-A-7", ErrorCause::kConcealment, yuan(650));
  recover(e.id, yuan(300));
  const auto& c = only(report().counties, "450102");
  EXPECT_EQ(c.wrong_cases, 1);
  EXPECT_EQ(ratio_text(c.wrong_cases, c.assisted_cases), "1.00%");
  EXPECT_EQ(c.wrong_fen, 65000);
  EXPECT_EQ(c.recovered_fen, 30000);
  EXPECT_EQ(c.outstanding_fen(), 35000);  // 650.00 − 300.00 = 350.00
  EXPECT_EQ(c.status, ToleranceStatus::kRecoveryPending);
  EXPECT_EQ(reg_->supervision().error(e.id)->outstanding(), 35000);
  // The rest recovered on 2019-12-28: tolerated as of that day, still pending as of 2019-12-20; and
  // as of 2019-12-10, before the error was recorded (2019-12-20), there was none.
  ASSERT_TRUE(reg_->supervision().record_recovery({e.id, {2019, 12, 28}, yuan(350), "", "k1"}, {2019, 12, 31}).ok());
  EXPECT_EQ(only(report({2019, 12, 31}).counties, "450102").status, ToleranceStatus::kTolerated);
  EXPECT_EQ(only(report({2019, 12, 20}).counties, "450102").status, ToleranceStatus::kRecoveryPending);
  EXPECT_EQ(only(report({2019, 12, 10}).counties, "450102").status, ToleranceStatus::kNoErrors);
}

TEST_P(SupervisionTest, ANonObjectiveCauseIsNeverTolerated) {
  paid_households("A", kCommunityA, 100);
  recover(wrong("H-A-3", ErrorCause::kOther, yuan(650)).id, yuan(650));
  const auto& c = only(report().counties, "450102");
  EXPECT_EQ(c.other_cases, 1);
  EXPECT_EQ(c.status, ToleranceStatus::kAccountable);  // 1.00% and recovered, but not objective
}

TEST_P(SupervisionTest, EachTownshipIsJudgedOnItsOwnCases) {
  paid_households("A", kCommunityA, 60);
  paid_households("B", kCommunityB, 40);
  recover(wrong("H-B-0", ErrorCause::kSharedData, yuan(650)).id, yuan(650));
  recover(wrong("H-B-1", ErrorCause::kSharedData, yuan(650)).id, yuan(650));
  const auto r = report();
  // County 兴宁区: 2 of 100 = 2.00%, within. 朝阳街道: 2 of 40 = 5.00%, over. 民生街道: none.
  EXPECT_EQ(only(r.counties, "450102").status, ToleranceStatus::kTolerated);
  const auto& b = only(r.streets, kStreetB);
  EXPECT_EQ(b.assisted_cases, 40);
  EXPECT_EQ(ratio_text(b.wrong_cases, b.assisted_cases), "5.00%");
  EXPECT_EQ(b.status, ToleranceStatus::kOverTolerance);
  const auto& a = only(r.streets, kStreetA);
  EXPECT_EQ(a.assisted_cases, 60);
  EXPECT_EQ(a.status, ToleranceStatus::kNoErrors);
  EXPECT_THAT(r.streets, ElementsAre(Field(&RegionTolerance::region, kStreetA), Field(&RegionTolerance::region, kStreetB)));
  // Cut to a street's prefix, the report has that street only.
  const auto cut = reg_->supervision().tolerance_report(2019, kToday, shipped_tolerance(), kStreetB);
  EXPECT_THAT(cut.counties, SizeIs(0));
  EXPECT_THAT(cut.streets, ElementsAre(Field(&RegionTolerance::region, kStreetB)));
  EXPECT_THAT(reg_->supervision().errors(2019, kStreetA), SizeIs(0));
  EXPECT_THAT(reg_->supervision().errors(2019, kStreetB), SizeIs(2));
  EXPECT_THAT(reg_->supervision().errors(2018, ""), SizeIs(0));
}

TEST_P(SupervisionTest, ErrorsWithoutAssistedCasesAreOver) {
  // An error needs a payment, so a county is left with errors and no assisted case only when the
  // household moved away after the error was recorded: the error stays with 兴宁区 (where it was paid),
  // the household's payment now counts for 青秀区 (450103).
  paid_households("A", kCommunityA, 1);
  recover(wrong("H-A-0", ErrorCause::kSharedData, yuan(10)).id, yuan(10));
  HouseholdBuilder moved("450103001005");  // 新竹社区, 青秀区
  moved.add(date(1940, 1, 1));             // the person paid_households gave H-A-0 (next_ was 0)
  moved.household().id = "H-A-0";
  ASSERT_THAT(reg_->put_households({Incoming{moved.build(), "supervision_test", 0}}).rejected, SizeIs(0));
  const auto r = report();
  const auto& c = only(r.counties, "450102");
  EXPECT_EQ(c.assisted_cases, 0);
  EXPECT_EQ(c.wrong_cases, 1);
  EXPECT_EQ(ratio_text(c.wrong_cases, c.assisted_cases), "—");
  EXPECT_EQ(c.status, ToleranceStatus::kOverTolerance);
  EXPECT_EQ(only(r.counties, "450103").assisted_cases, 1);
}

TEST_P(SupervisionTest, BadErrorsAreRefusedNamingTheField) {
  paid_households("A", kCommunityA, 1);
  auto& s = reg_->supervision();
  auto code_field = [](const Result<ErrorRecord>& r) {
    std::vector<std::string> out;
    if (!r.ok())
      for (const auto& p : r.problems()) out.push_back(p.code + " " + p.field);
    return out;
  };
  EXPECT_THAT(code_field(s.record_error({"NOPE", month(2019, 10), month(2019, 10), ErrorCause::kOther, 1, "", ""}, kToday)),
              ElementsAre("not_found household_id"));
  EXPECT_THAT(code_field(s.record_error({"H-A-0", month(2019, 10), month(2019, 10), ErrorCause::kOther, 0, "", ""}, kToday)),
              ElementsAre("bad_amount amount"));
  EXPECT_THAT(code_field(s.record_error({"H-A-0", month(2019, 10), month(2019, 9), ErrorCause::kOther, 1, "", ""}, kToday)),
              ElementsAre("bad_date to"));
  EXPECT_THAT(code_field(s.record_error({"H-A-0", month(2019, 12), month(2020, 1), ErrorCause::kOther, 1, "", ""}, kToday)),
              ElementsAre("bad_date to", "bad_date to"));  // two years, and 2020-01 is after today's month
  EXPECT_THAT(code_field(s.record_error({"H-A-0", month(2018, 12), month(2019, 1), ErrorCause::kOther, 1, "", ""}, kToday)),
              ElementsAre("bad_date to"));
  EXPECT_THAT(s.errors(std::nullopt), SizeIs(0));  // nothing written
}

TEST_P(SupervisionTest, OnlyMoneyReallyPaidCanBeWronglyPaid) {
  paid_households("A", kCommunityA, 1, /*twice=*/true);  // H-A-0: 650.00 for 2019-10 and 650.00 for 2019-11
  HouseholdBuilder never(kCommunityB);
  never.add(date(1950, 6, 1));
  never.household().id = "H-NEVER";
  ASSERT_THAT(reg_->put_households({Incoming{never.build(), "supervision_test", 0}}).rejected, SizeIs(0));
  auto& s = reg_->supervision();
  auto refused = [&](const std::string& household, model::Month first, model::Month last, model::Fen amount) {
    auto r = s.record_error({household, first, last, ErrorCause::kConcealment, amount, "", ""}, kToday);
    std::vector<std::string> out;
    if (!r.ok())
      for (const auto& p : r.problems()) out.push_back(p.code + " " + p.field + " " + p.message);
    return out;
  };
  using ::testing::HasSubstr;
  using ::testing::StartsWith;
  // Never paid; paid, but not in 2019-09 nor in 1800-01.
  EXPECT_THAT(refused("H-NEVER", month(2019, 10), month(2019, 10), yuan(1)),
              ElementsAre(HasSubstr("not_paid from 户 H-NEVER 在 2019-10 没有发放记录")));
  EXPECT_THAT(refused("H-A-0", month(2019, 9), month(2019, 9), yuan(1)), ElementsAre(StartsWith("not_paid from")));
  EXPECT_THAT(refused("H-A-0", month(1800, 1), month(1800, 1), yuan(1)), ElementsAre(StartsWith("not_paid from")));
  // More than paid: 2019-10 alone is 650.00, so 650.01 is refused; 2019-10..2019-12 is 650.00 +
  // 650.00 = 1300.00 (none paid for 2019-12), so 1300.01 and 1,000,000,000.00 are refused.
  EXPECT_THAT(refused("H-A-0", month(2019, 10), month(2019, 10), 65001),
              ElementsAre("bad_amount amount 错保金额 650.01 元超过该户 2019-10 实发的 650.00 元"));
  EXPECT_THAT(refused("H-A-0", month(2019, 10), month(2019, 12), 130001),
              ElementsAre("bad_amount amount 错保金额 1300.01 元超过该户 2019-10 至 2019-12 实发的 1300.00 元"));
  EXPECT_THAT(refused("H-A-0", month(2019, 1), month(2019, 12), model::kMaxRecordAmount),
              ElementsAre(HasSubstr("实发的 1300.00 元")));
  EXPECT_THAT(s.errors(std::nullopt), SizeIs(0));  // nothing written
  // A span with one unpaid month (2019-09) but money paid: recorded (400.00 of 2019-10's 650.00).
  EXPECT_THAT(refused("H-A-0", month(2019, 9), month(2019, 10), 40000), ElementsAre());
  // Records whose months overlap share the payments: 400.00 + 300.00 > the 650.00 of 2019-09..2019-10;
  // 400.00 + 250.00 = 650.00 is exactly what was paid.
  EXPECT_THAT(refused("H-A-0", month(2019, 10), month(2019, 10), 30000),
              ElementsAre("bad_amount amount 错保金额 300.00 元与该户已登记的 1 条错保（400.00 元）合计超过 2019-09 至 "
                          "2019-10 实发的 650.00 元"));
  EXPECT_THAT(refused("H-A-0", month(2019, 10), month(2019, 10), 25000), ElementsAre());
  // 2019-10..2019-11 now overlaps both (650.00 recorded) against 1300.00 paid over 2019-09..2019-11: 650.00
  // more is exactly allowed, 650.01 is not.
  EXPECT_THAT(refused("H-A-0", month(2019, 10), month(2019, 11), 65001), ElementsAre(StartsWith("bad_amount amount")));
  EXPECT_THAT(refused("H-A-0", month(2019, 11), month(2019, 11), 65000), ElementsAre());
  EXPECT_THAT(s.errors(2019), SizeIs(3));
}

TEST_P(SupervisionTest, BadRecoveriesAreRefusedNamingTheField) {
  paid_households("A", kCommunityA, 1);
  auto& s = reg_->supervision();
  const auto e = wrong("H-A-0", ErrorCause::kSharedData, yuan(650));
  recover(e.id, yuan(300));
  auto code_field = [&](std::int64_t id, model::Date on, model::Fen amount) {
    auto r = s.record_recovery({id, on, amount, "", ""}, kToday);
    std::vector<std::string> out;
    if (!r.ok())
      for (const auto& p : r.problems()) out.push_back(p.code + " " + p.field);
    return out;
  };
  EXPECT_THAT(code_field(e.id + 99, {2019, 12, 1}, 1), ElementsAre("not_found error_id"));
  // 350.00 outstanding (650.00 − 300.00): 350.01 is too much.
  EXPECT_THAT(code_field(e.id, {2019, 12, 1}, 35001), ElementsAre("over_recovery amount"));
  EXPECT_THAT(code_field(e.id, {2019, 12, 1}, 0), ElementsAre("bad_amount amount"));
  EXPECT_THAT(code_field(e.id, {2019, 12, 21}, 100), ElementsAre("bad_date on"));  // after today
  EXPECT_THAT(code_field(e.id, {2019, 9, 30}, 100), ElementsAre("bad_date on"));   // before the wrong month
  EXPECT_THAT(s.recoveries(e.id), SizeIs(1));
  EXPECT_THAT(code_field(e.id, {2019, 12, 1}, 35000), ElementsAre());  // exactly the rest
  EXPECT_EQ(s.error(e.id)->outstanding(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisionTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return backend_name(info.param); });

}  // namespace
}  // namespace safetynet::registry
