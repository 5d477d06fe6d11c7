#pragma once
// The parameters the rules know (SPEC section P), with their units. The loader refuses a policy file
// naming anything else (a typo would otherwise be silently ignored) and checks each file's unit.
// `required` parameters must have a value in force for every month the policy files cover.
#include <string_view>
#include <vector>

namespace safetynet::params {

enum class Unit {
  kYuanPerMonth,  // money per month (stored exactly; used in fen)
  kYuanPerYear,   // money per year
  kYuan,          // a one-off or yearly cap
  kRatio,         // a share or multiplier (0.60, 1.3)
  kMonths,        // a count of months
  kYears,         // an age or count of years
  kCount,         // a plain count (dwellings)
  kFlag,          // 0 or 1 (a rule switched on from a date)
  kSquareMetres,  // floor area
  kVehicleSet,    // a list of vehicle kinds, stored as a bit set: car 1, motorcycle 2, disability_vehicle 4
};

struct ParameterInfo {
  std::string_view name;         // "dibao_standard", "asset.financial_months"
  Unit unit;
  bool required;                 // must be in the policy files for the whole covered range
  std::string_view rule;         // SPEC rule id
  std::string_view description;  // Chinese
};

const std::vector<ParameterInfo>& parameter_catalog();
// nullptr when `name` is not a known parameter. Category-keyed parameters (`housing.rent_subsidy.dibao`,
// `medical_assistance_ratio.tekun`) are found by their stem.
const ParameterInfo* find_parameter(std::string_view name);
std::string_view unit_name(Unit u);

}  // namespace safetynet::params
