// The case state machine: the transition table of docs/casework.md and the checks around it
// (SPEC R11.2 application → investigation → review → notice → approval → payment; R11.6 review and
// change; R3.6 gradual exit). Pure: no I/O, no clock, no globals.
#include "workflow/state_machine.hpp"

#include <array>
#include <cassert>

namespace safetynet::workflow {
namespace {

using RoleMask = unsigned;

constexpr RoleMask bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr RoleMask kCommunity = bit(Role::kCommunity);
constexpr RoleMask kStreet = bit(Role::kStreet);
constexpr RoleMask kCounty = bit(Role::kCounty);

// One row per (event, from-state) of docs/casework.md's table. `to` is unused for finish_review and
// report_change, whose target the re-assessment verdict decides (R11.6, R3.6).
struct Rule {
  Event event;
  State from;
  State to;
  RoleMask roles;  // who may do it from this state
  bool reason;     // a reason is required (422 `reason_required` without one)
};

constexpr std::array<Rule, 23> kRules{{
    {Event::kAccept, State::kApplication, State::kInvestigation, kCommunity, false},
    // The reason is the investigation's findings.
    {Event::kSubmitInvestigation, State::kInvestigation, State::kStreetReview, kCommunity, true},
    {Event::kReturn, State::kStreetReview, State::kInvestigation, kStreet, true},
    {Event::kReturn, State::kCountyApproval, State::kStreetReview, kCounty, true},
    {Event::kPublish, State::kStreetReview, State::kNotice, kStreet, false},
    // R11.2: objections during the notice period return the case to review.
    {Event::kObject, State::kNotice, State::kStreetReview, kCommunity | kStreet, true},
    {Event::kEndNotice, State::kNotice, State::kCountyApproval, kStreet | kCounty, false},
    {Event::kApprove, State::kCountyApproval, State::kInPayment, kCounty, false},
    // Each level refuses at its own stage, as `return` does.
    {Event::kRefuse, State::kStreetReview, State::kRefused, kStreet, true},
    {Event::kRefuse, State::kCountyApproval, State::kRefused, kCounty, true},
    {Event::kSuspend, State::kInPayment, State::kSuspended, kCounty, true},
    {Event::kResume, State::kSuspended, State::kInPayment, kCounty, true},
    {Event::kStartReview, State::kInPayment, State::kReview, kCommunity, false},
    {Event::kFinishReview, State::kReview, State::kInPayment, kStreet, false},
    {Event::kReportChange, State::kInPayment, State::kInPayment, kCommunity, false},
    {Event::kReportChange, State::kGradualExit, State::kGradualExit, kCommunity, false},
    {Event::kClose, State::kInPayment, State::kClosed, kCounty, true},
    {Event::kClose, State::kSuspended, State::kClosed, kCounty, true},
    {Event::kClose, State::kGradualExit, State::kClosed, kCounty, true},
    {Event::kClose, State::kReview, State::kClosed, kCounty, true},
    {Event::kTransferOut, State::kInPayment, State::kTransferPending, kCounty, false},
    {Event::kTransferOut, State::kSuspended, State::kTransferPending, kCounty, false},
    {Event::kTransferIn, State::kTransferPending, State::kInPayment, kCounty, false},
}};

const Rule* find_rule(Event event, State from) {
  for (const auto& r : kRules)
    if (r.event == event && r.from == from) return &r;
  return nullptr;
}

// Every role that may do `event` from some state; `apply` (no rule row: no from-state) is
// community's.
RoleMask roles_for(Event event) {
  if (event == Event::kApply) return kCommunity;
  RoleMask m = 0;
  for (const auto& r : kRules)
    if (r.event == event) m |= r.roles;
  return m;
}

std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

// "街道审核人员或县级民政局审批人员"
std::string role_list(RoleMask mask) {
  std::string out;
  for (unsigned i = 0; i <= static_cast<unsigned>(Role::kAuditor); ++i) {
    if (!(mask & (1u << i))) continue;
    if (!out.empty()) out += "或";
    out += label_zh(static_cast<Role>(i));
  }
  return out;
}

// "“街道审核”、“县级审批”"
std::string from_states(Event event) {
  std::string out;
  for (const auto& r : kRules) {
    if (r.event != event) continue;
    if (!out.empty()) out += "、";
    out += quoted(label_zh(r.from));
  }
  return out;
}

Refusal refusal(int status, std::string code, std::string message) {
  return Refusal{status, std::move(code), std::move(message)};
}

model::Date add_days(model::Date d, int days) {
  return model::civil_from_days(model::days_from_civil(d.year, d.month, d.day) + days);
}

// Blank after removing ASCII whitespace and the ideographic space U+3000 (a Chinese IME's space).
bool is_blank(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      ++i;
    } else if (s.substr(i).starts_with(kIdeographicSpace)) {
      i += kIdeographicSpace.size();
    } else {
      return false;
    }
  }
  return true;
}

bool is_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<Refusal> check_role_and_region(const Actor& actor, Event event,
                                             std::string_view region, bool is_transfer_target) {
  if (actor.role == Role::kAuditor)
    return refusal(403, "read_only", "审计角色只读，不能办理" + quoted(label_zh(event)));
  const RoleMask allowed = roles_for(event);
  if (!(allowed & bit(actor.role)))
    return refusal(403, "forbidden_role",
                   quoted(label_zh(event)) + "须由" + role_list(allowed) + "办理，当前用户为" +
                       std::string(label_zh(actor.role)));
  if (!in_region(actor.region, region)) {
    if (is_transfer_target)
      return refusal(403, "out_of_region",
                     "迁入地区 " + std::string(region) + " 不在本人辖区 " + actor.region +
                         " 内，须由迁入地县级民政局办理迁入");
    return refusal(403, "out_of_region",
                   "案件所在地区 " + std::string(region) + " 不在本人辖区 " + actor.region + " 内");
  }
  return std::nullopt;
}

// Steps 1–6 of the header: everything except the request's own fields (reason, target, verdict).
// On success returns the rule that applies through `rule`.
std::optional<Refusal> check(const CaseView& view, const Actor& actor, Event event,
                             model::Date today, const Settings& settings, const Rule*& rule) {
  // transfer_in is done by the destination county: it must contain the target, not the origin.
  const bool by_target = event == Event::kTransferIn && view.transfer_target.has_value();
  if (auto r = check_role_and_region(actor, event, by_target ? *view.transfer_target : view.region,
                                     by_target))
    return r;

  rule = find_rule(event, view.state);
  if (rule == nullptr) {
    const std::string now = "当前状态为" + quoted(label_zh(view.state));
    if (event == Event::kApply)
      return refusal(409, "wrong_state", "该户已有案件（" + now + "），不能对已有案件再次申请");
    if (is_final(view.state))
      return refusal(
          409, "wrong_state",
          now + "，案件已结束，不能再办理" + quoted(label_zh(event)) + "；如需救助须重新申请");
    return refusal(
        409, "wrong_state",
        now + "，" + quoted(label_zh(event)) + "只能在" + from_states(event) + "状态下办理");
  }
  if (!(rule->roles & bit(actor.role)))
    return refusal(403, "forbidden_role",
                   "在" + quoted(label_zh(view.state)) + "状态下，" + quoted(label_zh(event)) +
                       "须由" + role_list(rule->roles) + "办理，当前用户为" +
                       std::string(label_zh(actor.role)));

  switch (event) {
    case Event::kEndNotice: {  // R11.2: P.notice_days full days of notice
      if (!view.notice_start)
        return refusal(409, "notice_not_ended",
                       "案件未记录公示开始日期，无法计算公示期；须重新公示");
      const model::Date ends = add_days(*view.notice_start, settings.notice_days);
      if (today < ends)
        return refusal(409, "notice_not_ended",
                       "公示期未满：公示开始于 " + view.notice_start->to_string() + "，" +
                           ends.to_string() + " 起方可结束公示");
      break;
    }
    case Event::kApprove:
      if (view.assessed_category == "undetermined")
        return refusal(409, "undetermined",
                       "评估结果为“无法确定”（缺少必要信息）：补齐信息并重新评估后方可审批通过");
      if (view.assessed_category.empty())
        return refusal(409, "not_eligible", "案件尚未评估：评估为符合救助条件后方可审批通过");
      if (view.assessed_category == "none")
        return refusal(409, "not_eligible",
                       "评估结果为不符合救助条件，不能审批通过；可退回街道审核或不予救助");
      break;
    case Event::kTransferIn:
      if (!view.transfer_target)
        return refusal(409, "no_transfer_target",
                       "案件未记录迁入地区，无法迁入；须由迁出地核实迁出信息");
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<Refusal> check_target_region(const CaseView& view,
                                           const std::optional<std::string>& target) {
  if (!target || is_blank(*target))
    return refusal(422, "bad_target_region",
                   "迁出须填写迁入地区代码（9 位街道代码或 12 位社区代码）");
  if (!((target->size() == 9 || target->size() == 12) && is_digits(*target)))
    return refusal(422, "bad_target_region",
                   "迁入地区代码须为 9 位（街道）或 12 位（社区）数字，收到" + quoted(*target));
  if (view.region.size() >= 9 && target->compare(0, 9, view.region, 0, 9) == 0)
    return refusal(422, "bad_target_region",
                   "迁入地区 " + *target + " 与案件所在地 " + view.region +
                       " 属同一街道，无需迁出；请填写其他街道的地区代码");
  return std::nullopt;
}

State state_for(Verdict v) {
  switch (v) {
    case Verdict::kKeep:
      return State::kInPayment;  // back in (or still in) ordinary payment
    case Verdict::kGradualExit:
      return State::kGradualExit;  // R3.6
    case Verdict::kClose:
      return State::kClosed;
  }
  assert(false && "Verdict value outside the enum");
  return State::kInPayment;
}

}  // namespace

std::variant<Decision, Refusal> decide(const CaseView& view, const Actor& actor,
                                       const Request& request, const Settings& settings) {
  const Rule* rule = nullptr;
  if (auto r = check(view, actor, request.event, request.today, settings, rule)) return *r;
  assert(rule != nullptr && "check() passed without a rule");

  // Step 7: the request's own fields.
  if (rule->reason && is_blank(request.reason)) {
    if (request.event == Event::kSubmitInvestigation)
      return refusal(422, "reason_required", "提交入户调查须填写调查结论");
    return refusal(422, "reason_required", quoted(label_zh(request.event)) + "须填写理由");
  }
  if (request.event == Event::kTransferOut)
    if (auto r = check_target_region(view, request.target_region)) return *r;
  const bool by_verdict =
      request.event == Event::kFinishReview || request.event == Event::kReportChange;
  if (by_verdict && !request.verdict)
    return refusal(422, "verdict_required",
                   quoted(label_zh(request.event)) + "须给出重新评估结论：维持发放、渐退或终止");

  Decision d{rule->to, std::nullopt, std::nullopt, std::nullopt};
  switch (request.event) {
    case Event::kPublish:
      d.notice_start = request.today;
      break;
    case Event::kApprove:  // R11.2: payment from the month after approval
      d.pay_from = request.today.as_month().plus(1);
      break;
    case Event::kTransferIn:
      d.new_region = *view.transfer_target;
      break;
    default:
      break;
  }
  if (by_verdict) d.to = state_for(*request.verdict);
  return d;
}

std::optional<Refusal> may_apply(const Actor& actor, std::string_view household_region) {
  return check_role_and_region(actor, Event::kApply, household_region, false);
}

std::vector<Event> available_events(const CaseView& view, const Actor& actor, model::Date today,
                                    const Settings& settings) {
  std::vector<Event> out;
  for (unsigned i = static_cast<unsigned>(Event::kAccept);
       i <= static_cast<unsigned>(Event::kTransferIn); ++i) {
    const auto event = static_cast<Event>(i);
    const Rule* rule = nullptr;
    if (!check(view, actor, event, today, settings, rule)) out.push_back(event);
  }
  return out;
}

bool is_todo_for(const CaseView& view, const Actor& actor, model::Date today,
                 const Settings& settings) {
  return !is_final(view.state) && !available_events(view, actor, today, settings).empty();
}

Queue queue_for(const CaseView& view, const Actor& actor, model::Date today,
                const Settings& settings) {
  if (is_final(view.state)) return Queue::kClosed;
  return is_todo_for(view, actor, today, settings) ? Queue::kTodo : Queue::kDone;
}

}  // namespace safetynet::workflow
