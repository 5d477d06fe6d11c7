// The matcher as a pure function (SPEC R2.5, R11.4, R11.5; docs/verification.md): verified values
// replace declared ones, pending facts make the record unknown, never zero, and a death removes the
// member from the months after it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/citizen_id.hpp"
#include "verify/matcher.hpp"

namespace safetynet::verify {
namespace {

using model::IncomeKind;
using model::Month;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const Month kOct = Month::of(2019, 10);

std::string valid_id(const std::string& first17) { return first17 + model::citizen_id_check_char(first17); }

// Two adults; the head declares a wage of 1000 a month for the 12-month window 2018-10 … 2019-09,
// financial assets 1000, no vehicle, one dwelling.
model::Household household() {
  model::Household h;
  h.id = "H1";
  h.region = "450102";
  model::Member a;
  a.id = valid_id("45010219800101001");
  a.relation = model::Relation::kHead;
  model::Member b;
  b.id = valid_id("45010219820202002");
  b.relation = model::Relation::kSpouse;
  h.members = {a, b};
  h.income.emplace();
  for (int i = 0; i < 12; ++i) h.income->push_back({0, Month::of(2018, 10).plus(i), IncomeKind::kWage, 100000});
  h.income->push_back({1, Month::of(2019, 5), IncomeKind::kGift, 20000});
  h.expenditure.emplace();
  h.expenditure->push_back({1, Month::of(2019, 6), model::ExpenditureKind::kMedical, 50000});
  h.assets = model::Assets{};
  h.assets->financial = 100000;
  h.assets->dwellings = 1;
  return h;
}

// Every source delivered through 2019-09 (flows) / in use (snapshots).
Coverage full() {
  Coverage c;
  for (auto s : all_sources()) c.covered[static_cast<int>(s)] = Month::of(2019, 9);
  return c;
}

MemberFact income(int member, Source s, int yyyymm, std::int64_t fen, IncomeKind k = IncomeKind::kWage) {
  return {member, s, Target{Fact::kIncome, static_cast<std::uint8_t>(k)}, yyyymm * 100 + 1, fen, 1};
}
MemberFact fact(int member, Source s, Fact f, int day, std::int64_t amount = 0, int kind = 0) {
  return {member, s, Target{f, static_cast<std::uint8_t>(kind)}, day, amount, 2};
}
// Snapshot facts that say what was declared: 1000 in the bank, one dwelling.
std::vector<MemberFact> declared_assets() {
  return {fact(0, Source::kBank, Fact::kFinancial, 20191015, 100000), fact(0, Source::kRealEstate, Fact::kDwelling, 20150301)};
}

std::int64_t total(const model::Household& h, int member, IncomeKind k) {
  std::int64_t t = 0;
  for (const auto& r : *h.income)
    if (r.member == member && r.kind == k) t += r.amount;
  return t;
}

TEST(Matcher, NothingToSayLeavesTheRecordAsDeclared) {
  auto out = match_household(household(), kOct, 12, declared_assets(), full());
  EXPECT_FALSE(out.changed);
  EXPECT_THAT(out.mismatches, IsEmpty());
  EXPECT_THAT(out.pending, IsEmpty());
  EXPECT_TRUE(out.verified.members.empty());  // the declared record stands; nothing was copied
}

TEST(Matcher, AZeroMonthShownAsZeroIsNoMismatch) {
  auto h = household();
  h.income->push_back({1, Month::of(2019, 9), IncomeKind::kPension, 0});
  auto facts = declared_assets();
  facts.push_back(income(1, Source::kSocialSecurity, 201909, 0, IncomeKind::kPension));
  auto out = match_household(h, kOct, 12, facts, full());
  EXPECT_FALSE(out.changed);
  EXPECT_THAT(out.mismatches, IsEmpty());
}

TEST(Matcher, DepartmentIncomeReplacesTheDeclaredMonthsItShows) {
  auto facts = declared_assets();
  for (int m = 1; m <= 9; ++m) facts.push_back(income(0, Source::kTax, 201900 + m, 150000));
  // Housing fund shows a larger base for 2019-09: the larger of the two, not their sum.
  facts.push_back(income(0, Source::kHousingFund, 201909, 160000));
  // Outside the window (2019-10 is the month assessed) and after the month: not used.
  facts.push_back(income(0, Source::kTax, 201910, 999900));
  auto out = match_household(household(), kOct, 12, facts, full());
  EXPECT_TRUE(out.changed);
  // 2018-10 … 2018-12 as declared (3 × 1000), 2019-01 … 08 from tax (8 × 1500), 2019-09 1600.
  EXPECT_EQ(total(out.verified, 0, IncomeKind::kWage), 300000 + 8 * 150000 + 160000);
  EXPECT_EQ(total(out.verified, 1, IncomeKind::kGift), 20000);  // no department holds gifts: stands
  ASSERT_EQ(out.mismatches.size(), 1u);
  const auto& m = out.mismatches[0];
  EXPECT_EQ(m.member, 0);
  EXPECT_EQ(m.item, "income.wage");
  EXPECT_EQ(m.declared, "12000.00");
  EXPECT_EQ(m.found, "16600.00");
  EXPECT_EQ(m.sources, "税务、住房公积金");
  EXPECT_THAT(m.label, HasSubstr("2018-10至2019-09"));
}

TEST(Matcher, ACorrectedLoadReplacesTheFirstAndRowsOfOneLoadAddUp) {
  auto facts = declared_assets();
  MemberFact first = income(0, Source::kTax, 201909, 500000);
  first.load = 5;
  MemberFact employer1 = income(0, Source::kTax, 201909, 70000), employer2 = income(0, Source::kTax, 201909, 50000);
  employer1.load = employer2.load = 9;  // the corrected file: two employers that month
  facts.insert(facts.end(), {employer2, first, employer1});
  auto out = match_household(household(), kOct, 12, facts, full());
  // 11 declared months of 1000 and September's corrected 700 + 500, not the first file's 5000.
  EXPECT_TRUE(out.changed);
  EXPECT_EQ(total(out.verified, 0, IncomeKind::kWage), 1100000 + 120000);
  EXPECT_EQ(out.mismatches[0].found, "12200.00");
}

TEST(Matcher, PendingIncomeSourceMakesIncomeUnknownNotZero) {
  auto cov = full();
  cov.covered[static_cast<int>(Source::kTax)] = Month::of(2019, 6);     // tax has delivered up to June
  cov.covered[static_cast<int>(Source::kSocialSecurity)] = std::nullopt;  // never loaded
  auto out = match_household(household(), kOct, 12, declared_assets(), cov);
  EXPECT_TRUE(out.changed);
  EXPECT_FALSE(out.verified.income.has_value());
  ASSERT_EQ(out.pending.size(), 2u);
  EXPECT_THAT(out.pending[0], HasSubstr("税务（仅至 2019-06）"));
  EXPECT_THAT(out.pending[0], HasSubstr("2019-09"));
  EXPECT_THAT(out.pending[1], HasSubstr("社会保险（未导入）"));
}

TEST(Matcher, AssetsAreWhatTheRegistersShow) {
  std::vector<MemberFact> facts = {
      fact(0, Source::kBank, Fact::kFinancial, 20191015, 300000),
      fact(1, Source::kSecurities, Fact::kFinancial, 20191015, 200000),
      fact(1, Source::kInsurance, Fact::kFinancial, 20191015, 5050),
      fact(0, Source::kVehicle, Fact::kVehicle, 20120101, 0, static_cast<int>(model::Vehicle::kCar)),
      fact(0, Source::kRealEstate, Fact::kDwelling, 20150301, 4550),
      fact(1, Source::kRealEstate, Fact::kDwelling, 20170301, 8000),
      fact(1, Source::kMarketRegulation, Fact::kBusinessCapital, 20160101, 1000000),
  };
  auto out = match_household(household(), kOct, 12, facts, full());
  ASSERT_TRUE(out.verified.assets);
  const auto& a = *out.verified.assets;
  EXPECT_EQ(a.financial, 505050);
  EXPECT_THAT(a.vehicles, ElementsAre(model::Vehicle::kCar));
  EXPECT_EQ(a.dwellings, 2);
  EXPECT_DOUBLE_EQ(*a.floor_area_m2, 125.5);
  EXPECT_EQ(a.business_capital, 1000000);
  ASSERT_EQ(out.mismatches.size(), 4u);
  EXPECT_EQ(out.mismatches[0].item, "assets.financial");
  EXPECT_EQ(out.mismatches[0].declared, "1000.00");
  EXPECT_EQ(out.mismatches[0].found, "5050.50");
  EXPECT_EQ(out.mismatches[0].sources, "银行存款、商业保险、证券");
  EXPECT_EQ(out.mismatches[1].found, "car");
  EXPECT_EQ(out.mismatches[2].declared, "1");
  EXPECT_EQ(out.mismatches[2].found, "2");
  EXPECT_EQ(out.mismatches[3].found, "10000.00");
}

TEST(Matcher, AnAssetRegisterNotYetLoadedMakesAssetsUnknown) {
  auto cov = full();
  cov.covered[static_cast<int>(Source::kSecurities)] = std::nullopt;
  auto out = match_household(household(), kOct, 12, declared_assets(), cov);
  EXPECT_FALSE(out.verified.assets.has_value());
  EXPECT_TRUE(out.changed);
  EXPECT_THAT(out.pending, ElementsAre(HasSubstr("证券（未导入）")));
}

TEST(Matcher, DeathBeforeTheMonthRemovesTheMemberAndTheirRows) {
  auto facts = declared_assets();
  facts.push_back(fact(1, Source::kHukou, Fact::kDeath, 20190815));
  auto out = match_household(household(), kOct, 12, facts, full());
  ASSERT_EQ(out.deaths.size(), 1u);
  EXPECT_EQ(out.deaths[0].member, 1);
  EXPECT_EQ(out.deaths[0].date, (model::Date{2019, 8, 15}));
  EXPECT_THAT(out.gone, ElementsAre(1));
  EXPECT_EQ(out.verified.members.size(), 2u);  // the stored record serves earlier months too
  const auto oct = for_month(out);
  ASSERT_EQ(oct.members.size(), 1u);
  EXPECT_EQ(oct.members[0].id, household().members[0].id);
  EXPECT_EQ(total(oct, 0, IncomeKind::kWage), 1200000);
  EXPECT_THAT(*oct.expenditure, IsEmpty());  // the member's medical cost went with them
  for (const auto& r : *oct.income) EXPECT_EQ(r.member, 0);
}

TEST(Matcher, DeathInTheMonthCountsThatMonthStill) {
  auto facts = declared_assets();
  facts.push_back(fact(1, Source::kHealth, Fact::kDeath, 20191003));
  auto out = match_household(household(), kOct, 12, facts, full());
  ASSERT_EQ(out.deaths.size(), 1u);
  EXPECT_FALSE(out.changed);  // October still counts them: payments stop from the next month (R11.5)
  EXPECT_TRUE(out.gone.empty());
  auto nov = match_household(household(), Month::of(2019, 11), 12, facts, full());
  EXPECT_EQ(for_month(nov).members.size(), 1u);
}

TEST(Matcher, PersonFactsReplaceAndMarriageIsListedOnly) {
  auto facts = declared_assets();
  facts.push_back(fact(1, Source::kEmployment, Fact::kEmployment, 20190301, 0, static_cast<int>(model::Employment::kUnemployed)));
  facts.push_back(fact(1, Source::kEmployment, Fact::kEmployment, 20190801, 0, static_cast<int>(model::Employment::kEmployed)));
  facts.push_back(fact(1, Source::kHealth, Fact::kDisability, 20190601, 0, 2));
  facts.push_back(fact(0, Source::kMarriage, Fact::kMarriage, 20190520, 0, 1));
  facts.push_back(fact(0, Source::kEducation, Fact::kSchool, 20191101, 0, static_cast<int>(model::School::kUniversity)));  // after the month
  auto out = match_household(household(), kOct, 12, facts, full());
  EXPECT_EQ(out.verified.members[1].employment, model::Employment::kEmployed);  // the latest registration
  ASSERT_TRUE(out.verified.members[1].disability);
  EXPECT_EQ(out.verified.members[1].disability->grade, 2);
  EXPECT_EQ(out.verified.members[0].school, std::nullopt);
  ASSERT_EQ(out.mismatches.size(), 3u);
  EXPECT_EQ(out.mismatches[0].item, "marriage");
  EXPECT_EQ(out.mismatches[0].found, "离婚 2019-05-20");
  EXPECT_EQ(out.mismatches[1].item, "employment");
  EXPECT_EQ(out.mismatches[1].declared, "未申报");
  EXPECT_EQ(out.mismatches[1].found, "employed");
  EXPECT_EQ(out.mismatches[2].item, "disability");
  EXPECT_EQ(out.mismatches[2].found, "2级");
}

TEST(Matcher, UndeclaredIncomeStaysUnknownUndeclaredAssetsComeFromRegisters) {
  auto h = household();
  h.income.reset();
  h.assets.reset();
  auto facts = declared_assets();
  facts.push_back(income(0, Source::kTax, 201909, 150000));
  auto out = match_household(h, kOct, 12, facts, full());
  EXPECT_FALSE(out.verified.income.has_value());
  ASSERT_TRUE(out.verified.assets);
  EXPECT_EQ(out.verified.assets->financial, 100000);
  EXPECT_EQ(out.mismatches[0].declared, "未申报");
}

}  // namespace
}  // namespace safetynet::verify
