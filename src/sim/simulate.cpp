#include "sim/simulate.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <array>
#include <atomic>
#include <exception>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "rules/assess.hpp"

namespace safetynet::sim {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Which cities this process counts.
struct CityFilter {
  std::array<bool, kCities + 1> keep{};
  explicit CityFilter(const std::optional<std::vector<int>>& cities) {
    if (!cities) keep.fill(true);
    for (int c : cities.value_or(std::vector<int>{})) {
      if (c >= 0 && c <= kCities) keep[static_cast<std::size_t>(c)] = true;
    }
  }
  bool operator()(int city) const { return keep[static_cast<std::size_t>(city)]; }
};

// One thread's state: parameter caches for both sets, two reusable Assessment buffers, its own tally.
struct Worker {
  rules::ParamCache baseline, reform;
  rules::Assessment a, b;
  Tally tally;
  std::int64_t households = 0;
  std::string buffer;        // population-file chunk bytes
  model::Household scratch;  // decoded household, buffers reused
  Worker(const params::ParameterSet& base, const params::ParameterSet& ref) : baseline(base), reform(ref) {}

  void run(const model::Household& h, model::Month month) {
    rules::assess(h, month, baseline.get(h.region, month), rules::Options{}, a);
    rules::assess(h, month, reform.get(h.region, month), rules::Options{}, b);
    tally.add(h.id, h.region, static_cast<int>(h.members.size()), a, b);
    ++households;
  }
};

using Workers = tbb::enumerable_thread_specific<Worker>;

void collect(Workers& workers, SimulationRun& out) {
  for (auto& w : workers) {
    out.tally.merge(w.tally);
    out.households += w.households;
  }
}

void report_progress(std::FILE* progress, std::int64_t done, std::int64_t total) {
  if (!progress) return;
  if (total > 0) {
    std::fprintf(progress, "\r模拟中 %lld / %lld 户", static_cast<long long>(done), static_cast<long long>(total));
  } else {
    std::fprintf(progress, "\r模拟中 %lld 户", static_cast<long long>(done));
  }
  std::fflush(progress);
}

// Runs `produce` (which hands households to its sink, in order, on this thread) while `threads` other
// threads assess them in batches: for the sources that can only push (the generator, a registry scan).
SimulationRun run_pushed(const std::function<void(const std::function<void(model::Household&)>&)>& produce,
                         const params::ParameterSet& baseline, const params::ParameterSet& reform,
                         const SimulationOptions& options, std::int64_t expected) {
  const auto t0 = Clock::now();
  constexpr std::size_t kBatch = 2048;
  using Batch = std::vector<model::Household>;
  tbb::concurrent_bounded_queue<Batch*> full, empty;
  full.set_capacity(8);
  std::vector<std::unique_ptr<Batch>> owned;
  for (int i = 0; i < 10; ++i) {
    owned.push_back(std::make_unique<Batch>());
    owned.back()->reserve(kBatch);
    empty.push(owned.back().get());
  }
  const int consumers = std::max(1, options.threads > 0 ? options.threads
                                                         : static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < consumers; ++i) workers.push_back(std::make_unique<Worker>(baseline, reform));
  std::atomic<std::int64_t> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < consumers; ++i) {
    threads.emplace_back([&, w = workers[static_cast<std::size_t>(i)].get()] {
      for (;;) {
        Batch* b = nullptr;
        full.pop(b);
        if (!b) return;  // end of the population
        for (const auto& h : *b) w->run(h, options.month);
        done += static_cast<std::int64_t>(b->size());
        b->clear();
        empty.push(b);
      }
    });
  }
  const CityFilter keep(options.cities);
  SimulationRun out;
  Batch* current = nullptr;
  empty.pop(current);
  std::int64_t seen = 0;
  // A producer that throws (a registry read failing) must still release the consumers before the error
  // goes on, or they would wait for batches for ever.
  std::exception_ptr failed;
  try {
    produce([&](model::Household& h) {
      ++seen;
      if (!keep(city_index(h.region))) {
        ++out.skipped;
        return;
      }
      current->push_back(std::move(h));
      if (current->size() == kBatch) {
        full.push(current);
        empty.pop(current);
        if (options.progress && seen % (kBatch * 64) == 0) report_progress(options.progress, done.load(), expected);
      }
    });
  } catch (...) {
    failed = std::current_exception();
  }
  if (!failed && !current->empty()) {
    full.push(current);
  } else {
    current->clear();
    empty.push(current);
  }
  for (int i = 0; i < consumers; ++i) full.push(nullptr);
  for (auto& t : threads) t.join();
  if (failed) std::rethrow_exception(failed);
  for (auto& w : workers) {
    out.tally.merge(w->tally);
    out.households += w->households;
  }
  report_progress(options.progress, out.households, expected);
  if (options.progress) std::fputc('\n', options.progress);
  out.seconds = since(t0);
  return out;
}

}  // namespace

Result<SimulationRun> simulate_file(const PopulationReader& population, const params::ParameterSet& baseline,
                                   const params::ParameterSet& reform, const SimulationOptions& options) {
  const auto t0 = Clock::now();
  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
  }
  const CityFilter keep(options.cities);
  std::vector<std::size_t> mine;
  std::int64_t expected = 0, skipped = 0;
  for (std::size_t i = 0; i < population.chunks().size(); ++i) {
    const auto& c = population.chunks()[i];
    if (keep(c.city)) {
      mine.push_back(i);
      expected += c.households;
    } else {
      skipped += c.households;
    }
  }
  Workers workers([&] { return Worker(baseline, reform); });
  std::mutex problems_mutex;
  Problems problems;
  std::atomic<std::int64_t> done{0};
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, mine.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        auto& w = workers.local();
        for (std::size_t k = r.begin(); k != r.end(); ++k) {
          auto n = population.read_chunk(mine[k], w.buffer, w.scratch,
                                         [&](const model::Household& h) { w.run(h, options.month); });
          if (!n) {
            std::lock_guard lock(problems_mutex);
            for (auto& p : n.problems()) problems.push_back(p);
            continue;
          }
          const auto now = done += *n;
          if (options.progress && k % 64 == 0) report_progress(options.progress, now, expected);
        }
      },
      tbb::simple_partitioner());
  if (!problems.empty()) return problems;
  SimulationRun out;
  collect(workers, out);
  out.skipped = skipped;
  report_progress(options.progress, out.households, expected);
  if (options.progress) std::fputc('\n', options.progress);
  out.seconds = since(t0);
  return out;
}

SimulationRun simulate_generated(const Generator& generator, std::uint64_t seed, std::size_t n,
                                 const params::ParameterSet& baseline, const params::ParameterSet& reform,
                                 const SimulationOptions& options) {
  return run_pushed(
      [&](const std::function<void(model::Household&)>& sink) {
        generator.generate(seed, n, [&](model::Household&& h) { sink(h); });
      },
      baseline, reform, options, static_cast<std::int64_t>(n));
}

SimulationRun simulate_registry(registry::Registry& registry, const params::ParameterSet& baseline,
                                const params::ParameterSet& reform, const SimulationOptions& options) {
  const std::int64_t total = registry.household_count();
  return run_pushed(
      [&](const std::function<void(model::Household&)>& sink) {
        registry.scan_households(
            [&](model::Household& h) {
              sink(h);
              return true;
            },
            options.month);
      },
      baseline, reform, options, total);
}

}  // namespace safetynet::sim
