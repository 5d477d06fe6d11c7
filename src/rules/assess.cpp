// The engine's entry point: settles each person's category (R1.2 orphans, R1.1 tekun, R1.5 take-outs),
// the household's (R1.3 dibao with R3.6, R1.3b singles, R1.4 low income), then every line's items.
#include "rules/assess.hpp"

#include "rules/detail/context.hpp"

namespace safetynet::rules {

using detail::Ctx;
using detail::Finding;
using detail::Role;
using detail::Tri;

namespace {

// R1.0/R1.2/R1.1: persons with a category of their own; returns false when one is undetermined.
bool settle_persons(Ctx& c) {
  bool determined = true;
  // Migrant households are covered only by R1.4's migrant clause (R1.0).
  if (c.h.residence == model::Residence::kMigrant) return true;
  for (int i = 0; i < c.size(); ++i) {
    const auto& m = c.member(i);
    if (m.orphan && c.age[static_cast<std::size_t>(i)] < 18) {  // C2 first: an orphan is never C1
      c.role[static_cast<std::size_t>(i)] = Role::kOrphan;
      c.out.persons.emplace_back(static_cast<std::int16_t>(i), PersonCategory::kOrphan);
      continue;
    }
    Finding t = detail::tekun_status(c, i);
    if (t.value == Tri::kYes) {
      c.role[static_cast<std::size_t>(i)] = Role::kTekun;
      c.out.persons.emplace_back(static_cast<std::int16_t>(i), PersonCategory::kTekun);
    } else if (t.value == Tri::kUnknown) {
      c.unknown(t);
      determined = false;
    }
  }
  return determined;
}

// R1.3 → R3.6 → R1.3b → R1.4 on the unit left after R1.5.
void settle_household(Ctx& c) {
  int k = 0;
  for (auto r : c.role) k += r == Role::kUnit;
  if (k == 0) {
    c.out.category = Category::kNone;  // all persons are C1/C2: they carry their own categories
    c.step("R1.5", [] { return std::string("家庭成员均为特困或孤儿，各自单独保障"); });
    return;
  }
  if (c.h.residence != model::Residence::kMigrant) {
    Finding why;
    const Tri c3 = detail::dibao_household(c, why);
    if (c.refused()) return;
    if (c3 == Tri::kYes) return;
    if (c3 == Tri::kUnknown) {
      c.unknown(why);
      c.out.category = Category::kUndetermined;
      return;
    }
    const Tri singles = detail::dibao_singles(c);
    if (c.refused()) return;
    if (singles == Tri::kUnknown) {  // the C4 unit is unknown (SPEC readings)
      c.out.category = Category::kUndetermined;
      return;
    }
  }
  const Finding c4 = detail::low_income_household(c);
  if (c.refused()) return;
  if (c4.value == Tri::kYes) {
    c.out.category = Category::kLowIncome;
  } else if (c4.value == Tri::kUnknown) {
    c.unknown(c4);
    c.out.category = Category::kUndetermined;
  } else {
    c.out.category = Category::kNone;
    c.step("R1.4", [] { return std::string("不符合低保或低收入条件"); });
  }
}

}  // namespace

void assess(const model::Household& h, model::Month month, const MonthParams& params, const Options& options,
            Assessment& out) {
  out.clear();
  Ctx c(h, month, params, out, options.explain);
  const bool persons_known = settle_persons(c);
  if (persons_known && !c.refused()) {
    settle_household(c);
  } else if (!persons_known) {
    out.category = Category::kUndetermined;
  }
  // Unit members of a household that is not covered get no line items.
  if (out.category == Category::kNone || out.category == Category::kUndetermined)
    for (auto& r : c.role)
      if (r == Role::kUnit) r = Role::kNotCovered;
  if (!c.refused()) {
    for (int i = 0; i < c.size(); ++i) {
      const Role r = c.role[static_cast<std::size_t>(i)];
      if (r == Role::kTekun) detail::tekun_items(c, i);
      if (r == Role::kOrphan) detail::orphan_items(c, i);
    }
    detail::disability_items(c);
    detail::medical_items(c);
    detail::education_items(c);
    detail::housing_items(c);
    detail::employment_items(c);
    detail::pension_items(c);
    detail::temporary_items(c);
  }
  if (c.refused()) {
    Problem p = make_problem("no_parameter", c.missing_param, "",
                             "参数 " + c.missing_param + " 在 " + month.to_string() + " 没有生效的值");
    out.clear();
    out.category = Category::kUndetermined;
    out.refusal = p;
  }
}

Assessment assess(const model::Household& h, model::Month month, const params::ParameterSet& set,
                  const Options& options) {
  Assessment out;
  const MonthParams p = resolve_month_params(set, h.region, month);
  assess(h, month, p, options, out);
  return out;
}

}  // namespace safetynet::rules
