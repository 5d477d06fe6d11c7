#pragma once
// Guangxi region codes (SPEC R0 "region", HOUSEHOLD-FORMAT.md `unknown_region`).
//
// A code is valid if it is in any of the lists in `data/regions/` (the union of the civil-affairs
// GB/T 2260 revisions 2019-04 and 2020-12 and the statistics bureau's 2023 street and community lists,
// SPEC "Regions"). 6 digits: 自治区 450000, 设区市 4501 00, county 450102; 9: street/township; 12:
// community/village. The catalog is loaded once and then read-only: safe to share between threads.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.hpp"

namespace safetynet::model {

class RegionCatalog {
 public:
  // Reads every `*.tsv` / `*.csv` list in `dir` (formats as shipped in data/regions/). Problems name the
  // file and row of anything unreadable.
  static Result<RegionCatalog> load(const std::string& dir);

  bool contains(std::string_view code) const { return names_.count(std::string(code)) != 0; }
  // Chinese name of a code, "" when unknown.
  std::string name(std::string_view code) const;

  // The county (6 digits) of any code: "450102001" -> "450102".
  static std::string county_of(std::string_view code) { return std::string(code.substr(0, 6)); }
  // The 设区市 of any code: "450102001" -> "450100".
  static std::string city_of(std::string_view code) { return std::string(code.substr(0, 4)) + "00"; }
  // The street (9 digits) of a 9- or 12-digit code, "" for a county code.
  static std::string street_of(std::string_view code) {
    return code.size() >= 9 ? std::string(code.substr(0, 9)) : std::string();
  }
  std::size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, std::string> names_;  // code -> name (latest list wins)
};

// The 14 设区市 of Guangxi in code order, numbered for arrays and for splitting work by region (reports,
// simulation and verification across MPI ranks): 0 = 450100 南宁 … 13 = 451400 崇左; any other code gets
// kGuangxiCities (one slot past the last).
inline constexpr int kGuangxiCities = 14;
// "450102001003" -> 0, "451481" -> 13, "440102" or "45" -> kGuangxiCities.
int guangxi_city_index(std::string_view region);
// 0 -> "450100" … 13 -> "451400"; "" outside 0 … 13.
std::string guangxi_city_code(int index);

// Default location of the shipped lists: $SAFETYNET_HOME/data/regions, else the source tree's.
std::string default_region_dir();
// Default location of the policy parameter tree: $SAFETYNET_HOME/policy, else the source tree's.
std::string default_policy_dir();
// Default location of the department feed mappings (verify/mapping.hpp): $SAFETYNET_HOME/feeds, else
// the source tree's.
std::string default_feeds_dir();

}  // namespace safetynet::model
