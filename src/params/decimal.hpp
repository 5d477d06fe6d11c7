#pragma once
// Exact decimal parameter values: an int64 count of 1/10000 units (4 decimal places), parsed from the
// text of the parameter file, never through a binary float. Rates such as 0.60 and 1.3 and money such
// as 650.5 yuan are all exact; money parameters convert to fen with `to_fen` (SPEC R2.6). Values only.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/money.hpp"

namespace safetynet::params {

struct Decimal {
  static constexpr std::int64_t kScale = 10000;
  std::int64_t units = 0;  // value × 10000

  static constexpr Decimal of_int(std::int64_t v) { return Decimal{v * kScale}; }
  // Money parameters are whole fen: 650.5 yuan = 6505000 units = 65050 fen.
  model::Fen to_fen() const { return units / (kScale / model::kFenPerYuan); }
  std::int64_t to_int() const { return units / kScale; }
  bool is_integer() const { return units % kScale == 0; }
  bool is_whole_fen() const { return units % (kScale / model::kFenPerYuan) == 0; }
  friend constexpr auto operator<=>(Decimal, Decimal) = default;
  std::string to_string() const;  // "0.6", "650", "1.3"
};

// "650", "0.60", "1.3", "-2" -> Decimal; nullopt for more than 4 decimals or non-numbers.
std::optional<Decimal> parse_decimal(std::string_view text);

}  // namespace safetynet::params
