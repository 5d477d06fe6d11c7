#include "params/decimal.hpp"

namespace safetynet::params {

std::optional<Decimal> parse_decimal(std::string_view t) {
  bool neg = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return std::nullopt;
  std::int64_t whole = 0, frac = 0;
  std::size_t i = 0, wd = 0, fd = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++wd) {
    if (whole > 100000000000LL) return std::nullopt;
    whole = whole * 10 + (t[i] - '0');
  }
  if (i < t.size()) {
    if (t[i] != '.') return std::nullopt;
    ++i;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++fd) {
      if (fd >= 4) {
        if (t[i] != '0') return std::nullopt;
        continue;
      }
      frac = frac * 10 + (t[i] - '0');
    }
    if (i != t.size()) return std::nullopt;
  }
  if (wd == 0 && fd == 0) return std::nullopt;
  for (std::size_t k = fd; k < 4; ++k) frac *= 10;
  std::int64_t u = whole * Decimal::kScale + frac;
  return Decimal{neg ? -u : u};
}

std::string Decimal::to_string() const {
  std::int64_t a = units < 0 ? -units : units;
  std::string s = std::to_string(a / kScale);
  std::int64_t f = a % kScale;
  if (f != 0) {
    std::string fs = std::to_string(f + kScale).substr(1);
    while (!fs.empty() && fs.back() == '0') fs.pop_back();
    s += "." + fs;
  }
  return units < 0 ? "-" + s : s;
}

}  // namespace safetynet::params
