// Tests of the registry's compact record encoding (record_codec.hpp) and of the entitlement text form
// stored with assessments and payments (registry.hpp `encode_entitlements`).
//
// The encoding must give back every field exactly (money in fen, unknown stays unknown, names outside
// the BMP), be deterministic (the registry detects an unchanged re-import by comparing bytes), reuse a
// decoded record's buffers without leaking the previous record's fields into the next (the monthly
// scan decodes a million households into the same objects), and refuse corrupt bytes without crashing.
#include "registry/record_codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "model/citizen_id.hpp"
#include "registry/registry.hpp"
#include "rules/testing/household_builder.hpp"
#include "model/testing/household_equal.hpp"

namespace safetynet::registry {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::yuan;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A valid id whose check character is X (GB 11643), born on `birth`, of `sex`.
std::string id_ending_in_x(const std::string& region6, model::Date birth, model::Sex sex) {
  for (int seq = 0; seq < 500; ++seq) {
    std::string id = rules::testing::make_citizen_id(region6, birth, sex, seq);
    if (id.back() == 'X') return id;
  }
  ADD_FAILURE() << "no sequence number gives check character X";
  return "";
}

// A household that sets every field the record has, most of them away from their defaults.
model::Household full_household() {
  HouseholdBuilder b("450102001003");
  const int head = b.add(date(1980, 1, 1), model::Sex::kMale);
  const int spouse = b.add(date(1949, 12, 31), model::Sex::kFemale, model::Relation::kSpouse);
  const int child = b.add(date(2013, 7, 4), model::Sex::kFemale, model::Relation::kChild);
  model::Household& h = b.household();
  h.id = "H-450102-0001";
  h.residence = model::Residence::kMigrant;
  h.urban_years = 3.5;
  h.residence_permit = true;
  h.lacks_labour_cause = model::LacksLabourCause::kDisaster;
  h.members[head].name = "张𠮷";  // U+20BB7, outside the BMP
  h.members[head].employment = model::Employment::kEmployed;
  h.members[head].medical_self_paid = {{2018, 1234567}, {2019, 50}};
  h.members[spouse].id = id_ending_in_x("450102", date(1949, 12, 31), model::Sex::kFemale);
  h.members[spouse].name = "阿依古丽·买买提";
  h.members[spouse].employment = model::Employment::kNone;
  h.members[spouse].disability = model::Disability{2, model::DisabilityType::kMental};
  h.members[spouse].self_care = model::SelfCare::kPartial;
  h.members[spouse].serious_illness = true;
  h.members[spouse].legal_supporters = model::Supporters::kUnable;
  h.members[spouse].insurance.critical_illness = false;
  h.members[spouse].community_correction = true;
  h.members[child].employment.reset();  // unknown
  h.members[child].legal_supporters.reset();
  h.members[child].school = model::School::kSeniorHigh;
  h.members[child].boarding = true;
  h.members[child].university_freshman = true;
  h.members[child].self_care.reset();  // written null: unknown
  h.members[child].supported_by = model::SupportedBy::kSiblings;
  h.members[child].orphan = model::OrphanKind::kScattered;
  h.members[child].insurance = {false, false, false};
  b.income(head, month(2019, 8), 123456)  // 1234.56 yuan, exactly
      .income(-1, month(2019, 9), yuan(950), model::IncomeKind::kBenefit)
      .income(spouse, month(2019, 9), yuan(80), model::IncomeKind::kDisabilitySubsidy)
      .expenditure(spouse, month(2019, 8), 200001)
      .expenditure(-1, month(2019, 9), 1, model::ExpenditureKind::kDisaster);
  b.financial(500005).vehicle(model::Vehicle::kMotorcycle).vehicle(model::Vehicle::kDisabilityVehicle);
  b.dwellings(1).floor_area(45.5).business_capital(0);
  h.history.category = model::HistoryCategory::kDibao;
  h.history.category_since = month(2018, 3);
  h.history.last_benefit = yuan(950);
  h.history.exit_reason = "employment";
  h.history.exit_started = month(2019, 9);
  b.paid(date(2019, 3, 2), yuan(30000)).request(date(2019, 10, 10), yuan(8000));
  return b.build();
}

// Field-by-field equality with a trace naming the field, so a failure says which one was lost.
using ::safetynet::model::testing::expect_same;

model::Household round_trip(const model::Household& h) {
  std::string bytes;
  encode_household(h, bytes);
  model::Household out;
  EXPECT_TRUE(decode_household(bytes, out)) << "household " << h.id;
  return out;
}

TEST(RecordCodec, RoundTripKeepsEveryField) {
  const model::Household h = full_household();
  ASSERT_EQ(h.members[1].id.back(), 'X');
  ASSERT_TRUE(model::parse_citizen_id(h.members[1].id).has_value());
  const model::Household out = round_trip(h);
  expect_same(h, out);
  EXPECT_EQ(out.members[0].name, "张𠮷");
  EXPECT_EQ(out.members[1].id, h.members[1].id);
  EXPECT_EQ((*out.income)[0].amount, 123456);
  EXPECT_EQ((*out.income)[1].member, -1);  // the household's own income row
  EXPECT_EQ(out.history.case_by_case_paid[0].date, date(2019, 3, 2));
}

TEST(RecordCodec, UnknownStaysUnknownAndNoneStaysNone) {
  HouseholdBuilder b;
  b.add(date(1960, 5, 1));
  b.unknown_income().unknown_assets();  // expenditure stays known and empty
  b.household().members[0].employment.reset();
  b.household().members[0].legal_supporters.reset();
  b.household().members[0].self_care.reset();
  const model::Household out = round_trip(b.household());
  EXPECT_FALSE(out.income.has_value());
  EXPECT_FALSE(out.assets.has_value());
  ASSERT_TRUE(out.expenditure.has_value());
  EXPECT_THAT(*out.expenditure, IsEmpty());
  EXPECT_FALSE(out.members[0].employment.has_value());
  EXPECT_FALSE(out.members[0].legal_supporters.has_value());
  EXPECT_FALSE(out.members[0].self_care.has_value());
  EXPECT_FALSE(out.urban_years.has_value());
  EXPECT_FALSE(out.history.category.has_value());
  EXPECT_FALSE(out.history.last_benefit.has_value());
  EXPECT_FALSE(out.history.exit_reason.has_value());
}

TEST(RecordCodec, EveryEnumValueRoundTrips) {
  // Each member takes one value of every enum, so the +1/0 "absent" offsets are checked at both ends.
  HouseholdBuilder b;
  for (int i = 0; i < 8; ++i) b.add(date(1950 + i, 1 + i, 1 + i), i % 2 ? model::Sex::kFemale : model::Sex::kMale);
  model::Household& h = b.household();
  for (int i = 0; i < 8; ++i) {
    auto& m = h.members[static_cast<std::size_t>(i)];
    m.relation = static_cast<model::Relation>(i);
    m.employment = static_cast<model::Employment>(i % 5);
    m.disability = model::Disability{1 + i % 4, static_cast<model::DisabilityType>(i % 7)};
    m.self_care = static_cast<model::SelfCare>(i % 3);
    m.orphan = static_cast<model::OrphanKind>(i % 2);
    m.legal_supporters = static_cast<model::Supporters>(i % 3);
    m.supported_by = static_cast<model::SupportedBy>(i % 2);
    m.school = static_cast<model::School>(i % 6);
  }
  for (int k = 0; k <= static_cast<int>(model::IncomeKind::kTemporaryAssistance); ++k)
    b.income(k % 8, month(2019, 1 + k % 12), k * 100 + 1, static_cast<model::IncomeKind>(k));
  for (int k = 0; k <= static_cast<int>(model::ExpenditureKind::kEducation); ++k)
    b.expenditure(k, month(2019, 1 + k), k * 100 + 1, static_cast<model::ExpenditureKind>(k));
  b.vehicle(model::Vehicle::kCar);
  h.history.category = model::HistoryCategory::kNone;
  h.lacks_labour_cause = model::LacksLabourCause::kOldAge;
  expect_same(h, round_trip(h));
}

TEST(RecordCodec, EncodingIsDeterministicAndDistinguishesChanges) {
  // The registry finds an unchanged re-import by comparing these bytes: equal records must give equal
  // bytes, and any change (here one fen, or known-empty versus unknown) different bytes.
  const model::Household h = full_household();
  std::string a, b;
  encode_household(h, a);
  encode_household(full_household(), b);
  EXPECT_EQ(a, b);
  model::Household one_fen = h;
  (*one_fen.income)[0].amount += 1;
  encode_household(one_fen, b);
  EXPECT_NE(a, b);
  model::Household empty = h;
  empty.expenditure->clear();
  model::Household unknown = h;
  unknown.expenditure.reset();
  std::string e, u;
  encode_household(empty, e);
  encode_household(unknown, u);
  EXPECT_NE(e, u);
  // `out` is cleared first: encoding into a used buffer gives the same bytes.
  std::string used = "garbage";
  encode_household(h, used);
  EXPECT_EQ(used, a);
}

TEST(RecordCodec, DecodingIntoAUsedRecordLeavesNothingOfThePreviousOne) {
  // The monthly scan decodes every household into the same objects: a smaller, emptier record
  // decoded over a full one must come out exactly as itself.
  const model::Household full = full_household();
  HouseholdBuilder b("450103");
  b.add(date(1990, 2, 28), model::Sex::kFemale);
  b.unknown_income().unknown_expenditure().unknown_assets();
  b.household().id = "H-2";
  b.household().members[0].self_care = model::SelfCare::kAble;
  const model::Household small = b.build();
  std::string bytes;
  encode_household(small, bytes);
  model::Household reused = full;
  ASSERT_TRUE(decode_household(bytes, reused));
  expect_same(small, reused);
  // And the other way round: the full record over the small one.
  encode_household(full, bytes);
  ASSERT_TRUE(decode_household(bytes, reused));
  expect_same(full, reused);
}

TEST(RecordCodec, CorruptBytesAreRefusedNotGuessed) {
  std::string bytes;
  encode_household(full_household(), bytes);
  model::Household h;
  EXPECT_FALSE(decode_household("", h));
  std::string wrong_version = bytes;
  wrong_version[0] = static_cast<char>(wrong_version[0] + 1);
  EXPECT_FALSE(decode_household(wrong_version, h));
  EXPECT_FALSE(decode_household(bytes + '\0', h)) << "trailing bytes";
  // Every truncation is refused (and none reads past the end: run under ASan to see).
  for (std::size_t n = 1; n < bytes.size(); ++n)
    EXPECT_FALSE(decode_household(std::string_view(bytes).substr(0, n), h)) << "prefix of " << n << " bytes";
}

TEST(RecordCodec, ATypicalHouseholdIsSmall) {
  // Why the registry does not store JSON: a typical household (1.64 persons, FACTS.md) with twelve
  // months of income stays a few hundred bytes. Measured: 218 bytes for two persons and a year of
  // wages (the header says "about 150"; each income row costs 8 bytes, its month index alone 3).
  HouseholdBuilder b;
  const int head = b.add(date(1974, 5, 1));
  b.add(date(1976, 3, 2), model::Sex::kFemale, model::Relation::kSpouse);
  b.yearly_income(head, month(2019, 10), yuan(1000));
  std::string bytes;
  encode_household(b.household(), bytes);
  EXPECT_LE(bytes.size(), 256u);
}

// ---- entitlements ("item:member:period:fen;…") ------------------------------------------------

TEST(EntitlementCodec, RoundTripsItemsMembersPeriodsAndAmounts) {
  std::vector<rules::Entitlement> es = {
      {rules::Item::kDibao, rules::Period::kMonth, -1, yuan(950), "R3.4"},
      {rules::Item::kOrphanSupport, rules::Period::kMonth, 2, yuan(800), "R3.3"},
      {rules::Item::kPremiumSubsidy, rules::Period::kYear, 0, yuan(150), "R4.1"},
      {rules::Item::kZeroEmploymentHousehold, rules::Period::kFlag, -1, 0, "R7.2"},
      {rules::Item::kCaseByCase, rules::Period::kMonth, -1, 800001, "R9.2"},
  };
  const std::string text = encode_entitlements(es);
  EXPECT_EQ(text,
            "living.dibao:-1:m:95000;living.orphan_support:2:m:80000;medical.premium_subsidy:0:y:15000;"
            "employment.zero_employment_household:-1:f:0;temporary.case_by_case:-1:m:800001");
  auto rows = decode_entitlements(text);
  ASSERT_EQ(rows.size(), es.size());
  for (std::size_t i = 0; i < es.size(); ++i) {
    SCOPED_TRACE(rules::item_name(es[i].item));
    EXPECT_EQ(rows[i].item, es[i].item);
    EXPECT_EQ(rows[i].member, es[i].member);
    EXPECT_EQ(rows[i].period, es[i].period);
    EXPECT_EQ(rows[i].amount, es[i].amount);
  }
  EXPECT_THAT(decode_entitlements(""), IsEmpty());
  EXPECT_EQ(encode_entitlements({}), "");
}

TEST(EntitlementCodec, SkipsWhatItCannotRead) {
  auto rows = decode_entitlements("living.dibao:-1:m:95000;no.such_item:-1:m:5;garbage;living.care_fee:0:m:100");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].item, rules::Item::kDibao);
  EXPECT_EQ(rows[1].item, rules::Item::kCareFee);
  EXPECT_EQ(rows[1].amount, 100);
}

}  // namespace
}  // namespace safetynet::registry
