#include "server/record_fields.hpp"

#include <array>
#include <span>
#include <string_view>

#include "io/household_record.hpp"
#include "server/app.hpp"
#include "server/json_to_yaml.hpp"

namespace safetynet::server {
namespace {

using Keys = std::span<const std::string_view>;

// HOUSEHOLD-FORMAT.md, field by field.
constexpr std::array<std::string_view, 12> kHousehold = {"id",      "region",      "residence", "urban_years", "residence_permit", "lacks_labour_cause",
                             "members", "income",      "expenditure", "assets",    "history",          "requests"};
constexpr std::array<std::string_view, 18> kMember = {"id",           "name",     "relation",   "sex",          "birth_date",
                          "employment",   "disability", "self_care", "serious_illness", "orphan",
                          "legal_supporters", "supported_by", "community_correction", "school", "boarding",
                          "university_freshman", "insurance", "medical_self_paid"};
constexpr std::array<std::string_view, 2> kDisability = {"grade", "type"};
constexpr std::array<std::string_view, 3> kInsurance = {"medical", "critical_illness", "pension"};
constexpr std::array<std::string_view, 2> kSelfPaid = {"year", "amount"};
constexpr std::array<std::string_view, 4> kIncome = {"member", "month", "kind", "amount"};
constexpr std::array<std::string_view, 4> kExpenditure = {"month", "kind", "amount", "member"};
constexpr std::array<std::string_view, 5> kAssets = {"financial", "vehicles", "dwellings", "floor_area_m2", "business_capital"};
constexpr std::array<std::string_view, 6> kHistory = {"category", "category_since", "last_benefit", "exit_reason", "exit_started", "case_by_case_paid"};
constexpr std::array<std::string_view, 2> kGrant = {"date", "amount"};
constexpr std::array<std::string_view, 3> kRequest = {"kind", "date", "amount"};

void check(const nlohmann::json& obj, Keys keys, const std::string& path) {
  if (!obj.is_object()) return;  // the record parser reports wrong shapes with their own codes
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (auto key : keys) known = known || key == k;
    if (!known) throw ApiError(422, "unknown_field", "户记录中没有字段 " + path + "." + k + "（见 HOUSEHOLD-FORMAT.md）", path + "." + k);
  }
}

void check_rows(const nlohmann::json& obj, const char* name, Keys keys, const std::string& path) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i)
    check((*it)[i], keys, path + "." + name + "[" + std::to_string(i) + "]");
}

void check_child(const nlohmann::json& obj, const char* name, Keys keys, const std::string& path) {
  if (auto it = obj.find(name); it != obj.end()) check(*it, keys, path + "." + name);
}

}  // namespace

void check_record_fields(const nlohmann::json& h, const std::string& prefix) {
  check(h, kHousehold, prefix);
  if (!h.is_object()) return;
  if (auto m = h.find("members"); m != h.end() && m->is_array())
    for (std::size_t i = 0; i < m->size(); ++i) {
      const std::string p = prefix + ".members[" + std::to_string(i) + "]";
      check((*m)[i], kMember, p);
      if (!(*m)[i].is_object()) continue;
      check_child((*m)[i], "disability", kDisability, p);
      check_child((*m)[i], "insurance", kInsurance, p);
      check_rows((*m)[i], "medical_self_paid", kSelfPaid, p);
    }
  check_rows(h, "income", kIncome, prefix);
  check_rows(h, "expenditure", kExpenditure, prefix);
  check_child(h, "assets", kAssets, prefix);
  check_child(h, "history", kHistory, prefix);
  if (auto hist = h.find("history"); hist != h.end() && hist->is_object())
    check_rows(*hist, "case_by_case_paid", kGrant, prefix + ".history");
  check_rows(h, "requests", kRequest, prefix);
}

model::Household household_from_body(const nlohmann::json& body, const model::RegionCatalog& regions) {
  auto it = body.find("household");
  if (it == body.end() || !it->is_object())
    throw ApiError(422, "missing_field", "缺少 household（户记录对象，见 HOUSEHOLD-FORMAT.md）", "household");
  check_record_fields(*it);
  auto parsed = io::parse_household(to_yaml(*it), regions);
  if (!parsed) {
    ApiError e(422, "invalid_record", "户记录有误，共 " + std::to_string(parsed.problems().size()) + " 处", "household");
    e.problems = parsed.problems();
    throw e;
  }
  return std::move(parsed).value();
}

}  // namespace safetynet::server
