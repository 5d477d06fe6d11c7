// `safetynet serve --db DB [--host H] [--port P]`: the casework server (issue 3, docs/casework.md).
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "server/server.hpp"

namespace safetynet::cli {
namespace {

struct ServeOptions {
  std::string db, host = "127.0.0.1", web, today;
  int port = 8080, threads = 0;
  bool test_clock = false;
};

int run_serve(const ServeOptions& o) {
  auto policy = load_policy_or_report();
  auto regions = load_regions_or_report();
  if (!policy || !regions) return kExitBadInput;
  server::Config cfg;
  cfg.db_url = o.db;
  cfg.host = o.host;
  cfg.port = o.port;
  cfg.threads = o.threads;
  cfg.web_dir = o.web;
  cfg.test_clock = o.test_clock;
  if (!o.today.empty()) {
    cfg.today = model::parse_date(o.today);
    if (!cfg.today) {
      std::fprintf(stderr, "bad_date --today: 日期应为 YYYY-MM-DD，收到 \"%s\"\n", o.today.c_str());
      return kExitBadInput;
    }
  }
  server::App app(cfg, std::move(*policy), std::move(*regions));
  return server::serve(app, [&](int port) {
    std::printf("safetynet 已启动: http://%s:%d/ （登记库 %s）\n", o.host.c_str(), port, o.db.c_str());
    std::fflush(stdout);
  });
}

}  // namespace

void add_serve(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "启动业务系统（JSON 接口与网页，docs/casework.md）");
  cmd->add_option("--db", opts->db, "登记库：SQLite 文件或 postgresql:// 地址")->required();
  cmd->add_option("--host", opts->host, "监听地址（默认 127.0.0.1）");
  cmd->add_option("--port", opts->port, "端口（默认 8080；0 = 任选空闲端口）")->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", opts->threads, "工作线程数（默认每核 8 个，至少 64 个；每个长连接占一个线程）");
  cmd->add_option("--web", opts->web, "网页目录（默认随程序发布的 web/）");
  cmd->add_option("--today", opts->today, "固定“今天”的日期 YYYY-MM-DD（培训、测试用）");
  cmd->add_flag("--test-clock", opts->test_clock, "允许 POST /api/test/clock 调整日期（仅测试用）");
  cmd->callback([opts] { std::exit(run_serve(*opts)); });
}

}  // namespace safetynet::cli
