#pragma once
// A citizen id as one 64-bit key: the 17 digits times 11 plus the check character (0–9, X = 10).
// Feeds of millions of rows are stored and matched by this key instead of 18-byte strings
// (docs/verification.md). Only valid ids (model/citizen_id.hpp) are keyed. Pure; thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

namespace safetynet::verify {

// `id` must be 18 characters, 17 digits and a check character (callers validate first).
inline std::int64_t person_key(std::string_view id) {
  std::int64_t v = 0;
  for (int i = 0; i < 17; ++i) v = v * 10 + (id[i] - '0');
  return v * 11 + (id[17] == 'X' ? 10 : id[17] - '0');
}

inline std::string person_id(std::int64_t key) {
  std::string s(18, '0');
  const int check = static_cast<int>(key % 11);
  s[17] = check == 10 ? 'X' : static_cast<char>('0' + check);
  key /= 11;
  for (int i = 16; i >= 0; --i, key /= 10) s[i] = static_cast<char>('0' + key % 10);
  return s;
}

}  // namespace safetynet::verify
