// The compact text form of entitlements stored with each assessment and payment:
// "living.dibao:-1:m:95000;medical.premium_subsidy:0:y:15000;employment.zero_employment_household:-1:f:0".
#include <charconv>

#include "registry/registry.hpp"

namespace safetynet::registry {

std::string encode_entitlements(const std::vector<rules::Entitlement>& es) {
  std::string out;
  for (const auto& e : es) {
    if (!out.empty()) out += ';';
    out += rules::item_name(e.item);
    out += ':';
    out += std::to_string(e.member);
    out += e.period == rules::Period::kMonth ? ":m:" : e.period == rules::Period::kYear ? ":y:" : ":f:";
    out += std::to_string(e.amount);
  }
  return out;
}

std::vector<EntitlementRow> decode_entitlements(std::string_view s) {
  std::vector<EntitlementRow> out;
  while (!s.empty()) {
    auto end = s.find(';');
    std::string_view part = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view() : s.substr(end + 1);
    auto c1 = part.find(':');
    auto c2 = part.find(':', c1 + 1);
    auto c3 = part.find(':', c2 + 1);
    if (c1 == std::string_view::npos || c2 == std::string_view::npos || c3 == std::string_view::npos) continue;
    auto item = rules::parse_item(part.substr(0, c1));
    if (!item) continue;
    EntitlementRow r{*item, -1, rules::Period::kMonth, 0};
    std::from_chars(part.data() + c1 + 1, part.data() + c2, r.member);
    char p = part[c2 + 1];
    r.period = p == 'm' ? rules::Period::kMonth : p == 'y' ? rules::Period::kYear : rules::Period::kFlag;
    std::from_chars(part.data() + c3 + 1, part.data() + part.size(), r.amount);
    out.push_back(r);
  }
  return out;
}

}  // namespace safetynet::registry
