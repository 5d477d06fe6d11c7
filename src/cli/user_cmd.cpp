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
}

}  // namespace safetynet::cli
