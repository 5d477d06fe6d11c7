// `safetynet supervise record|recover|list|report` — error supervision (SPEC R12.2, docs/supervision.md):
//   supervise record  --db DB --household ID --from YYYY-MM --to YYYY-MM --cause C --amount YUAN
//                     [--note TEXT] [--by NAME]
//   supervise recover --db DB --error ID --amount YUAN --on YYYY-MM-DD [--note TEXT] [--by NAME]
//   supervise list    --db DB [--year Y] [--region CODE]
//   supervise report  --db DB --year Y [--as-of YYYY-MM-DD] [--out DIR]
// "Today" is the civil date in China (UTC+8); `--today` fixes it (training, tests). Amounts are yuan
// text parsed exactly to fen (model::parse_yuan: at most two decimals). Exit codes as every command:
// 0 done, 2 bad input (nothing written), 3 environment (database, a file that could not be written).
#include <chrono>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "registry/supervision.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::cli {
namespace {

using registry::ErrorCause;
using registry::RegionTolerance;

struct Options {
  std::string db, household, from, to, cause, amount, note, by, on, region, as_of, today, out = "out";
  long long error = 0;
  int year = 0;
  bool year_given = false;  // `list --year`: absent means all years (0 is not a year)
};

// A month option, named as the user typed it (`--from`, `--to`).
std::optional<model::Month> month_or_report(const char* option, const std::string& text) {
  auto m = model::parse_month(text);
  if (!m) std::fprintf(stderr, "bad_date %s: 月份应为 YYYY-MM，收到 \"%s\"\n", option, text.c_str());
  return m;
}

bool year_ok_or_report(int year) {
  if (year >= 1900 && year <= 2100) return true;
  std::fprintf(stderr, "bad_value --year: 年度应为 1900 至 2100，收到 %d\n", year);
  return false;
}

std::optional<model::Date> today_or_report(const Options& o) {
  if (!o.today.empty()) {
    auto d = model::parse_date(o.today);
    if (!d) std::fprintf(stderr, "bad_date --today: 日期应为 YYYY-MM-DD，收到 \"%s\"\n", o.today.c_str());
    return d;
  }
  // Civil-affairs dates are China's (UTC+8, no daylight saving), as the server's.
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  return model::civil_from_days(static_cast<long>(std::chrono::floor<std::chrono::days>(now).time_since_epoch().count()));
}

std::optional<model::Fen> yuan_or_report(const std::string& text) {
  auto fen = model::parse_yuan(text);
  if (!fen || *fen > model::kMaxRecordAmount) {
    std::fprintf(stderr, "bad_amount --amount: 金额应为元，最多两位小数（到分），且不超过 10 亿元，收到 \"%s\"\n",
                 text.c_str());
    return std::nullopt;
  }
  return fen;
}

// Problems of the store name the API's fields; say them as the command's options.
void print_refused(const Problems& ps) {
  Problems out = ps;
  for (auto& p : out) {
    if (p.field == "household_id") p.field = "--household";
    else if (p.field == "error_id") p.field = "--error";
    else if (!p.field.empty()) p.field = "--" + p.field;
  }
  print_problems(out);
}

int run_record(const Options& o) {
  auto today = today_or_report(o);
  auto first = month_or_report("--from", o.from);
  auto last = month_or_report("--to", o.to);
  auto amount = yuan_or_report(o.amount);
  const auto cause = registry::parse_error_cause(o.cause);
  if (!cause)
    std::fprintf(stderr, "bad_value --cause: 未知的错保原因 \"%s\"（应为 staff_limits 工作人员能力所限、shared_data "
                         "共享数据不准确、concealment 家庭隐瞒，或 other 其他非客观原因）\n", o.cause.c_str());
  if (!today || !first || !last || !amount || !cause) return kExitBadInput;
  auto reg = registry::Registry::open(o.db, /*create=*/false);
  auto r = reg->supervision().record_error({o.household, *first, *last, *cause, *amount, o.note, o.by}, *today);
  if (!r) {
    std::fprintf(stderr, "错保记录未登记：\n");
    print_refused(r.problems());
    return kExitBadInput;
  }
  std::printf("已登记错保 #%lld：户 %s（%s%s%s），%s 至 %s，%s，金额 %s 元\n", static_cast<long long>(r->id),
              r->household_id.c_str(), r->county.c_str(), r->street.empty() ? "" : " / ", r->street.c_str(),
              r->first.to_string().c_str(), r->last.to_string().c_str(), std::string(registry::label_zh(r->cause)).c_str(),
              model::format_yuan(r->amount).c_str());
  return kExitOk;
}

int run_recover(const Options& o) {
  auto today = today_or_report(o);
  auto on = model::parse_date(o.on);
  if (!on) std::fprintf(stderr, "bad_date --on: 日期应为 YYYY-MM-DD，收到 \"%s\"\n", o.on.c_str());
  auto amount = yuan_or_report(o.amount);
  if (!today || !on || !amount) return kExitBadInput;
  auto reg = registry::Registry::open(o.db, /*create=*/false);
  auto& s = reg->supervision();
  auto r = s.record_recovery({o.error, *on, *amount, o.note, o.by}, *today);
  if (!r) {
    std::fprintf(stderr, "追回未登记：\n");
    print_refused(r.problems());
    return kExitBadInput;
  }
  const auto e = s.error(o.error);
  std::printf("已登记追回：错保 #%lld 于 %s 追回 %s 元；累计追回 %s 元，尚未追回 %s 元\n", o.error,
              on->to_string().c_str(), model::format_yuan(*amount).c_str(), model::format_yuan(e->recovered).c_str(),
              model::format_yuan(e->outstanding()).c_str());
  return kExitOk;
}

int run_list(const Options& o) {
  if (o.year_given && !year_ok_or_report(o.year)) return kExitBadInput;
  // The region as the monthly report takes it (450000, a 设区市, a county or a street of the catalog),
  // listed as the prefix of the errors' county / street codes.
  std::string prefix;
  if (!o.region.empty()) {
    auto regions = load_regions_or_report();
    if (!regions) return kExitBadInput;
    auto scope = report::check_scope(o.region, *regions);
    if (!scope) {
      std::fprintf(stderr, "bad_value --region: 区划代码 \"%s\" 无效：应为 450000、设区市、县（市、区）的6位代码或街道的9位代码\n",
                   o.region.c_str());
      return kExitBadInput;
    }
    prefix = report::region_prefix(*scope);
  }
  auto reg = registry::Registry::open(o.db, /*create=*/false);
  const auto list = reg->supervision().errors(o.year_given ? std::optional<int>(o.year) : std::nullopt, prefix);
  std::printf("错保记录 %zu 条%s%s\n", list.size(), o.year_given ? ("（" + std::to_string(o.year) + " 年）").c_str() : "",
              o.region.empty() ? "" : ("，地区 " + o.region).c_str());
  std::printf("%-6s %-16s %-9s %-9s %-7s %-7s %-18s %12s %12s %12s  %s\n", "编号", "户编号", "县区", "街道", "起", "止",
              "原因", "错保（元）", "已追回（元）", "未追回（元）", "登记");
  for (const auto& e : list)
    std::printf("#%-5lld %-16s %-9s %-9s %-7s %-7s %-18s %12s %12s %12s  %s %s\n", static_cast<long long>(e.id),
                e.household_id.c_str(), e.county.c_str(), e.street.c_str(), e.first.to_string().c_str(),
                e.last.to_string().c_str(), std::string(registry::to_string(e.cause)).c_str(),
                model::format_yuan(e.amount).c_str(), model::format_yuan(e.recovered).c_str(),
                model::format_yuan(e.outstanding()).c_str(), e.recorded_on.to_string().c_str(), e.recorded_by.c_str());
  return kExitOk;
}

io::Row report_row(const char* level, const RegionTolerance& r, const model::RegionCatalog& regions) {
  return {level,
          r.region,
          regions.name(r.region),
          std::to_string(r.assisted_cases),
          std::to_string(r.wrong_cases),
          registry::ratio_text(r.wrong_cases, r.assisted_cases),
          model::format_yuan(r.wrong_fen),
          model::format_yuan(r.recovered_fen),
          model::format_yuan(r.outstanding_fen()),
          std::string(registry::label_zh(r.status)),
          registry::is_flagged(r.status) ? "是" : ""};
}

int run_report(const Options& o) {
  auto params = load_policy_or_report();
  auto regions = load_regions_or_report();
  auto today = today_or_report(o);
  if (!params || !regions || !today) return kExitBadInput;
  if (!year_ok_or_report(o.year)) return kExitBadInput;
  model::Date as_of = *today;
  if (!o.as_of.empty()) {
    auto d = model::parse_date(o.as_of);
    if (!d) {
      std::fprintf(stderr, "bad_date --as-of: 日期应为 YYYY-MM-DD，收到 \"%s\"\n", o.as_of.c_str());
      return kExitBadInput;
    }
    as_of = *d;
  }
  if (as_of < model::Date{o.year, 1, 1}) {
    std::fprintf(stderr, "bad_date --as-of: 截至日期 %s 早于 %d 年\n", as_of.to_string().c_str(), o.year);
    return kExitBadInput;
  }
  auto tolerance = registry::error_tolerance(*params, o.year, as_of);
  if (!tolerance) {
    print_problems(tolerance.problems());
    return kExitBadInput;
  }
  auto reg = registry::Registry::open(o.db, /*create=*/false);
  const auto r = reg->supervision().tolerance_report(o.year, as_of, *tolerance);

  // The tolerance as a percentage: Decimal units are the ratio × 10000, i.e. hundredths of a percent.
  const long t = static_cast<long>(tolerance->units);
  std::printf("%d 年错保容错情况（截至 %s；容错比例 %ld.%02ld%%，R12.2；⚠ = 不予免责）\n", o.year,
              as_of.to_string().c_str(), t / 100, t % 100);
  const io::Row header = {"层级", "地区代码", "地区", "救助户数", "错保户数", "错保率", "错保金额（元）",
                          "已追回（元）", "未追回（元）", "状态", "不予免责"};
  std::vector<io::Row> rows = {header};
  for (const auto& c : r.counties) rows.push_back(report_row("县区", c, *regions));
  for (const auto& s : r.streets) rows.push_back(report_row("乡镇街道", s, *regions));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& x = rows[i];
    // No column widths: printf pads bytes, not the width of Chinese characters.
    std::printf("%s %s %s %s：救助 %s 户，错保 %s 户，错保率 %s，错保 %s 元，已追回 %s 元，未追回 %s 元：%s\n",
                x[10].empty() ? "  " : "⚠", x[0].c_str(), x[1].c_str(), x[2].c_str(), x[3].c_str(), x[4].c_str(),
                x[5].c_str(), x[6].c_str(), x[7].c_str(), x[8].c_str(), x[9].c_str());
  }
  if (rows.size() == 1) std::printf("  %d 年没有发放记录，也没有错保记录\n", o.year);

  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  const std::string base = o.out + "/supervision-" + std::to_string(o.year);
  io::SheetSpec sheet;
  sheet.name = "错保容错";
  sheet.rows = rows;
  sheet.numeric_columns = {3, 4, 6, 7, 8};
  io::SheetSpec errors;
  errors.name = "错保记录";
  errors.rows.push_back({"编号", "户编号", "县区", "乡镇街道", "起始月份", "结束月份", "原因", "错保金额（元）",
                         "已追回（元）", "未追回（元）", "登记人", "登记日期", "说明"});
  errors.numeric_columns = {7, 8, 9};
  for (const auto& e : reg->supervision().errors(o.year))
    errors.rows.push_back({std::to_string(e.id), e.household_id, e.county, e.street, e.first.to_string(),
                           e.last.to_string(), std::string(registry::label_zh(e.cause)), model::format_yuan(e.amount),
                           model::format_yuan(e.recovered), model::format_yuan(e.outstanding()), e.recorded_by,
                           e.recorded_on.to_string(), e.note});
  auto xlsx = io::write_xlsx(base + ".xlsx", {sheet, errors});
  auto csv = io::write_csv(base + ".csv", rows, io::Encoding::kUtf8, /*bom=*/true);
  if (!xlsx || !csv) {
    print_problems(!xlsx ? xlsx.problems() : csv.problems());
    return 3;
  }
  std::printf("  报表：%s.xlsx、%s.csv\n", base.c_str(), base.c_str());
  return kExitOk;
}

}  // namespace

void add_supervise(CLI::App& app) {
  auto* cmd = app.add_subcommand("supervise", "错保监督：登记错保与追回，按县区、乡镇街道报告容错比例（R12.2）");
  cmd->require_subcommand(1);
  static Options o;
  auto db = [](CLI::App* c) { c->add_option("--db", o.db, "登记库（SQLite 文件或 postgresql://…）")->required(); };
  auto today = [](CLI::App* c) { c->add_option("--today", o.today, "固定“今天”的日期 YYYY-MM-DD（培训、测试用）"); };
  auto* record = cmd->add_subcommand("record", "登记一户错保（错发的月份、原因、金额）");
  db(record);
  record->add_option("--household", o.household, "户编号")->required();
  record->add_option("--from", o.from, "错发起始月份 YYYY-MM")->required();
  record->add_option("--to", o.to, "错发结束月份 YYYY-MM（与起始月份同一年度）")->required();
  record->add_option("--cause", o.cause, "原因：staff_limits | shared_data | concealment | other")->required();
  record->add_option("--amount", o.amount, "错发金额（元，最多两位小数）")->required();
  record->add_option("--note", o.note, "说明");
  record->add_option("--by", o.by, "登记人");
  today(record);
  record->callback([] { std::exit(run_record(o)); });
  auto* recover = cmd->add_subcommand("recover", "登记追回的错保金额");
  db(recover);
  recover->add_option("--error", o.error, "错保记录编号")->required();
  recover->add_option("--amount", o.amount, "追回金额（元）")->required();
  recover->add_option("--on", o.on, "追回日期 YYYY-MM-DD")->required();
  recover->add_option("--note", o.note, "说明");
  recover->add_option("--by", o.by, "登记人");
  today(recover);
  recover->callback([] { std::exit(run_recover(o)); });
  auto* list = cmd->add_subcommand("list", "列出错保记录");
  db(list);
  list->add_option("--year", o.year, "年度（1900 至 2100）")->each([](const std::string&) { o.year_given = true; });
  list->add_option("--region", o.region, "地区代码（县区 6 位或乡镇街道 9 位）");
  list->callback([] { std::exit(run_list(o)); });
  auto* report = cmd->add_subcommand("report", "某年度各县区、乡镇街道的错保率与追回情况");
  db(report);
  report->add_option("--year", o.year, "年度")->required();
  report->add_option("--as-of", o.as_of, "截至日期 YYYY-MM-DD（默认今天）");
  report->add_option("--out", o.out, "输出目录（默认 out）：supervision-<年度>.xlsx / .csv");
  today(report);
  report->callback([] { std::exit(run_report(o)); });
}

}  // namespace safetynet::cli
