#pragma once
// Roles, regions and referral lines of the casework system (docs/casework.md "Roles and regions",
// "Referrals"; SPEC R11.3).
//
// A user has one `Role` and one region code (GB/T 2260 digits: 6 = county, 9 = street/township,
// 12 = community/village). A user acts only on cases whose household region starts with the
// user's code (`in_region`). Each of the seven referral `Line`s opened by an application has one
// owning role (R11.3), the only role that may close it. Pure functions over values: thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace safetynet::workflow {

enum class Role {
  kCommunity,           // 社区工作人员, 12-digit region
  kStreet,              // 街道审核人员, 9-digit region
  kCounty,              // 县级民政局审批人员, 6-digit region (also owns the `living` line)
  kMedicalInsurance,    // 医保部门
  kEducation,           // 教育部门
  kHousing,             // 住建部门
  kHumanResources,      // 人社部门
  kDisabledFederation,  // 残联
  kAuditor,             // 审计（只读）: reads everything in region, never writes
};

// snake_case name as in docs/casework.md: "community", "street", "county", "medical_insurance",
// "education", "housing", "human_resources", "disabled_federation", "auditor".
std::string_view to_string(Role role);
// Inverse of `to_string(Role)`; nullopt for anything else (exact, case-sensitive).
std::optional<Role> parse_role(std::string_view name);
// Chinese name for pages and messages, e.g. "街道审核人员".
std::string_view label_zh(Role role);

// Checks that `region` fits `role`: digits only, 12 digits for community, 9 for street, 6 for
// county, any of 6/9/12 for the other roles. Returns the region unchanged, or Problem `bad_value`
// on field `region` with a Chinese message naming the expected length. Used when a user is created
// (`safetynet user add`).
Result<std::string> check_region_for_role(Role role, std::string_view region);

// The code prefix a user's region covers: the code itself, except that a 6-digit 自治区 or 设区市 code
// drops its trailing "00" pairs ("450000" → "45", "450100" → "4501"), so a regional auditor sees
// the whole region. SQL filters use `prefix%`.
std::string_view region_prefix(std::string_view user_region);

// True when the case's household region lies inside the user's region: `case_region` starts with
// `region_prefix(user_region)` ("450102" contains "450102001" and "450102001001"; "450102002" does
// not contain "450102001001"; "450100" contains "450102001001"). An empty `user_region` contains
// nothing.
bool in_region(std::string_view user_region, std::string_view case_region);

// The referral lines an application opens (R11.3; `disability` only when a member holds a
// disability certificate — the caller decides that).
enum class Line {
  kLiving,
  kMedical,
  kEducation,
  kHousing,
  kEmployment,
  kSocialInsurance,
  kDisability
};

// "living", "medical", "education", "housing", "employment", "social_insurance", "disability".
std::string_view to_string(Line line);
std::optional<Line> parse_line(std::string_view name);
// Chinese name of the line, e.g. "基本医疗保障" (SPEC R3–R8 headings).
std::string_view label_zh(Line line);

// The department that owns a line (R11.3): living → county (civil affairs), medical →
// medical_insurance, education → education, housing → housing, employment and social_insurance →
// human_resources, disability → disabled_federation.
Role owner(Line line);
// True iff `role` owns `line` (only the owner closes a referral; the auditor never does). The
// region check is separate (`in_region`).
bool may_close_referral(Role role, Line line);

}  // namespace safetynet::workflow
