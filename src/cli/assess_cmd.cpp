// `safetynet assess --db FILE --month YYYY-MM`: assesses every open household for the month and stores
// the results (payroll/assess_run.hpp).
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "payroll/assess_run.hpp"

namespace safetynet::cli {
namespace {

int run_assess(const std::string& db, const std::string& month_text, int threads) {
  auto month = parse_month_or_report(month_text);
  auto policy = load_policy_or_report();
  if (!month || !policy) return kExitBadInput;
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto s = payroll::assess_month(*reg, *policy, *month, threads, progress_stream());
  std::printf("评估 %s：%ld 户（低保 %ld，低收入 %ld，不符合 %ld，无法确定 %ld，缺参数拒绝 %ld），月发放合计 %s 元，用时 %.2f 秒\n",
              month->to_string().c_str(), s.households, s.by_category[1], s.by_category[2], s.by_category[0],
              s.by_category[3], s.refused, model::format_yuan(s.monthly_cash).c_str(), s.seconds);
  if (s.kept_paid > 0)
    std::printf("其中 %ld 户本月已发放：保留发放时的评估结果，变化在下月处理\n", s.kept_paid);
  return kExitOk;
}

}  // namespace

void add_assess(CLI::App& app) {
  auto* cmd = app.add_subcommand("assess", "评估登记库中每一户某月的保障类别与待遇并保存");
  static std::string db, month;
  static int threads = 0;
  cmd->add_option("--db", db, "登记库文件（SQLite）")->required();
  cmd->add_option("--month", month, "评估月份 YYYY-MM")->required();
  cmd->add_option("--threads", threads, "线程数（0 = 全部核心）");
  cmd->callback([] { std::exit(run_assess(db, month, threads)); });
}

}  // namespace safetynet::cli
