// `safetynet report --db FILE|URL --month YYYY-MM [--region CODE] [--out DIR]`: the month's report
// (SPEC R13; docs/reports.md) per region at every level inside CODE (default 450000): printed, and
// written as `report-YYYY-MM[-CODE].csv`, `.xlsx` (the statistics form and its sheets) and `.html`
// (charts and tables), with the R12.2 error ratio of each county and street from the supervision record
// as of the month's last day (report_errors.hpp; without P.error_tolerance: a warning, no 错保率).
// Exit 0 written; 2 bad input (month, region, no assessed household of the region in the month); 3 the
// registry or the output directory cannot be used.
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "report/monthly_report.hpp"
#include "report/report_errors.hpp"

namespace safetynet::cli {
namespace {

constexpr int kExitEnvironment = 3;

int run_report(const std::string& db, const std::string& month_text, const std::string& region,
               const std::string& out) {
  auto month = parse_month_or_report(month_text);
  auto regions = load_regions_or_report();
  if (!month || !regions) return kExitBadInput;
  auto scope = report::check_scope(region, *regions);
  if (!scope) {
    std::fprintf(stderr, "--region:\n");
    print_problems(scope.problems());
    return kExitBadInput;
  }
  auto policy = load_policy_or_report();
  if (!policy) return kExitBadInput;
  std::unique_ptr<registry::Registry> reg;
  try {
    reg = registry::Registry::open(db, /*create=*/false);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "无法打开登记库 %s：%s\n", db.c_str(), e.what());
    return kExitEnvironment;
  }
  report::ReportOptions options;
  options.region = *scope;
  options.params = &*policy;
  auto errors = report::supervision_errors(*reg, *policy, *month, *scope);
  if (errors) {
    options.errors = &*errors;
  } else {
    std::fprintf(stderr, "警告：无法计算错保率（R12.2），报表不含错保率：\n");
    print_problems(errors.problems());
  }
  auto r = report::build_report(*reg, *month, options);
  if (r.total.households == 0) {
    // A region with no household is not a missing `assess`; for all of Guangxi (450000) it is.
    const std::string name = *scope == "450000" ? "广西壮族自治区" : regions->name(*scope);
    std::fprintf(stderr, "--region %s %s：%s 没有已评估的户，不生成报表%s\n", scope->c_str(), name.c_str(),
                 month->to_string().c_str(),
                 *scope == "450000" ? ("（该月尚未评估：safetynet assess --month " + month->to_string() + "）").c_str() : "");
    return kExitBadInput;
  }
  std::printf("%s", report::format_report(r, *regions).c_str());
  auto files = report::write_report(r, *regions, out);
  if (!files) {
    print_problems(files.problems());
    return kExitEnvironment;
  }
  for (const auto& f : *files) std::printf("  %s\n", f.c_str());
  return kExitOk;
}

}  // namespace

void add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "按地区（自治区、设区市、县、街道）统计某月户数、人数、金额、覆盖率与提标进度");
  static std::string db, month, region = "450000", out = "out";
  cmd->add_option("--db", db, "登记库（SQLite 文件或 postgresql:// 地址）")->required();
  cmd->add_option("--month", month, "月份 YYYY-MM")->required();
  cmd->add_option("--region", region, "区划代码：450000（默认）、设区市、县（市、区）或9位街道代码");
  cmd->add_option("--out", out, "输出目录（默认 out）");
  cmd->callback([] { std::exit(run_report(db, month, region, out)); });
}

}  // namespace safetynet::cli
