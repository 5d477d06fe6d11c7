// Tests for the simulation's report (sim/sim_report.hpp): shares in integers, and the tables carrying the
// tally's figures in yuan.
#include "sim/sim_report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/xlsx.hpp"
#include "rules/testing/assess_testing.hpp"

namespace safetynet::sim {
namespace {

namespace fs = std::filesystem;

TEST(SimReport, PercentChangeIsExactToATenthWithOneRounding) {
  EXPECT_EQ(percent_change(65000, 6500), "+10.0%");
  EXPECT_EQ(percent_change(95000, 19500), "+20.5%");   // 195 / 950 = 20.526…%
  EXPECT_EQ(percent_change(300, 1), "+0.3%");          // 0.333…%
  EXPECT_EQ(percent_change(2000, 1), "+0.1%");         // 0.05% rounds half away from zero
  EXPECT_EQ(percent_change(2000, -1), "-0.1%");
  EXPECT_EQ(percent_change(95000, -15000), "-15.8%");  // 150 / 950 = 15.789…%
  EXPECT_EQ(percent_change(0, 1500), "—");
  EXPECT_EQ(percent_change(100, 0), "0.0%");
}

rules::Assessment dibao(model::Fen benefit) {
  rules::Assessment a;
  a.category = rules::Category::kDibao;
  a.entitlements.push_back({rules::Item::kDibao, rules::Period::kMonth, -1, benefit, "R3.4"});
  return a;
}

TEST(SimReport, TablesAndFilesCarryTheTallyInYuan) {
  SimulationRun run;
  rules::Assessment none;
  run.tally.add("H-A", "450102", 3, dibao(95000), dibao(114500));  // 3 × 650 − 1000 → 3 × 715 − 1000
  run.tally.add("H-B", "450202", 1, none, dibao(1500));            // 715 − 700
  run.households = 2;
  const auto& regions = rules::testing::shipped_regions();
  const auto cities = city_table(run, regions);
  ASSERT_EQ(cities.size(), 4u);  // header, 南宁, 柳州, 合计
  EXPECT_EQ(cities[1][0], "南宁市");
  EXPECT_EQ(cities[1][6], "950.00");
  EXPECT_EQ(cities[1][7], "1145.00");
  EXPECT_EQ(cities[1][8], "+195.00");
  EXPECT_EQ(cities[1][9], "+20.5%");
  EXPECT_EQ(cities[3][0], "合计");
  EXPECT_EQ(cities[3][8], "+210.00");
  EXPECT_EQ(cities[3][12], "1");  // newly paid: H-B
  const auto movers = movers_table(run, regions);
  ASSERT_EQ(movers.size(), 3u);
  EXPECT_EQ(movers[1][1], "H-A");
  EXPECT_EQ(movers[1][7], "+195.00");

  SimulationInfo info;
  info.month = model::Month::of(2019, 10);
  info.population = "测试";
  info.reform_file = "plus10.yaml";
  const fs::path dir = fs::temp_directory_path() / ("sn_simrep_" + std::to_string(::getpid()));
  auto files = write_simulation(run, info, regions, dir.string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  auto sheets = io::read_xlsx_sheets((dir / "simulation-2019-10.xlsx").string());
  ASSERT_TRUE(sheets.ok());
  EXPECT_EQ((*sheets)[0].name, "按设区市");
  EXPECT_EQ((*sheets)[0].rows[1][7], "1145");  // written as a number: Excel shows 1145.00 with its format
  std::ifstream html(dir / "simulation-2019-10.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("+195.00"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace safetynet::sim
