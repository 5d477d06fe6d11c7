#pragma once
// The case state machine (docs/casework.md "Case states"; SPEC R11.2, R11.6, R3.6).
//
// `decide` answers one question: may this actor apply this event to this case today, and if so, to
// which state does the case go? It is a pure function of values — no I/O, no clock (the caller
// passes `today`), no globals — so the registry records the Decision (who, when, from, to, event,
// reason) and the server turns a Refusal into a 4xx JSON body. A Refusal changes nothing. Dates are
// civil dates, months calendar months (model/month.hpp). Thread-safe; the caller owns every value.
//
// Checks run in this order and the first failure is the answer:
//   1. the auditor never writes                              → 403 `read_only`
//   2. the actor's role may perform the event at all         → 403 `forbidden_role`
//   3. the case lies inside the actor's region (transfer_in:
//      the case's transfer target does)                      → 403 `out_of_region`
//   4. the event is allowed from the current state           → 409 `wrong_state`
//   5. the role may perform it from *this* state (return and
//      refuse: street at street_review, county at county_approval) → 403 `forbidden_role`
//   6. state guards: notice period over (R11.2)              → 409 `notice_not_ended`
//      approve: assessed, not undetermined, not none         → 409 `undetermined` / `not_eligible`
//      transfer_in: the case records its target              → 409 `no_transfer_target`
//   7. request guards: reason given                          → 422 `reason_required`
//      transfer_out target: 9/12 digits, not the same street → 422 `bad_target_region`
//      finish_review / report_change verdict given           → 422 `verdict_required`
// Every Refusal message is Chinese and says why and what would make the event possible.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/month.hpp"
#include "workflow/roles.hpp"

namespace safetynet::workflow {

enum class State {
  kApplication,      // 申请
  kInvestigation,    // 入户调查
  kStreetReview,     // 街道审核
  kNotice,           // 公示 (R11.2)
  kCountyApproval,   // 县级审批
  kInPayment,        // 发放中 (paid, R12.1)
  kSuspended,        // 停发 (not paid)
  kReview,           // 复核 (R11.6)
  kGradualExit,      // 渐退期 (paid, R3.6)
  kTransferPending,  // 待迁入 (not paid)
  kClosed,           // 终止 (final)
  kRefused,          // 不予救助 (final)
};

enum class Event {
  kApply,                // 申请: opens a case; see `may_apply`, never valid on an existing case
  kAccept,               // 受理
  kSubmitInvestigation,  // 提交入户调查
  kReturn,               // 退回
  kPublish,              // 公示
  kObject,               // 异议
  kEndNotice,            // 公示期满
  kApprove,              // 审批通过
  kRefuse,               // 不予救助
  kSuspend,              // 停发
  kResume,               // 恢复
  kStartReview,          // 复核
  kFinishReview,         // 复核完成
  kReportChange,         // 变更
  kClose,                // 终止
  kTransferOut,          // 迁出
  kTransferIn,           // 迁入
};

// snake_case names as in docs/casework.md ("street_review", "end_notice", …); parse is the exact
// inverse (nullopt otherwise); label_zh the Chinese name ("街道审核", "公示期满", …).
std::string_view to_string(State state);
std::optional<State> parse_state(std::string_view name);
std::string_view label_zh(State state);
std::string_view to_string(Event event);
std::optional<Event> parse_event(std::string_view name);
std::string_view label_zh(Event event);

// `refused` and `closed`: no event leaves them.
bool is_final(State state);
// States in which the case is paid each month (R12.1): in_payment and gradual_exit.
bool is_paid(State state);

// Who acts. `region` is assumed checked with `check_region_for_role` when the user was created.
struct Actor {
  std::string user;
  Role role;
  std::string region;
};

// What decide() needs to know about a case.
struct CaseView {
  State state;
  std::string region;                       // household region code, 12 digits normally
  std::optional<model::Date> notice_start;  // set by `publish` (R11.2)
  std::optional<model::Date> approved_on;
  // The latest assessment's category: "dibao" | "low_income" | "none" | "undetermined" | ""
  // (not assessed). approve needs one that is neither "", "none" nor "undetermined".
  std::string assessed_category;
  std::optional<std::string> transfer_target;  // set by `transfer_out`
};

// The caller's re-assessment result for finish_review / report_change (R11.6, R3.6).
enum class Verdict { kKeep, kGradualExit, kClose };

struct Request {
  Event event;
  std::string reason;  // required by the events marked so in docs/casework.md
  model::Date today;
  std::optional<std::string> target_region;  // transfer_out only: 9 or 12 digits
  std::optional<Verdict> verdict;            // finish_review / report_change only
};

struct Settings {
  int notice_days = 7;  // P.notice_days (R11.2): end_notice allowed from notice_start + notice_days
};

// An allowed transition: the caller records it and stores the fields that are set.
struct Decision {
  State to;
  std::optional<model::Date> notice_start;  // publish: `today`
  std::optional<model::Month> pay_from;     // approve: month after approval (R11.2)
  std::optional<std::string> new_region;    // transfer_in: the case's transfer target
};

// A refused transition. e.g. {409, "notice_not_ended",
// "公示期未满：公示开始于 2019-10-01，2019-10-08 起方可结束公示"}.
struct Refusal {
  int status;           // HTTP status: 403, 409 or 422
  std::string code;     // see the check list at the top of this file
  std::string message;  // Chinese: why, and what would make it possible
};

// Decides `request` on `view` for `actor` (the table of docs/casework.md; checks in the order at
// the top of this file). On success the Decision's `to` is the new state:
//   approve → in_payment with pay_from = today's month + 1 (approve on 2019-10-20 → 2019-11);
//   publish → notice with notice_start = today;
//   finish_review (from review) and report_change (from in_payment or gradual_exit):
//     kKeep → in_payment, kGradualExit → gradual_exit (R3.6), kClose → closed;
//   transfer_in → in_payment with new_region = view.transfer_target.
// `apply` is always 409 `wrong_state` here: an existing case cannot be applied for (see may_apply).
std::variant<Decision, Refusal> decide(const CaseView& view, const Actor& actor,
                                       const Request& request, const Settings& settings);

// The `apply` event (no case yet): only a community worker, only for a household inside the
// worker's region. nullopt when allowed; else 403 `read_only`, `forbidden_role` or `out_of_region`.
// The "no other open case for the household" guard (409) needs the registry: the caller checks it.
std::optional<Refusal> may_apply(const Actor& actor, std::string_view household_region);

// The events decide() would allow on `view` for `actor` today, ignoring the request guards (reason,
// transfer target, verdict; step 7 above), in enum order: the web page's buttons. Never `apply`.
std::vector<Event> available_events(const CaseView& view, const Actor& actor, model::Date today,
                                    const Settings& settings);

// Queues on the caseworker's home page.
enum class Queue {
  kTodo,    // 待办: the actor can act on it now
  kDone,    // 已办/在办: inside the region, open, nothing for this actor to do now
  kClosed,  // 已结: final state
};

// True iff the case is not final and `available_events` is non-empty. Note this puts every paid
// case in the county's (suspend/close/transfer_out) and community's (start_review/report_change)
// to-do list.
bool is_todo_for(const CaseView& view, const Actor& actor, model::Date today,
                 const Settings& settings);
// kClosed for a final state, kTodo when is_todo_for, else kDone. Region membership is not checked
// here beyond what is_todo_for implies: list only cases `in_region` for the actor.
Queue queue_for(const CaseView& view, const Actor& actor, model::Date today,
                const Settings& settings);

}  // namespace safetynet::workflow
