// `safetynet report --db FILE --month YYYY-MM [--out DIR]`: counts and money by region, category and
// line (R13), printed and written as CSV and XLSX.
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::cli {
namespace {

int run_report(const std::string& db, const std::string& month_text, const std::string& out) {
  auto month = parse_month_or_report(month_text);
  auto regions = load_regions_or_report();
  if (!month || !regions) return kExitBadInput;
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto r = report::build_report(*reg, *month);
  if (r.total.households == 0) {
    std::fprintf(stderr, "%s 没有评估结果：请先运行 safetynet assess\n", month->to_string().c_str());
    return kExitBadInput;
  }
  std::printf("%s", report::format_report(r, *regions).c_str());
  auto files = report::write_report(r, *regions, out);
  if (!files) {
    print_problems(files.problems());
    return kExitBadInput;
  }
  for (const auto& f : *files) std::printf("  %s\n", f.c_str());
  return kExitOk;
}

}  // namespace

void add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "按地区、类别、保障线统计某月户数、人数与金额");
  static std::string db, month, out = "out";
  cmd->add_option("--db", db, "登记库文件（SQLite）")->required();
  cmd->add_option("--month", month, "月份 YYYY-MM")->required();
  cmd->add_option("--out", out, "输出目录（默认 out）");
  cmd->callback([] { std::exit(run_report(db, month, out)); });
}

}  // namespace safetynet::cli
