// Tests of the monthly batch: `assess_month` (assess every household, store the results and keep the
// history current), the registry's `pay_month` (R12.1: exactly once per case and month) and
// `write_roster` (the 发放花名册 and its totals).
//
// Amounts are SPEC's worked examples under the shipped policy (policy/: standard 650 in 2019, 720 in
// 2020, gradual exit 6 months, case-by-case cap 50,000 a year): a 3-person household with one wage of
// 1000 a month gets living.dibao 950 (R3.4, R2.6); with 30,000 of case-by-case grants paid this year a
// request of 8,000 is granted whole (R9.2). Every registry here is SQLite in memory.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "payroll/assess_run.hpp"
#include "payroll/roster.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"
#include "sim/generator.hpp"

namespace safetynet::payroll {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::shipped_policy;
using ::safetynet::rules::testing::yuan;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const model::RegionCatalog& regions() { return ::safetynet::rules::testing::shipped_regions(); }

// SPEC R2.6's example (acceptance case "dibao top-up, 3 persons, one wage"): head unemployed, spouse
// earning 1000 a month from 2018-10 to 2019-12, a child in primary school; no assets beyond one home.
// Standard 650 in 2019: 3 × 650 − 12000 / 12 = 950 a month.
struct SpecHousehold {
  HouseholdBuilder b{"450102001"};  // 南宁市兴宁区民生街道
  int head, spouse, child;
  explicit SpecHousehold(const std::string& id = "H-450102-0001") {
    head = b.add(date(1974, 5, 1), model::Sex::kMale);
    spouse = b.add(date(1976, 3, 2), model::Sex::kFemale, model::Relation::kSpouse);
    child = b.add(date(2007, 6, 3), model::Sex::kMale, model::Relation::kChild);
    b.employment(spouse, model::Employment::kEmployed)
        .employment(child, model::Employment::kStudent)
        .school(child, model::School::kPrimary);
    b.monthly_income(spouse, month(2018, 10), 15, yuan(1000));
    b.household().id = id;
    b.household().members[static_cast<std::size_t>(head)].name = "张𠮷";
  }
  model::Household household() const { return b.build(); }
};

std::unique_ptr<registry::Registry> registry_with(const std::vector<model::Household>& hs) {
  auto reg = registry::Registry::open(":memory:");
  std::vector<registry::Incoming> batch;
  for (const auto& h : hs) batch.push_back({h, "test", 0});
  auto o = reg->put_households(batch);
  EXPECT_EQ(o.inserted, static_cast<long>(hs.size()));
  EXPECT_THAT(o.rejected, IsEmpty());
  return reg;
}

std::map<std::string, registry::StoredAssessment> stored(registry::Registry& reg, model::Month m) {
  std::map<std::string, registry::StoredAssessment> out;
  reg.scan_assessments(m, [&](const registry::StoredAssessment& a) { out[a.household_id] = a; });
  return out;
}

// The amount of `item` (household item, per month) in a stored entitlement list, 0 if absent.
model::Fen item_amount(const std::string& entitlements, rules::Item item) {
  model::Fen f = 0;
  for (const auto& e : registry::decode_entitlements(entitlements))
    if (e.item == item && e.period == rules::Period::kMonth) f += e.amount;
  return f;
}

// Sum of the stored monthly cash of the month (what the roster must total).
model::Fen stored_cash(registry::Registry& reg, model::Month m) {
  model::Fen total = 0;
  reg.scan_assessments(m, [&](const registry::StoredAssessment& a) {
    if (a.refusal.empty()) total += a.monthly_cash;
  });
  return total;
}

model::Fen paid_total(registry::Registry& reg, model::Month m, long* lines = nullptr) {
  model::Fen total = 0;
  long n = 0;
  reg.scan_payments(m, [&](const registry::PaymentLine& l) {
    total += l.amount;
    ++n;
  });
  if (lines) *lines = n;
  return total;
}

class RosterDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("sn_payroll_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// The column of `header` in the roster's first row.
std::size_t column(const io::Sheet& s, const std::string& header) {
  for (std::size_t i = 0; i < s.rows.at(0).size(); ++i)
    if (s.rows[0][i] == header) return i;
  ADD_FAILURE() << "no column " << header;
  return 0;
}

// ---- assess_month ------------------------------------------------------------------------------

TEST(AssessMonth, StoresTheWorkedExample) {
  SpecHousehold spec;
  auto reg = registry_with({spec.household()});
  AssessSummary s = assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  EXPECT_EQ(s.households, 1);
  EXPECT_EQ(s.by_category[static_cast<int>(rules::Category::kDibao)], 1);
  EXPECT_EQ(s.refused, 0);
  EXPECT_EQ(s.monthly_cash, yuan(950));
  auto all = stored(*reg, month(2019, 10));
  ASSERT_EQ(all.size(), 1u);
  const auto& a = all.begin()->second;
  EXPECT_EQ(a.household_id, "H-450102-0001");
  EXPECT_EQ(a.region, "450102001");
  EXPECT_EQ(a.category, rules::Category::kDibao);
  EXPECT_EQ(a.covered, 3);
  EXPECT_EQ(a.monthly_cash, yuan(950));
  EXPECT_EQ(item_amount(a.entitlements, rules::Item::kDibao), yuan(950));
  EXPECT_THAT(a.entitlements, HasSubstr("living.dibao:-1:m:95000"));
  EXPECT_THAT(a.refusal, IsEmpty());
  // What is stored is what the rules say for the household.
  rules::Assessment direct = rules::assess(spec.household(), month(2019, 10), shipped_policy());
  EXPECT_EQ(a.entitlements, registry::encode_entitlements(direct.entitlements));
  // And the history now says dibao, 950.
  auto h = reg->get_household("H-450102-0001");
  EXPECT_EQ(h->history.category, model::HistoryCategory::kDibao);
  EXPECT_EQ(h->history.last_benefit, yuan(950));
}

TEST(AssessMonth, AMonthWithoutParametersIsRefusedStoredAndNeverPaid) {
  auto reg = registry_with({SpecHousehold().household()});
  // The policy files start in 2018: nothing is in force in 2017-06 (no_parameter).
  AssessSummary s = assess_month(*reg, shipped_policy(), month(2017, 6), 1);
  EXPECT_EQ(s.households, 1);
  EXPECT_EQ(s.refused, 1);
  EXPECT_EQ(s.monthly_cash, 0);
  auto all = stored(*reg, month(2017, 6));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_THAT(all.begin()->second.refusal, HasSubstr("no_parameter"));
  EXPECT_EQ(reg->pay_month(month(2017, 6)).new_cases, 0);
  // The refusal leaves the history alone.
  EXPECT_FALSE(reg->get_household("H-450102-0001")->history.category.has_value());
}

TEST(AssessMonth, UnknownIncomeIsUndeterminedAndPaysNoBenefit) {
  SpecHousehold spec;
  spec.b.unknown_income();
  auto reg = registry_with({spec.household()});
  AssessSummary s = assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  EXPECT_EQ(s.by_category[static_cast<int>(rules::Category::kUndetermined)], 1);
  const auto a = stored(*reg, month(2019, 10)).begin()->second;
  EXPECT_EQ(a.category, rules::Category::kUndetermined);
  EXPECT_THAT(a.undetermined, HasSubstr("income"));
  EXPECT_EQ(item_amount(a.entitlements, rules::Item::kDibao), 0);
  reg->pay_month(month(2019, 10));
  long lines = 0;
  paid_total(*reg, month(2019, 10), &lines);
  EXPECT_EQ(lines, a.monthly_cash > 0 ? 1 : 0);
}

TEST(AssessMonth, TheThreadCountDoesNotChangeTheResults) {
  sim::GeneratorOptions o;
  auto pop = sim::generate(20191001, 300, o);
  ASSERT_TRUE(pop.ok());
  auto one = registry_with(*pop);
  auto two = registry_with(*pop);
  AssessSummary s1 = assess_month(*one, shipped_policy(), month(2019, 10), 1);
  AssessSummary s2 = assess_month(*two, shipped_policy(), month(2019, 10), 2);
  EXPECT_EQ(s1.monthly_cash, s2.monthly_cash);
  for (int c = 0; c < 4; ++c) EXPECT_EQ(s1.by_category[c], s2.by_category[c]);
  auto a = stored(*one, month(2019, 10));
  auto b = stored(*two, month(2019, 10));
  ASSERT_EQ(a.size(), 300u);
  ASSERT_EQ(b.size(), 300u);
  for (const auto& [id, x] : a) {
    const auto& y = b.at(id);
    EXPECT_EQ(x.entitlements, y.entitlements) << id;
    EXPECT_EQ(x.category, y.category) << id;
    EXPECT_EQ(x.persons, y.persons) << id;
    EXPECT_EQ(x.undetermined, y.undetermined) << id;
  }
}

TEST(AssessMonth, EveryHouseholdIsAssessedOnceAcrossBatches) {
  // More households than one stored batch (4096): each must be assessed and stored exactly once while
  // the scan and the batch writes share the registry.
  auto pop = sim::generate(7, 4096 + 5);
  ASSERT_TRUE(pop.ok());
  auto reg = registry_with(*pop);
  AssessSummary s = assess_month(*reg, shipped_policy(), month(2019, 10), 0);
  EXPECT_EQ(s.households, 4101);
  EXPECT_EQ(reg->assessment_count(month(2019, 10)), 4101);
  EXPECT_EQ(s.by_category[0] + s.by_category[1] + s.by_category[2] + s.by_category[3], 4101);
  EXPECT_EQ(s.monthly_cash, stored_cash(*reg, month(2019, 10)));
  // Assessing the month again replaces, never adds.
  AssessSummary again = assess_month(*reg, shipped_policy(), month(2019, 10), 0);
  EXPECT_EQ(reg->assessment_count(month(2019, 10)), 4101);
  EXPECT_EQ(again.monthly_cash, s.monthly_cash);
}

// ---- history kept current (SPEC readings; R3.6, R9.2) -------------------------------------------

TEST(AssessMonth, AGradualExitStartsFromTheStoredLastBenefit) {
  // October: dibao 950 (R3.4), stored as the household's last benefit.
  SpecHousehold spec;
  auto reg = registry_with({spec.household()});
  assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  ASSERT_EQ(reg->get_household(spec.b.household().id)->history.last_benefit, yuan(950));
  // The office then records that the head found work in May at 2000 a month: per-capita income over
  // November's window is (12 × 1000 + 6 × 2000) / 12 / 3 = 666.67 ≥ 650. The record itself carries
  // neither the category nor the benefit: only the registry's history knows them.
  SpecHousehold v2;
  v2.b.employment(v2.head, model::Employment::kEmployed);
  v2.b.monthly_income(v2.spouse, month(2020, 1), 5, yuan(1000));  // the spouse's wage goes on
  v2.b.monthly_income(v2.head, month(2019, 5), 13, yuan(2000));
  v2.b.household().history.exit_reason = "employment";
  ASSERT_FALSE(v2.household().history.last_benefit.has_value());
  auto o = reg->put_households({{v2.household(), "v2.yaml", 0}});
  ASSERT_EQ(o.updated, 1);
  // November is month 1 of 6 (R3.6): the household keeps 950 and stays dibao.
  assess_month(*reg, shipped_policy(), month(2019, 11), 1);
  auto nov = stored(*reg, month(2019, 11)).begin()->second;
  EXPECT_EQ(nov.category, rules::Category::kDibao);
  EXPECT_EQ(item_amount(nov.entitlements, rules::Item::kDibao), yuan(950));
  auto h = reg->get_household(v2.b.household().id);
  EXPECT_EQ(h->history.exit_started, month(2019, 11));
  EXPECT_EQ(h->history.last_benefit, yuan(950));
  // December to April are months 2 to 6, even after the standard rises to 720 in 2020.
  for (int k = 1; k <= 5; ++k) {
    const model::Month m = month(2019, 11).plus(k);
    SCOPED_TRACE("month " + m.to_string());
    assess_month(*reg, shipped_policy(), m, 1);
    auto a = stored(*reg, m).begin()->second;
    EXPECT_EQ(a.category, rules::Category::kDibao);
    EXPECT_EQ(item_amount(a.entitlements, rules::Item::kDibao), yuan(950));
    EXPECT_EQ(reg->get_household(v2.b.household().id)->history.exit_started, month(2019, 11));
  }
  // May 2020 is month 7: the exit is over.
  assess_month(*reg, shipped_policy(), month(2020, 5), 1);
  auto may = stored(*reg, month(2020, 5)).begin()->second;
  EXPECT_NE(may.category, rules::Category::kDibao);
  EXPECT_EQ(item_amount(may.entitlements, rules::Item::kDibao), 0);
  h = reg->get_household(v2.b.household().id);
  EXPECT_NE(h->history.category, model::HistoryCategory::kDibao);
  EXPECT_FALSE(h->history.exit_started.has_value());
}

TEST(AssessMonth, PaidCaseByCaseGrantsReduceTheNextMonthsGrant) {
  // HOUSEHOLD-FORMAT.md's example: 30,000 already paid in 2019, 8,000 asked for on 2019-10-10; then
  // 15,000 asked for on 2019-11-05. Cap 50,000 a calendar year (R9.2).
  SpecHousehold spec;
  spec.b.paid(date(2019, 3, 2), yuan(30000));
  spec.b.request(date(2019, 10, 10), yuan(8000)).request(date(2019, 11, 5), yuan(15000));
  const std::string id = spec.b.household().id;
  auto reg = registry_with({spec.household()});
  assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  auto oct = stored(*reg, month(2019, 10)).at(id);
  EXPECT_EQ(item_amount(oct.entitlements, rules::Item::kCaseByCase), yuan(8000));
  EXPECT_EQ(oct.monthly_cash, yuan(950) + yuan(8000));
  // Before October is paid, November's request fits under the cap whole: 50,000 − 30,000 ≥ 15,000.
  assess_month(*reg, shipped_policy(), month(2019, 11), 1);
  EXPECT_EQ(item_amount(stored(*reg, month(2019, 11)).at(id).entitlements, rules::Item::kCaseByCase), yuan(15000));
  // October paid: its 8,000 now counts, leaving 50,000 − 38,000 = 12,000 for November.
  registry::PayrollOutcome p = reg->pay_month(month(2019, 10));
  EXPECT_EQ(p.new_cases, 1);
  EXPECT_EQ(p.new_total, yuan(8950));
  auto h = reg->get_household(id);
  ASSERT_THAT(h->history.case_by_case_paid, SizeIs(2));
  EXPECT_EQ(h->history.case_by_case_paid[1].amount, yuan(8000));
  assess_month(*reg, shipped_policy(), month(2019, 11), 1);
  auto nov = stored(*reg, month(2019, 11)).at(id);
  EXPECT_EQ(item_amount(nov.entitlements, rules::Item::kCaseByCase), yuan(12000));
  EXPECT_EQ(nov.monthly_cash, yuan(950) + yuan(12000));
  // Paying October again records nothing more against the cap.
  reg->pay_month(month(2019, 10));
  EXPECT_THAT(reg->get_household(id)->history.case_by_case_paid, SizeIs(2));
}

TEST(AssessMonth, ReassessingAPaidMonthDoesNotCountItsOwnGrantAgainstItself) {
  // 30,000 paid, 15,000 asked in October: granted whole. Once October is paid, assessing October again
  // (a correction run) must still see 30,000 paid *before* October's own grant, not 45,000; otherwise
  // the stored October (5,000) no longer matches what was paid (15,000) and the roster no longer equals
  // the stored assessments.
  SpecHousehold spec;
  spec.b.paid(date(2019, 3, 2), yuan(30000));
  spec.b.request(date(2019, 10, 10), yuan(15000));
  const std::string id = spec.b.household().id;
  auto reg = registry_with({spec.household()});
  assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  ASSERT_EQ(item_amount(stored(*reg, month(2019, 10)).at(id).entitlements, rules::Item::kCaseByCase),
            yuan(15000));
  reg->pay_month(month(2019, 10));
  assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  EXPECT_EQ(item_amount(stored(*reg, month(2019, 10)).at(id).entitlements, rules::Item::kCaseByCase),
            yuan(15000));
  EXPECT_EQ(paid_total(*reg, month(2019, 10)), stored_cash(*reg, month(2019, 10)));
}

// ---- payroll and roster (R12.1) ------------------------------------------------------------------

TEST_F(RosterDir, PayrollTwicePaysNobodyTwiceAndTheRosterStaysTheSame) {
  SpecHousehold a("H-450102-0001");
  a.b.paid(date(2019, 3, 2), yuan(30000)).request(date(2019, 10, 10), yuan(8000));
  // A second household of the same shape in another district, without a request.
  HouseholdBuilder other("450103001");  // 青秀区
  const int o_head = other.add(date(1960, 2, 2));
  other.add(date(1962, 3, 3), model::Sex::kFemale, model::Relation::kSpouse);
  other.employment(o_head, model::Employment::kEmployed).monthly_income(o_head, month(2018, 10), 12, yuan(1000));
  other.household().id = "H-450103-0001";
  auto reg = registry_with({a.household(), other.build()});
  AssessSummary s = assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  // 2 × 650 − 12000 / 12 = 300 for the couple; 950 + 8000 for the SPEC household.
  EXPECT_EQ(s.monthly_cash, yuan(8950) + yuan(300));
  registry::PayrollOutcome first = reg->pay_month(month(2019, 10));
  EXPECT_EQ(first.new_cases, 2);
  EXPECT_EQ(first.new_total, yuan(9250));
  auto r1 = write_roster(*reg, regions(), month(2019, 10), dir_);
  ASSERT_TRUE(r1.ok()) << r1.problems()[0].to_string();
  registry::PayrollOutcome second = reg->pay_month(month(2019, 10));
  EXPECT_EQ(second.new_cases, 0);
  EXPECT_EQ(second.new_total, 0);
  EXPECT_EQ(second.already_paid, 2);
  auto r2 = write_roster(*reg, regions(), month(2019, 10), dir_);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->lines, 2);
  EXPECT_EQ(r2->total, yuan(9250));
  EXPECT_EQ(r2->total, r1->total);
  EXPECT_EQ(r2->counties, 2);
  EXPECT_EQ(r2->streets, 2);
  EXPECT_EQ(r2->total, stored_cash(*reg, month(2019, 10)));
  // The roster CSV: one line per household, in county order, amounts in yuan, the first run's batch.
  auto csv = io::read_csv_sheet(r2->csv);
  ASSERT_TRUE(csv.ok()) << csv.problems()[0].to_string();
  ASSERT_EQ(csv->rows.size(), 3u);
  const io::Row& line = csv->rows[1];
  EXPECT_EQ(line[column(*csv, "县（市、区）")], "兴宁区");
  EXPECT_EQ(line[column(*csv, "街道（乡镇）")], "民生街道");
  EXPECT_EQ(line[column(*csv, "户编号")], "H-450102-0001");
  EXPECT_EQ(line[column(*csv, "户主姓名")], "张𠮷");
  EXPECT_EQ(line[column(*csv, "户主身份证号")], a.b.id(a.head));
  EXPECT_EQ(line[column(*csv, "保障类别")], "低保");
  EXPECT_EQ(line[column(*csv, "户人数")], "3");
  EXPECT_EQ(line[column(*csv, "低保金")], "950.00");
  EXPECT_EQ(line[column(*csv, "一事一议")], "8000.00");
  EXPECT_EQ(line[column(*csv, "合计（元）")], "8950.00");
  EXPECT_EQ(line[column(*csv, "发放批次")], std::to_string(first.run_id));
  EXPECT_EQ(csv->rows[2][column(*csv, "户编号")], "H-450103-0001");
  EXPECT_EQ(csv->rows[2][column(*csv, "合计（元）")], "300.00");
}

TEST_F(RosterDir, RosterTotalsEqualTheSumOfTheStoredAssessments) {
  auto pop = sim::generate(20191001, 500);
  ASSERT_TRUE(pop.ok());
  auto reg = registry_with(*pop);
  const auto oct = month(2019, 10);
  AssessSummary s = assess_month(*reg, shipped_policy(), oct, 0);
  registry::PayrollOutcome p = reg->pay_month(oct);
  auto files = write_roster(*reg, regions(), oct, dir_);
  ASSERT_TRUE(files.ok()) << files.problems()[0].to_string();
  // Sums of the stored assessments: whole month and per county, cases with cash.
  model::Fen expected = 0;
  long cases = 0;
  std::map<std::string, model::Fen> by_county;
  reg->scan_assessments(oct, [&](const registry::StoredAssessment& a) {
    if (a.monthly_cash <= 0 || !a.refusal.empty()) return;
    expected += a.monthly_cash;
    ++cases;
    by_county[a.region.substr(0, 6)] += a.monthly_cash;
  });
  ASSERT_GT(cases, 50) << "the generated population should have many paid cases";
  EXPECT_EQ(s.monthly_cash, expected);
  EXPECT_EQ(p.new_total, expected);
  EXPECT_EQ(p.new_cases, cases);
  EXPECT_EQ(files->total, expected);
  EXPECT_EQ(files->lines, cases);
  EXPECT_EQ(files->counties, static_cast<long>(by_county.size()));
  // The files say the same, to the fen: every roster line, the county subtotals and the grand total.
  auto roster = io::read_csv_sheet(files->csv);
  ASSERT_TRUE(roster.ok());
  const std::size_t total_col = column(*roster, "合计（元）");
  model::Fen lines_sum = 0;
  for (std::size_t r = 1; r < roster->rows.size(); ++r) {
    auto f = model::parse_yuan(roster->rows[r].at(total_col));
    ASSERT_TRUE(f.has_value()) << roster->rows[r].at(total_col);
    lines_sum += *f;
  }
  EXPECT_EQ(lines_sum, expected);
  auto totals = io::read_csv_sheet(files->totals_csv);
  ASSERT_TRUE(totals.ok());
  ASSERT_GE(totals->rows.size(), 2u);
  const io::Row& grand = totals->rows.back();
  EXPECT_EQ(grand.at(1), "合计");
  EXPECT_EQ(grand.at(4), std::to_string(cases));
  EXPECT_EQ(grand.at(5), model::format_yuan(expected));
  std::map<std::string, model::Fen> subtotals;
  for (const auto& row : totals->rows)
    if (row.size() > 5 && row[1].ends_with(" 小计")) subtotals[row[0]] = *model::parse_yuan(row[5]);
  EXPECT_EQ(subtotals, by_county);
  // The workbook's 汇总 sheet ends with the same grand total.
  auto book = io::read_xlsx_sheets(files->xlsx);
  ASSERT_TRUE(book.ok()) << book.problems()[0].to_string();
  ASSERT_EQ(book->size(), 2u);
  EXPECT_EQ((*book)[0].rows.size(), static_cast<std::size_t>(cases) + 1);
  const io::Row& xgrand = (*book)[1].rows.back();
  EXPECT_EQ(xgrand.at(1), "合计");
  EXPECT_EQ(model::parse_yuan(xgrand.at(5)), expected) << xgrand.at(5);
}

TEST_F(RosterDir, AnUnpaidMonthHasAnEmptyRoster) {
  auto reg = registry_with({SpecHousehold().household()});
  assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  auto files = write_roster(*reg, regions(), month(2019, 10), dir_);
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->lines, 0);
  EXPECT_EQ(files->total, 0);
  auto totals = io::read_csv_sheet(files->totals_csv);
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->rows.back().at(5), "0.00");
}

}  // namespace
}  // namespace safetynet::payroll
