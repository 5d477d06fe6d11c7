// `safetynet simulate (--population FILE | --generate N [--seed S] | --db REGISTRY) --month YYYY-MM
//  --reform REFORM.yaml [--out DIR] [--threads T]`: the whole population assessed under the shipped policy
// and under the reform; cost and coverage by 设区市 and category, who gains and who loses, printed and
// written as simulation-YYYY-MM.xlsx / .html (docs/simulation.md). Under `mpirun -n K` each rank takes
// whole 设区市 and rank 0 prints the exact sum.
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <thread>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "params/loader.hpp"
#include "sim/distributed.hpp"
#include "sim/sim_report.hpp"

namespace safetynet::cli {
namespace {

struct SimulateArgs {
  std::string population, db, month = "2019-10", reform, out = "out";
  long generate = 0;
  std::uint64_t seed = 20191001;
  int threads = 0;
};

std::string with_commas(std::int64_t n) {
  std::string s = std::to_string(n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

std::string reform_description(const std::string& path) {
  try {
    auto doc = YAML::LoadFile(path);
    if (doc.IsMap() && doc["description"] && doc["description"].IsScalar()) return doc["description"].Scalar();
  } catch (const YAML::Exception&) {
  }
  return "";
}

int run_simulate(const SimulateArgs& a, const sim::Distributed& mpi) {
  const bool root = mpi.rank() == 0;
  const int sources = (a.population.empty() ? 0 : 1) + (a.db.empty() ? 0 : 1) + (a.generate > 0 ? 1 : 0);
  if (sources != 1) {
    if (root) std::fprintf(stderr, "请给出且只给出一种人口：--population 文件、--generate 户数 或 --db 登记库\n");
    return kExitBadInput;
  }
  auto month = parse_month_or_report(a.month);
  auto regions = load_regions_or_report();
  auto baseline = load_policy_or_report();
  if (!month || !regions || !baseline) return kExitBadInput;
  auto reform = params::apply_reform_file(*baseline, a.reform);
  if (!reform) {
    if (root) print_problems(reform.problems());
    return kExitBadInput;
  }
  sim::SimulationOptions opt;
  opt.month = *month;
  opt.threads = a.threads;
  if (mpi.active() && a.threads == 0) {
    // Ranks on one machine share its cores (Open MPI says how many ranks run on this node).
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    const int on_node = local ? std::max(1, std::atoi(local)) : 1;
    opt.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / on_node);
  }
  opt.progress = root ? progress_stream() : nullptr;
  sim::SimulationInfo info;
  info.month = *month;
  info.reform_file = a.reform;
  info.reform_description = reform_description(a.reform);

  std::array<std::int64_t, sim::kCities + 1> weights{};  // households per city, for the split over ranks
  std::optional<sim::SimulationRun> run;
  if (!a.population.empty()) {
    auto pop = sim::PopulationReader::open(a.population);
    if (!pop) {
      if (root) print_problems(pop.problems());
      return kExitBadInput;
    }
    for (const auto& c : pop->chunks()) weights[static_cast<std::size_t>(c.city)] += c.households;
    if (mpi.active()) opt.cities = mpi.my_cities(weights);
    info.population = "人口文件 " + a.population + "（" + with_commas(static_cast<std::int64_t>(pop->households())) + " 户" +
                      (pop->seed() ? "，种子 " + std::to_string(pop->seed()) : "") + "）";
    if (pop->as_of() != *month) {
      // Its income rows cover the 12 months before as_of: another month's window would find months with no
      // rows, which the rules read as no income (R2.1) — figures that look real and are not.
      if (root) {
        std::fprintf(stderr, "人口文件 %s 的收入数据截至 %s 之前，只能模拟 %s（给出的是 %s）\n", a.population.c_str(),
                     pop->as_of().to_string().c_str(), pop->as_of().to_string().c_str(), month->to_string().c_str());
      }
      return kExitBadInput;
    }
    auto r = sim::simulate_file(*pop, *baseline, *reform, opt);
    if (!r) print_problems(r.problems());  // this rank's chunks; every rank learns of it below
    if (!mpi.all_ok(r.ok())) return kExitBadInput;
    run = std::move(r).value();
  } else if (a.generate > 0) {
    sim::GeneratorOptions gopt;
    gopt.as_of = *month;
    auto gen = sim::Generator::create(gopt);
    if (!gen) {
      if (root) print_problems(gen.problems());
      return kExitBadInput;
    }
    weights.fill(0);  // unknown before generating: cities alternate between ranks
    if (mpi.active()) opt.cities = mpi.my_cities(weights);
    info.population = "生成 " + with_commas(a.generate) + " 户（种子 " + std::to_string(a.seed) + "）";
    run = sim::simulate_generated(*gen, a.seed, static_cast<std::size_t>(a.generate), *baseline, *reform, opt);
  } else {
    auto reg = registry::Registry::open(a.db, /*create=*/false);
    weights.fill(0);
    if (mpi.active()) opt.cities = mpi.my_cities(weights);
    info.population = "登记库 " + a.db + " 的在册户";
    run = sim::simulate_registry(*reg, *baseline, *reform, opt);
  }
  if (mpi.active()) {
    std::fprintf(stderr, "rank %d/%d: %lld 户，%.2f 秒\n", mpi.rank(), mpi.size(), static_cast<long long>(run->households),
                 run->seconds);
  }
  mpi.reduce(*run);
  if (!root) return kExitOk;
  if (run->households == 0) {
    std::fprintf(stderr, "人口中没有住户\n");
    return kExitBadInput;
  }
  std::printf("%s", sim::format_simulation(*run, info, *regions).c_str());
  std::printf("共 %s 户，两套参数各评估一次，用时 %.2f 秒（%s 户/秒）%s\n", with_commas(run->households).c_str(), run->seconds,
              with_commas(static_cast<std::int64_t>(static_cast<double>(run->households) / std::max(run->seconds, 1e-9))).c_str(),
              mpi.active() ? ("，" + std::to_string(mpi.size()) + " 个进程").c_str() : "");
  auto files = sim::write_simulation(*run, info, *regions, a.out);
  if (!files) {
    print_problems(files.problems());
    return 3;
  }
  for (const auto& f : *files) std::printf("  %s\n", f.c_str());
  return kExitOk;
}

}  // namespace

void add_simulate(CLI::App& app) {
  auto* cmd = app.add_subcommand("simulate", "政策模拟：全体人口在现行参数与改革方案下各评估一次，比较支出与覆盖");
  static SimulateArgs a;
  cmd->add_option("--population", a.population, "人口文件（.snpop，由 safetynet generate --format snpop 写出）");
  cmd->add_option("--generate", a.generate, "改为用生成器生成 N 户")->check(CLI::Range(1L, 100000000L));
  cmd->add_option("--seed", a.seed, "生成器种子（与 --generate 同用）");
  cmd->add_option("--db", a.db, "改为模拟登记库（SQLite 文件或 postgresql:// 地址）的在册户");
  cmd->add_option("--month", a.month, "模拟月份 YYYY-MM")->required();
  cmd->add_option("--reform", a.reform, "改革方案 YAML（parameters / scale / add；见 policy/reforms/）")->required();
  cmd->add_option("--out", a.out, "输出目录（默认 out）");
  cmd->add_option("--threads", a.threads, "每个进程的线程数（默认全部核心）")->check(CLI::Range(0, 1024));
  cmd->callback([] {
    int code;
    {
      sim::Distributed mpi;  // MPI only under mpirun; finalised before exit
      code = mpi.agree_exit(run_simulate(a, mpi));
    }
    std::exit(code);
  });
}

}  // namespace safetynet::cli
