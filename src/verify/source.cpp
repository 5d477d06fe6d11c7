#include "verify/source.hpp"

#include "model/household.hpp"

namespace safetynet::verify {
namespace {

struct SourceInfo {
  Source source;
  const char* name;
  const char* chinese;
};
constexpr SourceInfo kSources[kSourceCount] = {
    {Source::kHukou, "hukou", "公安户籍"},
    {Source::kEducation, "education", "教育学籍"},
    {Source::kSocialSecurity, "social_security", "社会保险"},
    {Source::kHealth, "health", "卫生健康"},
    {Source::kEmployment, "employment", "就业登记"},
    {Source::kMarketRegulation, "market_regulation", "市场监管（工商登记）"},
    {Source::kTax, "tax", "税务"},
    {Source::kMarriage, "marriage", "婚姻登记"},
    {Source::kRealEstate, "real_estate", "不动产登记"},
    {Source::kVehicle, "vehicle", "车辆登记"},
    {Source::kHousingFund, "housing_fund", "住房公积金"},
    {Source::kBank, "bank", "银行存款"},
    {Source::kInsurance, "insurance", "商业保险"},
    {Source::kSecurities, "securities", "证券"},
};

}  // namespace

const char* to_string(Source s) { return kSources[static_cast<int>(s)].name; }
const char* chinese_name(Source s) { return kSources[static_cast<int>(s)].chinese; }

std::optional<Source> parse_source(std::string_view name) {
  for (const auto& s : kSources)
    if (name == s.name) return s.source;
  return std::nullopt;
}

const std::array<Source, kSourceCount>& all_sources() {
  static const auto all = [] {
    std::array<Source, kSourceCount> a{};
    for (int i = 0; i < kSourceCount; ++i) a[i] = kSources[i].source;
    return a;
  }();
  return all;
}

std::optional<Target> parse_target(std::string_view text) {
  auto dot = text.find('.');
  std::string_view head = text.substr(0, dot);
  std::string_view tail = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto plain = [&](Fact f) -> std::optional<Target> {
    if (dot != std::string_view::npos) return std::nullopt;
    return Target{f, 0};
  };
  if (head == "income") {
    auto k = model::parse_income_kind(tail);
    if (!k) return std::nullopt;
    return Target{Fact::kIncome, static_cast<std::uint8_t>(*k)};
  }
  if (head == "vehicle") {
    auto k = model::parse_vehicle(tail);
    if (!k) return std::nullopt;
    return Target{Fact::kVehicle, static_cast<std::uint8_t>(*k)};
  }
  if (head == "school") {
    auto k = model::parse_school(tail);
    if (!k) return std::nullopt;
    return Target{Fact::kSchool, static_cast<std::uint8_t>(*k)};
  }
  if (head == "employment") {
    auto k = model::parse_employment(tail);
    if (!k || (*k != model::Employment::kEmployed && *k != model::Employment::kUnemployed)) return std::nullopt;
    return Target{Fact::kEmployment, static_cast<std::uint8_t>(*k)};
  }
  if (head == "disability") {
    if (tail.size() != 1 || tail[0] < '1' || tail[0] > '4') return std::nullopt;
    return Target{Fact::kDisability, static_cast<std::uint8_t>(tail[0] - '0')};
  }
  if (head == "marriage") {
    if (tail == "married") return Target{Fact::kMarriage, 0};
    if (tail == "divorced") return Target{Fact::kMarriage, 1};
    return std::nullopt;
  }
  if (head == "financial") return plain(Fact::kFinancial);
  if (head == "dwelling") return plain(Fact::kDwelling);
  if (head == "business_capital") return plain(Fact::kBusinessCapital);
  if (head == "death") return plain(Fact::kDeath);
  if (head == "medical_bill") return plain(Fact::kMedicalBill);
  return std::nullopt;
}

std::string to_string(Target t) {
  switch (t.fact) {
    case Fact::kIncome: return std::string("income.") + model::to_string(static_cast<model::IncomeKind>(t.kind));
    case Fact::kFinancial: return "financial";
    case Fact::kVehicle: return std::string("vehicle.") + model::to_string(static_cast<model::Vehicle>(t.kind));
    case Fact::kDwelling: return "dwelling";
    case Fact::kBusinessCapital: return "business_capital";
    case Fact::kDeath: return "death";
    case Fact::kSchool: return std::string("school.") + model::to_string(static_cast<model::School>(t.kind));
    case Fact::kEmployment:
      return std::string("employment.") + model::to_string(static_cast<model::Employment>(t.kind));
    case Fact::kMedicalBill: return "medical_bill";
    case Fact::kDisability: return "disability." + std::to_string(t.kind);
    case Fact::kMarriage: return t.kind == 0 ? "marriage.married" : "marriage.divorced";
  }
  return "?";
}

std::string chinese_name(Target t) {
  switch (t.fact) {
    case Fact::kIncome:
      switch (static_cast<model::IncomeKind>(t.kind)) {
        case model::IncomeKind::kWage: return "工资性收入";
        case model::IncomeKind::kBusiness: return "经营性收入";
        case model::IncomeKind::kProperty: return "财产性收入";
        case model::IncomeKind::kPension: return "养老金";
        default: return std::string("收入（") + model::to_string(static_cast<model::IncomeKind>(t.kind)) + "）";
      }
    case Fact::kFinancial: return "金融资产";
    case Fact::kVehicle:
      switch (static_cast<model::Vehicle>(t.kind)) {
        case model::Vehicle::kCar: return "机动车（汽车）";
        case model::Vehicle::kMotorcycle: return "机动车（摩托车）";
        case model::Vehicle::kDisabilityVehicle: return "机动车（残疾人专用车）";
      }
      return "机动车";
    case Fact::kDwelling: return "住房";
    case Fact::kBusinessCapital: return "经营实体实缴资本";
    case Fact::kDeath: return "死亡";
    case Fact::kSchool: return "在读学段";
    case Fact::kEmployment: return "就业状态";
    case Fact::kMedicalBill: return "医疗费用";
    case Fact::kDisability: return "残疾等级";
    case Fact::kMarriage: return "婚姻状况";
  }
  return "?";
}

std::string_view needed_name(Needed n) {
  switch (n) {
    case Needed::kIncome: return "income";
    case Needed::kPension: return "income.pension";
    case Needed::kFinancial: return "assets.financial";
    case Needed::kVehicles: return "assets.vehicles";
    case Needed::kDwellings: return "assets.dwellings";
    case Needed::kBusinessCapital: return "assets.business_capital";
  }
  return "?";
}

bool covers(Source s, Needed n) {
  switch (n) {
    case Needed::kIncome: return s == Source::kTax;
    case Needed::kPension: return s == Source::kSocialSecurity;
    case Needed::kFinancial: return s == Source::kBank || s == Source::kSecurities || s == Source::kInsurance;
    case Needed::kVehicles: return s == Source::kVehicle;
    case Needed::kDwellings: return s == Source::kRealEstate;
    case Needed::kBusinessCapital: return s == Source::kMarketRegulation;
  }
  return false;
}

bool is_flow(Source s) {
  return s == Source::kTax || s == Source::kSocialSecurity || s == Source::kHousingFund;
}

}  // namespace safetynet::verify
