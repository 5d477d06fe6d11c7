// peer_bench: the dibao rule (SPEC R1.3 + R3.4) as one SQL query over a registry in SQLite, timed side by
// side with the rules engine on the same data (issue 5 part 5; bench/peer/README.md).
//
//   peer_bench --db REGISTRY.db [--month 2019-10] [--runs 3] [--sql bench/peer/dibao.sql]
//
// 1. materialises the records into peer_* tables in the same file (timed, reported as setup);
// 2. runs dibao.sql (best of --runs);
// 3. runs rules::assess over the same records, decoded from the same file (best of --runs, decode+assess
//    and assess only), single-threaded like SQLite;
// 4. compares household by household and prints a markdown table.
// The peer_* tables stay in the registry file afterwards (inspect them with sqlite3; DROP them to remove).
// Exit: 0 all covered households agree, 1 some disagree, 2 bad input (arguments, a missing file or one
// that is not a registry), 3 environment (policy or query file unreadable, SQLite error).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "compare.hpp"
#include "engine_side.hpp"
#include "materialise.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "sql_side.hpp"

namespace sm = safetynet::model;
namespace peer = safetynet::peer;

namespace {

constexpr int kExitOk = 0, kExitDisagree = 1, kExitBadInput = 2, kExitEnvironment = 3;

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string yuan(std::int64_t fen) {
  char b[64];
  std::snprintf(b, sizeof b, "%s%lld.%02lld", fen < 0 ? "-" : "", std::llabs(fen) / 100LL, std::llabs(fen) % 100LL);
  return b;
}

std::string describe(const peer::Verdict& v) {
  std::string s = peer::status_name(v.status);
  if (v.status == peer::Status::kSingle) s += "×" + std::to_string(v.singles);
  if (v.status == peer::Status::kDibao || v.status == peer::Status::kSingle) s += " " + yuan(v.benefit);
  return s;
}

int usage(const char* why) {
  std::fprintf(stderr, "%s\n用法: peer_bench --db REGISTRY.db [--month YYYY-MM] [--runs N] [--sql FILE]\n", why);
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, month_text = "2019-10";
  std::string sql_path = std::string(SN_SOURCE_DIR) + "/bench/peer/dibao.sql";
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage(("参数 " + a + " 缺少取值").c_str());
    if (a == "--db") db_path = argv[++i];
    else if (a == "--month") month_text = argv[++i];
    else if (a == "--sql") sql_path = argv[++i];
    else if (a == "--runs") runs = std::atoi(argv[++i]);
    else return usage(("未知参数 " + a).c_str());
  }
  if (db_path.empty()) return usage("缺少 --db");
  if (runs < 1) return usage("--runs 应为正整数");
  const auto month = sm::parse_month(month_text);
  if (!month) return usage(("bad_date --month: 月份应为 YYYY-MM，收到 \"" + month_text + "\"").c_str());

  // A registry that is not there, or a file without the registry's household table, is bad input.
  if (!std::filesystem::is_regular_file(db_path)) return usage(("登记库文件不存在：" + db_path).c_str());
  std::ifstream sql_file(sql_path);
  if (!sql_file) {
    std::fprintf(stderr, "无法读取查询文件 %s\n", sql_path.c_str());
    return kExitEnvironment;
  }
  std::stringstream sql_text;
  sql_text << sql_file.rdbuf();
  auto policy = safetynet::params::load_policy(sm::default_policy_dir());
  if (!policy) {
    std::fprintf(stderr, "参数文件有误（%s）\n", sm::default_policy_dir().c_str());
    for (const auto& p : policy.problems()) std::fprintf(stderr, "  %s\n", p.to_string().c_str());
    return kExitEnvironment;
  }

  try {
    peer::Db db(db_path);
    try {
      peer::Stmt t(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'household'", "检查登记库");
      if (!t.step()) return usage((db_path + " 不是登记库（没有 household 表）").c_str());
    } catch (const std::exception& e) {
      return usage((db_path + " 不是登记库（" + e.what() + "）").c_str());
    }
    auto t0 = Clock::now();
    const auto counts = peer::materialise(db, policy.value(), *month);
    const double setup_s = since(t0);

    peer::Verdicts sql, engine;
    double sql_s = std::numeric_limits<double>::max();
    for (int r = 0; r < runs; ++r) {
      t0 = Clock::now();
      peer::run_dibao_sql(db, sql_text.str(), *month, sql);
      sql_s = std::min(sql_s, since(t0));
    }
    peer::EngineTimes best{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), 0, 0};
    for (int r = 0; r < runs; ++r) {
      const auto t = peer::run_engine(db, policy.value(), *month, engine);
      best.decode_and_assess_s = std::min(best.decode_and_assess_s, t.decode_and_assess_s);
      best.assess_s = std::min(best.assess_s, t.assess_s);
      best.undetermined = t.undetermined;
      best.refused = t.refused;
    }
    const auto c = peer::compare(sql, engine);

    std::printf("## peer_bench %s, month %s\n\n", db_path.c_str(), month_text.c_str());
    std::printf("setup (untimed against the target): peer_* tables in %.2f s — %lld households, %lld members, "
                "%lld income rows, %lld expenditure rows, %lld counties\n\n",
                setup_s, static_cast<long long>(counts.households), static_cast<long long>(counts.members),
                static_cast<long long>(counts.income_rows), static_cast<long long>(counts.expenditure_rows),
                static_cast<long long>(counts.counties));
    std::printf("| households | covered | SQL s | engine s (decode+assess) | engine s (assess only) | "
                "ratio SQL/engine | ratio SQL/assess only | agreement |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---|\n");
    std::printf("| %lld | %lld | %.3f | %.3f | %.3f | %.1f | %.1f | %s |\n\n", static_cast<long long>(counts.households),
                static_cast<long long>(c.covered), sql_s, best.decode_and_assess_s, best.assess_s,
                sql_s / best.decode_and_assess_s, sql_s / best.assess_s,
                c.disagreements == 0 ? "all covered agree" : (std::to_string(c.disagreements) + " disagree").c_str());
    std::printf("best of %d runs, one thread each. Covered households, per side:\n\n", runs);
    std::printf("| side | dibao households | their benefit yuan/month | R1.3b persons | their benefit yuan/month |\n");
    std::printf("|---|---:|---:|---:|---:|\n");
    for (const auto& [name, s] : {std::pair{"SQL", c.sql}, std::pair{"engine", c.engine}})
      std::printf("| %s | %lld | %s | %lld | %s |\n", name, static_cast<long long>(s.dibao), yuan(s.dibao_fen).c_str(),
                  static_cast<long long>(s.singles), yuan(s.single_fen).c_str());
    std::printf("\nexcluded on both sides (shapes dibao.sql does not model):");
    if (c.excluded.empty()) std::printf(" none");
    for (const auto& [reason, n] : c.excluded) std::printf(" %s %lld;", reason.c_str(), static_cast<long long>(n));
    std::printf("\nengine undetermined among all households: %lld (of which no_parameter %lld), counted as not dibao\n",
                static_cast<long long>(best.undetermined), static_cast<long long>(best.refused));
    if (c.disagreements > 0) {
      std::printf("\ndisagreements: %lld (first %zu)\n\n| household | SQL | engine |\n|---|---|---|\n",
                  static_cast<long long>(c.disagreements), c.first.size());
      peer::Stmt id(db, "SELECT id FROM peer_household WHERE hid = ?", "户编号");
      for (const auto& d : c.first) {
        id.bind(1, d.hid);
        const std::string name = id.step() ? std::string(id.text(0)) : std::to_string(d.hid);
        id.reset();
        std::printf("| %s | %s | %s |\n", name.c_str(), describe(d.sql).c_str(), describe(d.engine).c_str());
      }
    }
    return c.disagreements == 0 ? kExitOk : kExitDisagree;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "peer_bench: %s\n", e.what());
    return kExitEnvironment;
  }
}
