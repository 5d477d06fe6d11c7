#include "params/catalog.hpp"

namespace safetynet::params {

const std::vector<ParameterInfo>& parameter_catalog() {
  static const std::vector<ParameterInfo> kCatalog = {
      {"dibao_standard", Unit::kYuanPerMonth, true, "R1.3", "城镇最低生活保障标准（每人每月）"},
      {"low_income_standard", Unit::kYuanPerMonth, false, "R1.4", "城镇低收入家庭标准（每人每月）；未公布时按低保标准×倍数"},
      {"low_income_multiplier", Unit::kRatio, true, "R1.4", "低收入标准默认为低保标准的倍数"},
      {"guangxi_average_standard", Unit::kYuanPerMonth, true, "R3.5", "全区城市低保平均标准（报表用）"},
      {"standard_growth_rate", Unit::kRatio, true, "R3.5", "各设区市低保标准年增幅下限"},
      {"min_wage", Unit::kYuanPerMonth, true, "R3.2", "最低工资标准（月）"},
      {"tekun_multiplier", Unit::kRatio, true, "R3.1", "特困人员基本生活标准不低于低保标准的倍数"},
      {"tekun_standard", Unit::kYuanPerMonth, false, "R3.1", "公布的特困人员基本生活标准（高于倍数计算值时适用）"},
      {"care_fee_rate.none", Unit::kRatio, true, "R3.2", "全失能特困人员照料护理费占最低工资比例（下限）"},
      {"care_fee_rate.partial", Unit::kRatio, true, "R3.2", "半失能特困人员照料护理费占最低工资比例（下限）"},
      {"orphan_scattered", Unit::kYuanPerMonth, true, "R3.3", "散居孤儿基本生活费"},
      {"orphan_institutional", Unit::kYuanPerMonth, true, "R3.3", "机构供养孤儿基本生活费"},
      {"disability_living_subsidy", Unit::kYuanPerMonth, true, "R3.7", "困难残疾人生活补贴"},
      {"severe_disability_care_subsidy", Unit::kYuanPerMonth, true, "R3.7", "重度残疾人护理补贴"},
      {"care_subsidy_mental_grade_3_4", Unit::kFlag, true, "R3.7", "三、四级精神残疾人纳入护理补贴（1=是）"},
      {"zero_employment_window_months", Unit::kMonths, true, "R1.3a", "无人就业家庭收入计算期（月）"},
      {"income_window_months", Unit::kMonths, true, "R2.1", "家庭收入计算期（月）"},
      {"dibao_min_benefit", Unit::kYuanPerMonth, true, "R3.4", "低保金每人每月最低额"},
      {"gradual_exit_months", Unit::kMonths, true, "R3.6", "渐退期（月，6–12）"},
      {"medical_premium", Unit::kYuanPerYear, true, "R4.1", "城乡居民医保个人缴费（每人每年）"},
      {"medical_premium_share.full", Unit::kRatio, true, "R4.1", "特困、孤儿、重度残疾人个人缴费资助比例"},
      {"medical_premium_share.partial", Unit::kRatio, true, "R4.1", "低保、低收入家庭成员个人缴费资助比例"},
      {"medical_assistance_ratio", Unit::kRatio, true, "R4.2", "政策范围内自付费用救助比例（不低于70%）"},
      {"medical_assistance_cap", Unit::kYuan, true, "R4.2", "医疗救助年度封顶线（每人每年）"},
      {"screening_age.min", Unit::kYears, true, "R4.3", "两癌筛查年龄下限"},
      {"screening_age.max", Unit::kYears, true, "R4.3", "两癌筛查年龄上限"},
      {"edu.boarding", Unit::kYuanPerYear, false, "R5.2", "义务教育寄宿生生活补助（每年）"},
      {"edu.high_school_grant", Unit::kYuanPerYear, false, "R5.2", "普通高中国家助学金（每年）"},
      {"edu.freshman_aid", Unit::kYuan, false, "R5.2", "大学新生入学资助"},
      {"edu.university_grant", Unit::kYuanPerYear, false, "R5.2", "高校国家助学金（每年）"},
      {"edu.vocational_grant", Unit::kYuanPerYear, false, "R5.3", "中职国家助学金（每年）"},
      {"housing.min_area_per_person", Unit::kSquareMetres, false, "R6.2", "住房困难人均面积标准"},
      {"housing.rent_subsidy", Unit::kYuanPerMonth, false, "R6.2", "租赁补贴（按类别，每人每月）"},
      {"housing.tekun_dispersed", Unit::kYuanPerMonth, false, "R6.1", "分散供养特困人员住房救助"},
      {"retirement_age.male", Unit::kYears, true, "R7.1", "男性退休年龄"},
      {"retirement_age.female", Unit::kYears, true, "R7.1", "女性退休年龄"},
      {"pension_contribution_paid.full", Unit::kYuanPerYear, true, "R8.1", "代缴养老保险费（重度残疾、困难残疾、特困）"},
      {"pension_contribution_paid.dibao", Unit::kYuanPerYear, true, "R8.1", "代缴养老保险费（低保对象）"},
      {"temporary.case_by_case_cap", Unit::kYuan, true, "R9.2", "一事一议年度累计上限（每户）"},
      {"asset.financial_months", Unit::kMonths, true, "R2.4", "金融资产上限（低保标准的月数，每人）"},
      {"asset.low_income_financial_months", Unit::kMonths, true, "R1.4", "低收入家庭金融资产上限（月数，每人）"},
      {"asset.max_dwellings", Unit::kCount, true, "R2.4", "住房套数上限"},
      {"asset.business_capital", Unit::kYuan, true, "R2.4", "经营实体实缴资本上限"},
      {"asset.vehicle_allowed", Unit::kVehicleSet, false, "R2.4",
       "允许拥有的机动车种类（默认：摩托车、残疾人机动轮椅车）"},
      {"error_tolerance", Unit::kRatio, true, "R12.2", "错保率容错比例"},
      {"notice_days", Unit::kCount, true, "R11.2", "公示天数"},
      {"review_months", Unit::kMonths, true, "R11.6", "定期复核周期（月）"},
      {"discovery.medical_bill", Unit::kYuan, true, "R11.5", "主动发现：大额医疗费用（元）"},
      {"rounding", Unit::kYuan, true, "R2.6", "金额取整单位（元）"},
  };
  return kCatalog;
}

const ParameterInfo* find_parameter(std::string_view name) {
  for (const auto& p : parameter_catalog())
    if (p.name == name) return &p;
  // Category-keyed: housing.rent_subsidy.dibao -> housing.rent_subsidy
  if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
    auto stem = name.substr(0, dot);
    for (const auto& p : parameter_catalog())
      if (p.name == stem) return &p;
  }
  return nullptr;
}

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::kYuanPerMonth: return "yuan_per_month";
    case Unit::kYuanPerYear: return "yuan_per_year";
    case Unit::kYuan: return "yuan";
    case Unit::kRatio: return "ratio";
    case Unit::kMonths: return "months";
    case Unit::kYears: return "years";
    case Unit::kCount: return "count";
    case Unit::kFlag: return "flag";
    case Unit::kSquareMetres: return "square_metres";
    case Unit::kVehicleSet: return "vehicle_set";
  }
  return "?";
}

}  // namespace safetynet::params
