// Roles, regions and referral lines (docs/casework.md "Roles and regions", SPEC R11.3).
#include "workflow/roles.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace safetynet::workflow {
namespace {

struct RoleName {
  Role role;
  std::string_view name;
  std::string_view zh;
};

// Order matches the enum; names and Chinese labels are docs/casework.md's table.
constexpr std::array<RoleName, 9> kRoles{{
    {Role::kCommunity, "community", "社区工作人员"},
    {Role::kStreet, "street", "街道审核人员"},
    {Role::kCounty, "county", "县级民政局审批人员"},
    {Role::kMedicalInsurance, "medical_insurance", "医保部门"},
    {Role::kEducation, "education", "教育部门"},
    {Role::kHousing, "housing", "住建部门"},
    {Role::kHumanResources, "human_resources", "人社部门"},
    {Role::kDisabledFederation, "disabled_federation", "残联"},
    {Role::kAuditor, "auditor", "审计（只读）"},
}};

struct LineName {
  Line line;
  std::string_view name;
  std::string_view zh;
  Role owner;
};

// Chinese labels follow SPEC's line headings (R3–R8); disability is R3.7's two subsidies.
constexpr std::array<LineName, 7> kLines{{
    {Line::kLiving, "living", "基本生活保障", Role::kCounty},
    {Line::kMedical, "medical", "基本医疗保障", Role::kMedicalInsurance},
    {Line::kEducation, "education", "教育救助保障", Role::kEducation},
    {Line::kHousing, "housing", "基本住房安全保障", Role::kHousing},
    {Line::kEmployment, "employment", "就业创业保障", Role::kHumanResources},
    {Line::kSocialInsurance, "social_insurance", "社会保险待遇保障", Role::kHumanResources},
    {Line::kDisability, "disability", "残疾人两项补贴", Role::kDisabledFederation},
}};

const RoleName& role_entry(Role role) {
  const auto i = static_cast<std::size_t>(role);
  // An out-of-range value is a cast from a bad integer: a programmer error.
  assert(i < kRoles.size() && kRoles[i].role == role && "Role value outside the enum");
  return kRoles[i];
}

const LineName& line_entry(Line line) {
  const auto i = static_cast<std::size_t>(line);
  assert(i < kLines.size() && kLines[i].line == line && "Line value outside the enum");
  return kLines[i];
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(Role role) { return role_entry(role).name; }
std::string_view label_zh(Role role) { return role_entry(role).zh; }

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

Result<std::string> check_region_for_role(Role role, std::string_view region) {
  std::string expected;
  bool length_ok = false;
  switch (role) {
    case Role::kCommunity:
      length_ok = region.size() == 12;
      expected = "12 位数字（社区/居委会代码）";
      break;
    case Role::kStreet:
      length_ok = region.size() == 9;
      expected = "9 位数字（街道/乡镇代码）";
      break;
    case Role::kCounty:
      length_ok = region.size() == 6;
      expected = "6 位数字（县/区代码）";
      break;
    default:
      length_ok = region.size() == 6 || region.size() == 9 || region.size() == 12;
      expected = "6、9 或 12 位数字";
      break;
  }
  if (length_ok && all_digits(region)) return std::string(region);
  return make_problem("bad_value", "region", "",
                      std::string(label_zh(role)) + "的地区代码须为" + expected + "，收到“" +
                          std::string(region) + "”");
}

std::string_view region_prefix(std::string_view user_region) {
  // A 自治区 (450000) or 设区市 (450100) code covers its counties: drop its trailing "00" pairs.
  if (user_region.size() == 6) {
    while (user_region.size() > 2 && user_region.ends_with("00")) user_region.remove_suffix(2);
  }
  return user_region;
}

bool in_region(std::string_view user_region, std::string_view case_region) {
  return !user_region.empty() && case_region.starts_with(region_prefix(user_region));
}

std::string_view to_string(Line line) { return line_entry(line).name; }
std::string_view label_zh(Line line) { return line_entry(line).zh; }
Role owner(Line line) { return line_entry(line).owner; }

std::optional<Line> parse_line(std::string_view name) {
  for (const auto& l : kLines)
    if (l.name == name) return l.line;
  return std::nullopt;
}

bool may_close_referral(Role role, Line line) { return owner(line) == role; }

}  // namespace safetynet::workflow
