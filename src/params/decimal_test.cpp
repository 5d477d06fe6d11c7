// Tests for params/decimal.hpp (exact 4-decimal parameter values) and params/catalog.hpp (the known
// parameters of SPEC section P).
#include "params/decimal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "params/catalog.hpp"

namespace safetynet::params {
namespace {

using ::testing::Eq;
using ::testing::Optional;

TEST(Decimal, ParsesExactly) {
  EXPECT_THAT(parse_decimal("0.60"), Optional(Eq(Decimal{6000})));
  EXPECT_THAT(parse_decimal("0.6"), Optional(Eq(Decimal{6000})));
  EXPECT_THAT(parse_decimal("1.3"), Optional(Eq(Decimal{13000})));
  EXPECT_THAT(parse_decimal("650"), Optional(Eq(Decimal::of_int(650))));
  EXPECT_THAT(parse_decimal("0.0001"), Optional(Eq(Decimal{1})));
  EXPECT_THAT(parse_decimal("-2"), Optional(Eq(Decimal{-20000})));
  EXPECT_THAT(parse_decimal("+2"), Optional(Eq(Decimal{20000})));
  EXPECT_THAT(parse_decimal("0.12340"), Optional(Eq(Decimal{1234})));
  EXPECT_THAT(parse_decimal(".5"), Optional(Eq(Decimal{5000})));
}

TEST(Decimal, RefusesMoreThanFourDecimalsAndNonNumbers) {
  EXPECT_EQ(parse_decimal("0.00001"), std::nullopt);
  EXPECT_EQ(parse_decimal(""), std::nullopt);
  EXPECT_EQ(parse_decimal("-"), std::nullopt);
  EXPECT_EQ(parse_decimal("abc"), std::nullopt);
  EXPECT_EQ(parse_decimal("1.2.3"), std::nullopt);
  EXPECT_EQ(parse_decimal("1e3"), std::nullopt);
  EXPECT_EQ(parse_decimal("70%"), std::nullopt);
}

TEST(Decimal, ConvertsMoneyToFen) {
  EXPECT_EQ(parse_decimal("650.5")->to_fen(), 65050);
  EXPECT_EQ(parse_decimal("650")->to_fen(), 65000);
  EXPECT_TRUE(parse_decimal("650.05")->is_whole_fen());
  EXPECT_FALSE(parse_decimal("650.005")->is_whole_fen());
  EXPECT_TRUE(parse_decimal("12")->is_integer());
  EXPECT_FALSE(parse_decimal("12.5")->is_integer());
  EXPECT_EQ(parse_decimal("12.9")->to_int(), 12);
}

TEST(Decimal, WritesWithoutTrailingZeros) {
  EXPECT_EQ(Decimal{6000}.to_string(), "0.6");
  EXPECT_EQ(Decimal{13000}.to_string(), "1.3");
  EXPECT_EQ(Decimal::of_int(650).to_string(), "650");
  EXPECT_EQ(Decimal{-20000}.to_string(), "-2");
  EXPECT_EQ(Decimal{1}.to_string(), "0.0001");
  EXPECT_EQ(Decimal{-5}.to_string(), "-0.0005");
}

TEST(Decimal, Compares) {
  EXPECT_LT(Decimal{6999}, Decimal{7000});
  EXPECT_EQ(Decimal::of_int(1), Decimal{10000});
}

TEST(Catalog, FindsParametersAndCategoryKeyedStems) {
  const ParameterInfo* std = find_parameter("dibao_standard");
  ASSERT_NE(std, nullptr);
  EXPECT_EQ(std->unit, Unit::kYuanPerMonth);
  EXPECT_TRUE(std->required);
  const ParameterInfo* rent = find_parameter("housing.rent_subsidy.dibao");
  ASSERT_NE(rent, nullptr);
  EXPECT_EQ(rent->name, "housing.rent_subsidy");
  EXPECT_FALSE(rent->required);
  const ParameterInfo* ratio = find_parameter("medical_assistance_ratio.tekun");
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->unit, Unit::kRatio);
  EXPECT_EQ(find_parameter("dibao_standrad"), nullptr);
  EXPECT_EQ(find_parameter(""), nullptr);
}

TEST(Catalog, KnowsTheUnitsOfSectionP) {
  EXPECT_EQ(find_parameter("gradual_exit_months")->unit, Unit::kMonths);
  EXPECT_EQ(find_parameter("medical_premium")->unit, Unit::kYuanPerYear);
  EXPECT_EQ(find_parameter("temporary.case_by_case_cap")->unit, Unit::kYuan);
  EXPECT_EQ(find_parameter("care_subsidy_mental_grade_3_4")->unit, Unit::kFlag);
  EXPECT_EQ(find_parameter("housing.min_area_per_person")->unit, Unit::kSquareMetres);
  EXPECT_EQ(unit_name(Unit::kYuanPerMonth), "yuan_per_month");
  EXPECT_EQ(unit_name(Unit::kRatio), "ratio");
  // Optional parameters: no item unless given (R3.1 published standard, R5 amounts, R6).
  for (const char* name : {"tekun_standard", "low_income_standard", "edu.boarding", "housing.tekun_dispersed"})
    EXPECT_FALSE(find_parameter(name)->required) << name;
}

}  // namespace
}  // namespace safetynet::params
