// `safetynet payroll --db FILE --month YYYY-MM [--out DIR]`: pays every assessed case of the month that
// has not been paid for it (R12.1: never twice), then writes the month's roster as CSV and XLSX with
// totals per street and county.
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "payroll/roster.hpp"

namespace safetynet::cli {
namespace {

int run_payroll(const std::string& db, const std::string& month_text, const std::string& out) {
  auto month = parse_month_or_report(month_text);
  auto regions = load_regions_or_report();
  if (!month || !regions) return kExitBadInput;
  auto reg = registry::Registry::open(db, /*create=*/false);
  if (reg->assessment_count(*month) == 0) {
    std::fprintf(stderr, "%s 尚未评估：请先运行 safetynet assess --db %s --month %s\n", month->to_string().c_str(),
                 db.c_str(), month->to_string().c_str());
    return kExitBadInput;
  }
  // The roster must be writable before anyone is paid: check the directory first.
  {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    const std::string probe = out + "/.safetynet-write-test";
    std::FILE* f = std::fopen(probe.c_str(), "w");
    if (f == nullptr || ec) {
      if (f) std::fclose(f);
      std::fprintf(stderr, "write_failed --out: 输出目录 %s 无法写入，未发放任何款项\n", out.c_str());
      return kExitBadInput;
    }
    std::fclose(f);
    std::filesystem::remove(probe, ec);
  }
  auto paid = reg->pay_month(*month);
  std::printf("发放 %s（批次 %lld）：本次新发放 %ld 户，金额 %s 元；此前已发放 %ld 户（不重复发放）\n",
              month->to_string().c_str(), static_cast<long long>(paid.run_id), paid.new_cases,
              model::format_yuan(paid.new_total).c_str(), paid.already_paid);
  auto files = payroll::write_roster(*reg, *regions, *month, out);
  if (!files) {
    print_problems(files.problems());
    std::fprintf(stderr, "发放记录已保存，但花名册未写成；修正后重新运行本命令即可生成花名册（不会重复发放）\n");
    return 3;
  }
  std::printf("花名册 %ld 户，合计 %s 元，%ld 个县（市、区）、%ld 个街道（乡镇）\n  %s\n  %s\n  %s\n", files->lines,
              model::format_yuan(files->total).c_str(), files->counties, files->streets, files->csv.c_str(),
              files->totals_csv.c_str(), files->xlsx.c_str());
  return kExitOk;
}

}  // namespace

void add_payroll(CLI::App& app) {
  auto* cmd = app.add_subcommand("payroll", "生成某月发放花名册（每户每月只发放一次）");
  static std::string db, month, out = "out";
  cmd->add_option("--db", db, "登记库文件（SQLite）")->required();
  cmd->add_option("--month", month, "发放月份 YYYY-MM")->required();
  cmd->add_option("--out", out, "输出目录（默认 out）");
  cmd->callback([] { std::exit(run_payroll(db, month, out)); });
}

}  // namespace safetynet::cli
