#include "model/household.hpp"

#include <algorithm>

#include <array>
#include <string_view>

namespace safetynet::model {
namespace {

// One table per enum: the names are the record's own words (HOUSEHOLD-FORMAT.md).
template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<const char*, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<const char*, 5> kEmployment = {"employed", "unemployed", "student", "retired", "none"};
constexpr std::array<const char*, 7> kDisabilityType = {"visual", "hearing", "speech", "physical",
                                                        "intellectual", "mental", "multiple"};
constexpr std::array<const char*, 3> kSelfCare = {"able", "partial", "none"};
constexpr std::array<const char*, 2> kOrphan = {"scattered", "institutional"};
constexpr std::array<const char*, 3> kSupporters = {"none", "unable", "able"};
constexpr std::array<const char*, 2> kSupportedBy = {"parents", "siblings"};
constexpr std::array<const char*, 6> kSchool = {"preschool", "primary", "junior", "senior_high", "vocational",
                                                "university"};
constexpr std::array<const char*, 8> kRelation = {"head", "spouse", "child", "parent", "sibling", "grandchild",
                                                  "grandparent", "other"};
constexpr std::array<const char*, 2> kSex = {"male", "female"};
constexpr std::array<const char*, 12> kIncomeKind = {
    "wage", "business", "property", "pension", "support", "gift", "other",
    "benefit", "disability_subsidy", "award", "injury_compensation", "temporary_assistance"};
constexpr std::array<const char*, 5> kExpenditureKind = {"medical", "disability", "care", "disaster", "education"};
constexpr std::array<const char*, 3> kVehicle = {"car", "motorcycle", "disability_vehicle"};
constexpr std::array<const char*, 3> kLacks = {"illness", "old_age", "disaster"};
constexpr std::array<const char*, 3> kHistoryCategory = {"dibao", "low_income", "none"};

}  // namespace

const char* to_string(Employment e) { return kEmployment[static_cast<int>(e)]; }
const char* to_string(DisabilityType e) { return kDisabilityType[static_cast<int>(e)]; }
const char* to_string(SelfCare e) { return kSelfCare[static_cast<int>(e)]; }
const char* to_string(OrphanKind e) { return kOrphan[static_cast<int>(e)]; }
const char* to_string(Supporters e) { return kSupporters[static_cast<int>(e)]; }
const char* to_string(SupportedBy e) { return kSupportedBy[static_cast<int>(e)]; }
const char* to_string(School e) { return kSchool[static_cast<int>(e)]; }
const char* to_string(Relation e) { return kRelation[static_cast<int>(e)]; }
const char* to_string(Sex e) { return kSex[static_cast<int>(e)]; }
const char* to_string(IncomeKind e) { return kIncomeKind[static_cast<int>(e)]; }
const char* to_string(ExpenditureKind e) { return kExpenditureKind[static_cast<int>(e)]; }
const char* to_string(Vehicle e) { return kVehicle[static_cast<int>(e)]; }
const char* to_string(LacksLabourCause e) { return kLacks[static_cast<int>(e)]; }
const char* to_string(HistoryCategory e) { return kHistoryCategory[static_cast<int>(e)]; }

std::optional<Employment> parse_employment(std::string_view s) { return lookup<Employment>(kEmployment, s); }
std::optional<DisabilityType> parse_disability_type(std::string_view s) {
  return lookup<DisabilityType>(kDisabilityType, s);
}
std::optional<SelfCare> parse_self_care(std::string_view s) { return lookup<SelfCare>(kSelfCare, s); }
std::optional<OrphanKind> parse_orphan(std::string_view s) { return lookup<OrphanKind>(kOrphan, s); }
std::optional<Supporters> parse_supporters(std::string_view s) { return lookup<Supporters>(kSupporters, s); }
std::optional<SupportedBy> parse_supported_by(std::string_view s) { return lookup<SupportedBy>(kSupportedBy, s); }
std::optional<School> parse_school(std::string_view s) { return lookup<School>(kSchool, s); }
std::optional<Relation> parse_relation(std::string_view s) { return lookup<Relation>(kRelation, s); }
std::optional<Sex> parse_sex(std::string_view s) { return lookup<Sex>(kSex, s); }
std::optional<IncomeKind> parse_income_kind(std::string_view s) { return lookup<IncomeKind>(kIncomeKind, s); }
std::optional<ExpenditureKind> parse_expenditure_kind(std::string_view s) {
  return lookup<ExpenditureKind>(kExpenditureKind, s);
}
std::optional<Vehicle> parse_vehicle(std::string_view s) { return lookup<Vehicle>(kVehicle, s); }
std::optional<LacksLabourCause> parse_lacks_labour_cause(std::string_view s) {
  return lookup<LacksLabourCause>(kLacks, s);
}
std::optional<HistoryCategory> parse_history_category(std::string_view s) {
  return lookup<HistoryCategory>(kHistoryCategory, s);
}

void remove_members(Household& h, std::vector<int> indices) {
  if (indices.empty()) return;
  std::sort(indices.begin(), indices.end());
  std::vector<int> remap(h.members.size(), -1);
  std::vector<Member> kept;
  for (int i = 0, next = 0; i < static_cast<int>(h.members.size()); ++i) {
    if (std::binary_search(indices.begin(), indices.end(), i)) continue;
    remap[i] = next++;
    kept.push_back(std::move(h.members[i]));
  }
  h.members = std::move(kept);
  auto renumber = [&](auto& rows) {
    if (!rows) return;
    std::erase_if(*rows, [&](const auto& r) { return r.member >= 0 && remap[r.member] < 0; });
    for (auto& r : *rows)
      if (r.member >= 0) r.member = remap[r.member];
  };
  renumber(h.income);
  renumber(h.expenditure);
}

}  // namespace safetynet::model
