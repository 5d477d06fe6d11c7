#include "rules/assessment.hpp"

#include <array>
#include <string_view>

namespace safetynet::rules {
namespace {

struct ItemInfo {
  const char* name;
  const char* label;
};

constexpr std::array<ItemInfo, static_cast<std::size_t>(Item::kCount)> kItems = {{
    {"living.tekun_support", "特困人员基本生活费"},
    {"living.care_fee", "特困人员照料护理费"},
    {"living.orphan_support", "孤儿基本生活费"},
    {"living.dibao", "低保金"},
    {"living.disability_living_subsidy", "困难残疾人生活补贴"},
    {"living.severe_disability_care_subsidy", "重度残疾人护理补贴"},
    {"medical.premium_subsidy", "医保个人缴费资助"},
    {"medical.assistance", "医疗救助"},
    {"medical.screening", "两癌免费筛查"},
    {"medical.supplementary_insurance", "补充商业医疗保险"},
    {"education.boarding_subsidy", "寄宿生生活补助"},
    {"education.high_school_grant", "普通高中国家助学金"},
    {"education.vocational_tuition_waiver", "中职免学费"},
    {"education.freshman_aid", "大学新生入学资助"},
    {"education.university_grant", "高校国家助学金"},
    {"education.kindergarten_fee_waiver", "学前教育保育费减免"},
    {"education.high_school_fee_waiver", "普通高中免学杂费"},
    {"education.vocational_grant", "中职国家助学金"},
    {"housing.institutional_care_offer", "引导集中供养"},
    {"housing.tekun_dispersed_assistance", "分散供养特困人员住房救助"},
    {"housing.rent_subsidy", "住房租赁补贴"},
    {"employment.assistance_registration", "就业困难人员认定"},
    {"employment.zero_employment_household", "零就业家庭"},
    {"employment.training_referral", "职业培训与创业扶持"},
    {"pension.contribution_paid", "代缴养老保险费"},
    {"temporary.case_by_case", "一事一议救助"},
    {"temporary.social_referral", "社会力量帮扶转介"},
}};

}  // namespace

void Assessment::clear() {
  category = Category::kNone;
  persons.clear();
  entitlements.clear();
  explanation.clear();
  undetermined.clear();
  refusal.reset();
  exit_started.reset();
}

const char* item_name(Item item) { return kItems[static_cast<std::size_t>(item)].name; }
const char* item_label(Item item) { return kItems[static_cast<std::size_t>(item)].label; }

std::optional<Item> parse_item(std::string_view name) {
  for (std::size_t i = 0; i < kItems.size(); ++i)
    if (name == kItems[i].name) return static_cast<Item>(i);
  return std::nullopt;
}

std::string item_line(Item item) {
  std::string_view n = item_name(item);
  return std::string(n.substr(0, n.find('.')));
}

bool is_monthly_cash(Item item) {
  switch (item) {
    case Item::kTekunSupport:
    case Item::kCareFee:
    case Item::kOrphanSupport:
    case Item::kDibao:
    case Item::kDisabilityLivingSubsidy:
    case Item::kSevereDisabilityCareSubsidy:
    case Item::kTekunDispersedAssistance:
    case Item::kRentSubsidy:
    case Item::kCaseByCase:
      return true;
    default:
      return false;
  }
}

model::Fen Assessment::monthly_cash() const {
  model::Fen total = 0;
  for (const auto& e : entitlements)
    if (e.period == Period::kMonth && is_monthly_cash(e.item)) total += e.amount;
  return total;
}

model::Fen Assessment::dibao_benefit() const {
  for (const auto& e : entitlements)
    if (e.item == Item::kDibao && e.member < 0) return e.amount;
  return 0;
}

const char* category_name(Category c) {
  switch (c) {
    case Category::kNone: return "none";
    case Category::kDibao: return "dibao";
    case Category::kLowIncome: return "low_income";
    case Category::kUndetermined: return "undetermined";
  }
  return "?";
}

const char* category_label(Category c) {
  switch (c) {
    case Category::kNone: return "不符合（或仅个人保障）";
    case Category::kDibao: return "低保";
    case Category::kLowIncome: return "低收入";
    case Category::kUndetermined: return "无法确定";
  }
  return "?";
}

const char* person_category_label(PersonCategory c) {
  switch (c) {
    case PersonCategory::kTekun: return "特困人员";
    case PersonCategory::kOrphan: return "孤儿";
    case PersonCategory::kDibaoSingle: return "单人户施保";
  }
  return "?";
}

const char* person_category_name(PersonCategory c) {
  switch (c) {
    case PersonCategory::kTekun: return "tekun";
    case PersonCategory::kOrphan: return "orphan";
    case PersonCategory::kDibaoSingle: return "dibao_single";
  }
  return "?";
}

}  // namespace safetynet::rules
