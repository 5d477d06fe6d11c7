// SPEC R1.4 (C4 支出型低收入家庭): (income − rigid expenditure) per person per month strictly below the
// low-income standard, some rigid expenditure in the window, assets within the C4 financial limit; the
// unit excludes C1/C2 persons (R1.5) and R1.3b singles (R2.8). Migrants need 1 year in town and a permit.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

Finding low_income_household(Ctx& c) {
  Finding f;
  int k = 0;
  for (auto r : c.role) k += r == Role::kUnit;
  if (k == 0) return f;
  Tri residence = Tri::kYes;
  if (c.h.residence == model::Residence::kMigrant) {
    if (!c.h.urban_years) {
      residence = Tri::kUnknown;
      f.need("urban_years");
    } else {
      residence = tri(*c.h.urban_years >= 1.0 && c.h.residence_permit);
    }
    c.step("R1.4", [&] {
      return std::string("农民工家庭：在城镇居住 ") +
             (c.h.urban_years ? std::to_string(*c.h.urban_years).substr(0, 4) + " 年" : "年数未知") +
             (c.h.residence_permit ? "，持居住证" : "，无居住证") + "（须满 1 年并持居住证）";
    });
  }
  if (residence == Tri::kNo) return Finding{};
  const int window = c.need_int(c.p.income_window_months, "income_window_months");
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  // The low-income standard, or its documented default: multiplier × dibao standard (exact, in 1/10000 fen).
  model::Int128 low_std_x10000;
  if (c.p.low_income_standard) {
    low_std_x10000 = static_cast<model::Int128>(c.p.low_income_standard->to_fen()) * Decimal::kScale;
  } else {
    low_std_x10000 = static_cast<model::Int128>(c.need(c.p.low_income_multiplier, "low_income_multiplier").units) * standard;
  }
  if (c.refused()) return Finding{};
  Tri means = Tri::kUnknown;
  Fen income = 0, spent = 0;
  if (!c.h.income) f.need("income");
  if (!c.h.expenditure) f.need("expenditure");
  if (c.h.income && c.h.expenditure) {
    income = unit_income(c, window);
    spent = unit_expenditure(c, window);
    const bool below = static_cast<model::Int128>(income - spent) * Decimal::kScale < low_std_x10000 * window * k;
    means = tri(below && spent > 0);
    c.step("R1.4", [&] {
      return "（收入 " + yuan(income) + " − 刚性支出 " + yuan(spent) + "）/ " + std::to_string(window) + " / " +
             std::to_string(k) + " = " + yuan((income - spent) / window / k) + "，低收入标准 " +
             yuan(static_cast<Fen>(low_std_x10000 / Decimal::kScale)) + (below ? "（低于）" : "（不低于）") +
             (spent > 0 ? "" : "；计算期内无刚性支出");
    });
  }
  Finding assets = asset_test(c, k, c.p.asset_low_income_financial_months, "asset.low_income_financial_months", "R1.4");
  f.value = tri_and(tri_and(residence, means), assets.value);
  if (f.value == Tri::kUnknown) {
    for (auto& m : assets.missing) f.need(m);
  } else {
    f.missing.clear();
  }
  return f;
}

}  // namespace safetynet::rules::detail
