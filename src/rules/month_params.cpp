#include "rules/month_params.hpp"

namespace safetynet::rules {

MonthParams resolve_month_params(const params::ParameterSet& set, const std::string& region, model::Month month) {
  MonthParams p;
  p.region = region.substr(0, 6);
  p.month = month;
  auto v = [&](const char* name) { return set.value(name, p.region, month); };
  p.dibao_standard = v("dibao_standard");
  p.low_income_standard = v("low_income_standard");
  p.low_income_multiplier = v("low_income_multiplier");
  p.min_wage = v("min_wage");
  p.tekun_multiplier = v("tekun_multiplier");
  p.tekun_standard = v("tekun_standard");
  p.care_fee_rate_none = v("care_fee_rate.none");
  p.care_fee_rate_partial = v("care_fee_rate.partial");
  p.orphan_scattered = v("orphan_scattered");
  p.orphan_institutional = v("orphan_institutional");
  p.disability_living_subsidy = v("disability_living_subsidy");
  p.severe_disability_care_subsidy = v("severe_disability_care_subsidy");
  p.care_subsidy_mental_grade_3_4 = v("care_subsidy_mental_grade_3_4");
  p.zero_employment_window_months = v("zero_employment_window_months");
  p.income_window_months = v("income_window_months");
  p.dibao_min_benefit = v("dibao_min_benefit");
  p.gradual_exit_months = v("gradual_exit_months");
  p.medical_premium = v("medical_premium");
  p.medical_premium_share_full = v("medical_premium_share.full");
  p.medical_premium_share_partial = v("medical_premium_share.partial");
  static const char* kCats[] = {"tekun", "orphan", "dibao", "low_income"};
  OptDec ratio = v("medical_assistance_ratio");
  for (int c = 0; c < static_cast<int>(CatKey::kCount); ++c) {
    OptDec specific = set.value(std::string("medical_assistance_ratio.") + kCats[c], p.region, month);
    p.medical_assistance_ratio[c] = specific ? specific : ratio;
    p.housing_rent_subsidy[c] = set.value(std::string("housing.rent_subsidy.") + kCats[c], p.region, month);
  }
  p.medical_assistance_cap = v("medical_assistance_cap");
  p.screening_age_min = v("screening_age.min");
  p.screening_age_max = v("screening_age.max");
  p.edu_boarding = v("edu.boarding");
  p.edu_high_school_grant = v("edu.high_school_grant");
  p.edu_freshman_aid = v("edu.freshman_aid");
  p.edu_university_grant = v("edu.university_grant");
  p.edu_vocational_grant = v("edu.vocational_grant");
  p.housing_min_area_per_person = v("housing.min_area_per_person");
  p.housing_tekun_dispersed = v("housing.tekun_dispersed");
  p.retirement_age_male = v("retirement_age.male");
  p.retirement_age_female = v("retirement_age.female");
  p.pension_contribution_paid_full = v("pension_contribution_paid.full");
  p.pension_contribution_paid_dibao = v("pension_contribution_paid.dibao");
  p.case_by_case_cap = v("temporary.case_by_case_cap");
  p.asset_financial_months = v("asset.financial_months");
  p.asset_low_income_financial_months = v("asset.low_income_financial_months");
  p.asset_max_dwellings = v("asset.max_dwellings");
  p.asset_business_capital = v("asset.business_capital");
  p.asset_vehicle_allowed = v("asset.vehicle_allowed");
  p.rounding = v("rounding");
  return p;
}

const MonthParams& ParamCache::get(const std::string& region, model::Month month) {
  std::uint64_t county = 0;
  for (std::size_t i = 0; i < 6 && i < region.size(); ++i) county = county * 10 + static_cast<std::uint64_t>(region[i] - '0');
  const std::uint64_t key = county << 32 | static_cast<std::uint32_t>(month.index);
  if (last_ && key == last_key_) return *last_;
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, resolve_month_params(set_, region, month)).first;
  last_key_ = key;
  last_ = &it->second;
  return it->second;
}

}  // namespace safetynet::rules
