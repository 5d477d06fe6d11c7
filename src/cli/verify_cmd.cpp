// `safetynet verify load|run|loads|issues` (SPEC R11.4–R11.5, R2.5; docs/verification.md):
//   verify load   --db DB [--source S [--mapping FILE]] [--as-of YYYY-MM-DD] FILE...
//                 (without --source, each file's source is its name's: tax.csv, bank-2019-10.xlsx;
//                  files are read in parallel and stored one load each, in order)
//   verify run    --db DB --month YYYY-MM [--out DIR] [--threads N]
//                 (under `mpirun -n K`: K processes split the households by 设区市; rank 0 stores one run,
//                  verify/distributed_run.hpp)
//   verify loads  --db DB [--rejections ID]
//   verify issues --db DB
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "io/xlsx.hpp"
#include "registry/verification.hpp"
#include "sim/distributed.hpp"
#include "verify/distributed_run.hpp"
#include "verify/load.hpp"
#include "verify/matcher.hpp"
#include "verify/run.hpp"

namespace safetynet::cli {
namespace {

std::string day_text(std::int32_t d) {
  if (d == 0) return "—";
  return model::Date{d / 10000, d / 100 % 100, d % 100}.to_string();
}

// The source a file is named after: the longest source name its base name starts with, followed by
// the end, '.', '-' or '_' ("tax.csv", "social_security-2019-10.xlsx", "bank_0915.csv").
std::optional<verify::Source> source_from_name(const std::string& path) {
  const std::string base = std::filesystem::path(path).filename().string();
  std::optional<verify::Source> best;
  std::size_t best_len = 0;
  for (auto s : verify::all_sources()) {
    const std::string n = verify::to_string(s);
    if (base.rfind(n, 0) != 0 || n.size() <= best_len) continue;
    if (base.size() == n.size() || base[n.size()] == '.' || base[n.size()] == '-' || base[n.size()] == '_') {
      best = s;
      best_len = n.size();
    }
  }
  return best;
}

void print_load(const verify::LoadReport& r, const std::string& file, int& exit) {
  const auto& l = r.load;
  const auto source = verify::parse_source(l.source);
  if (r.already_loaded) {
    std::printf("%s 已于 %s 导入（批次 #%lld），内容相同，未重复导入\n", file.c_str(), l.loaded_at.c_str(),
                static_cast<long long>(l.id));
    return;
  }
  std::printf("导入 %s（%s）%s：批次 #%lld，读取 %ld 行，导入 %ld，拒绝 %ld，按映射忽略 %ld，空行 %ld；"
              "数据日期 %s（行内日期 %s 至 %s）\n",
              source ? verify::chinese_name(*source) : "", l.source.c_str(), file.c_str(), static_cast<long long>(l.id),
              l.rows_read, l.rows_loaded, l.rows_rejected, l.rows_ignored, l.rows_blank, day_text(l.as_of).c_str(),
              day_text(l.first_day).c_str(), day_text(l.last_day).c_str());
  if (l.ids_normalised > 0)
    std::printf("  已规范化 %ld 个身份证号（全角数字或小写 x 改为半角、大写 X）\n", l.ids_normalised);
  if (!r.rejected.empty()) {
    exit = std::max(exit, kExitFailures);
    const std::size_t shown = std::min<std::size_t>(r.rejected.size(), 50);
    std::fprintf(stderr, "%s 拒绝的行（%zu 行%s）：\n", file.c_str(), r.rejected.size(),
                 shown < r.rejected.size() ? "，以下为前 50 行；全部见 safetynet verify loads --rejections" : "");
    print_problems(Problems(r.rejected.begin(), r.rejected.begin() + static_cast<long>(shown)));
  }
}

int run_load(const std::string& db, const std::string& source_name, const std::string& mapping_path,
             const std::string& as_of_text, const std::vector<std::string>& files) {
  std::optional<verify::Source> source;
  if (!source_name.empty()) {
    source = verify::parse_source(source_name);
    if (!source) {
      std::string all;
      for (auto s : verify::all_sources()) all += std::string(all.empty() ? "" : ", ") + verify::to_string(s);
      std::fprintf(stderr, "bad_value --source: 未知的数据来源 '%s'（应为：%s）\n", source_name.c_str(), all.c_str());
      return kExitBadInput;
    }
  } else if (!mapping_path.empty()) {
    std::fprintf(stderr, "missing_field --source: 给出 --mapping 时须同时给出 --source\n");
    return kExitBadInput;
  }
  std::optional<model::Date> as_of;
  if (!as_of_text.empty()) {
    as_of = model::parse_date(as_of_text);
    if (!as_of) {
      std::fprintf(stderr, "bad_date --as-of: 应为 YYYY-MM-DD，得到 '%s'\n", as_of_text.c_str());
      return kExitBadInput;
    }
  }
  // Each file's source and mapping, all checked before anything is read.
  std::vector<verify::Mapping> mappings(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto s = source ? source : source_from_name(files[i]);
    if (!s) {
      std::fprintf(stderr, "missing_field --source: 无法从文件名 %s 看出数据来源：请给出 --source，或将文件命名为 "
                           "<来源>.csv（如 tax.csv、bank-2019-10.xlsx）\n", files[i].c_str());
      return kExitBadInput;
    }
    const std::string mp = mapping_path.empty() ? model::default_feeds_dir() + "/" + verify::to_string(*s) + ".yaml"
                                                : mapping_path;
    auto m = verify::load_mapping(mp);
    if (!m) {
      std::fprintf(stderr, "映射文件有误（%s）：\n", mp.c_str());
      print_problems(m.problems());
      return kExitBadInput;
    }
    if (m->source != *s) {
      std::fprintf(stderr, "bad_value --mapping: 映射文件 %s 属于 %s，不是 %s\n", mp.c_str(), verify::to_string(m->source),
                   verify::to_string(*s));
      return kExitBadInput;
    }
    mappings[i] = std::move(*m);
  }
  auto reg = registry::Registry::open(db, /*create=*/false);
  int exit = kExitOk;
  // Files are read in parallel (one per core) and stored in the order given on the one connection, each
  // its own transaction (the order matters: a later load of a source wins). Up to eight read files may
  // wait behind a long one (24 bytes a fact: under 100 MB for a 3.6M-row file).
  std::size_t next = 0;
  tbb::parallel_pipeline(
      std::min<std::size_t>(std::max<std::size_t>(files.size(), 1), 8), tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                             [&](tbb::flow_control& fc) -> std::size_t {
                                               if (next == files.size()) {
                                                 fc.stop();
                                                 return 0;
                                               }
                                               return next++;
                                             }) &
             tbb::make_filter<std::size_t, std::pair<std::size_t, Result<verify::ParsedFeed>>>(
                 tbb::filter_mode::parallel,
                 [&](std::size_t i) {
                   return std::pair<std::size_t, Result<verify::ParsedFeed>>(
                       i, verify::parse_feed(files[i], mappings[i], as_of));
                 }) &
             tbb::make_filter<std::pair<std::size_t, Result<verify::ParsedFeed>>, void>(
                 tbb::filter_mode::serial_in_order, [&](std::pair<std::size_t, Result<verify::ParsedFeed>> p) {
                   const std::string& file = files[p.first];
                   if (!p.second) {
                     std::fprintf(stderr, "%s：整份文件未导入\n", file.c_str());
                     print_problems(p.second.problems());
                     exit = kExitBadInput;
                     return;
                   }
                   print_load(verify::store_feed(*reg, *p.second), file, exit);
                 }));
  return exit;
}

io::SheetSpec sheet(std::string name, io::Row header, std::vector<int> numeric = {}) {
  io::SheetSpec s;
  s.name = std::move(name);
  s.rows.push_back(std::move(header));
  s.numeric_columns = std::move(numeric);
  return s;
}

int run_run(const std::string& db, const std::string& month_text, const std::string& out, int threads,
            const sim::Distributed& mpi) {
  const bool root = mpi.rank() == 0;
  auto month = parse_month_or_report(month_text);
  auto params = load_policy_or_report();
  int ready = kExitOk;
  if (!month || !params) {
    ready = kExitBadInput;
  } else if (*month < params->covers_from || *month > params->covers_to) {
    if (root)
      std::fprintf(stderr, "no_parameter --month: 参数只覆盖 %s 至 %s\n", params->covers_from.to_string().c_str(),
                   params->covers_to.to_string().c_str());
    ready = kExitBadInput;
  }
  std::unique_ptr<registry::Registry> reg;
  if (ready == kExitOk) {
    try {
      reg = registry::Registry::open(db, /*create=*/false);
      // A run replaces every verified record: say so when it goes back to an earlier month.
      if (auto last = root ? reg->verification().latest_run() : std::nullopt; last && *month < last->month)
        std::fprintf(stderr, "注意：上次核对的是 %s；本次核对 %s 将以 %s 的核对结果替换各户的核对记录，此后的评估和发放按此执行\n",
                     last->month.to_string().c_str(), month->to_string().c_str(), month->to_string().c_str());
    } catch (const std::exception& e) {
      if (!mpi.active()) throw;  // one process: main reports it (exit 3)
      std::fprintf(stderr, "safetynet: 进程 %d：%s\n", mpi.rank(), e.what());
      ready = 3;
    }
  }
  // Under mpirun every rank stops together when any cannot start.
  if (const int worst = verify::worst_exit(ready, mpi); worst != kExitOk) return worst;
  // The lists, for the caseworkers: written while the run stores its results.
  const std::string path = out + "/verify-" + month->to_string() + ".xlsx";
  Result<long> written = Problem{};
  verify::RunOptions opt;
  if (root) opt.alongside = [&](const registry::RunRecord& rec) {
    std::vector<io::SheetSpec> sheets;
    sheets.push_back(sheet("差异", {"户编号", "身份证号", "项目", "项目名称", "申报", "部门数据", "来源"}));
    for (const auto& m : rec.mismatches)
      sheets.back().rows.push_back({m.household_id, m.member, m.item, m.label, m.declared, m.found, m.sources});
    sheets.push_back(sheet("户结果", {"户编号", "状态", "差异项数", "待核实", "核对前类别", "核对前月发放（元）",
                                      "核对后类别", "核对后月发放（元）"}, {2, 5, 7}));
    for (const auto& h : rec.households_listed)
      sheets.back().rows.push_back({h.household_id, h.status == "changed" ? "结果变化" : h.status == "pending" ? "待核实" : "有差异",
                                    std::to_string(h.mismatches), h.pending, h.before_category,
                                    h.before_category.empty() ? "" : verify::yuan_text(h.before_cash), h.after_category,
                                    h.after_category.empty() ? "" : verify::yuan_text(h.after_cash)});
    sheets.push_back(sheet("主动发现", {"身份证号", "姓名", "地区", "来源", "原因", "情况", "日期"}));
    for (const auto& c : rec.candidates)
      sheets.back().rows.push_back({c.person_id, c.name, c.region, c.source,
                                    c.reason == "medical_bill" ? "大额医疗费用" : "重度残疾", c.detail, day_text(c.day)});
    sheets.push_back(sheet("重复与错误", {"户编号", "身份证号", "问题", "情况", "处理"}));
    for (const auto& i : rec.issues)
      sheets.back().rows.push_back({i.household_id, i.person_id, i.code, i.message, i.action});
    sheets.push_back(sheet("死亡", {"户编号", "身份证号", "死亡日期", "处理"}));
    for (const auto& d : rec.deaths)
      sheets.back().rows.push_back({d.household_id, d.person_id, d.date, "成员关系已终止，次月起不再计入、停发"});
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    written = io::write_xlsx(path, sheets);
  };
  opt.threads = threads;
  if (mpi.active() && threads == 0) {
    // Ranks on one machine share its cores (Open MPI says how many ranks run on this node).
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    const int on_node = local ? std::max(1, std::atoi(local)) : 1;
    opt.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / on_node);
  }
  opt.progress = root ? progress_stream() : nullptr;
  auto d = verify::run_distributed(*reg, *params, *month, opt, mpi);
  if (mpi.active()) {
    std::string cities;
    for (int c : d.cities) cities += (cities.empty() ? "" : " ") + (c < sim::kCities ? sim::city_code(c) : std::string("其他"));
    std::fprintf(stderr, "rank %d/%d: 核对 %ld 户（设区市 %s），%.2f 秒\n", mpi.rank(), mpi.size(), d.households_matched,
                 cities.c_str(), d.seconds);
  }
  if (!d.result) return kExitOk;  // ranks other than 0 store and print nothing
  const auto& r = *d.result;
  const auto& s = r.summary;
  std::printf("核对 %s（第 %lld 次核对）：%ld 户 %ld 人，部门数据 %ld 条，其中 %ld 条属于在册成员；用时 %.1f 秒%s\n",
              month->to_string().c_str(), static_cast<long long>(s.id), s.households, s.members, r.facts_read,
              r.facts_matched, r.seconds, mpi.active() ? ("，" + std::to_string(mpi.size()) + " 个进程").c_str() : "");
  std::printf("  差异 %ld 项；待核实（部门数据未到）%ld 户；核对后结果变化并已重新评估 %ld 户", s.mismatches, s.pending,
              s.changed);
  if (s.kept_paid > 0) std::printf("（其中 %ld 户本月已发放，本月保持原评估，下月起按核对结果）", s.kept_paid);
  std::printf("\n  死亡 %ld 人（次月起停发）；主动发现 %ld 人；重复与身份证问题 %ld 项（相关家庭不予发放）\n", s.deaths,
              s.candidates, s.issues);
  if (!r.pending_sources.empty()) {
    std::string list;
    for (const auto& p : r.pending_sources) list += (list.empty() ? "" : "、") + p;
    std::printf("  尚无数据的来源：%s\n", list.c_str());
  }
  if (s.pending > 0)
    std::printf("  注意：%ld 户有待核实的事项（所需部门数据未到），其低保、低收入待遇无法确定、不予发放（R2.5），"
                "直到数据导入后重新核对；已确定的个人待遇（特困、孤儿等）照发\n", s.pending);
  if (!written) {
    print_problems(written.problems());
    std::fprintf(stderr, "核对结果已保存在登记库中，但清单未写成\n");
    return 3;
  }
  std::printf("  清单：%s\n", path.c_str());
  return kExitOk;
}

int run_loads(const std::string& db, long long rejections) {
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto& v = reg->verification();
  if (rejections != 0) {
    const auto all = v.loads();
    if (std::none_of(all.begin(), all.end(), [&](const auto& l) { return l.id == rejections; })) {
      std::fprintf(stderr, "bad_value --rejections: 没有批次 #%lld（safetynet verify loads 列出全部批次）\n", rejections);
      return kExitBadInput;
    }
    auto ps = v.load_rejections(rejections);
    std::printf("批次 #%lld 拒绝 %zu 行\n", rejections, ps.size());
    print_problems(ps, stdout);
    return kExitOk;
  }
  std::printf("%-5s %-18s %-10s %-10s %9s %9s %9s %9s  %s\n", "批次", "来源", "数据日期", "导入时间", "读取", "导入",
              "拒绝", "忽略", "文件");
  for (const auto& l : v.loads())
    std::printf("#%-4lld %-18s %-10s %-19s %9ld %9ld %9ld %9ld  %s\n", static_cast<long long>(l.id), l.source.c_str(),
                day_text(l.as_of).c_str(), l.loaded_at.substr(0, 19).c_str(), l.rows_read, l.rows_loaded,
                l.rows_rejected, l.rows_ignored, l.file.c_str());
  return kExitOk;
}

int run_issues(const std::string& db) {
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto issues = reg->verification().open_issues();
  std::printf("未解决的问题 %zu 项（相关家庭不予发放，直到核对不再发现）\n", issues.size());
  for (const auto& i : issues)
    std::printf("  %s %s %s：%s\n    处理：%s\n", i.household_id.c_str(), i.person_id.c_str(), i.code.c_str(),
                i.message.c_str(), i.action.c_str());
  return kExitOk;
}

}  // namespace

void add_verify(CLI::App& app) {
  auto* cmd = app.add_subcommand("verify", "家庭经济状况核对：导入部门数据、核对、主动发现（R11.4–R11.5）");
  cmd->require_subcommand(1);
  static std::string db, source, mapping, as_of, month, out = "out";
  static std::vector<std::string> files;
  static int threads = 0;
  static long long rejections = 0;
  auto* load = cmd->add_subcommand("load", "导入一个部门的数据文件（CSV UTF-8/GB18030 或 XLSX）");
  load->add_option("--db", db, "登记库（SQLite 文件或 postgresql://…）")->required();
  load->add_option("--source", source, "数据来源：hukou education social_security health employment "
                                       "market_regulation tax marriage real_estate vehicle housing_fund bank "
                                       "insurance securities（省略时按文件名，如 tax.csv、bank-2019-10.xlsx）");
  load->add_option("--mapping", mapping, "映射文件（默认 feeds/<来源>.yaml）");
  load->add_option("--as-of", as_of, "数据日期 YYYY-MM-DD（默认：行内最晚日期）");
  load->add_option("files", files, "数据文件")->required();
  load->callback([] { std::exit(run_load(db, source, mapping, as_of, files)); });
  auto* run = cmd->add_subcommand("run", "按月核对所有在册家庭，列出差异、待核实、主动发现和重复问题");
  run->add_option("--db", db, "登记库")->required();
  run->add_option("--month", month, "核对月份 YYYY-MM")->required();
  run->add_option("--out", out, "清单输出目录（默认 out）");
  run->add_option("--threads", threads, "线程数（默认全部核心）");
  run->callback([] {
    int code;
    {
      sim::Distributed mpi;  // MPI only under mpirun; finalised before exit
      try {
        code = run_run(db, month, out, threads, mpi);
      } catch (const std::exception& e) {
        if (!mpi.active()) throw;  // one process: main reports it (exit 3)
        // Under mpirun the exit code must still be agreed, or the other ranks would wait for it.
        std::fprintf(stderr, "safetynet: 进程 %d：%s\n", mpi.rank(), e.what());
        code = 3;
      }
      code = mpi.agree_exit(code);
    }
    std::exit(code);
  });
  auto* loads = cmd->add_subcommand("loads", "列出已导入的部门数据批次");
  loads->add_option("--db", db, "登记库")->required();
  loads->add_option("--rejections", rejections, "列出某批次被拒绝的全部行");
  loads->callback([] { std::exit(run_loads(db, rejections)); });
  auto* issues = cmd->add_subcommand("issues", "列出未解决的重复与身份证问题");
  issues->add_option("--db", db, "登记库")->required();
  issues->callback([] { std::exit(run_issues(db)); });
}

}  // namespace safetynet::cli
