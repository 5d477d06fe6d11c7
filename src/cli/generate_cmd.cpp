// `safetynet generate --households N --seed S --month YYYY-MM --out DIR [--xlsx] [--format csv|snpop]`: a synthetic registry
// from the documented, seeded generator (docs/generator.md), written as the office ledger CSV files
// (台账, 成员表, 收入表, 支出表; docs/ledger-format.md) and, with --xlsx, one workbook. The same seed and
// size always give the same files: this is how data/demo/ was made.
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "io/ledger.hpp"
#include "sim/generator.hpp"
#include "sim/population_file.hpp"

namespace safetynet::cli {
namespace {

// `--format snpop`: one population file for `safetynet simulate` (sim/population_file.hpp) instead of ledger files.
int write_population(const sim::Generator& gen, long n, std::uint64_t seed, model::Month month, const std::string& out) {
  if (auto dir = std::filesystem::path(out).parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
  auto w = sim::PopulationWriter::create(out, month, seed);
  if (!w) {
    print_problems(w.problems());
    return 3;
  }
  auto stats = gen.generate(seed, static_cast<std::size_t>(n), [&](model::Household&& h) { w->add(h); });
  auto written = w->close();
  if (!written) {
    print_problems(written.problems());
    return 3;
  }
  std::printf("生成 %ld 户 %ld 人（户均 %.2f 人），种子 %llu，月份 %s\n  %s（%.1f MB）\n", stats.households, stats.persons,
              stats.persons_per_household(), static_cast<unsigned long long>(seed), month.to_string().c_str(), out.c_str(),
              static_cast<double>(std::filesystem::file_size(out)) / 1e6);
  return kExitOk;
}

int run_generate(long n, std::uint64_t seed, const std::string& month_text, const std::string& out, bool xlsx,
                 const std::string& format) {
  auto month = parse_month_or_report(month_text);
  if (!month) return kExitBadInput;
  sim::GeneratorOptions opt;
  opt.as_of = *month;
  auto gen = sim::Generator::create(opt);
  if (!gen) {
    print_problems(gen.problems());
    return kExitBadInput;
  }
  if (format == "snpop") return write_population(*gen, n, seed, *month, out);
  std::filesystem::create_directories(out);
  io::LedgerWriteOptions wopt;
  wopt.as_of = *month;
  auto csv = io::LedgerCsvWriter::open(out, wopt);
  if (!csv) {
    print_problems(csv.problems());
    return kExitBadInput;
  }
  std::vector<model::Household> kept;
  auto stats = gen->generate(seed, static_cast<std::size_t>(n), [&](model::Household&& h) {
    csv->add(h);
    if (xlsx) kept.push_back(std::move(h));
  });
  if (auto r = csv->close(); !r) {
    print_problems(r.problems());
    return kExitBadInput;
  }
  std::printf("生成 %ld 户 %ld 人（户均 %.2f 人；老年人 %ld，残疾人 %ld，孤儿 %ld），种子 %llu，月份 %s\n", stats.households,
              stats.persons, stats.persons_per_household(), stats.elderly, stats.disabled, stats.orphans,
              static_cast<unsigned long long>(seed), month->to_string().c_str());
  std::printf("  %s/台账.csv 成员表.csv 收入表.csv 支出表.csv\n", out.c_str());
  if (xlsx) {
    const std::string path = out + "/ledger.xlsx";
    if (auto r = io::write_ledger_xlsx(path, kept, wopt); !r) {
      print_problems(r.problems());
      return kExitBadInput;
    }
    std::printf("  %s\n", path.c_str());
  }
  return kExitOk;
}

}  // namespace

void add_generate(CLI::App& app) {
  auto* cmd = app.add_subcommand("generate", "用带种子的生成器生成模拟登记库（台账 CSV / XLSX）");
  static long n = 1000;
  static std::uint64_t seed = 20191001;
  static std::string month = "2019-10", out = "out/generated";
  static bool xlsx = false;
  static std::string format = "csv";
  cmd->add_option("--households", n, "户数")->check(CLI::Range(1L, 100000000L));
  cmd->add_option("--seed", seed, "随机种子");
  cmd->add_option("--month", month, "收入数据截止的评估月份 YYYY-MM");
  cmd->add_option("--out", out, "输出目录");
  cmd->add_flag("--xlsx", xlsx, "另写一个 XLSX 工作簿（≤ 1,048,575 行/表）");
  cmd->add_option("--format", format, "csv：台账 CSV 文件（默认）；snpop：供 simulate 用的人口文件，--out 为文件名")
      ->check(CLI::IsMember({"csv", "snpop"}));
  cmd->callback([] { std::exit(run_generate(n, seed, month, out, xlsx, format)); });
}

}  // namespace safetynet::cli
