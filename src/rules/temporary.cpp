// SPEC R9.2 case-by-case grants (一事一议): for households with a C1–C4 person, this month's requests in
// date order, each granted min(request, cap − paid in its calendar year) floored to whole yuan (a cap
// rounds down); one household item per month, the sum of the month's grants. R9.3: C4 households get
// the social-referral flag.
#include <algorithm>

#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void temporary_items(Ctx& c) {
  bool any_covered = false;
  for (int i = 0; i < c.size(); ++i) any_covered = any_covered || covered(c, i);
  if (c.out.category == Category::kLowIncome) c.flag(Item::kSocialReferral, -1, "R9.3");
  if (!any_covered || c.h.requests.empty()) return;
  std::vector<const model::Request*> todo;
  for (const auto& r : c.h.requests)
    if (r.kind == model::RequestKind::kCaseByCase && r.date.as_month() == c.month) todo.push_back(&r);
  if (todo.empty()) return;
  std::stable_sort(todo.begin(), todo.end(), [](auto* a, auto* b) { return a->date < b->date; });
  const Fen cap = c.need_fen(c.p.case_by_case_cap, "temporary.case_by_case_cap");
  Fen paid = 0;
  for (const auto& p : c.h.history.case_by_case_paid)
    if (p.date.year == c.month.year()) paid += p.amount;
  Fen total = 0;
  for (const auto* r : todo) {
    const Fen left = cap - paid;
    const Fen grant = left <= 0 ? 0 : model::round_down(std::min(r->amount, left), 1, model::kFenPerYuan);
    c.step("R9.2", [&] {
      return "一事一议：申请 " + yuan(r->amount) + "，本年已付 " + yuan(paid) + "，上限 " + yuan(cap) + " → 核给 " +
             yuan(grant) + "（取整到元，向下）";
    });
    total += grant;
    paid += grant;
  }
  c.add(Item::kCaseByCase, Period::kMonth, -1, total, "R9.2");
}

}  // namespace safetynet::rules::detail
