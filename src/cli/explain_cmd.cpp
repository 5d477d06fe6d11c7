// `safetynet explain --db FILE --household ID --month YYYY-MM` (or `--file RECORD.json`): one household's
// assessment step by step, each step with its rule id and the values it used, then the items and the
// facts that were missing.
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "io/household_record.hpp"
#include "rules/assess.hpp"

namespace safetynet::cli {
namespace {

std::string print_assessment(const model::Household& h, model::Month month, const rules::Assessment& a) {
  std::string out = "户 " + h.id + "（" + h.region + "，" + std::to_string(h.members.size()) + " 人）" +
                    month.to_string() + " 评估\n";
  if (a.refusal) return out + "无法评估: " + a.refusal->to_string() + "\n";
  out += "\n步骤:\n";
  for (const auto& s : a.explanation) out += "  [" + std::string(s.rule) + "] " + s.text + "\n";
  out += "\n家庭类别: " + std::string(rules::category_label(a.category)) + "（" + rules::category_name(a.category) +
         "）\n";
  for (const auto& [idx, pc] : a.persons)
    out += "  " + h.members[static_cast<std::size_t>(idx)].id + " " + h.members[static_cast<std::size_t>(idx)].name +
           ": " + rules::person_category_label(pc) + "\n";
  out += "\n待遇:\n";
  for (const auto& e : a.entitlements) {
    out += "  " + std::string(rules::item_name(e.item)) + "（" + rules::item_label(e.item) + "）";
    if (e.member >= 0) out += " " + h.members[static_cast<std::size_t>(e.member)].id;
    if (e.period != rules::Period::kFlag)
      out += " " + model::format_yuan(e.amount) + (e.period == rules::Period::kYear ? " 元/年" : " 元/月");
    out += " [" + std::string(e.rule) + "]\n";
  }
  out += "月发放合计: " + model::format_yuan(a.monthly_cash()) + " 元\n";
  if (!a.undetermined.empty()) {
    out += "\n无法确定（缺少的事实）:\n";
    for (const auto& u : a.undetermined) out += "  " + u + "\n";
  }
  return out;
}

int run_explain(const std::string& db, const std::string& id, const std::string& file, const std::string& month_text) {
  auto month = parse_month_or_report(month_text);
  auto policy = load_policy_or_report();
  if (!month || !policy) return kExitBadInput;
  model::Household h;
  if (!file.empty()) {
    auto regions = load_regions_or_report();
    if (!regions) return kExitBadInput;
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = io::parse_household_text(ss.str(), *regions);
    if (!parsed) {
      std::fprintf(stderr, "%s 被拒绝:\n", file.c_str());
      print_problems(parsed.problems());
      return kExitBadInput;
    }
    h = std::move(parsed).value();
  } else {
    if (db.empty() || id.empty()) {
      std::fprintf(stderr, "需要 --db 与 --household，或 --file\n");
      return kExitBadInput;
    }
    auto reg = registry::Registry::open(db, /*create=*/false);
    auto found = reg->get_household(id, *month);
    if (!found) {
      std::fprintf(stderr, "登记库中没有户 %s\n", id.c_str());
      return kExitBadInput;
    }
    h = std::move(*found);
  }
  rules::Assessment a = rules::assess(h, *month, *policy, rules::Options{.explain = true});
  std::printf("%s", print_assessment(h, *month, a).c_str());
  return a.refusal ? kExitBadInput : kExitOk;
}

}  // namespace

void add_explain(CLI::App& app) {
  auto* cmd = app.add_subcommand("explain", "逐步说明一户某月的评估（每步注明政策条款与所用数值）");
  static std::string db, id, file, month;
  cmd->add_option("--db", db, "登记库文件（SQLite）");
  cmd->add_option("--household", id, "户编号");
  cmd->add_option("--file", file, "或：一户的 JSON/YAML 档案");
  cmd->add_option("--month", month, "月份 YYYY-MM")->required();
  cmd->callback([] { std::exit(run_explain(db, id, file, month)); });
}

}  // namespace safetynet::cli
