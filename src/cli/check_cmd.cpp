// `safetynet check FILE [--skip LIST]`: runs a file of acceptance cases (shared/acceptance/README.md):
// one line per case, then `N passed, N failed[, N skipped]`; exit 1 when any case fails. Every case's
// params replace those parameters' whole series over the project's policy files (SPEC readings).
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <set>

#include "cli/commands.hpp"
#include "io/household_record.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "rules/assess.hpp"

namespace safetynet::cli {
namespace {

struct Outcome {
  std::vector<std::string> failures;
  std::vector<std::string> notes;  // not failures: shown after the case line
  void fail(std::string s) { failures.push_back(std::move(s)); }
};

std::string scalar_of(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

// Checks one case; returns the list of mismatches (empty = pass).
Outcome run_case(const YAML::Node& c, const params::ParameterSet& policy, const model::RegionCatalog& regions) {
  Outcome o;
  const YAML::Node& expect = c["expect"];
  auto month = model::parse_month(scalar_of(c["month"]));
  if (!month) {
    o.fail("month 无效: " + scalar_of(c["month"]));
    return o;
  }
  params::ParameterSet set = policy;
  // Cases may name parameters this engine does not use: kept, unused, and listed after the case.
  std::vector<std::string> unknown;
  Problems pp = params::apply_overrides(set, c["params"], "case params", /*strict=*/false, &unknown);
  for (const auto& u : unknown) o.notes.push_back("未使用的参数 " + u);
  if (!pp.empty()) {
    for (auto& p : pp) o.fail("params: " + p.to_string());
    return o;
  }
  const std::string want_error = scalar_of(expect["error"]);
  auto parsed = io::parse_household(c["household"], regions);
  if (!parsed) {
    std::set<std::string> codes;
    for (const auto& p : parsed.problems()) codes.insert(p.code);
    if (want_error.empty() || !codes.count(want_error)) {
      std::string got;
      for (const auto& p : parsed.problems()) got += (got.empty() ? "" : "; ") + p.to_string();
      o.fail("record refused: " + got + (want_error.empty() ? "" : " (expected " + want_error + ")"));
    }
    return o;
  }
  const auto& h = *parsed;
  rules::Assessment a = rules::assess(h, *month, set, rules::Options{});
  if (a.refusal) {
    if (want_error != a.refusal->code) o.fail("refused: " + a.refusal->to_string());
    return o;
  }
  if (!want_error.empty()) {
    o.fail("expected error " + want_error + ", got category " + rules::category_name(a.category));
    return o;
  }
  auto index_of = [&](const std::string& id) -> int {
    for (std::size_t i = 0; i < h.members.size(); ++i)
      if (h.members[i].id == id) return static_cast<int>(i);
    return -2;  // matches nothing
  };
  if (expect["category"]) {
    const std::string want = scalar_of(expect["category"]);
    if (want != rules::category_name(a.category))
      o.fail("category: expected " + want + ", got " + rules::category_name(a.category));
  }
  if (expect["persons"]) {
    for (auto it = expect["persons"].begin(); it != expect["persons"].end(); ++it) {
      const std::string id = it->first.Scalar(), want = it->second.Scalar();
      std::string got = "none";
      for (const auto& [idx, pc] : a.persons)
        if (idx == index_of(id)) got = rules::person_category_name(pc);
      if (got != want) o.fail("persons[" + id + "]: expected " + want + ", got " + got);
    }
  }
  for (const auto& e : expect["entitlements"]) {
    const std::string item = scalar_of(e["item"]);
    const int member = e["member"] ? index_of(scalar_of(e["member"])) : -1;
    const rules::Entitlement* hit = nullptr;
    for (const auto& x : a.entitlements)
      if (item == rules::item_name(x.item) && x.member == member) hit = &x;
    std::string where = item + (e["member"] ? "[" + scalar_of(e["member"]) + "]" : "");
    if (!hit) {
      o.fail("missing entitlement " + where);
      continue;
    }
    if (e["amount"]) {
      auto want = model::parse_yuan(scalar_of(e["amount"]));
      if (!want || *want != hit->amount)
        o.fail(where + ": expected " + scalar_of(e["amount"]) + ", got " + model::format_yuan(hit->amount));
    }
    if (e["period"] && scalar_of(e["period"]) == "year" && hit->period != rules::Period::kYear)
      o.fail(where + ": expected a yearly amount");
  }
  for (const auto& n : expect["absent"]) {
    for (const auto& x : a.entitlements)
      if (n.Scalar() == rules::item_name(x.item)) {
        o.fail("unexpected entitlement " + n.Scalar());
        break;
      }
  }
  if (expect["absent_for"]) {
    for (auto it = expect["absent_for"].begin(); it != expect["absent_for"].end(); ++it) {
      const int member = index_of(it->first.Scalar());
      for (const auto& n : it->second)
        for (const auto& x : a.entitlements)
          if (n.Scalar() == rules::item_name(x.item) && x.member == member)
            o.fail("unexpected entitlement " + n.Scalar() + " for " + it->first.Scalar());
    }
  }
  for (const auto& n : expect["undetermined"]) {
    bool found = false;
    for (const auto& u : a.undetermined) found = found || u == n.Scalar();
    if (!found) o.fail("undetermined: expected " + n.Scalar() + " to be listed");
  }
  return o;
}

int run_check(const std::string& file, const std::string& skip_file, bool verbose) {
  YAML::Node cases;
  try {
    cases = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    std::fprintf(stderr, "safetynet check: cannot read %s: %s\n", file.c_str(), e.what());
    return 2;
  }
  if (!cases.IsSequence()) {
    std::fprintf(stderr, "safetynet check: %s is not a list of cases\n", file.c_str());
    return 2;
  }
  std::set<std::string> skip;
  if (!skip_file.empty()) {
    std::ifstream in(skip_file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') skip.insert(line);
  }
  auto policy = params::load_policy(model::default_policy_dir());
  if (!policy) {
    for (const auto& p : policy.problems()) std::fprintf(stderr, "%s\n", p.to_string().c_str());
    return 2;
  }
  auto regions = model::RegionCatalog::load(model::default_region_dir());
  if (!regions) {
    for (const auto& p : regions.problems()) std::fprintf(stderr, "%s\n", p.to_string().c_str());
    return 2;
  }
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& c : cases) {
    if (!c.IsMap()) {
      ++failed;
      std::printf("FAIL （第 %d 项不是案例映射）\n", passed + failed + skipped);
      continue;
    }
    const std::string name = scalar_of(c["name"]);
    if (skip.count(name)) {
      ++skipped;
      std::printf("SKIP %s\n", name.c_str());
      continue;
    }
    Outcome o = run_case(c, *policy, *regions);
    if (o.failures.empty()) {
      ++passed;
      std::printf("PASS %s\n", name.c_str());
      if (verbose)
        for (const auto& n : o.notes) std::printf("     %s\n", n.c_str());
    } else {
      ++failed;
      std::printf("FAIL %s [%s]\n", name.c_str(), scalar_of(c["rule"]).c_str());
      for (const auto& f : o.failures) std::printf("     %s\n", f.c_str());
      for (const auto& n : o.notes) std::printf("     %s\n", n.c_str());
    }
  }
  if (skipped > 0) std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  else std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

void add_check(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "运行验收案例文件（每案一行，末行 N passed, N failed）");
  static std::string file, skip;
  static bool verbose = false;
  cmd->add_option("FILE", file, "验收案例 YAML（格式见 shared/acceptance/README.md）")->required();
  cmd->add_option("--skip", skip, "暂未通过的案例名单（每行一个案例名）");
  cmd->add_flag("-v,--verbose", verbose, "通过的案例也列出说明（如未使用的参数）");
  cmd->callback([] { std::exit(run_check(file, skip, verbose)); });
}

}  // namespace safetynet::cli
