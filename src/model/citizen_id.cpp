#include "model/citizen_id.hpp"

namespace safetynet::model {

char citizen_id_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

std::optional<CitizenIdInfo> parse_citizen_id(std::string_view id) {
  if (id.size() != 18) return std::nullopt;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return std::nullopt;
  }
  char last = id[17];
  if (!((last >= '0' && last <= '9') || last == 'X')) return std::nullopt;
  auto birth = parse_date(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                          std::string(id.substr(12, 2)));
  if (!birth || birth->year < 1900) return std::nullopt;
  if (citizen_id_check_char(id.substr(0, 17)) != last) return std::nullopt;
  return CitizenIdInfo{*birth, ((id[16] - '0') % 2 == 1) ? Sex::kMale : Sex::kFemale};
}

std::string normalise_citizen_id(std::string_view raw, bool* changed) {
  std::string out;
  bool ch = false;
  std::size_t b = 0, e = raw.size();
  while (b < e && (raw[b] == ' ' || raw[b] == '\t')) ++b;
  while (e > b && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) --e;
  if (b != 0 || e != raw.size()) ch = true;
  for (std::size_t i = b; i < e; ++i) {
    unsigned char c = raw[i];
    // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8; full-width X/x are EF BC B8 / EF BD 98.
    if (c == 0xEF && i + 2 < e) {
      unsigned char c1 = raw[i + 1], c2 = raw[i + 2];
      if (c1 == 0xBC && c2 >= 0x90 && c2 <= 0x99) {
        out += static_cast<char>('0' + (c2 - 0x90));
        i += 2;
        ch = true;
        continue;
      }
      if ((c1 == 0xBC && c2 == 0xB8) || (c1 == 0xBD && c2 == 0x98)) {
        out += 'X';
        i += 2;
        ch = true;
        continue;
      }
    }
    if (c == 'x') {
      out += 'X';
      ch = true;
      continue;
    }
    out += static_cast<char>(c);
  }
  if (changed) *changed = ch;
  return out;
}

}  // namespace safetynet::model
