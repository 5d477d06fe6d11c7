#include "server/case_service.hpp"

#include "payroll/assess_run.hpp"
#include "rules/assess.hpp"
#include "rules/month_params.hpp"

namespace safetynet::server {
namespace {

using registry::CaseRecord;
using registry::CaseStep;

workflow::CaseView view_of(const CaseRecord& r) {
  workflow::CaseView v;
  v.state = workflow::parse_state(r.state).value_or(workflow::State::kClosed);
  v.region = r.region;
  if (r.notice_start) v.notice_start = model::parse_date(*r.notice_start);
  if (r.approved_on) v.approved_on = model::parse_date(*r.approved_on);
  v.assessed_category = r.assessed_category;
  v.transfer_target = r.transfer_target;
  return v;
}

// P.notice_days for the case's county (R11.2), else the server's setting (default 7).
workflow::Settings settings_for(App& app, const std::string& region) {
  workflow::Settings s = app.config().workflow;
  if (auto v = app.params().value("notice_days", region.substr(0, 6), app.today().as_month()))
    s.notice_days = static_cast<int>(v->to_int());
  return s;
}

[[noreturn]] void refuse(const workflow::Refusal& r) { throw ApiError(r.status, r.code, r.message); }

CaseStep step_of(App& app, const Caller& c, const std::string& event, const std::string& from, const std::string& to,
                 const std::string& reason) {
  return CaseStep{app.now_iso(), app.today().to_string(), c.user.name, c.user.role, event, from, to, reason};
}

// R9.2: the grant of a case-by-case request approved now: min(request, cap − granted this year), floored
// to whole yuan. The year's total is read under the household-year row lock, held to the end of the
// transaction that then records the grant, so two approvals at the same moment cannot pass the cap.
model::Fen case_by_case_grant(App& app, const CaseRecord& r) {
  const model::Date today = app.today();
  const auto p = rules::resolve_month_params(app.params(), r.region, today.as_month());
  if (!p.case_by_case_cap)
    throw ApiError(409, "no_parameter", "没有 " + today.as_month().to_string() + " 的一事一议年度上限参数（R9.2）");
  const model::Fen cap = p.case_by_case_cap->to_fen();
  const model::Fen granted = app.casework().case_by_case_granted_locked(r.household_id, today.year);
  model::Fen grant = std::min(r.requested, cap - granted);
  grant -= grant % model::kFenPerYuan;  // floored to whole yuan (R9.2)
  return std::max<model::Fen>(grant, 0);
}

// 迁入: the household now lives in `region`; its record (read without the registry's history, which
// stays in its own tables) is stored again with the new code, so it is paid and reported there.
void move_household(App& app, const std::string& household_id, const std::string& region) {
  auto h = app.registry().get_household(household_id, model::Month{0});
  if (!h) throw ApiError(404, "not_found", "没有户 " + household_id);
  h->region = region;
  if (auto problems = app.casework().put_household(registry::Incoming{*h, "transfer", 0, {}}); !problems.empty())
    throw ApiError(409, problems.front().code, problems.front().message, problems.front().field);
}

}  // namespace

CaseAssessment assess_household(App& app, const std::string& household_id, model::Month month) {
  auto h = app.registry().get_household(household_id, month);
  if (!h) throw ApiError(404, "not_found", "没有户 " + household_id);
  const auto a = rules::assess(*h, month, app.params());
  if (a.refusal) throw ApiError(409, "no_parameter", "无法评估: " + a.refusal->message, a.refusal->field);
  CaseAssessment out;
  out.monthly_cash = a.monthly_cash();
  const bool household_covered = a.category == rules::Category::kDibao || a.category == rules::Category::kLowIncome;
  if (household_covered || a.category == rules::Category::kUndetermined) out.category = rules::category_name(a.category);
  else if (!a.persons.empty()) out.category = rules::person_category_name(a.persons.front().second);
  else out.category = "none";
  const bool eligible = household_covered || !a.persons.empty();
  if (!eligible) out.verdict = workflow::Verdict::kClose;
  else if (a.exit_started) out.verdict = workflow::Verdict::kGradualExit;  // R3.6
  else out.verdict = workflow::Verdict::kKeep;
  return out;
}

CaseRecord open_case(App& app, const Caller& c, const std::string& household_id, const std::string& kind,
                     const std::string& temp_kind, model::Fen requested, const std::string& reason) {
  auto& cw = app.casework();
  auto h = app.registry().get_household(household_id);
  if (!h) throw ApiError(404, "not_found", "没有户 " + household_id + "，请先登记家庭");
  if (auto r = workflow::may_apply(c.actor, h->region)) refuse(*r);
  if (kind == "assistance") {
    if (auto open = cw.open_case_of(household_id))
      throw ApiError(409, "case_open", "该户已有在办案件 " + std::to_string(open->id) + "（" + open->state + "）");
  } else if (kind != "temporary") {
    throw ApiError(422, "bad_value", "kind 应为 assistance 或 temporary", "kind");
  }
  CaseRecord r;
  r.household_id = household_id;
  r.kind = kind;
  r.state = std::string(workflow::to_string(workflow::State::kApplication));
  r.region = h->region;
  r.opened_on = app.today().to_string();
  r.temp_kind = temp_kind;
  r.requested = requested;
  r.id = cw.insert_case(r, step_of(app, c, "apply", "", r.state, reason));
  if (kind == "assistance") {
    // R11.3: one application opens every line; the disabled persons' federation only where it has a part.
    std::vector<std::string> lines = {"living", "medical", "education", "housing", "employment", "social_insurance"};
    for (const auto& m : h->members)
      if (m.disability) {
        lines.emplace_back("disability");
        break;
      }
    cw.open_referrals(r.id, lines, r.opened_on);
  }
  app.audit(c.user.name, "apply", "case:" + std::to_string(r.id), "household " + household_id + " kind " + kind);
  return *cw.get_case(r.id);
}

CaseAssessment reassess_from(App& app, const std::string& household_id, model::Month from) {
  const model::Month now = app.today().as_month();
  std::vector<registry::StoredAssessment> batch;
  for (model::Month m = from; m <= now; m = m.plus(1)) {
    auto h = app.registry().get_household(household_id, m);
    if (!h) throw ApiError(404, "not_found", "没有户 " + household_id);
    batch.push_back(payroll::to_stored(*h, m, rules::assess(*h, m, app.params())));
  }
  if (!batch.empty()) app.registry().put_assessments(batch);
  return assess_household(app, household_id, now);
}

CaseRecord transition(App& app, const Caller& c, std::int64_t case_id, const TransitionInput& in) {
  auto& cw = app.casework();
  auto rec = cw.get_case(case_id);
  if (!rec) throw ApiError(404, "not_found", "没有案件 " + std::to_string(case_id));
  auto event = workflow::parse_event(in.event);
  if (!event || *event == workflow::Event::kApply)
    throw ApiError(422, "bad_value", "未知的操作: " + in.event, "event");
  workflow::Request req{*event, in.reason, app.today(), std::nullopt, std::nullopt};
  if (!in.target_region.empty()) req.target_region = in.target_region;
  // The investigation's findings, a review and a change are judged on a fresh assessment of the
  // household for this month (R11.2, R11.6).
  std::optional<CaseAssessment> fresh;
  const bool assesses = *event == workflow::Event::kSubmitInvestigation || *event == workflow::Event::kFinishReview ||
                        *event == workflow::Event::kReportChange;
  if (assesses) {
    // Who may do it, where and when is decided before the household is assessed (a 403 before any work).
    workflow::Request probe = req;
    probe.verdict = workflow::Verdict::kKeep;
    const auto early = workflow::decide(view_of(*rec), c.actor, probe, settings_for(app, rec->region));
    if (const auto* r = std::get_if<workflow::Refusal>(&early)) refuse(*r);
  }
  if (assesses && rec->kind == "assistance") {
    fresh = assess_household(app, rec->household_id, app.today().as_month());
    req.verdict = fresh->verdict;
  } else if (assesses) {
    req.verdict = workflow::Verdict::kKeep;
  }
  workflow::CaseView view = view_of(*rec);
  if (fresh) view.assessed_category = fresh->category;
  // A temporary-assistance request is judged on its request, not on a monthly category (R9).
  if (rec->kind == "temporary" && view.assessed_category.empty()) view.assessed_category = rec->temp_kind;
  const auto decided = workflow::decide(view, c.actor, req, settings_for(app, rec->region));
  if (const auto* r = std::get_if<workflow::Refusal>(&decided)) refuse(*r);
  const auto& d = std::get<workflow::Decision>(decided);
  // After the workflow's checks, so a user outside the region hears 403, not that the case moved on.
  if (in.version && *in.version != rec->version)
    throw ApiError(409, "stale", "案件已被他人办理（版本 " + std::to_string(rec->version) + "），请刷新后再操作");

  CaseRecord next = *rec;
  next.state = std::string(workflow::to_string(d.to));
  if (fresh) {
    next.assessed_category = fresh->category;
    next.assessed_month = app.today().as_month();
    next.monthly_cash = fresh->monthly_cash;
  }
  if (d.notice_start) next.notice_start = d.notice_start->to_string();
  if (d.pay_from) {
    next.pay_from = d.pay_from;
    next.approved_on = app.today().to_string();
  }
  if (*event == workflow::Event::kTransferOut) next.transfer_target = in.target_region;
  if (d.new_region) {
    next.region = *d.new_region;
    next.transfer_target.reset();
  }
  std::string detail = std::string(workflow::to_string(*event)) + " " + rec->state + "→" + next.state;
  const bool grants = *event == workflow::Event::kApprove && rec->kind == "temporary";
  if (grants) {
    next.granted = rec->temp_kind == "case_by_case" ? case_by_case_grant(app, *rec) : rec->requested;
    detail += " granted " + model::format_yuan(*next.granted);
  }
  // The case row is the first write: a refusal (ApiError) is always thrown before it, so a refused
  // case in a batch leaves nothing behind and the batch needs no savepoint per case.
  if (!cw.update_case(next, step_of(app, c, in.event, rec->state, next.state, in.reason)))
    throw ApiError(409, "stale", "案件刚被他人办理，请刷新后再操作");
  if (grants && rec->temp_kind == "case_by_case" && *next.granted > 0)
    cw.add_case_by_case_granted(rec->household_id, app.today().year, *next.granted);
  if (d.new_region) move_household(app, rec->household_id, *d.new_region);
  app.audit(c.user.name, std::string(workflow::to_string(*event)), "case:" + std::to_string(case_id),
            detail + (in.reason.empty() ? "" : " 理由: " + in.reason));
  return *cw.get_case(case_id);
}

Json case_json(App& app, const Caller& c, const CaseRecord& r, bool detail) {
  const auto state = workflow::parse_state(r.state);
  Json j = {{"id", r.id},
            {"household_id", r.household_id},
            {"head_name", r.head_name},
            {"kind", r.kind},
            {"state", r.state},
            {"state_label", state ? std::string(workflow::label_zh(*state)) : r.state},
            {"region", r.region},
            {"opened_on", r.opened_on},
            {"assessed_category", r.assessed_category},
            {"monthly_cash", model::format_yuan(r.monthly_cash)},
            {"version", r.version}};
  if (r.notice_start) j["notice_start"] = *r.notice_start;
  if (r.approved_on) j["approved_on"] = *r.approved_on;
  if (r.pay_from) j["pay_from"] = r.pay_from->to_string();
  if (r.assessed_month) j["assessed_month"] = r.assessed_month->to_string();
  if (r.transfer_target) j["transfer_target"] = *r.transfer_target;
  if (r.kind == "temporary") {
    j["temp_kind"] = r.temp_kind;
    j["requested"] = model::format_yuan(r.requested);
    if (r.granted) j["granted"] = model::format_yuan(*r.granted);
  }
  Json events = Json::array();
  if (state) {
    workflow::CaseView view = view_of(r);
    if (r.kind == "temporary" && view.assessed_category.empty()) view.assessed_category = r.temp_kind;
    for (auto e : workflow::available_events(view, c.actor, app.today(), settings_for(app, r.region)))
      events.push_back({{"event", workflow::to_string(e)}, {"label", workflow::label_zh(e)}});
  }
  j["events"] = events;
  if (!detail) return j;
  Json steps = Json::array();
  for (const auto& s : app.casework().steps(r.id)) {
    auto ev = workflow::parse_event(s.event);
    steps.push_back({{"at", s.at},
                     {"on_date", s.on_date},
                     {"user", s.user},
                     {"role", s.role},
                     {"event", s.event},
                     {"event_label", ev ? std::string(workflow::label_zh(*ev)) : s.event},
                     {"from", s.from},
                     {"to", s.to},
                     {"reason", s.reason}});
  }
  j["steps"] = steps;
  Json refs = Json::array();
  for (const auto& f : app.casework().referrals_of(r.id)) {
    auto line = workflow::parse_line(f.line);
    Json o = {{"line", f.line},
              {"line_label", line ? std::string(workflow::label_zh(*line)) : f.line},
              {"state", f.state},
              {"note", f.note}};
    if (f.closed_by) o["closed_by"] = *f.closed_by;
    if (f.closed_at) o["closed_at"] = *f.closed_at;
    refs.push_back(std::move(o));
  }
  j["referrals"] = refs;
  return j;
}

}  // namespace safetynet::server
