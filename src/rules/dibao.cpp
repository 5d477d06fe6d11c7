// SPEC R1.3 (C3 低保) on the household unit with R1.3a (no one employed: last 3 months), the benefit
// R3.4, gradual exit R3.6, and R1.3b single-person inclusion.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {
namespace {

// R3.4: covered × standard − covered × income / (window × members), rounded once (R2.6). With covered
// equal to the unit's members this is (covered × standard × window − income) / window.
Fen dibao_amount(Ctx& c, int covered, Fen standard, Fen income, int window) {
  const Fen unit = c.rounding_unit();
  const model::Int128 num = static_cast<model::Int128>(covered) * standard * window - income;
  Fen benefit = model::round_half_away(num, window, unit > 0 ? unit : 1);
  const Fen floor = c.need_fen(c.p.dibao_min_benefit, "dibao_min_benefit") * covered;
  return benefit < floor ? floor : benefit;
}

}  // namespace

Tri dibao_household(Ctx& c, Finding& why) {
  int k = 0;
  for (auto r : c.role) k += r == Role::kUnit;
  // R1.3a: no remaining member employed → the last P.zero_employment_window_months months.
  bool someone_employed = false, employment_unknown = false;
  for (int i = 0; i < c.size(); ++i) {
    if (c.role[static_cast<std::size_t>(i)] != Role::kUnit) continue;
    const auto& e = c.member(i).employment;
    if (!e) employment_unknown = true;
    else if (*e == model::Employment::kEmployed) someone_employed = true;
  }
  const int ordinary = c.need_int(c.p.income_window_months, "income_window_months");
  // The 3-month window is needed only when nobody is known to work (no_parameter only when needed).
  const int zero_window =
      someone_employed ? 0 : c.need_int(c.p.zero_employment_window_months, "zero_employment_window_months");
  const int window = !someone_employed && !employment_unknown ? zero_window : ordinary;
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  if (c.refused()) return Tri::kNo;

  Tri income_below = Tri::kUnknown;
  Fen income = 0;
  if (!c.h.income) {
    why.need("income");
  } else if (!someone_employed && employment_unknown) {
    // Which window applies depends on who works; with both windows agreeing the answer still stands.
    const Fen a = unit_income(c, ordinary);
    const int zw = zero_window;  // two names kept short for the comparisons below
    const Fen b = unit_income(c, zw);
    const bool below_a = static_cast<model::Int128>(a) < static_cast<model::Int128>(standard) * ordinary * k;
    const bool below_b = static_cast<model::Int128>(b) < static_cast<model::Int128>(standard) * zw * k;
    if (below_a == below_b && a * zw == b * ordinary) {
      income_below = tri(below_a);
      income = a;
    } else {
      for (int i = 0; i < c.size(); ++i)
        if (c.role[static_cast<std::size_t>(i)] == Role::kUnit && !c.member(i).employment)
          why.need(c.fact(i, "employment"));
    }
  } else {
    income = unit_income(c, window);
    income_below = tri(static_cast<model::Int128>(income) < static_cast<model::Int128>(standard) * window * k);
  }
  if (income_below != Tri::kUnknown) {
    c.step(window == ordinary ? "R2.1" : "R1.3a", [&] {
      return std::string(window == ordinary ? "" : "无人就业，按最近 " + std::to_string(window) + " 个月计算；") +
             "人均月收入 " + yuan(income / window / k) + " = " + yuan(income) + " / " + std::to_string(window) +
             " / " + std::to_string(k) + "，低保标准 " + yuan(standard) +
             (income_below == Tri::kYes ? "（低于标准）" : "（不低于标准）");
    });
  }
  Finding assets = asset_test(c, k, c.p.asset_financial_months, "asset.financial_months", "R2.4");
  Tri c3 = tri_and(income_below, assets.value);
  if (c3 == Tri::kUnknown) {
    for (auto& m : assets.missing) why.need(m);
    why.value = Tri::kUnknown;
    return c3;
  }
  why.missing.clear();
  if (c3 == Tri::kYes) {
    const Fen benefit = dibao_amount(c, k, standard, income, window);
    c.out.category = Category::kDibao;
    c.add(Item::kDibao, Period::kMonth, -1, benefit, "R3.4");
    c.step("R3.4", [&] {
      return "低保金 " + yuan(benefit) + " = " + std::to_string(k) + " × " + yuan(standard) + " − " + yuan(income) +
             " / " + std::to_string(window) + "（四舍五入到元）";
    });
    return c3;
  }
  // R3.6 gradual exit: a dibao household whose income rose (assets still pass) because a member found work.
  const auto& hist = c.h.history;
  if (hist.category == model::HistoryCategory::kDibao && income_below == Tri::kNo && assets.value != Tri::kNo) {
    if (!hist.exit_reason) {
      why.need("history.exit_reason");
      why.value = Tri::kUnknown;
      return Tri::kUnknown;
    }
    if (*hist.exit_reason == "employment") {
      // R3.6 applies only when the household fails on income alone: unknown assets leave it open.
      if (assets.value == Tri::kUnknown || !hist.last_benefit) {
        for (auto& m : assets.missing) why.need(m);
        if (!hist.last_benefit) why.need("history.last_benefit");
        why.value = Tri::kUnknown;
        return Tri::kUnknown;
      }
      const model::Month start = hist.exit_started ? *hist.exit_started : c.month;
      int n = c.month.index - start.index + 1;
      if (n < 1) n = 1;
      const int months = c.need_int(c.p.gradual_exit_months, "gradual_exit_months");
      if (n <= months) {
        c.out.category = Category::kDibao;
        c.out.exit_started = start;
        c.add(Item::kDibao, Period::kMonth, -1, *hist.last_benefit, "R3.6");
        c.step("R3.6", [&] {
          return "因就业收入超过标准，进入渐退期：第 " + std::to_string(n) + " / " + std::to_string(months) +
                 " 个月，保留原低保金 " + yuan(*hist.last_benefit);
        });
        return Tri::kYes;
      }
      c.step("R3.6", [&] {
        return "渐退期 " + std::to_string(months) + " 个月已满（本月为第 " + std::to_string(n) + " 个月），停保";
      });
    }
  }
  return Tri::kNo;
}

Tri dibao_singles(Ctx& c) {
  Tri any = Tri::kNo;
  bool unknown = false;
  const int window = c.need_int(c.p.income_window_months, "income_window_months");
  const Fen standard = c.need_fen(c.p.dibao_standard, "dibao_standard");
  if (c.refused()) return Tri::kNo;  // no_parameter
  for (int i = 0; i < c.size(); ++i) {
    if (c.role[static_cast<std::size_t>(i)] != Role::kUnit) continue;
    const auto& m = c.member(i);
    // (1) community correction; (2) adult without work, severely disabled or grade 3/4 mental or
    // intellectual, supported by parents or siblings; (3) the bearer of the rigid expenditure in a
    // household lacking labour through illness, old age or disaster.
    Finding f;  // facts missing for this person; reported only if they leave the answer open
    Tri cand = tri(m.community_correction);
    const bool mind_3_4 = m.disability && m.disability->grade >= 3 &&
                          (m.disability->type == model::DisabilityType::kMental ||
                           m.disability->type == model::DisabilityType::kIntellectual);
    if (cand == Tri::kNo && c.age[static_cast<std::size_t>(i)] >= 18 && (c.severe(i) || mind_3_4) &&
        m.supported_by) {
      if (!m.employment) {
        cand = Tri::kUnknown;
        f.need(c.fact(i, "employment"));
      } else {
        cand = tri(*m.employment == model::Employment::kUnemployed || *m.employment == model::Employment::kNone ||
                   *m.employment == model::Employment::kRetired);
      }
    }
    if (cand != Tri::kYes && c.h.lacks_labour_cause) {
      if (!c.h.expenditure) {
        cand = Tri::kUnknown;
        f.need("expenditure");
      } else if (own_expenditure(c, i, window) > 0) {
        cand = Tri::kYes;
      }
    }
    if (cand == Tri::kNo) continue;
    // "Otherwise meets the conditions": own income below the standard, household assets over all members.
    Tri income = Tri::kUnknown;
    Fen own = 0;
    if (c.h.income) {
      own = own_income(c, i, window);
      income = tri(static_cast<model::Int128>(own) < static_cast<model::Int128>(standard) * window);
    } else {
      f.need("income");
    }
    const Finding& assets = household_asset_test(c);
    for (auto& x : assets.missing) f.need(x);
    Tri single = tri_and(cand, tri_and(income, assets.value));
    if (single == Tri::kUnknown) {
      c.unknown(f);
      unknown = true;
      continue;
    }
    if (single == Tri::kNo) continue;
    c.role[static_cast<std::size_t>(i)] = Role::kSingle;
    c.out.persons.emplace_back(static_cast<std::int16_t>(i), PersonCategory::kDibaoSingle);
    const Fen benefit = dibao_amount(c, 1, standard, own, window);
    c.add(Item::kDibao, Period::kMonth, i, benefit, "R3.4");
    c.step("R1.3b", [&] {
      return c.who(i) + " 单人户施保：本人月收入 " + yuan(own / window) + " 低于标准 " + yuan(standard) + "，低保金 " +
             yuan(benefit);
    });
    any = Tri::kYes;
  }
  if (unknown) return Tri::kUnknown;
  return any;
}

}  // namespace safetynet::rules::detail
