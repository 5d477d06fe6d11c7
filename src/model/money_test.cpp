// Tests for model/money.hpp: exact decimal parsing into fen, formatting, and the three rounding helpers
// of SPEC R2.6 (half away from zero), R3.1/R3.2 (floors round up) and R9.2 (caps round down).
#include "model/money.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>
#include <optional>

namespace safetynet::model {
namespace {

using ::testing::Eq;
using ::testing::Optional;

TEST(ParseYuan, ReadsTheDecimalTextExactly) {
  // HOUSEHOLD-FORMAT.md: 1234.56 must be 123456 fen, never through a binary float.
  EXPECT_THAT(parse_yuan("1234.56"), Optional(Eq(123456)));
  EXPECT_THAT(parse_yuan("650"), Optional(Eq(65000)));
  EXPECT_THAT(parse_yuan("333.34"), Optional(Eq(33334)));
  EXPECT_THAT(parse_yuan("0.01"), Optional(Eq(1)));
  EXPECT_THAT(parse_yuan("0"), Optional(Eq(0)));
  EXPECT_THAT(parse_yuan("0.1"), Optional(Eq(10)));
  // 0.29 and 1.15 are the classic binary-float traps (0.29 * 100 = 28.999…).
  EXPECT_THAT(parse_yuan("0.29"), Optional(Eq(29)));
  EXPECT_THAT(parse_yuan("1.15"), Optional(Eq(115)));
  EXPECT_THAT(parse_yuan("46800.02"), Optional(Eq(4680002)));
}

TEST(ParseYuan, AcceptsTwoDecimalsWithATrailingZero) {
  EXPECT_THAT(parse_yuan("12.50"), Optional(Eq(1250)));
  EXPECT_THAT(parse_yuan("12.5"), Optional(Eq(1250)));
  EXPECT_THAT(parse_yuan("1000.00"), Optional(Eq(100000)));
  // A third decimal that is zero is not finer than a fen.
  EXPECT_THAT(parse_yuan("12.500"), Optional(Eq(1250)));
}

TEST(ParseYuan, RefusesAmountsFinerThanAFen) {
  // R2.6 / bad_amount: 1000.005 yuan = 100000.5 fen.
  EXPECT_EQ(parse_yuan("1000.005"), std::nullopt);
  EXPECT_EQ(parse_yuan("0.001"), std::nullopt);
  EXPECT_EQ(parse_yuan("12.501"), std::nullopt);
}

TEST(ParseYuan, RefusesNegativeAndNonNumbers) {
  EXPECT_EQ(parse_yuan("-1"), std::nullopt);
  EXPECT_EQ(parse_yuan("-0"), std::nullopt);
  EXPECT_EQ(parse_yuan("-0.01"), std::nullopt);
  EXPECT_EQ(parse_yuan("+5"), std::nullopt);
  EXPECT_EQ(parse_yuan(""), std::nullopt);
  EXPECT_EQ(parse_yuan("abc"), std::nullopt);
  EXPECT_EQ(parse_yuan("12."), std::nullopt);
  EXPECT_EQ(parse_yuan(".5"), std::nullopt);
  EXPECT_EQ(parse_yuan("1,000"), std::nullopt);
  EXPECT_EQ(parse_yuan(" 12"), std::nullopt);
  EXPECT_EQ(parse_yuan("12 "), std::nullopt);
  EXPECT_EQ(parse_yuan("1e3"), std::nullopt);
  EXPECT_EQ(parse_yuan("12.3.4"), std::nullopt);
}

TEST(ParseYuan, RefusesAmountsThatWouldOverflowFen) {
  EXPECT_EQ(parse_yuan("99999999999999999999"), std::nullopt);
  // INT64_MAX fen is 92233720368547758.07 yuan: one fen more, or a whole yuan more, does not fit.
  EXPECT_EQ(parse_yuan("92233720368547758.08"), std::nullopt);
  EXPECT_EQ(parse_yuan("92233720368547759"), std::nullopt);
  EXPECT_EQ(parse_yuan("92233720368547760"), std::nullopt);
  // The largest amount that fits, and a large ordinary one, still parse.
  EXPECT_THAT(parse_yuan("92233720368547758.07"), Optional(Eq(LLONG_MAX)));
  EXPECT_THAT(parse_yuan("1000000000000"), Optional(Eq(100000000000000LL)));
}

TEST(ParseSignedYuan, AllowsALeadingMinus) {
  EXPECT_THAT(parse_signed_yuan("-1"), Optional(Eq(-100)));
  EXPECT_THAT(parse_signed_yuan("-0.05"), Optional(Eq(-5)));
  EXPECT_THAT(parse_signed_yuan("12.34"), Optional(Eq(1234)));
  EXPECT_EQ(parse_signed_yuan("--1"), std::nullopt);
  EXPECT_EQ(parse_signed_yuan("-1.005"), std::nullopt);
}

TEST(FormatYuan, WritesTwoDecimals) {
  EXPECT_EQ(format_yuan(95000), "950.00");
  EXPECT_EQ(format_yuan(123456), "1234.56");
  EXPECT_EQ(format_yuan(1), "0.01");
  EXPECT_EQ(format_yuan(10), "0.10");
  EXPECT_EQ(format_yuan(0), "0.00");
  EXPECT_EQ(format_yuan(-5), "-0.05");
  EXPECT_EQ(format_yuan(-95001), "-950.01");
  EXPECT_EQ(format_yuan(LLONG_MIN), "-92233720368547758.08");
}

TEST(FormatYuan, RoundTripsThroughParse) {
  for (Fen f : {0LL, 1LL, 99LL, 100LL, 123456LL, 4680002LL, 9999999999LL}) {
    EXPECT_THAT(parse_yuan(format_yuan(f)), Optional(Eq(f))) << f;
    EXPECT_THAT(parse_signed_yuan(format_yuan(-f)), Optional(Eq(-f))) << f;
  }
}

TEST(RoundHalfAway, RoundsToTheUnitHalfAwayFromZero) {
  // R2.6: 949.50 -> 950, 949.49 -> 949, in whole yuan (unit 100 fen).
  EXPECT_EQ(round_half_away(94950, 1, 100), 95000);
  EXPECT_EQ(round_half_away(94949, 1, 100), 94900);
  EXPECT_EQ(round_half_away(94900, 1, 100), 94900);
  EXPECT_EQ(round_half_away(-94950, 1, 100), -95000);
  EXPECT_EQ(round_half_away(-94949, 1, 100), -94900);
  // Exact rationals: (3 x 650 x 12 yuan - 12006 yuan) / 12 = 949.50 yuan -> 950.
  EXPECT_EQ(round_half_away(3LL * 65000 * 12 - 1200600, 12, 100), 95000);
  // 1/3 fen rounds to 0 fen; 2/3 fen to 1 fen.
  EXPECT_EQ(round_half_away(1, 3, 1), 0);
  EXPECT_EQ(round_half_away(2, 3, 1), 1);
  // Unit of 10 yuan: 945 -> 950, 944.99 -> 940.
  EXPECT_EQ(round_half_away(94500, 1, 1000), 95000);
  EXPECT_EQ(round_half_away(94499, 1, 1000), 94000);
}

TEST(RoundUp, RoundsTowardsPositiveInfinity) {
  // R3.1: 1.3 x 781 = 1015.30 -> 1016.
  EXPECT_EQ(round_up(101530, 1, 100), 101600);
  EXPECT_EQ(round_up(84500, 1, 100), 84500);  // 1.3 x 650 = 845 exactly stays
  EXPECT_EQ(round_up(1, 1, 100), 100);
  EXPECT_EQ(round_up(0, 1, 100), 0);
  EXPECT_EQ(round_up(-150, 1, 100), -100);
  // 0.6 x 1680 in 1/10000 units: 6000 x 168000 / 10000 = 100800 fen.
  EXPECT_EQ(round_up(6000LL * 168000, 10000, 100), 100800);
}

TEST(RoundDown, RoundsTowardsNegativeInfinity) {
  // R9.2: 4999.50 left -> 4999.
  EXPECT_EQ(round_down(499950, 1, 100), 499900);
  EXPECT_EQ(round_down(500000, 1, 100), 500000);
  EXPECT_EQ(round_down(99, 1, 100), 0);
  EXPECT_EQ(round_down(-150, 1, 100), -200);
  EXPECT_EQ(round_down(1199, 12, 1), 99);
}

}  // namespace
}  // namespace safetynet::model
