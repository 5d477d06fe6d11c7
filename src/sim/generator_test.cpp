#include "sim/generator.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

#include "model/citizen_id.hpp"
#include "model/region.hpp"
#if __has_include("io/household_record.hpp")
#include "io/household_record.hpp"
#endif

namespace safetynet::sim {
namespace {

GeneratorOptions test_options() {
  GeneratorOptions o;
  o.region_dir = std::string(SN_SOURCE_DIR) + "/data/regions";
  return o;
}

const Generator& generator() {
  static const Generator g = [] {
    auto r = Generator::create(test_options());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problems()[0].to_string());
    return std::move(*r);
  }();
  return g;
}

// A compact fingerprint of a household: everything that identifies it and its money.
std::string fingerprint(const model::Household& h) {
  std::string s = h.id + "|" + h.region + "|";
  for (const auto& m : h.members) s += m.id + ":" + m.name + ",";
  model::Fen total = 0;
  if (h.income)
    for (const auto& r : *h.income) total += r.amount * (r.member + 2) * (r.month.index % 7 + 1);
  return s + "|" + std::to_string(total);
}

TEST(Generator, SameSeedSamePopulation) {
  auto a = generator().generate(2019, 500);
  auto b = generator().generate(2019, 500);
  ASSERT_EQ(a.size(), 500u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(fingerprint(a[i]), fingerprint(b[i])) << i;
}

TEST(Generator, FirstHouseholdsDoNotDependOnN) {
  auto small = generator().generate(2019, 50);
  auto large = generator().generate(2019, 5000);
  for (std::size_t i = 0; i < small.size(); ++i)
    EXPECT_EQ(fingerprint(small[i]), fingerprint(large[i])) << i;
}

TEST(Generator, DifferentSeedsDiffer) {
  auto a = generator().generate(1, 20);
  auto b = generator().generate(2, 20);
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += fingerprint(a[i]) == fingerprint(b[i]);
  EXPECT_EQ(same, 0);
}

// Golden values: the generator uses only std::mt19937_64 (fully specified by the standard) and
// integer arithmetic, so these hold on every platform. If a change to the generator is intended,
// update them and say so in docs/generator.md.
TEST(Generator, GoldenFirstHousehold) {
  auto pop = generator().generate(42, 3);
  ASSERT_EQ(pop.size(), 3u);
  EXPECT_EQ(pop[0].id, "H-450722-00000001");
  EXPECT_EQ(pop[0].region, "450722002005");
  EXPECT_EQ(pop[0].members[0].id, "450722197604107311");
  EXPECT_EQ(pop[0].members[0].name, "廖欣莉");
  EXPECT_EQ(pop[2].id, "H-450503-00000003");
  EXPECT_EQ(pop[2].members[0].id, "450107199510220324");
}

TEST(Generator, StreamingEqualsVector) {
  auto v = generator().generate(77, 300);
  std::size_t i = 0;
  generator().generate(77, 300, [&](model::Household&& h) {
    ASSERT_LT(i, v.size());
    EXPECT_EQ(fingerprint(h), fingerprint(v[i]));
    ++i;
  });
  EXPECT_EQ(i, 300u);
}

class GeneratedPopulation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pop_ = new std::vector<model::Household>(generator().generate(20191001, 100000, &stats_));
  }
  static void TearDownTestSuite() {
    delete pop_;
    pop_ = nullptr;
  }
  static std::vector<model::Household>* pop_;
  static GeneratorStats stats_;
};
std::vector<model::Household>* GeneratedPopulation::pop_ = nullptr;
GeneratorStats GeneratedPopulation::stats_;

TEST_F(GeneratedPopulation, IdsAreValidConsistentAndUnique) {
  std::unordered_set<std::string> ids, households;
  long x = 0;
  for (const auto& h : *pop_) {
    EXPECT_TRUE(households.insert(h.id).second) << h.id;
    for (const auto& m : h.members) {
      auto info = model::parse_citizen_id(m.id);
      ASSERT_TRUE(info.has_value()) << m.id;
      EXPECT_EQ(info->sex, m.sex) << m.id;
      EXPECT_EQ(info->birth_date, m.birth_date) << m.id;
      EXPECT_TRUE(ids.insert(m.id).second) << "duplicate " << m.id;
      x += m.id[17] == 'X';
    }
  }
  EXPECT_GT(x, 0);
  EXPECT_EQ(x, stats_.ids_ending_x);
}

TEST_F(GeneratedPopulation, ShapeFollowsTheNationalStatistics) {
  double pph = stats_.persons_per_household();
  EXPECT_GE(pph, 1.5);
  EXPECT_LE(pph, 1.8);
  EXPECT_NEAR(pph, 1.64, 0.04);
  EXPECT_GT(double(stats_.elderly) / stats_.persons, 0.2);
  EXPECT_GT(double(stats_.disabled) / stats_.persons, 0.1);
  EXPECT_GT(double(stats_.households_with_counted_income_below_standard) / stats_.households, 0.5);
  EXPECT_NEAR(double(stats_.in_city_districts) / stats_.households, 0.75, 0.01);
}

TEST_F(GeneratedPopulation, RegionsAreInTheCatalog) {
  auto cat = model::RegionCatalog::load(std::string(SN_SOURCE_DIR) + "/data/regions");
  ASSERT_TRUE(cat.ok());
  int streets = 0, communities = 0;
  for (const auto& h : *pop_) {
    EXPECT_TRUE(cat->contains(h.region)) << h.region;
    streets += h.region.size() == 9;
    communities += h.region.size() == 12;
  }
  EXPECT_GT(streets, 0);
  EXPECT_GT(communities, streets);
}

#if __has_include("io/household_record.hpp")
TEST_F(GeneratedPopulation, EveryHouseholdPassesTheRecordValidation) {
  auto cat = model::RegionCatalog::load(std::string(SN_SOURCE_DIR) + "/data/regions");
  ASSERT_TRUE(cat.ok());
  for (std::size_t i = 0; i < 20000; ++i) {
    auto problems = io::validate_household((*pop_)[i], *cat);
    EXPECT_TRUE(problems.empty()) << (*pop_)[i].id << ": " << problems[0].to_string();
  }
}
#endif

TEST_F(GeneratedPopulation, FactsTheRulesNeedAreSetAndInTheWindow) {
  const model::Month as_of = test_options().as_of;
  for (const auto& h : *pop_) {
    ASSERT_TRUE(h.income.has_value());
    ASSERT_TRUE(h.expenditure.has_value());
    ASSERT_TRUE(h.assets.has_value());
    for (const auto& m : h.members) {
      EXPECT_TRUE(m.legal_supporters.has_value());
      EXPECT_TRUE(m.employment.has_value());
    }
    for (const auto& r : *h.income) {
      EXPECT_GE(r.month, as_of.plus(-12));
      EXPECT_LT(r.month, as_of);
      EXPECT_GT(r.amount, 0);
      EXPECT_LT(r.member, static_cast<int>(h.members.size()));
    }
    for (const auto& r : *h.expenditure) {
      EXPECT_GE(r.month, as_of.plus(-12));
      EXPECT_LT(r.month, as_of);
    }
    if (h.residence == model::Residence::kMigrant) {
      EXPECT_TRUE(h.urban_years.has_value());
    }
  }
}

TEST_F(GeneratedPopulation, MixHasEveryCaseTheRulesDistinguish) {
  model::Date d0 = model::first_day(test_options().as_of);
  long tekun = 0, scattered = 0, institutional = 0, low_income_medical = 0, correction = 0,
       supported = 0, lacks = 0, migrants_c4 = 0, cars = 0, exits = 0, dibao = 0, rare = 0, dot = 0,
       freshmen = 0, no_home = 0;
  for (const auto& h : *pop_) {
    const auto& m0 = h.members[0];
    if (h.members.size() == 1 && m0.legal_supporters == model::Supporters::kNone &&
        model::age_on(m0.birth_date, d0) >= 60)
      ++tekun;
    for (const auto& m : h.members) {
      scattered += m.orphan == model::OrphanKind::kScattered;
      institutional += m.orphan == model::OrphanKind::kInstitutional;
      correction += m.community_correction;
      supported += m.supported_by.has_value();
      rare += m.name.find("𠮷") != std::string::npos;
      dot += m.name.find("·") != std::string::npos;
      freshmen += m.university_freshman;
    }
    bool medical = false;
    for (const auto& e : *h.expenditure) medical |= e.kind == model::ExpenditureKind::kMedical;
    low_income_medical += h.history.category == model::HistoryCategory::kLowIncome && medical;
    lacks += h.lacks_labour_cause.has_value();
    migrants_c4 +=
        h.residence == model::Residence::kMigrant && h.residence_permit && h.urban_years >= 1.0;
    for (auto v : h.assets->vehicles) cars += v == model::Vehicle::kCar;
    exits += h.history.exit_reason == "employment";
    dibao += h.history.category == model::HistoryCategory::kDibao;
    no_home += h.assets->dwellings == 0;
  }
  EXPECT_GT(tekun, 5000);
  EXPECT_GT(scattered, 1000);
  EXPECT_GT(institutional, 300);
  EXPECT_GT(low_income_medical, 1000);
  EXPECT_GT(correction, 500);
  EXPECT_GT(supported, 1000);
  EXPECT_GT(lacks, 1000);
  EXPECT_GT(migrants_c4, 1000);
  EXPECT_GT(cars, 300);
  EXPECT_GT(exits, 1000);
  EXPECT_GT(dibao, 20000);
  EXPECT_GT(rare, 10);
  EXPECT_GT(dot, 10);
  EXPECT_GT(freshmen, 10);
  EXPECT_GT(no_home, 1000);
}

TEST(Generator, UnknownFactsOnRequest) {
  GeneratorOptions o = test_options();
  o.unknown_facts_permille = 500;
  auto pop = generate(5, 2000, o);
  ASSERT_TRUE(pop.ok());
  int unknown = 0;
  for (const auto& h : *pop) unknown += !h.income || !h.expenditure || !h.assets;
  EXPECT_GT(unknown, 800);
  EXPECT_LT(unknown, 1200);
}

TEST(Generator, MissingRegionFilesAreAProblem) {
  GeneratorOptions o;
  o.region_dir = "/nonexistent";
  auto g = Generator::create(o);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.problems()[0].code, "io_error");
}

}  // namespace
}  // namespace safetynet::sim
