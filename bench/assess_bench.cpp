// Rules alone (SPEC R1–R9 for one month, every line, no explanations): households per second on one
// core and on all cores, over an in-memory population from the seeded generator (docs/generator.md).
// Each benchmark checks a checksum of its result (the month's cash total in fen must be the same on
// every run and thread count), as DuckDB's benchmark files do.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_reduce.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "model/region.hpp"
#include "params/loader.hpp"
#include "rules/assess.hpp"
#include "sim/generator.hpp"

namespace {

using namespace safetynet;

const model::Month kMonth = model::Month::of(2019, 10);

struct Population {
  std::vector<model::Household> households;
  params::ParameterSet policy;
};

const Population& population(std::size_t n) {
  static std::map<std::size_t, Population> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  Population p;
  auto policy = params::load_policy(model::default_policy_dir());
  if (!policy) std::abort();
  p.policy = std::move(policy).value();
  auto gen = sim::generate(20191001, n);
  if (!gen) std::abort();
  p.households = std::move(gen).value();
  return cache.emplace(n, std::move(p)).first->second;
}

model::Fen assess_range(const Population& p, std::size_t b, std::size_t e, rules::ParamCache& cache,
                        rules::Assessment& a) {
  model::Fen sum = 0;
  for (std::size_t i = b; i < e; ++i) {
    if (i + 2 < e) rules::prefetch(p.households[i + 2]);
    const auto& h = p.households[i];
    rules::assess(h, kMonth, cache.get(h.region, kMonth), rules::Options{}, a);
    sum += a.monthly_cash();
  }
  return sum;
}

std::map<std::int64_t, model::Fen> g_checksum;  // per population size: every run must agree

void check(benchmark::State& state, model::Fen sum) {
  auto [it, fresh] = g_checksum.emplace(state.range(0), sum);
  if (!fresh && it->second != sum) state.SkipWithError("checksum differs between runs or thread counts");
  state.counters["cash_total_yuan"] = static_cast<double>(sum / 100);
}

void BM_RulesOneCore(benchmark::State& state) {
  const auto& p = population(static_cast<std::size_t>(state.range(0)));
  rules::ParamCache cache(p.policy);
  rules::Assessment a;
  model::Fen sum = 0;
  for (auto _ : state) {
    sum = assess_range(p, 0, p.households.size(), cache, a);
    benchmark::DoNotOptimize(sum);
  }
  check(state, sum);
  state.counters["households_per_s"] =
      benchmark::Counter(static_cast<double>(p.households.size()) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_RulesAllCores(benchmark::State& state) {
  const auto& p = population(static_cast<std::size_t>(state.range(0)));
  tbb::enumerable_thread_specific<rules::ParamCache> caches([&] { return rules::ParamCache(p.policy); });
  tbb::enumerable_thread_specific<rules::Assessment> buffers;
  model::Fen sum = 0;
  for (auto _ : state) {
    sum = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, p.households.size(), 4096), model::Fen{0},
        [&](const tbb::blocked_range<std::size_t>& r, model::Fen acc) {
          return acc + assess_range(p, r.begin(), r.end(), caches.local(), buffers.local());
        },
        std::plus<>());
    benchmark::DoNotOptimize(sum);
  }
  check(state, sum);
  state.counters["households_per_s"] =
      benchmark::Counter(static_cast<double>(p.households.size()) * state.iterations(), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_RulesOneCore)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RulesAllCores)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
