// Tests for model/household.hpp: the record's words for each enum (HOUSEHOLD-FORMAT.md) read back to the
// same value, unknown words are refused, and R2.2's counted / not counted income kinds.
#include "model/household.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace safetynet::model {
namespace {

using ::testing::Eq;
using ::testing::Optional;

TEST(HouseholdNames, RoundTripEveryEnum) {
  for (int i = 0; i < 5; ++i) {
    auto e = static_cast<Employment>(i);
    EXPECT_THAT(parse_employment(to_string(e)), Optional(Eq(e)));
  }
  for (int i = 0; i < 7; ++i) {
    auto e = static_cast<DisabilityType>(i);
    EXPECT_THAT(parse_disability_type(to_string(e)), Optional(Eq(e)));
  }
  for (int i = 0; i < 6; ++i) {
    auto e = static_cast<School>(i);
    EXPECT_THAT(parse_school(to_string(e)), Optional(Eq(e)));
  }
  for (int i = 0; i < 8; ++i) {
    auto e = static_cast<Relation>(i);
    EXPECT_THAT(parse_relation(to_string(e)), Optional(Eq(e)));
  }
  for (int i = 0; i < 12; ++i) {
    auto e = static_cast<IncomeKind>(i);
    EXPECT_THAT(parse_income_kind(to_string(e)), Optional(Eq(e)));
  }
  for (int i = 0; i < 5; ++i) {
    auto e = static_cast<ExpenditureKind>(i);
    EXPECT_THAT(parse_expenditure_kind(to_string(e)), Optional(Eq(e)));
  }
}

TEST(HouseholdNames, UseTheRecordsWords) {
  EXPECT_STREQ(to_string(School::kSeniorHigh), "senior_high");
  EXPECT_STREQ(to_string(SelfCare::kPartial), "partial");
  EXPECT_STREQ(to_string(Supporters::kUnable), "unable");
  EXPECT_STREQ(to_string(Vehicle::kDisabilityVehicle), "disability_vehicle");
  EXPECT_STREQ(to_string(IncomeKind::kInjuryCompensation), "injury_compensation");
  EXPECT_STREQ(to_string(LacksLabourCause::kOldAge), "old_age");
  EXPECT_STREQ(to_string(HistoryCategory::kLowIncome), "low_income");
  EXPECT_STREQ(to_string(Sex::kFemale), "female");
  EXPECT_STREQ(to_string(OrphanKind::kInstitutional), "institutional");
  EXPECT_STREQ(to_string(SupportedBy::kSiblings), "siblings");
}

TEST(HouseholdNames, RefuseWordsOutsideTheLists) {
  EXPECT_EQ(parse_employment("jobless"), std::nullopt);
  EXPECT_EQ(parse_employment("Employed"), std::nullopt);  // case matters
  EXPECT_EQ(parse_income_kind("lottery"), std::nullopt);
  EXPECT_EQ(parse_vehicle("truck"), std::nullopt);
  EXPECT_EQ(parse_school("high_school"), std::nullopt);
  EXPECT_EQ(parse_sex("m"), std::nullopt);
  EXPECT_EQ(parse_self_care(""), std::nullopt);
}

TEST(IncomeKind, CountsExactlyTheKindsOfR22) {
  for (auto k : {IncomeKind::kWage, IncomeKind::kBusiness, IncomeKind::kProperty, IncomeKind::kPension,
                 IncomeKind::kSupport, IncomeKind::kGift, IncomeKind::kOther})
    EXPECT_TRUE(is_counted(k)) << to_string(k);
  for (auto k : {IncomeKind::kBenefit, IncomeKind::kDisabilitySubsidy, IncomeKind::kAward,
                 IncomeKind::kInjuryCompensation, IncomeKind::kTemporaryAssistance})
    EXPECT_FALSE(is_counted(k)) << to_string(k);
}

TEST(Disability, SevereIsGradeOneOrTwo) {
  EXPECT_TRUE((Disability{1, DisabilityType::kVisual}).severe());
  EXPECT_TRUE((Disability{2, DisabilityType::kMental}).severe());
  EXPECT_FALSE((Disability{3, DisabilityType::kPhysical}).severe());
  EXPECT_FALSE((Disability{4, DisabilityType::kIntellectual}).severe());
}

}  // namespace
}  // namespace safetynet::model
