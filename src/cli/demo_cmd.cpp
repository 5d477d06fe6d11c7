// `safetynet demo [--month YYYY-MM] [--out DIR]`: the main job on the bundled registry (data/demo/): a fresh
// SQLite registry, import of the ledger XLSX, re-import of the same registry as CSV (changes nothing),
// assessment of the month, payroll (run twice: the second pays nobody), report, and one household
// explained. It checks that the roster total equals the sum of the stored assessments and says where
// every output is.
#include <chrono>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "payroll/assess_run.hpp"
#include "payroll/roster.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::cli {
namespace {

namespace fs = std::filesystem;

std::string data_dir() { return fs::path(model::default_region_dir()).parent_path().string() + "/demo"; }

int run_demo(const std::string& month_text, const std::string& out) {
  const auto t0 = std::chrono::steady_clock::now();
  auto month = parse_month_or_report(month_text);
  auto policy = load_policy_or_report();
  auto regions = load_regions_or_report();
  if (!month || !policy || !regions) return kExitBadInput;
  const std::string dir = data_dir();
  const std::string xlsx = dir + "/ledger.xlsx";
  std::vector<std::string> csvs;
  for (const char* s : {"台账", "成员表", "收入表", "支出表"}) csvs.push_back(dir + "/csv/" + s + ".csv");
  for (const auto& f : csvs)
    if (!fs::exists(f)) {
      std::fprintf(stderr, "找不到演示数据 %s\n", f.c_str());
      return kExitBadInput;
    }
  fs::create_directories(out);
  const std::string db = out + "/demo.db";
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db + ext);
  auto reg = registry::Registry::open(db);
  std::FILE* progress = progress_stream();

  std::printf("== 1. 导入台账 XLSX：%s\n", xlsx.c_str());
  auto first = import_files(*reg, *regions, {xlsx}, false, progress);
  std::printf("   新增 %ld 户，拒绝 %zu 条\n", first.outcome.inserted, first.outcome.rejected.size());
  print_problems(first.outcome.rejected, stdout);
  std::printf("== 2. 再导入同一登记库的 CSV 版本（应无变化）\n");
  auto second = import_files(*reg, *regions, csvs, false, progress);
  std::printf("   新增 %ld，更新 %ld，未变 %ld 户\n", second.outcome.inserted, second.outcome.updated,
              second.outcome.unchanged);

  std::printf("== 3. 评估 %s\n", month->to_string().c_str());
  auto s = payroll::assess_month(*reg, *policy, *month, 0, progress);
  std::printf("   %ld 户：低保 %ld，低收入 %ld，不符合 %ld，无法确定 %ld；%.2f 秒\n", s.households, s.by_category[1],
              s.by_category[2], s.by_category[0], s.by_category[3], s.seconds);

  std::printf("== 4. 发放\n");
  auto paid = reg->pay_month(*month);
  std::printf("   第一次：新发放 %ld 户，%s 元\n", paid.new_cases, model::format_yuan(paid.new_total).c_str());
  auto again = reg->pay_month(*month);
  std::printf("   第二次：新发放 %ld 户（已发放 %ld 户，不重复发放）\n", again.new_cases, again.already_paid);
  auto roster = payroll::write_roster(*reg, *regions, *month, out);
  if (!roster) {
    print_problems(roster.problems());
    return kExitBadInput;
  }
  // The roster total must equal the sum of the stored assessments' monthly cash (paid cases).
  model::Fen assessed = 0;
  std::string example;
  reg->scan_assessments(*month, [&](const registry::StoredAssessment& a) {
    if (a.refusal.empty()) assessed += a.monthly_cash;
    if (example.empty() && a.category == rules::Category::kDibao && a.persons.find("orphan") != std::string::npos)
      example = a.household_id;
  });
  const bool balanced = roster->total == assessed;
  std::printf("   花名册 %ld 户，合计 %s 元；评估结果合计 %s 元：%s\n", roster->lines,
              model::format_yuan(roster->total).c_str(), model::format_yuan(assessed).c_str(),
              balanced ? "一致" : "不一致！");

  std::printf("== 5. 报表\n");
  auto rep = report::build_report(*reg, *month);
  std::printf("%s", report::format_report(rep, *regions).c_str());
  auto files = report::write_report(rep, *regions, out);
  if (!files) {
    print_problems(files.problems());
    return kExitBadInput;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("\n== 输出（用时 %.1f 秒）\n  登记库   %s\n  花名册   %s\n           %s\n  汇总     %s\n  报表     %s\n           %s\n", secs,
              db.c_str(), roster->xlsx.c_str(), roster->csv.c_str(), roster->totals_csv.c_str(), (*files)[0].c_str(),
              (*files)[1].c_str());
  if (!example.empty())
    std::printf("\n逐步说明一户: build/safetynet explain --db %s --household %s --month %s\n", db.c_str(),
                example.c_str(), month->to_string().c_str());
  return balanced ? kExitOk : kExitFailures;
}

}  // namespace

void add_demo(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo", "用随附的演示登记库跑通：导入 → 评估 → 发放 → 报表");
  static std::string month = "2019-10", out = "out/demo";
  cmd->add_option("--month", month, "月份 YYYY-MM（默认 2019-10，演示数据的收入截止月）");
  cmd->add_option("--out", out, "输出目录（默认 out/demo）");
  cmd->callback([] { std::exit(run_demo(month, out)); });
}

}  // namespace safetynet::cli
