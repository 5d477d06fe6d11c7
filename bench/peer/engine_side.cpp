#include "engine_side.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "registry/record_codec.hpp"
#include "rules/assess.hpp"

namespace safetynet::peer {
namespace sm = safetynet::model;
namespace sr = safetynet::rules;

namespace {

using Clock = std::chrono::steady_clock;
double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

Verdict reduce(const sr::Assessment& a) {
  Verdict v;
  if (a.category == sr::Category::kDibao) {
    v.status = Status::kDibao;
    v.benefit = a.dibao_benefit();
    return v;
  }
  for (const auto& [member, cat] : a.persons)
    if (cat == sr::PersonCategory::kDibaoSingle) ++v.singles;
  if (v.singles > 0) {
    v.status = Status::kSingle;
    for (const auto& e : a.entitlements)
      if (e.item == sr::Item::kDibao && e.member >= 0) v.benefit += e.amount;
  }
  return v;
}

}  // namespace

EngineTimes run_engine(Db& db, const safetynet::params::ParameterSet& policy, sm::Month month, Verdicts& out) {
  out.clear();
  EngineTimes t;
  sr::ParamCache params(policy);
  sr::Assessment a;
  // Households are decoded straight into batch slots (as registry/records.cpp does, but without a copy)
  // and assessed a batch at a time, so "assess only" is timed without a clock read per household and
  // without holding a million records in memory.
  constexpr std::size_t kBatch = 4096;
  std::vector<sm::Household> batch(kBatch);
  std::vector<std::int64_t> hids(kBatch);
  std::size_t filled = 0;
  Clock::duration assess_time{};
  auto flush = [&] {
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < filled; ++i) {
      sr::assess(batch[i], month, params.get(batch[i].region, month), sr::Options{}, a);
      if (a.category == sr::Category::kUndetermined) {
        ++t.undetermined;
        if (a.refusal) ++t.refused;
      }
      out.emplace_back(hids[i], reduce(a));
    }
    assess_time += Clock::now() - t0;
    filled = 0;
  };
  const auto start = Clock::now();
  Stmt s(db, "SELECT rowid, id, record FROM household WHERE status = 'open' ORDER BY rowid", "读取户记录");
  while (s.step()) {
    if (!safetynet::registry::decode_household(s.blob(2), batch[filled]))
      throw std::runtime_error("户 " + std::string(s.text(1)) + " 的 record 无法解码（登记库损坏）");
    hids[filled] = s.i64(0);
    if (++filled == kBatch) flush();
  }
  flush();
  t.decode_and_assess_s = seconds(Clock::now() - start);
  t.assess_s = seconds(assess_time);
  return t;
}

}  // namespace safetynet::peer
