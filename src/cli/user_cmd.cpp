// `safetynet user add --db DB --name N --role R --region CODE --password-file F`: creates a user of the
// casework server (docs/casework.md "Roles and regions"); the password is stored as argon2id.
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "model/instant.hpp"
#include "registry/casework.hpp"
#include "security/password.hpp"
#include "workflow/roles.hpp"

namespace safetynet::cli {
namespace {

int run_user_add(const std::string& db, const std::string& name, const std::string& role_name,
                 const std::string& region, const std::string& password_file) {
  auto role = workflow::parse_role(role_name);
  if (!role) {
    std::fprintf(stderr,
                 "bad_value --role: 未知角色 \"%s\"；可用: community street county medical_insurance education "
                 "housing human_resources disabled_federation auditor\n",
                 role_name.c_str());
    return kExitBadInput;
  }
  if (name.empty() || name.size() > 64) {
    std::fprintf(stderr, "bad_value --name: 用户名应为 1–64 个字节\n");
    return kExitBadInput;
  }
  auto checked = workflow::check_region_for_role(*role, region);
  if (!checked) {
    print_problems(checked.problems());
    return kExitBadInput;
  }
  auto regions = load_regions_or_report();
  if (!regions) return kExitBadInput;
  if (!regions->contains(region)) {
    std::fprintf(stderr, "unknown_region --region: %s 不在行政区划代码表中\n", region.c_str());
    return kExitBadInput;
  }
  auto pw = security::read_password_file(password_file);
  if (!pw) {
    print_problems(pw.problems());
    return kExitBadInput;
  }
  if (auto ok = security::check_password_policy(*pw); !ok) {
    print_problems(ok.problems());
    return kExitBadInput;
  }
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto& cw = reg->casework();
  Result<std::int64_t> id = Problem{};
  const std::string hash = security::hash_password(*pw);
  cw.in_transaction([&] {
    id = cw.add_user(name, role_name, region, hash);
    if (id) cw.append_audit(model::iso_utc_now(), "cli", "user_add", "user:" + name, role_name + " " + region);
  });
  if (!id) {
    print_problems(id.problems());
    return kExitBadInput;
  }
  std::printf("已创建用户 %s（%s，辖区 %s %s）\n", name.c_str(), std::string(workflow::label_zh(*role)).c_str(),
              region.c_str(), regions->name(region).c_str());
  return kExitOk;
}

int run_user_list(const std::string& db) {
  auto regions = load_regions_or_report();
  if (!regions) return kExitBadInput;
  auto reg = registry::Registry::open(db, /*create=*/false);
  for (const auto& u : reg->casework().list_users()) {
    auto role = workflow::parse_role(u.role);
    std::printf("%-16s %-20s %-12s %s%s\n", u.name.c_str(), u.role.c_str(), u.region.c_str(),
                (role ? std::string(workflow::label_zh(*role)) + " " : std::string()).c_str(),
                u.active ? "" : "（已停用）");
  }
  return kExitOk;
}

int run_user_active(const std::string& db, const std::string& name, bool active) {
  auto reg = registry::Registry::open(db, /*create=*/false);
  auto& cw = reg->casework();
  bool found = false;
  cw.in_transaction([&] {
    found = cw.set_user_active(name, active);
    if (found) cw.append_audit(model::iso_utc_now(), "cli", active ? "user_enable" : "user_disable", "user:" + name, "");
  });
  if (!found) {
    std::fprintf(stderr, "bad_value --name: 没有用户 %s\n", name.c_str());
    return kExitBadInput;
  }
  std::printf(active ? "已启用用户 %s\n" : "已停用用户 %s（其登录随即失效）\n", name.c_str());
  return kExitOk;
}

}  // namespace

void add_user(CLI::App& app) {
  auto* user = app.add_subcommand("user", "业务系统用户管理");
  user->require_subcommand(1);
  auto* cmd = user->add_subcommand("add", "新建用户（密码以 argon2id 保存）");
  static std::string db, name, role, region, password_file;
  cmd->add_option("--db", db, "登记库：SQLite 文件或 postgresql:// 地址")->required();
  cmd->add_option("--name", name, "用户名")->required();
  cmd->add_option("--role", role, "角色: community street county medical_insurance education housing "
                                  "human_resources disabled_federation auditor")->required();
  cmd->add_option("--region", region, "辖区代码（社区 12 位、街道 9 位、县 6 位）")->required();
  cmd->add_option("--password-file", password_file, "存放密码的文件（不在命令行上出现）")->required();
  cmd->callback([] { std::exit(run_user_add(db, name, role, region, password_file)); });

  auto* list = user->add_subcommand("list", "列出用户（角色、辖区、是否停用）");
  static std::string list_db;
  list->add_option("--db", list_db, "登记库：SQLite 文件或 postgresql:// 地址")->required();
  list->callback([] { std::exit(run_user_list(list_db)); });

  static std::string state_db, state_name;
  for (bool active : {false, true}) {
    auto* c = user->add_subcommand(active ? "enable" : "disable", active ? "重新启用用户" : "停用用户（不能再登录，已登录的会话失效）");
    c->add_option("--db", state_db, "登记库：SQLite 文件或 postgresql:// 地址")->required();
    c->add_option("--name", state_name, "用户名")->required();
    c->callback([active] { std::exit(run_user_active(state_db, state_name, active)); });
  }
}

}  // namespace safetynet::cli
