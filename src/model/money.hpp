#pragma once
// Money: integer fen (1 yuan = 100 fen), never floating point (SPEC R2.6, ARCHITECTURE "Money").
//
// Amounts are parsed from their decimal text (`parse_yuan("1234.56")` is 123456 fen), so a value never
// passes through a binary float. Rules compute exact rationals (numerator / denominator, in fen) and
// round once per amount with one of the helpers below; the rounding unit is in fen (P.rounding = 1 yuan
// = 100 fen). Values only; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet::model {

using Fen = std::int64_t;
// 128-bit intermediate for exact products of money, windows and persons (no overflow, no rounding).
__extension__ typedef __int128 Int128;

inline constexpr Fen kFenPerYuan = 100;

// The largest amount a record may carry: 1,000,000,000 yuan (10 亿元). Larger is a typing error, and the
// bound keeps every sum of a household's rows far inside int64 fen.
inline constexpr Fen kMaxRecordAmount = 1'000'000'000 * kFenPerYuan;

// Parses decimal yuan text ("650", "333.34", "-0" refused) into fen. Returns nullopt for anything that is
// not a plain non-negative decimal with at most two decimals (the caller reports `bad_amount`).
// A leading '+' is refused too: offices' files never need it, and refusing is clearer.
std::optional<Fen> parse_yuan(std::string_view text);

// Same as parse_yuan but allows a leading '-' (for differences in reports; never for input records).
std::optional<Fen> parse_signed_yuan(std::string_view text);

// Formats fen as yuan with two decimals: 95000 -> "950.00", -5 -> "-0.05".
std::string format_yuan(Fen fen);

// Rounding of an exact rational amount num/den fen (den > 0) to a multiple of `unit` fen.
// R2.6: half away from zero. R3.1/R3.2 floors (and "at least" amounts) round up; caps round down.
Fen round_half_away(Int128 num, Int128 den, Fen unit);
Fen round_up(Int128 num, Int128 den, Fen unit);
Fen round_down(Int128 num, Int128 den, Fen unit);

}  // namespace safetynet::model
