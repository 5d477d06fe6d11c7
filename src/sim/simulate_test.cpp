// Tests for the population simulation (issue 5): a reform's money and coverage effects on households
// whose arithmetic SPEC gives (R1.3, R3.4, R2.6), and the runners' agreement with each other.
#include "sim/simulate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "params/loader.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"
#include "sim/partition.hpp"

namespace safetynet::sim {
namespace {

namespace fs = std::filesystem;
using rules::testing::HouseholdBuilder;
using rules::testing::shipped_policy;

const model::Month kOct2019 = model::Month::of(2019, 10);

// The reform of the example: every city's standard +10% (650 → 715 in 2019).
params::ParameterSet plus_ten_percent() {
  const fs::path file = fs::temp_directory_path() / ("sn_sim_reform_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << "description: 各设区市低保标准提高10%\nscale: {dibao_standard: 1.10}\n";
  auto r = params::apply_reform_file(shipped_policy(), file.string());
  fs::remove(file);
  EXPECT_TRUE(r.ok());
  return std::move(r).value();
}

// Three persons in 南宁 (450102); the second earns `wage` fen a month in each month of the window.
model::Household family_of_three(model::Fen wage, const std::string& id) {
  HouseholdBuilder b("450102");
  b.add_aged(45, kOct2019);
  const int earner = b.add_aged(43, kOct2019, model::Sex::kFemale);
  b.employment(earner, model::Employment::kEmployed);
  b.add_aged(40, kOct2019, model::Sex::kMale);
  b.yearly_income(earner, kOct2019, wage);
  auto h = b.household();
  h.id = id;
  return h;
}

// One person aged 50 in 柳州 (450202) earning `wage` fen a month.
model::Household single(model::Fen wage, const std::string& id) {
  HouseholdBuilder b("450202");
  const int p = b.add_aged(50, kOct2019);
  b.employment(p, model::Employment::kEmployed);
  b.yearly_income(p, kOct2019, wage);
  auto h = b.household();
  h.id = id;
  return h;
}

// Runs the two households through a population file.
SimulationRun run_file(const std::vector<model::Household>& hs, const params::ParameterSet& reform,
                       std::optional<std::vector<int>> cities = std::nullopt) {
  const fs::path file = fs::temp_directory_path() / ("sn_sim_" + std::to_string(::getpid()) + ".snpop");
  auto w = PopulationWriter::create(file.string(), kOct2019, 0);
  EXPECT_TRUE(w.ok());
  for (const auto& h : hs) w->add(h);
  EXPECT_TRUE(w->close().ok());
  auto r = PopulationReader::open(file.string());
  EXPECT_TRUE(r.ok());
  SimulationOptions opt;
  opt.month = kOct2019;
  opt.cities = std::move(cities);
  auto run = simulate_file(*r, shipped_policy(), reform, opt);
  fs::remove(file);
  EXPECT_TRUE(run.ok());
  return std::move(run).value();
}

TEST(Simulate, PlusTenPercentRaisesAGapAndBringsInANewHousehold) {
  // R3.4 with R2.6: 3 × 650 − 1000 = 950.00 under the baseline; 3 × 715 − 1000 = 1145.00 under the reform:
  // +195.00. The single person in 柳州 earns 700 > 650 (not dibao, R1.3) but < 715: the reform pays
  // 715 − 700 = 15.00 (newly paid, none → dibao).
  const auto run = run_file({family_of_three(100000, "H-A"), single(70000, "H-B")}, plus_ten_percent());
  EXPECT_EQ(run.households, 2);
  const auto& nanning = run.tally.city(0);
  EXPECT_EQ(nanning.baseline.monthly_by_line[0], 95000);
  EXPECT_EQ(nanning.reform.monthly_by_line[0], 114500);
  EXPECT_EQ(nanning.baseline.households[static_cast<int>(Group::kDibao)], 1);
  EXPECT_EQ(nanning.baseline.covered_persons, 3);
  EXPECT_EQ(nanning.change.gainers, 1);
  EXPECT_EQ(nanning.change.gain, 19500);
  EXPECT_EQ(nanning.change.buckets[change_bucket(19500)], 1);  // (100, 500] yuan
  const auto& liuzhou = run.tally.city(1);
  EXPECT_EQ(liuzhou.baseline.households[static_cast<int>(Group::kNone)], 1);
  EXPECT_EQ(liuzhou.reform.households[static_cast<int>(Group::kDibao)], 1);
  EXPECT_EQ(liuzhou.reform.monthly_cash, 1500);
  EXPECT_EQ(liuzhou.change.newly_paid, 1);
  EXPECT_EQ(liuzhou.change.group_moves[static_cast<int>(Group::kNone)][static_cast<int>(Group::kDibao)], 1);
  const auto total = run.tally.total();
  EXPECT_EQ(total.reform.monthly_cash - total.baseline.monthly_cash, 19500 + 1500);
  EXPECT_EQ(total.change.gain, 21000);
  EXPECT_EQ(total.change.losers, 0);
  // The largest gain first: H-A (+195.00), then H-B (+15.00).
  ASSERT_EQ(run.tally.top_gainers().size(), 2u);
  EXPECT_EQ(run.tally.top_gainers()[0].household_id, "H-A");
  EXPECT_EQ(run.tally.top_gainers()[0].change(), 19500);
  EXPECT_EQ(run.tally.top_gainers()[1].household_id, "H-B");
}

TEST(Simulate, ALowerStandardMakesLosers) {
  // add −50: 600 in 2019. The family: 3 × 600 − 1000 = 800.00 (−150.00); the single person (700) stays out.
  const fs::path file = fs::temp_directory_path() / ("sn_sim_cut_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << "add: {dibao_standard: -50}\n";
  auto cut = params::apply_reform_file(shipped_policy(), file.string());
  fs::remove(file);
  ASSERT_TRUE(cut.ok());
  const auto run = run_file({family_of_three(100000, "H-A"), single(70000, "H-B")}, *cut);
  const auto total = run.tally.total();
  EXPECT_EQ(total.change.losers, 1);
  EXPECT_EQ(total.change.loss, 15000);
  EXPECT_EQ(total.reform.monthly_by_line[0], 80000);
  ASSERT_EQ(run.tally.top_losers().size(), 1u);
  EXPECT_EQ(run.tally.top_losers()[0].change(), -15000);
}

TEST(Simulate, OnlyTheGivenCitiesAreCounted) {
  // A rank that holds 柳州 (index 1) only sees H-B; H-A is skipped.
  const auto run = run_file({family_of_three(100000, "H-A"), single(70000, "H-B")}, plus_ten_percent(), std::vector<int>{1});
  EXPECT_EQ(run.households, 1);
  EXPECT_EQ(run.skipped, 1);
  EXPECT_EQ(run.tally.total().reform.monthly_cash, 1500);
}

// The generator's first 3,000 households: the file runner, the generator runner and any split of the
// cities over "ranks" give the same counts to the fen, and the same lists of movers.
TEST(Simulate, EveryRunnerAndEverySplitGivesTheSameTotals) {
  auto gen = Generator::create();
  ASSERT_TRUE(gen.ok());
  const auto households = gen->generate(7, 3000);
  const auto reform = plus_ten_percent();
  const auto whole = run_file(households, reform);
  EXPECT_EQ(whole.households, 3000);
  EXPECT_GT(whole.tally.total().change.gainers, 100);  // the generated population has many dibao households

  SimulationOptions opt;
  opt.month = kOct2019;
  const auto generated = simulate_generated(*gen, 7, 3000, shipped_policy(), reform, opt);
  EXPECT_EQ(generated.tally.counts(), whole.tally.counts());

  for (int ranks : {2, 3, 5}) {
    std::array<std::int64_t, kCities + 1> weights{};
    for (const auto& h : households) ++weights[static_cast<std::size_t>(city_index(h.region))];
    Tally sum;
    std::int64_t n = 0;
    for (const auto& cities : assign_cities(weights, ranks)) {
      auto part = run_file(households, reform, cities);
      sum.merge(part.tally);
      n += part.households;
    }
    EXPECT_EQ(n, 3000) << ranks << " ranks";
    EXPECT_EQ(sum.counts(), whole.tally.counts()) << ranks << " ranks";
    ASSERT_EQ(sum.top_gainers().size(), whole.tally.top_gainers().size());
    for (std::size_t i = 0; i < sum.top_gainers().size(); ++i) {
      EXPECT_EQ(sum.top_gainers()[i].household_id, whole.tally.top_gainers()[i].household_id);
    }
  }
}

TEST(Simulate, TheSameParametersChangeNothing) {
  auto gen = Generator::create();
  ASSERT_TRUE(gen.ok());
  const auto run = run_file(gen->generate(11, 1000), shipped_policy());
  const auto t = run.tally.total();
  EXPECT_EQ(t.change.gainers + t.change.losers, 0);
  EXPECT_EQ(t.baseline.monthly_cash, t.reform.monthly_cash);
  EXPECT_GT(t.baseline.monthly_cash, 0);
  // The baseline equals the engine run household by household.
  model::Fen direct = 0;
  for (const auto& h : gen->generate(11, 1000)) {
    auto a = rules::assess(h, kOct2019, shipped_policy());
    if (!a.refusal) direct += a.monthly_cash();
  }
  EXPECT_EQ(t.baseline.monthly_cash, direct);
}

}  // namespace
}  // namespace safetynet::sim
