// Economic-status verification where caseworkers work (SPEC R11.4–R11.5, R11.1; docs/casework.md,
// docs/verification.md): what the latest `safetynet verify run` said of one household, the latest
// run's proactive-discovery candidates and the open duplicate/id issues inside the user's region, and
// the latest run's counts. Read-only: the runs themselves are made with `safetynet verify`.
#include <cstdio>
#include <unordered_map>

#include "model/month.hpp"
#include "rules/assessment.hpp"
#include "registry/verification.hpp"
#include "server/app.hpp"

namespace safetynet::server {
namespace {

// The roles that work with verification results: civil affairs at each level and the auditor. The
// departments (医保, 教育 …) have their referrals, not the office's verification lists.
void check_civil_affairs(const Caller& c) {
  switch (c.role) {
    case workflow::Role::kCommunity:
    case workflow::Role::kStreet:
    case workflow::Role::kCounty:
    case workflow::Role::kAuditor: return;
    default: throw ApiError(403, "forbidden_role", "只有民政部门（社区、街道、县级）和审计可以查看核对结果");
  }
}

// The region prefix a list is cut to. A user without a region sees nothing ("" would be everything).
std::string list_region(const Caller& c) {
  const std::string prefix(workflow::region_prefix(c.user.region));
  if (prefix.empty()) throw ApiError(403, "out_of_region", "您的账号没有辖区，无法查看核对结果");
  return prefix;
}

// A household is visible inside its region, and to the destination of its pending transfer (the same
// rule as GET /api/households/{id}).
void check_household_visible(App& app, const Caller& c, const model::Household& h) {
  if (workflow::in_region(c.user.region, h.region)) return;
  if (auto open = app.casework().open_case_of(h.id);
      open && open->transfer_target && workflow::in_region(c.user.region, *open->transfer_target))
    return;
  throw ApiError(403, "out_of_region", "该户不在您的辖区（" + c.user.region + "）内");
}

const char* status_label(const std::string& status) {
  if (status == "verified") return "已核对（差异不影响保障结果）";
  if (status == "changed") return "核对后结果变化，已按部门数据重新评估";
  if (status == "pending") return "待核实（部门数据未到）";
  return "最近一次核对没有该户的差异记录";
}

const char* category_label(const std::string& name) {
  for (auto c : {rules::Category::kNone, rules::Category::kDibao, rules::Category::kLowIncome, rules::Category::kUndetermined})
    if (name == rules::category_name(c)) return rules::category_label(c);
  return "";
}

const char* reason_label(const std::string& reason) {
  if (reason == "medical_bill") return "大额医疗费用";
  if (reason == "disability") return "重度残疾";
  return "";
}

const char* issue_label(const std::string& code) {
  if (code == "duplicate_person") return "一人登记在两户";
  if (code == "invalid_id") return "身份证号无效";
  if (code == "id_mismatch") return "性别或出生日期与身份证号不符";
  if (code == "empty_household") return "该户无在册成员";
  if (code == "duplicate_member") return "同一人在本户登记两次";
  return "";
}

// "a;b;c" → ["a", "b", "c"].
Json split_list(const std::string& text) {
  Json out = Json::array();
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t semi = text.find(';', from);
    const std::size_t end = semi == std::string::npos ? text.size() : semi;
    if (end > from) out.push_back(text.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

// The run's start in Beijing (UTC+8) as YYYY-MM-DD. The store gives "YYYY-MM-DD HH:MM:SS" in UTC
// (SQLite) or with an offset ("+00", "+08:00"; PostgreSQL's text of a timestamptz).
std::string beijing_date(const std::string& stamp) {
  int y = 0, mo = 0, d = 0, hh = 0, mi = 0;
  if (std::sscanf(stamp.c_str(), "%4d-%2d-%2d%*c%2d:%2d", &y, &mo, &d, &hh, &mi) != 5) return stamp.substr(0, 10);
  long minutes = model::days_from_civil(y, mo, d) * 1440L + hh * 60L + mi;
  // An explicit offset after the time (past the date's own '-' signs).
  const std::size_t t = stamp.find_first_of("+-", 16);
  if (t != std::string::npos) {
    int oh = 0, om = 0;
    if (std::sscanf(stamp.c_str() + t + 1, "%2d:%2d", &oh, &om) < 1) std::sscanf(stamp.c_str() + t + 1, "%2d", &oh);
    const long offset = oh * 60L + om;
    minutes += stamp[t] == '+' ? -offset : offset;  // to UTC
  }
  minutes += 8 * 60;
  return model::civil_from_days(minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440).to_string();
}

Json run_json(const registry::RunSummary& r) {
  return Json{{"id", r.id},
              {"month", r.month.to_string()},
              {"started_at", r.started_at},
              {"date", beijing_date(r.started_at)}};
}

Json issue_json(const registry::RunIssue& i, const std::string& name = "") {
  Json o = {{"household_id", i.household_id}, {"person_id", i.person_id}, {"code", i.code},
            {"label", issue_label(i.code)},   {"message", i.message},       {"action", i.action}};
  if (!name.empty()) o["person_name"] = name;
  return o;
}

}  // namespace

void add_verification_routes(httplib::Server& s, App& app) {
  // What the latest run said of one household: its status, the facts still pending, the assessment
  // before and after verification, each mismatch, and the household's open issues (never paid while
  // one is open).
  s.Get(R"(/api/households/([^/]+)/verification)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    const std::string id = req.matches[1];
    auto h = app.registry().get_household(id);
    if (!h) throw ApiError(404, "not_found", "没有户 " + id);
    check_household_visible(app, c, *h);
    std::unordered_map<std::string, std::string> names;
    for (const auto& m : h->members) names[m.id] = m.name;
    auto name_of = [&](const std::string& person) {
      auto it = names.find(person);
      return it == names.end() ? std::string() : it->second;
    };
    auto& v = app.registry().verification();
    Json j = {{"household_id", id}};
    const auto run = v.latest_run();
    j["run"] = run ? run_json(*run) : Json(nullptr);
    const auto result = run ? v.household_result(id) : std::nullopt;
    const std::string status = result ? result->status : "none";
    j["status"] = status;
    // A household whose outcome changed only because a department's data has not come (its assessment is
    // now undetermined) is waiting, not re-assessed on the departments' figures: say so.
    const bool waiting = result && !result->pending.empty() && result->after_category == "undetermined";
    j["status_label"] = !run ? "尚未进行经济状况核对"
                        : waiting ? "待核实（部门数据未到），暂无法确定保障结果"
                                  : status_label(status);
    j["pending"] = result ? split_list(result->pending) : Json::array();
    if (result && !result->before_category.empty()) {
      j["before"] = {{"category", result->before_category},
                     {"category_label", category_label(result->before_category)},
                     {"monthly_cash", model::format_yuan(result->before_cash)}};
      j["after"] = {{"category", result->after_category},
                    {"category_label", category_label(result->after_category)},
                    {"monthly_cash", model::format_yuan(result->after_cash)}};
    } else {
      j["before"] = nullptr;
      j["after"] = nullptr;
    }
    Json mismatches = Json::array();
    if (run) {
      for (const auto& m : v.mismatches_of(id)) {
        Json o = {{"member", m.member}, {"item", m.item},   {"label", m.label},
                  {"declared", m.declared}, {"found", m.found}, {"sources", m.sources}};
        if (const auto n = name_of(m.member); !n.empty()) o["member_name"] = n;
        mismatches.push_back(std::move(o));
      }
    }
    j["mismatches"] = mismatches;
    Json issues = Json::array();
    for (const auto& i : v.open_issues(h->region))
      if (i.household_id == id) issues.push_back(issue_json(i, name_of(i.person_id)));
    j["issues"] = issues;
    send_json(res, 200, j);
  }));

  // The latest run's candidates (R11.5) inside the user's region: people in no household whom a
  // department's data shows in need, for the community office to visit.
  s.Get("/api/verification/candidates", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    check_civil_affairs(c);
    const std::string region = list_region(c);
    auto& v = app.registry().verification();
    const auto run = v.latest_run();
    Json items = Json::array();
    if (run) {
      for (const auto& k : v.candidates(region))
        items.push_back({{"person_id", k.person_id},
                         {"name", k.name},
                         {"region", k.region},
                         {"source", k.source},
                         {"reason", k.reason},
                         {"reason_label", reason_label(k.reason)},
                         {"detail", k.detail},
                         {"day", k.day ? model::Date{k.day / 10000, k.day / 100 % 100, k.day % 100}.to_string() : ""}});
    }
    send_json(res, 200, Json{{"run", run ? run_json(*run) : Json(nullptr)}, {"region", region}, {"candidates", items}});
  }));

  // Open duplicate and id issues of households inside the user's region (R11.1): never paid until
  // resolved by a later run.
  s.Get("/api/verification/issues", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    check_civil_affairs(c);
    const std::string region = list_region(c);
    Json items = Json::array();
    for (const auto& i : app.registry().verification().open_issues(region)) items.push_back(issue_json(i));
    send_json(res, 200, Json{{"region", region}, {"issues", items}});
  }));

  // The latest run's counts (the whole registry), and how many candidates and open issues are the
  // user's.
  s.Get("/api/verification/latest", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    check_civil_affairs(c);
    const std::string region = list_region(c);
    auto& v = app.registry().verification();
    const auto run = v.latest_run();
    if (!run) throw ApiError(404, "no_run", "尚未进行经济状况核对（请先用 safetynet verify load / verify run 导入部门数据并核对）");
    Json j = run_json(*run);
    j["households"] = run->households;
    j["members"] = run->members;
    j["mismatches"] = run->mismatches;
    j["pending"] = run->pending;
    j["changed"] = run->changed;
    j["deaths"] = run->deaths;
    j["candidates"] = run->candidates;
    j["issues"] = run->issues;
    j["in_region"] = {{"region", region},
                      {"candidates", v.candidates(region).size()},
                      {"open_issues", v.open_issues(region).size()}};
    send_json(res, 200, j);
  }));
}

}  // namespace safetynet::server
