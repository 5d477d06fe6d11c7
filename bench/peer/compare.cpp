#include "compare.hpp"

#include <stdexcept>

namespace safetynet::peer {
namespace {

void tally(Comparison::Side& s, const Verdict& v) {
  if (v.status == Status::kDibao) {
    ++s.dibao;
    s.dibao_fen += v.benefit;
  } else if (v.status == Status::kSingle) {
    s.singles += v.singles;
    s.single_fen += v.benefit;
  }
}

}  // namespace

Comparison compare(const Verdicts& sql, const Verdicts& engine) {
  if (sql.size() != engine.size())
    throw std::runtime_error("两边户数不同：SQL " + std::to_string(sql.size()) + "，引擎 " + std::to_string(engine.size()));
  Comparison c;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const auto& [hid, s] = sql[i];
    const auto& [ehid, e] = engine[i];
    if (hid != ehid) throw std::runtime_error("两边户序不同：第 " + std::to_string(i) + " 行 hid " + std::to_string(hid) +
                                              " / " + std::to_string(ehid));
    if (s.status == Status::kExcluded) {
      ++c.excluded[s.reason];
      continue;
    }
    ++c.covered;
    tally(c.sql, s);
    tally(c.engine, e);
    if (s.status != e.status || s.benefit != e.benefit || s.singles != e.singles) {
      ++c.disagreements;
      if (c.first.size() < 10) c.first.push_back({hid, s, e});
    }
  }
  return c;
}

}  // namespace safetynet::peer
