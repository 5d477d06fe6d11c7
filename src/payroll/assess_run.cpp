#include "payroll/assess_run.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/enumerable_thread_specific.h>

#include <chrono>

#include "rules/assess.hpp"

namespace safetynet::payroll {

registry::StoredAssessment to_stored(const model::Household& h, model::Month month, const rules::Assessment& a) {
  registry::StoredAssessment s;
  s.household_id = h.id;
  s.region = h.region;
  s.month = month;
  s.category = a.category;
  for (const auto& [idx, pc] : a.persons) {
    if (!s.persons.empty()) s.persons += ';';
    s.persons += std::to_string(idx) + ":" + rules::person_category_name(pc);
  }
  // Covered persons: the household's unit when dibao/low_income, plus persons with their own category.
  int covered = static_cast<int>(a.persons.size());
  if (a.category == rules::Category::kDibao || a.category == rules::Category::kLowIncome)
    covered = static_cast<int>(h.members.size());
  s.covered = covered;
  s.monthly_cash = a.monthly_cash();
  s.entitlements = registry::encode_entitlements(a.entitlements);
  for (const auto& u : a.undetermined) {
    if (!s.undetermined.empty()) s.undetermined += ';';
    s.undetermined += u;
  }
  if (a.refusal) s.refusal = a.refusal->to_string();
  s.exit_started = a.exit_started;
  s.dibao_benefit = a.dibao_benefit();
  return s;
}

AssessSummary assess_month(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                           int threads, std::FILE* progress, const std::string& region) {
  const auto t0 = std::chrono::steady_clock::now();
  std::optional<tbb::global_control> limit;
  if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  AssessSummary sum;
  const long total = reg.household_count();
  constexpr std::size_t kBatch = 4096;
  std::vector<model::Household> batch;
  batch.reserve(kBatch);
  std::vector<registry::StoredAssessment> stored(kBatch);
  // Per-thread parameter caches and Assessment buffers: nothing shared while the rules run.
  tbb::enumerable_thread_specific<rules::ParamCache> caches([&] { return rules::ParamCache(params); });
  tbb::enumerable_thread_specific<rules::Assessment> buffers;
  std::size_t filled = 0;

  auto flush = [&] {
    stored.resize(filled);
    tbb::parallel_for(std::size_t{0}, filled, [&](std::size_t i) {
      auto& cache = caches.local();
      auto& a = buffers.local();
      const auto& h = batch[i];
      rules::assess(h, month, cache.get(h.region, month), rules::Options{}, a);
      stored[i] = to_stored(h, month, a);
    });
    for (const auto& s : stored) {
      ++sum.households;
      ++sum.by_category[static_cast<int>(s.category)];
      if (!s.refusal.empty()) ++sum.refused;
      sum.monthly_cash += s.monthly_cash;
    }
    sum.kept_paid += reg.put_assessments(stored);
    filled = 0;
    if (progress) {
      std::fprintf(progress, "\r评估中 %ld / %ld 户", sum.households, total);
      std::fflush(progress);
    }
  };

  batch.resize(kBatch);
  reg.scan_households([&](model::Household& h) {
    if (!region.empty() && h.region.rfind(region, 0) != 0) return true;
    std::swap(batch[filled], h);  // keep the scan's buffers cycling, no copies
    if (++filled == kBatch) flush();
    return true;
  }, month);
  if (filled > 0) flush();
  if (progress) std::fprintf(progress, "\n");
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace safetynet::payroll
