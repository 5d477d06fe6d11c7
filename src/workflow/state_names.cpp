// Names of case states and events: snake_case for storage and the API, Chinese for pages and
// messages (docs/casework.md "Case states"; SPEC R11.2, R11.6, R3.6).
#include <array>
#include <cassert>

#include "workflow/state_machine.hpp"

namespace safetynet::workflow {
namespace {

template <typename E>
struct Name {
  E value;
  std::string_view name;
  std::string_view zh;
};

// Order matches the enum, so the enum value indexes the table.
constexpr std::array<Name<State>, 12> kStates{{
    {State::kApplication, "application", "申请"},
    {State::kInvestigation, "investigation", "入户调查"},
    {State::kStreetReview, "street_review", "街道审核"},
    {State::kNotice, "notice", "公示"},
    {State::kCountyApproval, "county_approval", "县级审批"},
    {State::kInPayment, "in_payment", "发放中"},
    {State::kSuspended, "suspended", "停发"},
    {State::kReview, "review", "复核"},
    {State::kGradualExit, "gradual_exit", "渐退期"},
    {State::kTransferPending, "transfer_pending", "待迁入"},
    {State::kClosed, "closed", "终止"},
    {State::kRefused, "refused", "不予救助"},
}};

// Chinese names are docs/casework.md's event table.
constexpr std::array<Name<Event>, 17> kEvents{{
    {Event::kApply, "apply", "申请"},
    {Event::kAccept, "accept", "受理"},
    {Event::kSubmitInvestigation, "submit_investigation", "提交入户调查"},
    {Event::kReturn, "return", "退回"},
    {Event::kPublish, "publish", "公示"},
    {Event::kObject, "object", "异议"},
    {Event::kEndNotice, "end_notice", "公示期满"},
    {Event::kApprove, "approve", "审批通过"},
    {Event::kRefuse, "refuse", "不予救助"},
    {Event::kSuspend, "suspend", "停发"},
    {Event::kResume, "resume", "恢复"},
    {Event::kStartReview, "start_review", "复核"},
    {Event::kFinishReview, "finish_review", "复核完成"},
    {Event::kReportChange, "report_change", "变更"},
    {Event::kClose, "close", "终止"},
    {Event::kTransferOut, "transfer_out", "迁出"},
    {Event::kTransferIn, "transfer_in", "迁入"},
}};

template <typename E, std::size_t N>
const Name<E>& entry(const std::array<Name<E>, N>& table, E value) {
  const auto i = static_cast<std::size_t>(value);
  // An out-of-range value is a cast from a bad integer: a programmer error.
  assert(i < N && table[i].value == value && "enum value outside its table");
  return table[i];
}

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<Name<E>, N>& table, std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return e.value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(State state) { return entry(kStates, state).name; }
std::string_view label_zh(State state) { return entry(kStates, state).zh; }
std::optional<State> parse_state(std::string_view name) { return lookup(kStates, name); }

std::string_view to_string(Event event) { return entry(kEvents, event).name; }
std::string_view label_zh(Event event) { return entry(kEvents, event).zh; }
std::optional<Event> parse_event(std::string_view name) { return lookup(kEvents, name); }

bool is_final(State state) { return state == State::kClosed || state == State::kRefused; }
bool is_paid(State state) { return state == State::kInPayment || state == State::kGradualExit; }

}  // namespace safetynet::workflow
