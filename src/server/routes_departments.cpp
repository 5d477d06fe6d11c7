// Referrals for each line's department (R11.3), the county's monthly payroll (R12.1), the payments of
// a month, and the audit log check.
#include "payroll/assess_run.hpp"
#include "registry/audit_verify.hpp"
#include "server/app.hpp"
#include "server/case_service.hpp"

namespace safetynet::server {
namespace {

// The lines a role sees and closes (R11.3); the auditor sees all, civil affairs (county) the living line.
std::vector<std::string> lines_of(workflow::Role role) {
  std::vector<std::string> out;
  for (auto l : {workflow::Line::kLiving, workflow::Line::kMedical, workflow::Line::kEducation, workflow::Line::kHousing,
                 workflow::Line::kEmployment, workflow::Line::kSocialInsurance, workflow::Line::kDisability})
    if (role == workflow::Role::kAuditor || workflow::may_close_referral(role, l))
      out.emplace_back(workflow::to_string(l));
  return out;
}

model::Month month_param(const httplib::Request& req, const std::string& text) {
  auto m = model::parse_month(text);
  if (!m) throw ApiError(422, "bad_date", "month 应为 YYYY-MM，收到 \"" + text + "\"", "month");
  (void)req;
  return *m;
}

// R3.6: a gradual exit whose months have run out (the month's assessment pays nothing and the
// household is no longer covered) closes before the payroll, recorded as the system's step.
void close_finished_exits(App& app, const Caller& c, model::Month month) {
  registry::CaseQuery q;
  q.region = std::string(workflow::region_prefix(c.user.region));
  q.states = {"gradual_exit"};
  q.limit = 100000;
  auto& cw = app.casework();
  for (auto rec : cw.list_cases(q)) {
    const auto a = assess_household(app, rec.household_id, month);
    if (a.verdict != workflow::Verdict::kClose) continue;
    cw.in_transaction([&] {
      registry::CaseStep step{app.now_iso(), app.today().to_string(), "system", "county", "close", rec.state,
                              "closed", "渐退期满，" + month.to_string() + " 起不再享受（R3.6）"};
      rec.state = "closed";
      rec.assessed_category = a.category;
      rec.assessed_month = month;
      rec.monthly_cash = a.monthly_cash;
      if (cw.update_case(rec, step))
        app.audit("system", "close", "case:" + std::to_string(rec.id), "gradual_exit→closed R3.6");
    });
  }
}

}  // namespace

void add_department_routes(httplib::Server& s, App& app) {
  s.Get("/api/referrals", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    std::string state = req.has_param("state") ? req.get_param_value("state") : "open";
    if (state != "open" && state != "closed" && state != "all")
      throw ApiError(422, "bad_value", "state 应为 open、closed 或 all", "state");
    const auto lines = lines_of(c.role);
    if (lines.empty()) throw ApiError(403, "forbidden_role", "您的角色没有转介事项");
    Json items = Json::array();
    for (const auto& r : app.casework().referrals(lines, std::string(workflow::region_prefix(c.user.region)), state == "all" ? "" : state, 500)) {
      auto line = workflow::parse_line(r.line);
      Json o = {{"case_id", r.case_id},     {"line", r.line},
                {"line_label", line ? std::string(workflow::label_zh(*line)) : r.line},
                {"state", r.state},         {"household_id", r.household_id},
                {"region", r.region},       {"opened_on", r.opened_on},
                {"note", r.note}};
      if (r.closed_by) o["closed_by"] = *r.closed_by;
      items.push_back(std::move(o));
    }
    send_json(res, 200, Json{{"referrals", items}});
  }));

  s.Post(R"(/api/referrals/(\d+)/([a-z_]+)/close)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    Json body = parse_body(req);
    only_fields(body, {"note"});
    const std::int64_t case_id = path_id(req, 1);
    const std::string line_name = req.matches[2];
    auto line = workflow::parse_line(line_name);
    if (!line) throw ApiError(404, "not_found", "没有这条保障线: " + line_name);
    if (!workflow::may_close_referral(c.role, *line))
      throw ApiError(403, "forbidden_role", std::string("只有") + std::string(workflow::label_zh(workflow::owner(*line))) +
                                                "可以办结" + std::string(workflow::label_zh(*line)) + "转介");
    app.casework().in_transaction([&] {
      auto rec = app.casework().get_case(case_id);
      if (!rec) throw ApiError(404, "not_found", "没有案件 " + std::to_string(case_id));
      if (!workflow::in_region(c.user.region, rec->region))
        throw ApiError(403, "out_of_region", "该案件不在您的辖区内");
      if (!app.casework().close_referral(case_id, line_name, c.user.name, app.now_iso(), optional_string(body, "note")))
        throw ApiError(409, "not_open", "该转介不存在或已办结");
      app.audit(c.user.name, "close_referral", "case:" + std::to_string(case_id), line_name);
    });
    send_json(res, 200, Json{{"ok", true}});
  }));

  // The county runs the month's payroll: every household assessed for the month, then each case of
  // the county paid once (R12.1; the payment table's key makes a second run pay nothing).
  s.Post("/api/payroll", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    if (c.role != workflow::Role::kCounty) throw ApiError(403, "forbidden_role", "只有县级民政局可以发放");
    Json body = parse_body(req);
    only_fields(body, {"month"});
    const model::Month month = month_param(req, required_string(body, "month"));
    if (month > app.today().as_month().plus(1))
      throw ApiError(409, "too_early", "只能发放本月或下月的待遇");
    if (month < app.params().covers_from || month > app.params().covers_to)
      throw ApiError(409, "no_parameter",
                     "政策参数只覆盖 " + app.params().covers_from.to_string() + " 至 " + app.params().covers_to.to_string() +
                         "，无法发放 " + month.to_string(), "month");
    auto& reg = app.registry();
    const std::string region(workflow::region_prefix(c.user.region));
    payroll::assess_month(reg, app.params(), month, /*threads=*/1, nullptr, region);
    close_finished_exits(app, c, month);
    registry::PayrollOutcome out;
    // The payments and their audit entry commit together (pay_month's transaction nests).
    app.casework().in_transaction([&] {
      out = reg.pay_month(month, region);
      app.audit(c.user.name, "payroll", "month:" + month.to_string(),
                "region " + c.user.region + " run " + std::to_string(out.run_id) + " paid " +
                    std::to_string(out.new_cases) + " households " + model::format_yuan(out.new_total));
    });
    send_json(res, 200, Json{{"run_id", out.run_id},
                             {"new_cases", out.new_cases},
                             {"new_total", model::format_yuan(out.new_total)},
                             {"already_paid", out.already_paid}});
  }));

  s.Get("/api/payments", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    const model::Month month = month_param(req, req.get_param_value("month"));
    const std::string household = req.get_param_value("household");
    Json items = Json::array();
    model::Fen total = 0;
    app.registry().scan_payments(month, [&](const registry::PaymentLine& l) {
      if (!workflow::in_region(c.user.region, l.region)) return;
      if (!household.empty() && l.household_id != household) return;
      total += l.amount;
      if (items.size() < 2000)
        items.push_back({{"household_id", l.household_id}, {"head_name", l.head_name}, {"region", l.region},
                         {"category", l.category}, {"persons", l.persons}, {"amount", model::format_yuan(l.amount)},
                         {"run_id", l.run_id}});
    });
    send_json(res, 200, Json{{"month", month.to_string()}, {"payments", items}, {"total", model::format_yuan(total)}});
  }));

  s.Get("/api/audit/verify", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    if (c.role != workflow::Role::kAuditor && c.role != workflow::Role::kCounty)
      throw ApiError(403, "forbidden_role", "只有审计和县级民政局可以校验审计日志");
    const auto check = registry::verify_audit(app.casework());
    Json j = {{"entries", check.entries}, {"ok", !check.fault}};
    if (check.fault) j["fault"] = {{"seq", check.fault->seq}, {"code", check.fault->code}, {"message", check.fault->message}};
    send_json(res, 200, j);
  }));
}

}  // namespace safetynet::server
