// `safetynet audit verify --db DB`: walks the hash-chained audit log (docs/casework.md "Audit log") and
// names the first entry that was edited, deleted or reordered. Exit 0 when the chain is whole, 1 when
// it is broken.
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "registry/audit_verify.hpp"

namespace safetynet::cli {
namespace {

int run_audit_verify(const std::string& db) {
  auto reg = registry::Registry::open(db, /*create=*/false);
  const auto check = registry::verify_audit(reg->casework());
  if (check.fault) {
    std::fprintf(stderr, "审计日志被改动（%s，第 %lld 条）：%s\n", check.fault->code.c_str(),
                 static_cast<long long>(check.fault->seq), check.fault->message.c_str());
    return kExitFailures;
  }
  std::printf("审计日志完整：%lld 条，链头 %s\n", static_cast<long long>(check.entries), check.head_hash.c_str());
  return kExitOk;
}

}  // namespace

void add_audit(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "审计日志");
  audit->require_subcommand(1);
  auto* cmd = audit->add_subcommand("verify", "校验审计日志的哈希链，发现被修改、删除或调换的记录");
  static std::string db;
  cmd->add_option("--db", db, "登记库：SQLite 文件或 postgresql:// 地址")->required();
  cmd->callback([] { std::exit(run_audit_verify(db)); });
}

}  // namespace safetynet::cli
