// SPEC R2: income and expenditure windows, own income, the asset test; and the shared Ctx helpers.
#include <algorithm>

#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

Ctx::Ctx(const model::Household& hh, model::Month m, const MonthParams& pp, Assessment& o, bool ex)
    : h(hh), month(m), p(pp), out(o), explain(ex), on(model::first_day(m)) {
  age.resize(h.members.size());
  role.assign(h.members.size(), Role::kUnit);
  for (std::size_t i = 0; i < h.members.size(); ++i) age[i] = model::age_on(h.members[i].birth_date, on);
}

Decimal Ctx::need(const OptDec& v, const char* name) {
  if (v) return *v;
  if (missing_param.empty()) missing_param = name;
  return Decimal{0};
}

void Ctx::unknown(const std::string& fact) {
  if (std::find(out.undetermined.begin(), out.undetermined.end(), fact) == out.undetermined.end())
    out.undetermined.push_back(fact);
}

std::string Ctx::who(int i) const {
  const auto& m = member(i);
  return (m.name.empty() ? std::string("成员") : m.name) + "(" + m.id + ")";
}

std::string yuan(Fen f) { return model::format_yuan(f); }

Fen window_income(const Ctx& c, int window, const std::vector<bool>& take, bool household_rows) {
  const model::Month first = c.month.plus(-window), last = c.month.plus(-1);
  Fen sum = 0;
  for (const auto& r : *c.h.income) {
    if (r.month < first || r.month > last || !model::is_counted(r.kind)) continue;
    if (r.member < 0 ? household_rows : take[static_cast<std::size_t>(r.member)]) sum += r.amount;
  }
  return sum;
}

Fen window_expenditure(const Ctx& c, int window, const std::vector<bool>& take, bool household_rows) {
  const model::Month first = c.month.plus(-window), last = c.month.plus(-1);
  Fen sum = 0;
  for (const auto& r : *c.h.expenditure) {
    if (r.month < first || r.month > last) continue;
    if (r.member < 0 ? household_rows : take[static_cast<std::size_t>(r.member)]) sum += r.amount;
  }
  return sum;
}

Fen own_income(const Ctx& c, int i, int window) {
  std::vector<bool> take(c.h.members.size(), false);
  take[static_cast<std::size_t>(i)] = true;
  // An income row without `member` is a person's own only in a one-person record (SPEC readings).
  return window_income(c, window, take, c.size() == 1);
}

Finding asset_test(Ctx& c, int persons, const OptDec& months, const char* months_name, const char* rule) {
  Finding f;
  if (!c.h.assets) {
    f.value = Tri::kUnknown;
    f.need("assets");
    return f;
  }
  const auto& a = *c.h.assets;
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  const int m = c.need_int(months, months_name);
  const int max_dwellings = c.need_int(c.p.asset_max_dwellings, "asset.max_dwellings");
  const Fen max_capital = c.need_fen(c.p.asset_business_capital, "asset.business_capital");
  // Financial assets per person at most m × standard: compare a / persons <= m × standard exactly.
  const model::Int128 limit = static_cast<model::Int128>(m) * standard * persons;
  const bool financial_ok = static_cast<model::Int128>(a.financial) <= limit;
  bool vehicle_ok = true;
  for (auto v : a.vehicles)
    if (v == model::Vehicle::kCar) vehicle_ok = false;  // P.asset.vehicle_allowed: motorcycle, disability vehicle
  const bool dwellings_ok = a.dwellings <= max_dwellings;
  const bool capital_ok = a.business_capital <= max_capital;
  f.value = tri(financial_ok && vehicle_ok && dwellings_ok && capital_ok);
  c.step(rule, [&] {
    std::string t = "家庭财产：金融资产 " + yuan(a.financial) + " / " + std::to_string(persons) + " 人，上限 " +
                    std::to_string(m) + " × " + yuan(standard) + " = " + yuan(static_cast<Fen>(m) * standard) +
                    " 每人" + (financial_ok ? "（符合）" : "（超出）");
    if (!vehicle_ok) t += "；有摩托车、残疾人车以外的机动车（不符合）";
    if (!dwellings_ok) t += "；住房 " + std::to_string(a.dwellings) + " 套，超过 " + std::to_string(max_dwellings);
    if (!capital_ok) t += "；经营实体实缴资本 " + yuan(a.business_capital) + " 超过上限";
    return t;
  });
  return f;
}

CatKey cat_key(const Ctx& c, int i) {
  switch (c.role[static_cast<std::size_t>(i)]) {
    case Role::kTekun: return CatKey::kTekun;
    case Role::kOrphan: return CatKey::kOrphan;
    case Role::kSingle: return CatKey::kDibao;
    default: return c.out.category == Category::kLowIncome ? CatKey::kLowIncome : CatKey::kDibao;
  }
}

bool covered(const Ctx& c, int i) {
  switch (c.role[static_cast<std::size_t>(i)]) {
    case Role::kTekun:
    case Role::kOrphan:
    case Role::kSingle:
      return true;
    case Role::kUnit:
      return c.out.category == Category::kDibao || c.out.category == Category::kLowIncome;
    case Role::kNotCovered:
      return false;
  }
  return false;
}

}  // namespace safetynet::rules::detail
