// The bytes a rank of a distributed `verify run` sends to rank 0 (outcome_codec.hpp): every field of a
// household's outcome must come back exactly (money in fen, negative amounts, an unset exit month, a
// verified record with unknown income, Chinese text), the parts of several ranks append in turn, and
// damaged bytes are refused whole — rank 0 must never store a run built from half a message.
#include "verify/outcome_codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/testing/household_equal.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::verify {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::yuan;

// A household whose every part is present: deaths, mismatches, the verified record, its listed line
// and a changed assessment (with an R3.6 exit month).
HouseholdOutcome full_outcome() {
  HouseholdBuilder b("450102001003");
  const int head = b.add(date(1960, 3, 1), model::Sex::kMale);
  b.add(date(1990, 5, 2), model::Sex::kFemale, model::Relation::kChild);
  b.monthly_income(head, month(2018, 10), 12, yuan(1234) + 56);  // 1,234.56 yuan a month
  model::Household h = b.household();
  h.id = "H-450102-0007";
  HouseholdOutcome o;
  o.index = 4'000'000'123u;  // beyond 2^31: indices are unsigned
  o.household_id = h.id;
  o.deaths.push_back({h.id, h.members[1].id, "2019-09-30"});
  o.mismatches.push_back({h.id, h.members[0].id, "income.wage", "工资收入", "1,234.56", "2,000.00", "税务、住房公积金"});
  o.mismatches.push_back({h.id, "", "financial", "金融资产", "0.00", "80,000.00", "银行"});
  o.all_dead = false;
  o.verified = h;
  registry::RunHousehold line;
  line.household_id = h.id;
  line.status = "changed";
  line.pending = "tax;bank";
  line.mismatches = 2;
  line.before_category = "dibao";
  line.after_category = "none";
  line.before_cash = 65'000;  // 650.00 yuan
  line.after_cash = 0;
  o.listed = line;
  registry::StoredAssessment a;
  a.household_id = h.id;
  a.region = h.region;
  a.month = month(2019, 10);
  a.category = rules::Category::kLowIncome;
  a.persons = "0:tekun;1:orphan";
  a.covered = 2;
  a.monthly_cash = 123'456;
  a.entitlements = "living.dibao:-1:month:123456;";
  a.undetermined = "income";
  a.refusal = "";
  a.exit_started = month(2019, 7);
  a.dibao_benefit = -1;  // a negative amount must survive (zigzag)
  o.assessment = a;
  return o;
}

void expect_same(const HouseholdOutcome& a, const HouseholdOutcome& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.household_id, b.household_id);
  ASSERT_EQ(a.deaths.size(), b.deaths.size());
  for (std::size_t i = 0; i < a.deaths.size(); ++i) {
    EXPECT_EQ(a.deaths[i].household_id, b.deaths[i].household_id);
    EXPECT_EQ(a.deaths[i].person_id, b.deaths[i].person_id);
    EXPECT_EQ(a.deaths[i].date, b.deaths[i].date);
  }
  ASSERT_EQ(a.mismatches.size(), b.mismatches.size());
  for (std::size_t i = 0; i < a.mismatches.size(); ++i) {
    const auto &x = a.mismatches[i], &y = b.mismatches[i];
    EXPECT_EQ(std::tie(x.household_id, x.member, x.item, x.label, x.declared, x.found, x.sources),
              std::tie(y.household_id, y.member, y.item, y.label, y.declared, y.found, y.sources));
  }
  EXPECT_EQ(a.all_dead, b.all_dead);
  ASSERT_EQ(a.verified.has_value(), b.verified.has_value());
  if (a.verified) model::testing::expect_same(*a.verified, *b.verified);
  ASSERT_EQ(a.listed.has_value(), b.listed.has_value());
  if (a.listed) {
    const auto &x = *a.listed, &y = *b.listed;
    EXPECT_EQ(std::tie(x.household_id, x.status, x.pending, x.mismatches, x.before_category, x.after_category,
                       x.before_cash, x.after_cash),
              std::tie(y.household_id, y.status, y.pending, y.mismatches, y.before_category, y.after_category,
                       y.before_cash, y.after_cash));
  }
  ASSERT_EQ(a.assessment.has_value(), b.assessment.has_value());
  if (a.assessment) {
    const auto &x = *a.assessment, &y = *b.assessment;
    EXPECT_EQ(x.household_id, y.household_id);
    EXPECT_EQ(x.region, y.region);
    EXPECT_EQ(x.month, y.month);
    EXPECT_EQ(x.category, y.category);
    EXPECT_EQ(x.persons, y.persons);
    EXPECT_EQ(x.covered, y.covered);
    EXPECT_EQ(x.monthly_cash, y.monthly_cash);
    EXPECT_EQ(x.entitlements, y.entitlements);
    EXPECT_EQ(x.undetermined, y.undetermined);
    EXPECT_EQ(x.refusal, y.refusal);
    EXPECT_EQ(x.exit_started, y.exit_started);
    EXPECT_EQ(x.dibao_benefit, y.dibao_benefit);
  }
}

TEST(OutcomeCodec, RoundTripsEveryField) {
  const HouseholdOutcome full = full_outcome();
  // A household whose members all died and nothing else changed: no verified record, no line.
  HouseholdOutcome dead;
  dead.index = 7;
  dead.household_id = "H-451402-0001";
  dead.deaths.push_back({dead.household_id, "451402195001010012", "2019-10-01"});
  dead.all_dead = true;
  // Another: an assessment without an exit month, a verified record whose income is unknown.
  HouseholdOutcome listed = full;
  listed.index = 0;
  listed.assessment->exit_started.reset();
  listed.verified->income.reset();  // unknown income stays unknown, not an empty list
  const std::vector<HouseholdOutcome> in{full, dead, listed};
  std::string bytes;
  encode_outcomes(in, bytes);
  std::vector<HouseholdOutcome> out;
  ASSERT_TRUE(decode_outcomes(bytes, out));
  ASSERT_EQ(out.size(), 3u);
  for (std::size_t i = 0; i < in.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same(in[i], out[i]);
  }
  EXPECT_FALSE(out[2].verified->income.has_value());
  EXPECT_FALSE(out[2].assessment->exit_started.has_value());
  EXPECT_EQ(out[0].assessment->exit_started, month(2019, 7));
  EXPECT_EQ(out[0].listed->before_cash, 65'000);  // 650.00 yuan in fen, exactly
  EXPECT_EQ(out[0].assessment->dibao_benefit, -1);
}

TEST(OutcomeCodec, PartsOfSeveralRanksAppend) {
  std::string a, b;
  encode_outcomes({full_outcome()}, a);
  encode_outcomes({}, b);  // a rank whose cities had nothing to say
  std::vector<HouseholdOutcome> out;
  ASSERT_TRUE(decode_outcomes(a, out));
  ASSERT_TRUE(decode_outcomes(b, out));
  ASSERT_TRUE(decode_outcomes(a, out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].household_id, "H-450102-0007");
}

TEST(OutcomeCodec, RefusesDamagedBytesWhole) {
  std::string bytes;
  encode_outcomes({full_outcome(), full_outcome()}, bytes);
  std::vector<HouseholdOutcome> out;
  // Every truncation is refused and appends nothing (not the first outcome of two).
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    ASSERT_FALSE(decode_outcomes(std::string_view(bytes).substr(0, n), out)) << "length " << n;
    ASSERT_TRUE(out.empty());
  }
  EXPECT_FALSE(decode_outcomes(bytes + '\0', out));  // trailing bytes
  std::string foreign = bytes;
  foreign[0] = 'X';
  EXPECT_FALSE(decode_outcomes(foreign, out));
  EXPECT_FALSE(decode_outcomes("V\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", out));  // an absurd count
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace safetynet::verify
