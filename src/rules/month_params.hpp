#pragma once
// The parameters of one region in one month, resolved once from the ParameterSet (county → 设区市 →
// 自治区, value in force on the first day of the month, SPEC R2.7) so that assessing a household
// reads plain fields instead of looking names up. An empty field means "no value in force": the rule
// that needs it refuses the record with `no_parameter` (SPEC "Precise readings"); a rule that does not
// need it never looks. `ParamCache` memoises by (county, month) for batches. Values only; ParamCache
// is not thread-safe (one per thread).
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "model/month.hpp"
#include "params/decimal.hpp"
#include "params/parameter_set.hpp"

namespace safetynet::rules {

using params::Decimal;
using OptDec = std::optional<Decimal>;

// Category keys for category-differentiated parameters (R4.2, R6.2).
enum class CatKey : std::uint8_t { kTekun, kOrphan, kDibao, kLowIncome, kCount };

struct MonthParams {
  std::string region;  // the 6-digit county the values were resolved for
  model::Month month;
  OptDec dibao_standard, low_income_standard, low_income_multiplier, min_wage;
  OptDec tekun_multiplier, tekun_standard, care_fee_rate_none, care_fee_rate_partial;
  OptDec orphan_scattered, orphan_institutional;
  OptDec disability_living_subsidy, severe_disability_care_subsidy, care_subsidy_mental_grade_3_4;
  OptDec zero_employment_window_months, income_window_months, dibao_min_benefit, gradual_exit_months;
  OptDec medical_premium, medical_premium_share_full, medical_premium_share_partial;
  OptDec medical_assistance_ratio[static_cast<int>(CatKey::kCount)];  // per category, else generic
  OptDec medical_assistance_cap, screening_age_min, screening_age_max;
  OptDec edu_boarding, edu_high_school_grant, edu_freshman_aid, edu_university_grant, edu_vocational_grant;
  OptDec housing_min_area_per_person, housing_tekun_dispersed;
  OptDec housing_rent_subsidy[static_cast<int>(CatKey::kCount)];
  OptDec retirement_age_male, retirement_age_female;
  OptDec pension_contribution_paid_full, pension_contribution_paid_dibao;
  OptDec case_by_case_cap;
  OptDec asset_financial_months, asset_low_income_financial_months, asset_max_dwellings, asset_business_capital;
  OptDec asset_vehicle_allowed;  // bit set (params/catalog.hpp); absent = motorcycle and disability vehicle
  OptDec rounding;
};

// Resolves every parameter the rules use for `region` (any length ≥ 6) and `month`.
MonthParams resolve_month_params(const params::ParameterSet& set, const std::string& region, model::Month month);

class ParamCache {
 public:
  explicit ParamCache(const params::ParameterSet& set) : set_(set) {}
  // The resolved parameters of the county of `region` in `month` (computed once per pair).
  const MonthParams& get(const std::string& region, model::Month month);

 private:
  const params::ParameterSet& set_;
  std::unordered_map<std::uint64_t, MonthParams> cache_;  // county code × month index -> params
  std::uint64_t last_key_ = 0;             // most households in a batch share the previous one's county
  const MonthParams* last_ = nullptr;
};

}  // namespace safetynet::rules
