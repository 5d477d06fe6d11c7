// SPEC R2: income and expenditure windows, own income, the asset test; and the shared Ctx helpers.
#include <algorithm>

#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

namespace {

// Thread-local scratch: one set per thread, reused by every household that thread assesses.
struct Scratch {
  std::vector<int> age;
  std::vector<Role> role;
  std::vector<Fen> income_own[2];
  std::vector<Fen> expenditure_own;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

Ctx::Ctx(const model::Household& hh, model::Month m, const MonthParams& pp, Assessment& o, bool ex)
    : h(hh), month(m), p(pp), out(o), explain(ex), on(model::first_day(m)), age(scratch().age), role(scratch().role) {
  const std::size_t n = h.members.size();
  age.resize(n);
  role.assign(n, Role::kUnit);
  for (std::size_t i = 0; i < n; ++i) age[i] = model::age_on(h.members[i].birth_date, on);
  income_sums[0].own = &scratch().income_own[0];
  income_sums[1].own = &scratch().income_own[1];
  expenditure_sums.own = &scratch().expenditure_own;
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

namespace {

// One pass over the rows for a window: per-member sums and the household rows' sum.
template <typename Rows, typename Counted>
void fill(Ctx::WindowSums& w, const Ctx& c, const Rows& rows, int window, Counted counted) {
  w.window = window;
  w.household = 0;
  w.own->assign(c.h.members.size(), 0);
  const model::Month first = c.month.plus(-window), last = c.month.plus(-1);
  for (const auto& r : rows) {
    if (r.month < first || r.month > last || !counted(r)) continue;
    if (r.member < 0) w.household += r.amount;
    else (*w.own)[static_cast<std::size_t>(r.member)] += r.amount;
  }
}

const Ctx::WindowSums& income_window(Ctx& c, int window) {
  for (auto& w : c.income_sums)
    if (w.window == window) return w;
  auto& slot = c.income_sums[0].window == 0 ? c.income_sums[0] : c.income_sums[1];
  fill(slot, c, *c.h.income, window, [](const model::IncomeRow& r) { return model::is_counted(r.kind); });
  return slot;
}

const Ctx::WindowSums& expenditure_window(Ctx& c, int window) {
  if (c.expenditure_sums.window != window)
    fill(c.expenditure_sums, c, *c.h.expenditure, window, [](const model::ExpenditureRow&) { return true; });
  return c.expenditure_sums;
}

Fen unit_sum(const Ctx& c, const Ctx::WindowSums& w) {
  Fen sum = w.household;
  for (std::size_t i = 0; i < c.role.size(); ++i)
    if (c.role[i] == Role::kUnit) sum += (*w.own)[i];
  return sum;
}

}  // namespace

Fen unit_income(Ctx& c, int window) { return unit_sum(c, income_window(c, window)); }
Fen unit_expenditure(Ctx& c, int window) { return unit_sum(c, expenditure_window(c, window)); }

Fen own_income(Ctx& c, int i, int window) {
  const auto& w = income_window(c, window);
  // An income row without `member` is a person's own only in a one-person record (SPEC readings).
  return (*w.own)[static_cast<std::size_t>(i)] + (c.size() == 1 ? w.household : 0);
}

Fen own_expenditure(Ctx& c, int i, int window) {
  return (*expenditure_window(c, window).own)[static_cast<std::size_t>(i)];
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
  // P.asset.vehicle_allowed, default a motorcycle or a disability vehicle (bits: car 1, motorcycle 2, disability 4).
  const std::int64_t allowed = c.p.asset_vehicle_allowed ? c.p.asset_vehicle_allowed->to_int() : 2 | 4;
  bool vehicle_ok = true;
  for (auto v : a.vehicles)
    if (!(allowed & (std::int64_t{1} << static_cast<int>(v)))) vehicle_ok = false;
  const bool dwellings_ok = a.dwellings <= max_dwellings;
  const bool capital_ok = a.business_capital <= max_capital;
  f.value = tri(financial_ok && vehicle_ok && dwellings_ok && capital_ok);
  c.step(rule, [&] {
    std::string t = "家庭财产：金融资产 " + yuan(a.financial) + " / " + std::to_string(persons) + " 人，上限 " +
                    std::to_string(m) + " × " + yuan(standard) + " = " + yuan(static_cast<Fen>(m) * standard) +
                    " 每人" + (financial_ok ? "（符合）" : "（超出）");
    if (!vehicle_ok) t += "；有不允许的机动车（默认只允许摩托车、残疾人机动轮椅车，不符合）";
    if (!dwellings_ok) t += "；住房 " + std::to_string(a.dwellings) + " 套，超过 " + std::to_string(max_dwellings);
    if (!capital_ok) t += "；经营实体实缴资本 " + yuan(a.business_capital) + " 超过上限";
    return t;
  });
  return f;
}

const Finding& household_asset_test(Ctx& c) {
  if (!c.household_assets)
    c.household_assets = asset_test(c, c.size(), c.p.asset_financial_months, "asset.financial_months", "R2.8");
  return *c.household_assets;
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
