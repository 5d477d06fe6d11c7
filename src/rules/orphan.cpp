// SPEC R1.2 (C2 孤儿) basic living, R3.3: scattered / institutional amounts by date.
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void orphan_items(Ctx& c, int i) {
  const auto& m = c.member(i);
  const bool institutional = *m.orphan == model::OrphanKind::kInstitutional;
  const Fen amount = institutional ? c.need_fen(c.p.orphan_institutional, "orphan_institutional")
                                   : c.need_fen(c.p.orphan_scattered, "orphan_scattered");
  c.add(Item::kOrphanSupport, Period::kMonth, i, amount, "R3.3");
  c.step("R3.3", [&] {
    return c.who(i) + " " + (institutional ? "机构供养" : "散居") + "孤儿基本生活费 " + yuan(amount) + "（" +
           std::to_string(c.age[static_cast<std::size_t>(i)]) + "岁）";
  });
}

}  // namespace safetynet::rules::detail
