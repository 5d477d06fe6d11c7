// Tests of the month's report (monthly_report.hpp, SPEC R13): figures by county and for the whole
// registry, built from the stored assessments, and the CSV, XLSX and printed forms. Amounts from
// SPEC's worked example under the shipped policy: the 3-person household with one wage of 1000 a month
// gets living.dibao 950 in 2019-10, a premium subsidy of 150 a year for each of its three members
// (0.6 × 250, R4.1) and a pension contribution of 50 a year for each of its two adults (R8.1).
#include "report/monthly_report.hpp"

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "payroll/assess_run.hpp"
#include "payroll/roster.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::report {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::shipped_policy;
using ::safetynet::rules::testing::yuan;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const model::RegionCatalog& regions() { return ::safetynet::rules::testing::shipped_regions(); }

model::Household household(const std::string& id, const std::string& region, int birth_year, int n) {
  HouseholdBuilder b(region);
  for (int i = 0; i < n; ++i) b.add(date(birth_year, 1 + i, 1 + i), model::Sex::kMale, model::Relation::kChild);
  b.household().id = id;
  return b.build();
}

// The SPEC example (acceptance case "dibao top-up, 3 persons, one wage").
model::Household spec_household() {
  HouseholdBuilder b("450102001");
  b.add(date(1974, 5, 1), model::Sex::kMale);
  const int spouse = b.add(date(1976, 3, 2), model::Sex::kFemale, model::Relation::kSpouse);
  const int child = b.add(date(2007, 6, 3), model::Sex::kMale, model::Relation::kChild);
  b.employment(spouse, model::Employment::kEmployed)
      .employment(child, model::Employment::kStudent)
      .school(child, model::School::kPrimary);
  b.monthly_income(spouse, month(2018, 10), 12, yuan(1000));
  b.household().id = "H-450102-0001";
  return b.build();
}

std::unique_ptr<registry::Registry> registry_with(const std::vector<model::Household>& hs) {
  auto reg = registry::Registry::open(":memory:");
  std::vector<registry::Incoming> batch;
  for (const auto& h : hs) batch.push_back({h, "test", 0});
  EXPECT_EQ(reg->put_households(batch).inserted, static_cast<long>(hs.size()));
  return reg;
}

registry::StoredAssessment stored(const model::Household& h, rules::Category c, int covered, model::Fen cash,
                                  std::string persons, std::string items, std::string refusal = "") {
  registry::StoredAssessment a;
  a.household_id = h.id;
  a.region = h.region;
  a.month = month(2019, 10);
  a.category = c;
  a.covered = covered;
  a.monthly_cash = cash;
  a.persons = std::move(persons);
  a.entitlements = std::move(items);
  a.refusal = std::move(refusal);
  return a;
}

class ReportDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("sn_report_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// Four stored assessments in two counties (兴宁区 450102, 青秀区 450103), written by hand so that every
// figure of the report has a known answer.
struct Scenario {
  model::Household dibao = household("H-1", "450102001", 1970, 3);
  model::Household tekun = household("H-2", "450102002003", 1940, 1);
  model::Household orphans = household("H-3", "450103001", 2010, 3);
  model::Household refused = household("H-4", "450103", 1980, 2);
  std::unique_ptr<registry::Registry> reg = registry_with({dibao, tekun, orphans, refused});

  Scenario() {
    reg->put_assessments({
        stored(dibao, rules::Category::kDibao, 3, yuan(950), "",
               "living.dibao:-1:m:95000;medical.premium_subsidy:0:y:15000;medical.premium_subsidy:1:y:15000;"
               "employment.zero_employment_household:-1:f:0;pension.contribution_paid:0:y:5000"),
        stored(tekun, rules::Category::kNone, 1, yuan(845) + yuan(80), "0:tekun",
               "living.tekun_support:0:m:84500;housing.rent_subsidy:-1:m:8000;medical.screening:0:f:0"),
        stored(orphans, rules::Category::kUndetermined, 2, yuan(1600), "0:orphan;1:orphan;2:dibao_single",
               "living.orphan_support:0:m:80000;living.orphan_support:1:m:80000"),
        stored(refused, rules::Category::kNone, 0, 0, "", "", "no_parameter dibao_standard"),
    });
  }
};

TEST(Report, CountsHouseholdsPersonsAndMoneyByCountyCategoryAndLine) {
  Scenario s;
  MonthlyReport r = build_report(*s.reg, month(2019, 10));
  EXPECT_EQ(r.month, month(2019, 10));
  ASSERT_EQ(r.counties.size(), 2u);
  const RegionFigures& xn = r.counties.at("450102");
  EXPECT_EQ(xn.households, 2);
  EXPECT_EQ(xn.by_category[static_cast<int>(rules::Category::kDibao)], 1);
  EXPECT_EQ(xn.by_category[static_cast<int>(rules::Category::kNone)], 1);
  EXPECT_EQ(xn.tekun, 1);
  EXPECT_EQ(xn.covered_persons, 4);
  EXPECT_EQ(xn.zero_employment, 1);
  EXPECT_EQ(xn.paid_cases, 2);
  EXPECT_EQ(xn.monthly_cash, yuan(950) + yuan(925));
  EXPECT_THAT(xn.monthly_by_line, UnorderedElementsAre(Pair("living", yuan(950) + yuan(845)), Pair("housing", yuan(80))));
  EXPECT_THAT(xn.yearly_by_line, UnorderedElementsAre(Pair("medical", yuan(300)), Pair("pension", yuan(50))));
  const RegionFigures& qx = r.counties.at("450103");
  EXPECT_EQ(qx.households, 2);
  EXPECT_EQ(qx.orphans, 2);
  EXPECT_EQ(qx.dibao_singles, 1);
  EXPECT_EQ(qx.refused, 1);
  EXPECT_EQ(qx.by_category[static_cast<int>(rules::Category::kUndetermined)], 1);
  EXPECT_EQ(qx.paid_cases, 1);
  EXPECT_EQ(qx.monthly_cash, yuan(1600));
  // The whole registry is the sum of its counties.
  const RegionFigures& t = r.total;
  EXPECT_EQ(t.households, 4);
  EXPECT_EQ(t.covered_persons, 6);
  EXPECT_EQ(t.tekun, 1);
  EXPECT_EQ(t.orphans, 2);
  EXPECT_EQ(t.dibao_singles, 1);
  EXPECT_EQ(t.refused, 1);
  EXPECT_EQ(t.zero_employment, 1);
  EXPECT_EQ(t.paid_cases, 3);
  EXPECT_EQ(t.monthly_cash, yuan(950) + yuan(925) + yuan(1600));
  EXPECT_EQ(t.monthly_by_line.at("living"), yuan(950) + yuan(845) + yuan(1600));
  EXPECT_EQ(t.by_item.at("living.orphan_support"), yuan(1600));
  EXPECT_EQ(t.by_item.at("medical.premium_subsidy"), yuan(300));
  EXPECT_EQ(t.by_item.count("medical.screening"), 0u) << "flags have no money";
  EXPECT_EQ(t.by_category[0] + t.by_category[1] + t.by_category[2] + t.by_category[3], 4);
  // Another month has nothing.
  EXPECT_EQ(build_report(*s.reg, month(2019, 11)).total.households, 0);
}

TEST(Report, FromTheRulesToTheReportAndThePayroll) {
  auto reg = registry_with({spec_household()});
  payroll::assess_month(*reg, shipped_policy(), month(2019, 10), 1);
  MonthlyReport r = build_report(*reg, month(2019, 10));
  const RegionFigures& t = r.total;
  EXPECT_EQ(t.households, 1);
  EXPECT_EQ(t.by_category[static_cast<int>(rules::Category::kDibao)], 1);
  EXPECT_EQ(t.covered_persons, 3);
  EXPECT_EQ(t.monthly_cash, yuan(950));
  EXPECT_EQ(t.monthly_by_line.at("living"), yuan(950));
  EXPECT_EQ(t.yearly_by_line.at("medical"), yuan(450));  // 3 × 0.6 × 250
  EXPECT_EQ(t.yearly_by_line.at("pension"), yuan(100));  // 2 × 50
  EXPECT_EQ(t.by_item.at("living.dibao"), yuan(950));
  EXPECT_THAT(r.counties, ElementsAre(Pair("450102", ::testing::_)));
  // The report's monthly cash is what the payroll pays.
  registry::PayrollOutcome p = reg->pay_month(month(2019, 10));
  EXPECT_EQ(p.new_total, t.monthly_cash);
  EXPECT_EQ(p.new_cases, t.paid_cases);
}

TEST_F(ReportDir, WritesTheTableAsCsvAndXlsx) {
  Scenario s;
  MonthlyReport r = build_report(*s.reg, month(2019, 10));
  auto files = write_report(r, regions(), dir_);
  ASSERT_TRUE(files.ok()) << files.problems()[0].to_string();
  EXPECT_THAT(*files, ElementsAre(dir_ + "/report-2019-10.csv", dir_ + "/report-2019-10.xlsx"));
  auto csv = io::read_csv_sheet((*files)[0]);
  ASSERT_TRUE(csv.ok()) << csv.problems()[0].to_string();
  ASSERT_EQ(csv->rows.size(), 4u);  // header, two counties, total
  const io::Row& header = csv->rows[0];
  EXPECT_EQ(header.at(0), "区划代码");
  EXPECT_EQ(header.at(14), "月发放金额（元）");
  EXPECT_EQ(csv->rows[1].at(0), "450102");
  EXPECT_EQ(csv->rows[1].at(1), "兴宁区");
  EXPECT_EQ(csv->rows[1].at(2), "2");          // households
  EXPECT_EQ(csv->rows[1].at(14), "1875.00");   // 950 + 845 + 80
  EXPECT_EQ(csv->rows[2].at(1), "青秀区");
  EXPECT_EQ(csv->rows[2].at(7), "1");          // refused
  const io::Row& total = csv->rows[3];
  EXPECT_EQ(total.at(0), "450000");
  EXPECT_EQ(total.at(1), "合计");
  EXPECT_EQ(total.at(2), "4");
  EXPECT_EQ(total.at(3), "1");                 // dibao
  EXPECT_EQ(total.at(6), "1");                 // undetermined
  EXPECT_EQ(total.at(11), "6");                // covered persons
  EXPECT_EQ(total.at(13), "3");                // paid cases
  EXPECT_EQ(total.at(14), "3475.00");
  EXPECT_EQ(total.at(15), "3395.00");          // living, per month
  EXPECT_EQ(total.at(15 + 7 + 1), "300.00");   // medical, per year
  auto book = io::read_xlsx_sheets((*files)[1]);
  ASSERT_TRUE(book.ok()) << book.problems()[0].to_string();
  ASSERT_EQ(book->size(), 2u);
  EXPECT_EQ((*book)[0].name, "分地区");
  EXPECT_EQ((*book)[1].name, "分项目");
  EXPECT_EQ(model::parse_yuan((*book)[0].rows.back().at(14)), yuan(3475));
  bool found = false;
  for (const auto& row : (*book)[1].rows)
    if (row.at(0) == "living.orphan_support") {
      found = true;
      EXPECT_EQ(model::parse_yuan(row.at(2)), yuan(1600));
    }
  EXPECT_TRUE(found);
}

TEST(Report, PrintsATableWithTheTotals) {
  Scenario s;
  const std::string text = format_report(build_report(*s.reg, month(2019, 10)), regions());
  EXPECT_THAT(text, HasSubstr("月份 2019-10"));
  EXPECT_THAT(text, HasSubstr("兴宁区"));
  EXPECT_THAT(text, HasSubstr("青秀区"));
  EXPECT_THAT(text, HasSubstr("合计"));
  EXPECT_THAT(text, HasSubstr("3475.00"));
  EXPECT_THAT(text, HasSubstr("无法确定 1 户；因缺少参数拒绝 1 户"));
}

}  // namespace
}  // namespace safetynet::report
