// Building the month's report: one pass over the month's assessments, one over the household records
// (for the covered persons' composition), one over the payments of each month of the year so far.
#include "report/monthly_report.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace safetynet::report {
namespace {

// What the second pass needs of an assessed household.
struct Assessed {
  rules::Category category;
  bool refused;
  std::vector<std::pair<int, char>> own;  // member index -> 't' tekun, 'o' orphan, 's' dibao single
  std::vector<std::string> keys;          // the report rows it counts in
};

// The rows a household of region `code` counts in: 自治区, 设区市, county, street (or unknown street).
std::vector<std::pair<std::string, Level>> row_keys(const std::string& code) {
  std::vector<std::pair<std::string, Level>> k = {{"450000", Level::kRegion}};
  if (code.size() < 6) return k;
  const std::string city = model::RegionCatalog::city_of(code);
  const std::string county = model::RegionCatalog::county_of(code);
  if (city != "450000") k.emplace_back(city, Level::kCity);
  if (county == city || county == "450000") return k;  // a record filed at city level has no county
  k.emplace_back(county, Level::kCounty);
  const std::string street = model::RegionCatalog::street_of(code);
  // "-" sorts before '0': the unknown street comes right after its county, before the known ones.
  k.emplace_back(street.empty() ? county + "-" : street, Level::kStreet);
  return k;
}

bool in_scope(const std::string& key, const std::string& scope_prefix) { return key.rfind(scope_prefix, 0) == 0; }

RegionFigures& row(MonthlyReport& r, const std::string& key, Level level) {
  auto [it, fresh] = r.regions.try_emplace(key);
  if (fresh) {
    it->second.level = level;
    it->second.code = key.back() == '-' ? "" : key;
    it->second.county = level == Level::kStreet ? key.substr(0, 6) : "";
  }
  return it->second;
}

bool is_cash_line(const std::string& line) { return line == "living" || line == "housing" || line == "temporary"; }

// Persons of one line in one household: the distinct members named, or the household's covered persons
// when an item of the line is the household's (member -1).
struct LinePersons {
  std::vector<int> members;
  bool household = false;
  long count(int covered) const {
    auto m = members;
    std::sort(m.begin(), m.end());
    const long distinct = std::unique(m.begin(), m.end()) - m.begin();
    return household ? std::max<long>(covered, distinct) : distinct;
  }
};

void add_assessment(RegionFigures& f, const registry::StoredAssessment& a, const Assessed& info, bool paid) {
  ++f.households;
  long tekun = 0, orphans = 0, singles = 0;
  for (const auto& [idx, c] : info.own) {
    (void)idx;
    if (c == 't') ++tekun;
    if (c == 'o') ++orphans;
    if (c == 's') ++singles;
  }
  f.tekun_persons += tekun;
  f.orphans += orphans;
  f.dibao_singles += singles;
  f.dibao_persons += singles;
  // `covered` is the whole unit for dibao/low_income households (assess_run.cpp), else the own-category
  // persons: the unit's own persons are covered minus those with a category of their own.
  const long unit = a.covered - tekun - orphans - singles;
  if (info.refused) {
    ++f.refused_households;
  } else {
    switch (a.category) {
      case rules::Category::kDibao: ++f.dibao_households; f.dibao_persons += unit; break;
      case rules::Category::kLowIncome: ++f.low_income_households; f.low_income_persons += unit; break;
      case rules::Category::kNone: ++f.none_households; break;
      case rules::Category::kUndetermined: ++f.undetermined_households; break;
    }
  }
  f.covered_persons += a.covered;
  if (a.covered > 0) ++f.covered_households;
  // The payment row has the household's size; the benefit is for its covered persons, as assessed.
  if (paid) f.paid_persons += a.covered;
  f.monthly_cash += a.monthly_cash;
  if (a.monthly_cash > 0) ++f.cash_cases;
  std::map<std::string, LinePersons> any, cash;
  for (const auto& e : registry::decode_entitlements(a.entitlements)) {
    if (e.item == rules::Item::kZeroEmploymentHousehold) ++f.zero_employment;
    const std::string line = rules::item_line(e.item);
    auto mark = [&](LinePersons& p) { e.member < 0 ? void(p.household = true) : p.members.push_back(e.member); };
    mark(any[line]);
    if (e.period == rules::Period::kMonth && rules::is_monthly_cash(e.item)) mark(cash[line]);
    if (e.period == rules::Period::kFlag) continue;
    if (e.period == rules::Period::kMonth) f.monthly_by_line[line] += e.amount;
    else f.yearly_by_line[line] += e.amount;
    f.by_item[rules::item_name(e.item)] += e.amount;
  }
  for (const auto& [line, p] : any) f.coverage[line].entitled += p.count(a.covered);
  for (const auto& [line, p] : cash) {
    if (!is_cash_line(line)) continue;
    const long n = p.count(a.covered);
    f.coverage[line].cash_entitled += n;
    if (paid) f.coverage[line].paid += n;
  }
}

void add_members(RegionFigures& f, const model::Household& h, const Assessed& info, model::Month month) {
  const bool unit = !info.refused &&
                    (info.category == rules::Category::kDibao || info.category == rules::Category::kLowIncome);
  const model::Date on = model::first_day(month);
  long covered = 0;
  for (int i = 0; i < static_cast<int>(h.members.size()); ++i) {
    const bool own = std::any_of(info.own.begin(), info.own.end(), [&](const auto& p) { return p.first == i; });
    if (!unit && !own) continue;
    ++covered;
    const auto& m = h.members[i];
    const int age = model::age_on(m.birth_date, on);
    if (age >= 60) ++f.covered.elderly;
    else if (age >= 18) ++f.covered.adults;
    else ++f.covered.minors;
    if (m.sex == model::Sex::kFemale) ++f.covered.women;
    if (m.disability) ++f.covered.disabled;
  }
  const long rest = static_cast<long>(h.members.size()) - covered;
  if (info.refused) f.refused_persons += static_cast<long>(h.members.size());
  else if (info.category == rules::Category::kUndetermined) f.undetermined_persons += rest;
  else if (info.category == rules::Category::kNone) f.none_persons += rest;
}

}  // namespace

std::optional<model::Fen> RegionFigures::average_benefit() const {
  if (paid_persons == 0) return std::nullopt;
  return model::round_half_away(paid_month, paid_persons, 1);
}

std::vector<const RegionFigures*> MonthlyReport::rows(Level level) const {
  std::vector<const RegionFigures*> out;
  for (const auto& [key, f] : regions)
    if (f.level == level) out.push_back(&f);
  return out;
}

std::string region_prefix(const std::string& code) {
  if (code == "450000") return "45";
  if (code.size() == 6 && code.ends_with("00")) return code.substr(0, 4);
  return code;
}

Result<std::string> check_scope(const std::string& code, const model::RegionCatalog& regions) {
  if (code == "450000") return code;
  if ((code.size() == 6 || code.size() == 9) && code.rfind("45", 0) == 0 && regions.contains(code)) return code;
  return Problems{Problem{"bad_value", "region",
                          "区划代码 \"" + code + "\" 无效：应为 450000、设区市、县（市、区）的6位代码或街道的9位代码"}};
}

std::string region_name(const RegionFigures& f, const model::RegionCatalog& regions) {
  if (f.code.empty()) return "（街道未知）";
  if (f.code == "450000") return "广西壮族自治区";
  std::string n = regions.name(f.code);
  return n.empty() ? f.code : n;
}

MonthlyReport build_report(registry::Registry& reg, model::Month month, const ReportOptions& options) {
  MonthlyReport r;
  r.month = month;
  r.scope = options.region;
  const std::string prefix = region_prefix(options.region);
  const std::string scope_key = options.region;

  // The month's payments first: coverage needs to know which households were paid.
  std::unordered_set<std::string> paid;
  for (model::Month m = model::Month::of(month.year(), 1); m <= month; m = m.plus(1)) {
    reg.scan_payments(m, [&](const registry::PaymentLine& p) {
      if (p.region.rfind(prefix, 0) != 0) return;
      for (const auto& [key, level] : row_keys(p.region)) {
        if (!in_scope(key, prefix)) continue;
        RegionFigures& f = row(r, key, level);
        f.paid_year_to_date += p.amount;
        if (m == month) {
          f.paid_month += p.amount;
          ++f.paid_cases;
        }
      }
      if (m == month) paid.insert(p.household_id);
    });
  }

  std::unordered_map<std::string, Assessed> assessed;
  std::map<std::string, long> dibao_persons_by_city;  // the whole registry, for R3.5's weighted mean
  reg.scan_assessments(month, [&](const registry::StoredAssessment& a) {
    Assessed info{a.category, !a.refusal.empty(), {}, {}};
    for (std::string_view s = a.persons; !s.empty();) {
      const auto end = s.find(';');
      const auto part = s.substr(0, end);
      const int idx = std::atoi(std::string(part.substr(0, part.find(':'))).c_str());
      if (part.ends_with("tekun")) info.own.emplace_back(idx, 't');
      else if (part.ends_with("orphan")) info.own.emplace_back(idx, 'o');
      else if (part.ends_with("dibao_single")) info.own.emplace_back(idx, 's');
      s = end == std::string_view::npos ? std::string_view() : s.substr(end + 1);
    }
    RegionFigures one;  // this household alone: its dibao persons weigh its city's standard
    add_assessment(one, a, info, false);
    if (a.region.size() >= 6) dibao_persons_by_city[model::RegionCatalog::city_of(a.region)] += one.dibao_persons;
    if (a.region.rfind(prefix, 0) != 0) return;
    const bool was_paid = paid.count(a.household_id) != 0;
    for (const auto& [key, level] : row_keys(a.region)) {
      if (!in_scope(key, prefix)) continue;
      add_assessment(row(r, key, level), a, info, was_paid);
      info.keys.push_back(key);
    }
    assessed.emplace(a.household_id, std::move(info));
  });

  // Members' age, sex and disability come from the records.
  std::unordered_set<std::string> seen;
  if (!assessed.empty()) {
    reg.scan_households([&](model::Household& h) {
      auto it = assessed.find(h.id);
      if (it == assessed.end()) return true;
      seen.insert(h.id);
      for (const auto& key : it->second.keys) add_members(r.regions.at(key), h, it->second, month);
      return true;
    });
  }
  for (const auto& [id, info] : assessed)
    if (!seen.count(id))
      for (const auto& key : info.keys) ++r.regions.at(key).records_missing;

  if (options.errors) {
    r.has_errors = true;
    for (const auto& [code, e] : *options.errors) {
      if (!in_scope(code, prefix) || (code.size() != 6 && code.size() != 9)) continue;
      row(r, code, code.size() == 9 ? Level::kStreet : Level::kCounty).errors = e;
    }
  }
  if (options.params) {
    r.standards = standard_progress(*options.params, month, dibao_persons_by_city);
    r.error_tolerance = options.params->value("error_tolerance", "450000", month);
    for (auto& [key, f] : r.regions) {
      if (f.level == Level::kRegion) {
        f.standard = r.standards->mean;
        continue;
      }
      const std::string code = f.level == Level::kStreet ? f.county : f.code;
      if (auto v = options.params->value("dibao_standard", code, month)) f.standard = v->to_fen();
    }
  }
  const Level scope_level = options.region == "450000"       ? Level::kRegion
                            : options.region.size() == 9      ? Level::kStreet
                            : options.region.ends_with("00") ? Level::kCity
                                                              : Level::kCounty;
  RegionFigures& scope_row = row(r, scope_key, scope_level);
  if (options.params && !scope_row.standard && scope_level != Level::kRegion) {
    const std::string code = scope_level == Level::kStreet ? scope_key.substr(0, 6) : scope_key;
    if (auto v = options.params->value("dibao_standard", code, month)) scope_row.standard = v->to_fen();
  }
  r.total = scope_row;
  return r;
}

}  // namespace safetynet::report
