#include "model/money.hpp"

#include <cstdlib>

namespace safetynet::model {
namespace {

std::optional<Fen> parse_unsigned(std::string_view t) {
  if (t.empty()) return std::nullopt;
  Fen whole = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  // The largest whole-yuan part whose fen value can fit in an int64 (the fen are checked at the end).
  constexpr Fen kMaxWhole = INT64_MAX / kFenPerYuan;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (t[i] - '0');  // whole <= kMaxWhole before this step: no overflow
    if (whole > kMaxWhole) return std::nullopt;
  }
  if (digits == 0) return std::nullopt;
  Fen frac = 0;
  if (i < t.size()) {
    if (t[i] != '.') return std::nullopt;
    ++i;
    std::size_t fd = 0;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++fd) {
      if (fd >= 2) {
        // A third decimal is allowed only if it and all after it are zero ("12.500").
        if (t[i] != '0') return std::nullopt;
        continue;
      }
      frac = frac * 10 + (t[i] - '0');
    }
    if (fd == 0 || i != t.size()) return std::nullopt;
    if (fd == 1) frac *= 10;
  }
  if (whole == kMaxWhole && frac > INT64_MAX % kFenPerYuan) return std::nullopt;  // one fen too many
  return whole * kFenPerYuan + frac;
}

}  // namespace

std::optional<Fen> parse_yuan(std::string_view text) { return parse_unsigned(text); }

std::optional<Fen> parse_signed_yuan(std::string_view text) {
  if (!text.empty() && text[0] == '-') {
    auto v = parse_unsigned(text.substr(1));
    if (!v) return std::nullopt;
    return -*v;
  }
  return parse_unsigned(text);
}

std::string format_yuan(Fen fen) {
  std::string sign = fen < 0 ? "-" : "";
  unsigned long long a = fen < 0 ? static_cast<unsigned long long>(-(fen + 1)) + 1 : fen;
  std::string cents = std::to_string(a % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return sign + std::to_string(a / 100) + "." + cents;
}

Fen round_half_away(Int128 num, Int128 den, Fen unit) {
  // num/den fen, to a multiple of unit: |q| = floor((2|num| + den*unit) / (2*den*unit)).
  bool neg = num < 0;
  Int128 a = neg ? -num : num;
  Int128 d = den * unit;
  Int128 q = (2 * a + d) / (2 * d);
  return static_cast<Fen>((neg ? -q : q) * unit);
}

Fen round_up(Int128 num, Int128 den, Fen unit) {
  Int128 d = den * unit;
  Int128 q = num >= 0 ? (num + d - 1) / d : -((-num) / d);
  return static_cast<Fen>(q * unit);
}

Fen round_down(Int128 num, Int128 den, Fen unit) {
  Int128 d = den * unit;
  Int128 q = num >= 0 ? num / d : -((-num + d - 1) / d);
  return static_cast<Fen>(q * unit);
}

}  // namespace safetynet::model
