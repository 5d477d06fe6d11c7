// Tests for the case state machine and roles (docs/casework.md; SPEC R11.2, R11.3, R11.6, R3.6).
// The expected transition table below is written out independently of state_machine.cpp's, so a
// change to either shows up here.
#include "workflow/state_machine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <utility>

#include "base/testing.hpp"
#include "workflow/roles.hpp"

namespace safetynet::workflow {

void PrintTo(const Decision& d, std::ostream* os) {
  *os << "Decision{to=" << to_string(d.to);
  if (d.notice_start) *os << ", notice_start=" << d.notice_start->to_string();
  if (d.pay_from) *os << ", pay_from=" << d.pay_from->to_string();
  if (d.new_region) *os << ", new_region=" << *d.new_region;
  *os << "}";
}

void PrintTo(const Refusal& r, std::ostream* os) {
  *os << "Refusal{" << r.status << " " << r.code << ": " << r.message << "}";
}

namespace {

using model::Date;
using model::Month;
using safetynet::testing::HasProblem;
using safetynet::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Outcome = std::variant<Decision, Refusal>;

MATCHER_P2(IsRefused, status, code,
           "is refused with " + ::testing::PrintToString(status) + " " + code) {
  const auto* r = std::get_if<Refusal>(&arg);
  if (r == nullptr) {
    *result_listener << "which is allowed, to " << to_string(std::get<Decision>(arg).to);
    return false;
  }
  *result_listener << "which is " << r->status << " " << r->code << ": " << r->message;
  return r->status == status && r->code == code;
}

MATCHER_P(GoesTo, state, "is allowed, to " + std::string(to_string(state))) {
  if (const auto* r = std::get_if<Refusal>(&arg)) {
    *result_listener << "which is refused: " << r->status << " " << r->code << ": " << r->message;
    return false;
  }
  const auto& d = std::get<Decision>(arg);
  *result_listener << "which goes to " << to_string(d.to);
  return d.to == state;
}

std::string message_of(const Outcome& o) {
  const auto* r = std::get_if<Refusal>(&o);
  return r ? r->message : std::string();
}

constexpr std::string_view kCaseRegion =
    "450102001001";  // a community in 兴宁区's street 450102001

const Actor kCommunity{"c1", Role::kCommunity, "450102001001"};
const Actor kStreet{"s1", Role::kStreet, "450102001"};
const Actor kCounty{"k1", Role::kCounty, "450102"};
const Actor kAuditor{"a1", Role::kAuditor, "450102"};

const Date kToday{2019, 10, 20};
const Settings kSettings{};

CaseView case_in(State s) {
  CaseView v{s, std::string(kCaseRegion), std::nullopt, std::nullopt, "dibao", std::nullopt};
  if (s == State::kNotice) v.notice_start = Date{2019, 10, 1};  // ended by kToday (R11.2: 7 days)
  if (s == State::kTransferPending) v.transfer_target = "450103002";
  return v;
}

Request req(Event e, std::string reason = "理由", Date today = kToday) {
  return Request{e, std::move(reason), today, std::nullopt, std::nullopt};
}

// A request that passes every request guard: reason, verdict and target given.
Request full_req(Event e) {
  Request r = req(e);
  r.verdict = Verdict::kKeep;
  r.target_region = "450103002";
  return r;
}

constexpr std::array<State, 12> kAllStates{
    State::kApplication,    State::kInvestigation,   State::kStreetReview, State::kNotice,
    State::kCountyApproval, State::kInPayment,       State::kSuspended,    State::kReview,
    State::kGradualExit,    State::kTransferPending, State::kClosed,       State::kRefused};

constexpr std::array<Event, 17> kAllEvents{
    Event::kApply,        Event::kAccept,       Event::kSubmitInvestigation,
    Event::kReturn,       Event::kPublish,      Event::kObject,
    Event::kEndNotice,    Event::kApprove,      Event::kRefuse,
    Event::kSuspend,      Event::kResume,       Event::kStartReview,
    Event::kFinishReview, Event::kReportChange, Event::kClose,
    Event::kTransferOut,  Event::kTransferIn};

// docs/casework.md's event table, row by (event, from): the state reached (kKeep verdict for the
// re-assessed events), and the one actor allowed from that state (object/end_notice allow two; the
// first is listed here and the second tested separately).
struct Row {
  Event event;
  State from;
  State to;
  const Actor* actor;
};

const std::vector<Row> kTable{
    {Event::kAccept, State::kApplication, State::kInvestigation, &kCommunity},
    {Event::kSubmitInvestigation, State::kInvestigation, State::kStreetReview, &kCommunity},
    {Event::kReturn, State::kStreetReview, State::kInvestigation, &kStreet},
    {Event::kReturn, State::kCountyApproval, State::kStreetReview, &kCounty},
    {Event::kPublish, State::kStreetReview, State::kNotice, &kStreet},
    {Event::kObject, State::kNotice, State::kStreetReview, &kCommunity},
    {Event::kEndNotice, State::kNotice, State::kCountyApproval, &kStreet},
    {Event::kApprove, State::kCountyApproval, State::kInPayment, &kCounty},
    {Event::kRefuse, State::kStreetReview, State::kRefused, &kStreet},
    {Event::kRefuse, State::kCountyApproval, State::kRefused, &kCounty},
    {Event::kSuspend, State::kInPayment, State::kSuspended, &kCounty},
    {Event::kResume, State::kSuspended, State::kInPayment, &kCounty},
    {Event::kStartReview, State::kInPayment, State::kReview, &kCommunity},
    {Event::kFinishReview, State::kReview, State::kInPayment, &kStreet},
    {Event::kReportChange, State::kInPayment, State::kInPayment, &kCommunity},
    {Event::kReportChange, State::kGradualExit, State::kInPayment, &kCommunity},
    {Event::kClose, State::kInPayment, State::kClosed, &kCounty},
    {Event::kClose, State::kSuspended, State::kClosed, &kCounty},
    {Event::kClose, State::kGradualExit, State::kClosed, &kCounty},
    {Event::kClose, State::kReview, State::kClosed, &kCounty},
    {Event::kTransferOut, State::kInPayment, State::kTransferPending, &kCounty},
    {Event::kTransferOut, State::kSuspended, State::kTransferPending, &kCounty},
    {Event::kTransferIn, State::kTransferPending, State::kInPayment,
     nullptr},  // destination county
};

// An actor whose role may do `e` from some state, inside kCaseRegion: wrong-state checks use it.
const Actor& some_actor_for(Event e) {
  switch (e) {
    case Event::kApply:
    case Event::kAccept:
    case Event::kSubmitInvestigation:
    case Event::kObject:
    case Event::kStartReview:
    case Event::kReportChange:
      return kCommunity;
    case Event::kReturn:
    case Event::kPublish:
    case Event::kEndNotice:
    case Event::kRefuse:
    case Event::kFinishReview:
      return kStreet;
    default:
      return kCounty;
  }
}

// ---- names ----

TEST(StateMachine, NamesRoundTripAndHaveChineseLabels) {
  for (State s : kAllStates) {
    EXPECT_EQ(parse_state(to_string(s)), s);
    EXPECT_FALSE(label_zh(s).empty());
  }
  for (Event e : kAllEvents) {
    EXPECT_EQ(parse_event(to_string(e)), e);
    EXPECT_FALSE(label_zh(e).empty());
  }
  EXPECT_EQ(to_string(State::kStreetReview), "street_review");
  EXPECT_EQ(to_string(Event::kEndNotice), "end_notice");
  EXPECT_EQ(label_zh(Event::kEndNotice), "公示期满");
  EXPECT_EQ(label_zh(Event::kTransferOut), "迁出");
  EXPECT_EQ(parse_state("Street_Review"), std::nullopt);
  EXPECT_EQ(parse_event(""), std::nullopt);
}

TEST(StateMachine, FinalAndPaidStates) {  // R12.1: in_payment and gradual_exit are paid
  std::set<State> finals, paid;
  for (State s : kAllStates) {
    if (is_final(s)) finals.insert(s);
    if (is_paid(s)) paid.insert(s);
  }
  EXPECT_EQ(finals, (std::set<State>{State::kClosed, State::kRefused}));
  EXPECT_EQ(paid, (std::set<State>{State::kInPayment, State::kGradualExit}));
}

// ---- the table ----

TEST(StateMachine, HappyPathFromApplicationToPaymentR11_2) {
  EXPECT_EQ(may_apply(kCommunity, kCaseRegion), std::nullopt);
  CaseView v = case_in(State::kApplication);

  auto step = [&](const Actor& who, Request r, State expected) {
    Outcome o = decide(v, who, r, kSettings);
    ASSERT_THAT(o, GoesTo(expected)) << to_string(r.event);
    const auto& d = std::get<Decision>(o);
    v.state = d.to;
    if (d.notice_start) v.notice_start = d.notice_start;
  };
  step(kCommunity, req(Event::kAccept, ""), State::kInvestigation);
  step(kCommunity, req(Event::kSubmitInvestigation, "入户调查：家庭人均收入低于标准"),
       State::kStreetReview);
  Outcome published = decide(v, kStreet, req(Event::kPublish, "", Date{2019, 10, 1}), kSettings);
  ASSERT_THAT(published, GoesTo(State::kNotice));
  EXPECT_EQ(std::get<Decision>(published).notice_start, (Date{2019, 10, 1}));
  v.state = State::kNotice;
  v.notice_start = Date{2019, 10, 1};
  step(kStreet, req(Event::kEndNotice, "", Date{2019, 10, 8}), State::kCountyApproval);

  Outcome approved = decide(v, kCounty, req(Event::kApprove, "", Date{2019, 10, 20}), kSettings);
  ASSERT_THAT(approved, GoesTo(State::kInPayment));
  // R11.2: payment from the month after approval.
  EXPECT_EQ(std::get<Decision>(approved).pay_from, Month::of(2019, 11));
}

TEST(StateMachine, ApproveInDecemberPaysFromJanuaryR11_2) {
  Outcome o = decide(case_in(State::kCountyApproval), kCounty,
                     req(Event::kApprove, "", Date{2019, 12, 31}), kSettings);
  ASSERT_THAT(o, GoesTo(State::kInPayment));
  EXPECT_EQ(std::get<Decision>(o).pay_from, Month::of(2020, 1));
}

TEST(StateMachine, EveryTableRowIsAllowedForItsRole) {
  const Actor destination{"k2", Role::kCounty, "450103"};
  for (const Row& row : kTable) {
    const Actor& who = row.actor ? *row.actor : destination;
    EXPECT_THAT(decide(case_in(row.from), who, full_req(row.event), kSettings), GoesTo(row.to))
        << to_string(row.event) << " from " << to_string(row.from);
  }
  // The second role of the two-role events.
  EXPECT_THAT(decide(case_in(State::kNotice), kStreet, req(Event::kObject), kSettings),
              GoesTo(State::kStreetReview));
  EXPECT_THAT(decide(case_in(State::kNotice), kCounty, req(Event::kEndNotice), kSettings),
              GoesTo(State::kCountyApproval));
}

TEST(StateMachine, EveryEventFromEveryOtherStateIsWrongState) {
  std::set<std::pair<Event, State>> allowed;
  for (const Row& row : kTable) allowed.insert({row.event, row.from});
  int checked = 0;
  for (Event e : kAllEvents) {
    for (State s : kAllStates) {
      if (allowed.count({e, s})) continue;
      CaseView v = case_in(s);
      v.transfer_target.reset();  // transfer_in's region check then falls on the case's own region
      Outcome o = decide(v, some_actor_for(e), full_req(e), kSettings);
      EXPECT_THAT(o, IsRefused(409, "wrong_state")) << to_string(e) << " from " << to_string(s);
      EXPECT_THAT(message_of(o), HasSubstr(std::string(label_zh(s)))) << "names the current state";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 17 * 12 - 23);
}

TEST(StateMachine, WrongStateMessageNamesAllowedStates) {
  Outcome o = decide(case_in(State::kInvestigation), kStreet, req(Event::kReturn), kSettings);
  ASSERT_THAT(o, IsRefused(409, "wrong_state"));
  EXPECT_THAT(message_of(o), HasSubstr("当前状态为“入户调查”"));
  EXPECT_THAT(message_of(o), HasSubstr("“街道审核”、“县级审批”"));
}

TEST(StateMachine, ApplyOnAnExistingCaseIsWrongState) {
  EXPECT_THAT(decide(case_in(State::kClosed), kCommunity, req(Event::kApply), kSettings),
              IsRefused(409, "wrong_state"));
}

TEST(StateMachine, FinalStatesRefuseEverything) {
  for (State s : {State::kClosed, State::kRefused}) {
    for (Event e : kAllEvents) {
      EXPECT_THAT(decide(case_in(s), some_actor_for(e), full_req(e), kSettings),
                  IsRefused(409, "wrong_state"))
          << to_string(e) << " from " << to_string(s);
    }
    for (const Actor* a : {&kCommunity, &kStreet, &kCounty, &kAuditor}) {
      EXPECT_THAT(available_events(case_in(s), *a, kToday, kSettings), IsEmpty());
      EXPECT_FALSE(is_todo_for(case_in(s), *a, kToday, kSettings));
      EXPECT_EQ(queue_for(case_in(s), *a, kToday, kSettings), Queue::kClosed);
    }
  }
}

// ---- roles and regions ----

TEST(StateMachine, WrongRoleIsForbidden) {
  EXPECT_THAT(decide(case_in(State::kCountyApproval), kCommunity, req(Event::kApprove), kSettings),
              IsRefused(403, "forbidden_role"));
  EXPECT_THAT(decide(case_in(State::kStreetReview), kCounty, req(Event::kPublish), kSettings),
              IsRefused(403, "forbidden_role"));
  EXPECT_THAT(decide(case_in(State::kApplication), kStreet, req(Event::kAccept), kSettings),
              IsRefused(403, "forbidden_role"));
  const Actor medical{"m1", Role::kMedicalInsurance, "450102"};
  EXPECT_THAT(decide(case_in(State::kInPayment), medical, req(Event::kClose), kSettings),
              IsRefused(403, "forbidden_role"));
  Outcome o = decide(case_in(State::kCountyApproval), kCommunity, req(Event::kApprove), kSettings);
  EXPECT_THAT(message_of(o), HasSubstr("县级民政局审批人员"));
}

TEST(StateMachine, ReturnAndRefuseBelongToTheLevelHoldingTheCase) {
  // A street reviewer cannot return or refuse what is already at county approval, nor the county
  // what is still at street review.
  EXPECT_THAT(decide(case_in(State::kCountyApproval), kStreet, req(Event::kReturn), kSettings),
              IsRefused(403, "forbidden_role"));
  EXPECT_THAT(decide(case_in(State::kCountyApproval), kStreet, req(Event::kRefuse), kSettings),
              IsRefused(403, "forbidden_role"));
  EXPECT_THAT(decide(case_in(State::kStreetReview), kCounty, req(Event::kReturn), kSettings),
              IsRefused(403, "forbidden_role"));
  EXPECT_THAT(decide(case_in(State::kStreetReview), kCounty, req(Event::kRefuse), kSettings),
              IsRefused(403, "forbidden_role"));
}

TEST(StateMachine, AnotherStreetsReviewerIsOutOfRegion) {
  const Actor other_street{"s2", Role::kStreet, "450102002"};
  Outcome o = decide(case_in(State::kStreetReview), other_street, req(Event::kPublish), kSettings);
  EXPECT_THAT(o, IsRefused(403, "out_of_region"));
  EXPECT_THAT(message_of(o), HasSubstr("450102001001"));
  const Actor other_county{"k3", Role::kCounty, "450103"};
  EXPECT_THAT(
      decide(case_in(State::kCountyApproval), other_county, req(Event::kApprove), kSettings),
      IsRefused(403, "out_of_region"));
  EXPECT_THAT(available_events(case_in(State::kStreetReview), other_street, kToday, kSettings),
              IsEmpty());
}

TEST(StateMachine, AuditorIsReadOnly) {
  for (State s : kAllStates)
    for (Event e : kAllEvents)
      EXPECT_THAT(decide(case_in(s), kAuditor, full_req(e), kSettings),
                  IsRefused(403, "read_only"));
  EXPECT_THAT(available_events(case_in(State::kInPayment), kAuditor, kToday, kSettings), IsEmpty());
  EXPECT_EQ(queue_for(case_in(State::kInPayment), kAuditor, kToday, kSettings), Queue::kDone);
}

TEST(StateMachine, MayApplyOnlyCommunityInsideRegion) {
  EXPECT_EQ(may_apply(kCommunity, "450102001001"), std::nullopt);
  auto outside = may_apply(kCommunity, "450102001002");
  ASSERT_TRUE(outside.has_value());
  EXPECT_EQ(outside->status, 403);
  EXPECT_EQ(outside->code, "out_of_region");
  ASSERT_TRUE(may_apply(kStreet, kCaseRegion).has_value());
  EXPECT_EQ(may_apply(kStreet, kCaseRegion)->code, "forbidden_role");
  ASSERT_TRUE(may_apply(kAuditor, kCaseRegion).has_value());
  EXPECT_EQ(may_apply(kAuditor, kCaseRegion)->code, "read_only");
}

// ---- guards ----

TEST(StateMachine, NoticeLastsSevenDaysR11_2) {  // P.notice_days default 7 (SPEC R11.2)
  CaseView v = case_in(State::kNotice);
  v.notice_start = Date{2019, 10, 1};
  Outcome early =
      decide(v, kStreet, req(Event::kEndNotice, "", Date{2019, 10, 7}), kSettings);  // +6
  EXPECT_THAT(early, IsRefused(409, "notice_not_ended"));
  EXPECT_EQ(message_of(early), "公示期未满：公示开始于 2019-10-01，2019-10-08 起方可结束公示");
  EXPECT_THAT(decide(v, kStreet, req(Event::kEndNotice, "", Date{2019, 10, 8}), kSettings),  // +7
              GoesTo(State::kCountyApproval));
  EXPECT_THAT(available_events(v, kStreet, Date{2019, 10, 7}, kSettings),
              ElementsAre(Event::kObject));
  EXPECT_THAT(available_events(v, kStreet, Date{2019, 10, 8}, kSettings),
              ElementsAre(Event::kObject, Event::kEndNotice));
}

TEST(StateMachine, NoticeEndCrossesMonthAndYearAndFollowsSettings) {
  CaseView v = case_in(State::kNotice);
  v.notice_start = Date{2019, 12, 28};
  EXPECT_THAT(
      message_of(decide(v, kCounty, req(Event::kEndNotice, "", Date{2020, 1, 3}), kSettings)),
      HasSubstr("2020-01-04 起"));
  EXPECT_THAT(decide(v, kCounty, req(Event::kEndNotice, "", Date{2020, 1, 4}), kSettings),
              GoesTo(State::kCountyApproval));
  const Settings ten{10};  // a county may set P.notice_days
  EXPECT_THAT(decide(v, kCounty, req(Event::kEndNotice, "", Date{2020, 1, 6}), ten),
              IsRefused(409, "notice_not_ended"));
  EXPECT_THAT(decide(v, kCounty, req(Event::kEndNotice, "", Date{2020, 1, 7}), ten),
              GoesTo(State::kCountyApproval));
  v.notice_start.reset();
  EXPECT_THAT(decide(v, kCounty, req(Event::kEndNotice, "", Date{2020, 1, 7}), kSettings),
              IsRefused(409, "notice_not_ended"));
}

TEST(StateMachine, ObjectionDuringNoticeReturnsToStreetReviewR11_2) {
  CaseView v = case_in(State::kNotice);
  v.notice_start = Date{2019, 10, 1};
  EXPECT_THAT(decide(v, kCommunity, req(Event::kObject, "邻居反映有经营收入", Date{2019, 10, 3}),
                     kSettings),
              GoesTo(State::kStreetReview));
  EXPECT_THAT(decide(v, kCommunity, req(Event::kObject, "", Date{2019, 10, 3}), kSettings),
              IsRefused(422, "reason_required"));
}

TEST(StateMachine, ReasonRequired) {
  const std::vector<std::pair<Event, State>> reasoned{
      {Event::kSubmitInvestigation, State::kInvestigation},
      {Event::kReturn, State::kStreetReview},
      {Event::kReturn, State::kCountyApproval},
      {Event::kObject, State::kNotice},
      {Event::kRefuse, State::kStreetReview},
      {Event::kRefuse, State::kCountyApproval},
      {Event::kSuspend, State::kInPayment},
      {Event::kResume, State::kSuspended},
      {Event::kClose, State::kInPayment},
      {Event::kClose, State::kReview},
  };
  for (const auto& [e, s] : reasoned) {
    const Actor& who = s == State::kCountyApproval ? kCounty : some_actor_for(e);
    for (std::string blank :
         {"", "  \t", "\xE3\x80\x80"}) {  // nothing, ASCII spaces, ideographic space
      Request r = full_req(e);
      r.reason = blank;
      EXPECT_THAT(decide(case_in(s), who, r, kSettings), IsRefused(422, "reason_required"))
          << to_string(e) << " from " << to_string(s);
    }
  }
  // Events without a reason column pass with an empty one.
  EXPECT_THAT(decide(case_in(State::kApplication), kCommunity, req(Event::kAccept, ""), kSettings),
              GoesTo(State::kInvestigation));
}

TEST(StateMachine, ApproveNeedsADeterminedEligibleAssessment) {
  CaseView v = case_in(State::kCountyApproval);
  v.assessed_category = "undetermined";
  EXPECT_THAT(decide(v, kCounty, req(Event::kApprove), kSettings), IsRefused(409, "undetermined"));
  EXPECT_THAT(available_events(v, kCounty, kToday, kSettings),
              ElementsAre(Event::kReturn, Event::kRefuse));
  v.assessed_category = "none";
  EXPECT_THAT(decide(v, kCounty, req(Event::kApprove), kSettings), IsRefused(409, "not_eligible"));
  v.assessed_category = "";
  EXPECT_THAT(decide(v, kCounty, req(Event::kApprove), kSettings), IsRefused(409, "not_eligible"));
  v.assessed_category = "low_income";
  EXPECT_THAT(decide(v, kCounty, req(Event::kApprove), kSettings), GoesTo(State::kInPayment));
}

TEST(StateMachine, FinishReviewFollowsTheVerdictR11_6_R3_6) {
  auto with = [](Event e, std::optional<Verdict> verdict) {
    Request r = req(e, "");
    r.verdict = verdict;
    return r;
  };
  const CaseView review = case_in(State::kReview);
  EXPECT_THAT(decide(review, kStreet, with(Event::kFinishReview, Verdict::kKeep), kSettings),
              GoesTo(State::kInPayment));
  EXPECT_THAT(decide(review, kStreet, with(Event::kFinishReview, Verdict::kGradualExit), kSettings),
              GoesTo(State::kGradualExit));  // R3.6: income rose because a member found work
  EXPECT_THAT(decide(review, kStreet, with(Event::kFinishReview, Verdict::kClose), kSettings),
              GoesTo(State::kClosed));
  EXPECT_THAT(decide(review, kStreet, with(Event::kFinishReview, std::nullopt), kSettings),
              IsRefused(422, "verdict_required"));

  const CaseView paying = case_in(State::kInPayment);
  EXPECT_THAT(decide(paying, kCommunity, with(Event::kReportChange, Verdict::kKeep), kSettings),
              GoesTo(State::kInPayment));
  EXPECT_THAT(
      decide(paying, kCommunity, with(Event::kReportChange, Verdict::kGradualExit), kSettings),
      GoesTo(State::kGradualExit));
  EXPECT_THAT(decide(paying, kCommunity, with(Event::kReportChange, std::nullopt), kSettings),
              IsRefused(422, "verdict_required"));
  const CaseView exiting = case_in(State::kGradualExit);
  // Back in need during the exit (R3.6): ordinary payment again.
  EXPECT_THAT(decide(exiting, kCommunity, with(Event::kReportChange, Verdict::kKeep), kSettings),
              GoesTo(State::kInPayment));
  EXPECT_THAT(
      decide(exiting, kCommunity, with(Event::kReportChange, Verdict::kGradualExit), kSettings),
      GoesTo(State::kGradualExit));
  EXPECT_THAT(decide(exiting, kCommunity, with(Event::kReportChange, Verdict::kClose), kSettings),
              GoesTo(State::kClosed));
}

// ---- transfers ----

TEST(StateMachine, TransferToAnotherCountyRoundTrip) {
  CaseView v = case_in(State::kInPayment);
  Request out = req(Event::kTransferOut, "");
  out.target_region = "450103002001";  // 青秀区
  ASSERT_THAT(decide(v, kCounty, out, kSettings), GoesTo(State::kTransferPending));
  v.state = State::kTransferPending;
  v.transfer_target = *out.target_region;

  // The origin county no longer acts; the destination county contains the target, not the case.
  EXPECT_THAT(decide(v, kCounty, req(Event::kTransferIn, ""), kSettings),
              IsRefused(403, "out_of_region"));
  const Actor destination{"k2", Role::kCounty, "450103"};
  EXPECT_THAT(available_events(v, destination, kToday, kSettings), ElementsAre(Event::kTransferIn));
  EXPECT_TRUE(is_todo_for(v, destination, kToday, kSettings));
  EXPECT_FALSE(is_todo_for(v, kCounty, kToday, kSettings));
  Outcome in = decide(v, destination, req(Event::kTransferIn, ""), kSettings);
  ASSERT_THAT(in, GoesTo(State::kInPayment));
  EXPECT_EQ(std::get<Decision>(in).new_region, "450103002001");

  v.state = State::kInPayment;
  v.region = "450103002001";
  v.transfer_target.reset();
  EXPECT_THAT(decide(v, kCounty, req(Event::kSuspend), kSettings), IsRefused(403, "out_of_region"));
  EXPECT_THAT(decide(v, destination, req(Event::kSuspend), kSettings), GoesTo(State::kSuspended));
}

TEST(StateMachine, TransferOutNeedsATargetOutsideTheStreet) {
  const CaseView v = case_in(State::kSuspended);
  auto target = [](std::optional<std::string> t) {
    Request r = req(Event::kTransferOut, "");
    r.target_region = std::move(t);
    return r;
  };
  for (auto bad : std::vector<std::optional<std::string>>{
           std::nullopt, "", "450103", "4501030020", "45010300200a", "450102001", "450102001002"}) {
    EXPECT_THAT(decide(v, kCounty, target(bad), kSettings), IsRefused(422, "bad_target_region"))
        << bad.value_or("(none)");
  }
  // Another street of the same county is a transfer.
  EXPECT_THAT(decide(v, kCounty, target("450102002"), kSettings), GoesTo(State::kTransferPending));
}

TEST(StateMachine, TransferInWithoutRecordedTarget) {
  CaseView v = case_in(State::kTransferPending);
  v.transfer_target.reset();
  EXPECT_THAT(decide(v, kCounty, req(Event::kTransferIn, ""), kSettings),
              IsRefused(409, "no_transfer_target"));
}

// ---- buttons and queues ----

TEST(StateMachine, AvailableEventsAreTheButtons) {
  EXPECT_THAT(available_events(case_in(State::kStreetReview), kStreet, kToday, kSettings),
              ElementsAre(Event::kReturn, Event::kPublish, Event::kRefuse));
  EXPECT_THAT(available_events(case_in(State::kStreetReview), kCommunity, kToday, kSettings),
              IsEmpty());
  EXPECT_THAT(available_events(case_in(State::kCountyApproval), kCounty, kToday, kSettings),
              ElementsAre(Event::kReturn, Event::kApprove, Event::kRefuse));
  EXPECT_THAT(available_events(case_in(State::kInPayment), kCounty, kToday, kSettings),
              ElementsAre(Event::kSuspend, Event::kClose, Event::kTransferOut));
  EXPECT_THAT(available_events(case_in(State::kInPayment), kCommunity, kToday, kSettings),
              ElementsAre(Event::kStartReview, Event::kReportChange));
  EXPECT_TRUE(is_todo_for(case_in(State::kApplication), kCommunity, kToday, kSettings));
  EXPECT_FALSE(is_todo_for(case_in(State::kApplication), kStreet, kToday, kSettings));
  EXPECT_EQ(queue_for(case_in(State::kApplication), kStreet, kToday, kSettings), Queue::kDone);
  EXPECT_EQ(queue_for(case_in(State::kApplication), kCommunity, kToday, kSettings), Queue::kTodo);
}

// ---- roles.hpp ----

TEST(Roles, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(Role::kAuditor); ++i) {
    const auto r = static_cast<Role>(i);
    EXPECT_EQ(parse_role(to_string(r)), r);
  }
  EXPECT_EQ(to_string(Role::kDisabledFederation), "disabled_federation");
  EXPECT_EQ(label_zh(Role::kStreet), "街道审核人员");
  EXPECT_EQ(parse_role("admin"), std::nullopt);
  for (int i = 0; i <= static_cast<int>(Line::kDisability); ++i) {
    const auto l = static_cast<Line>(i);
    EXPECT_EQ(parse_line(to_string(l)), l);
    EXPECT_FALSE(label_zh(l).empty());
  }
  EXPECT_EQ(to_string(Line::kSocialInsurance), "social_insurance");
}

TEST(Roles, InRegionIsAPrefixMatch) {
  EXPECT_TRUE(in_region("450102", "450102001"));
  EXPECT_TRUE(in_region("450102", "450102001001"));
  EXPECT_TRUE(in_region("450102001", "450102001001"));
  EXPECT_TRUE(in_region("450102001001", "450102001001"));
  EXPECT_FALSE(in_region("450102002", "450102001001"));
  EXPECT_FALSE(in_region("450103", "450102001001"));
  EXPECT_FALSE(in_region("450102001001", "450102001"));  // a community does not contain its street
  EXPECT_FALSE(in_region("", "450102001001"));
}

TEST(Roles, RegionLengthFitsTheRole) {
  EXPECT_THAT(check_region_for_role(Role::kCommunity, "450102001001"), IsOk());
  EXPECT_THAT(check_region_for_role(Role::kCommunity, "450102001"),
              HasProblem("bad_value", "region"));
  EXPECT_THAT(check_region_for_role(Role::kStreet, "450102001"), IsOk());
  EXPECT_THAT(check_region_for_role(Role::kStreet, "450102"), HasProblem("bad_value", "region"));
  EXPECT_THAT(check_region_for_role(Role::kCounty, "450102"), IsOk());
  EXPECT_THAT(check_region_for_role(Role::kCounty, "450102001001"),
              HasProblem("bad_value", "region"));
  EXPECT_THAT(check_region_for_role(Role::kCounty, "45010a"), HasProblem("bad_value", "region"));
  for (const char* code : {"450102", "450102001", "450102001001"}) {
    EXPECT_THAT(check_region_for_role(Role::kAuditor, code), IsOk());
    EXPECT_THAT(check_region_for_role(Role::kHumanResources, code), IsOk());
  }
  EXPECT_THAT(check_region_for_role(Role::kMedicalInsurance, "4501020"),
              HasProblem("bad_value", "region"));
  EXPECT_THAT(check_region_for_role(Role::kEducation, ""), HasProblem("bad_value", "region"));
  auto bad = check_region_for_role(Role::kCommunity, "450102001");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.problems()[0].message, HasSubstr("12 位"));
  EXPECT_EQ(check_region_for_role(Role::kStreet, "450102001").value(), "450102001");
}

TEST(Roles, EachLineHasOneOwnerR11_3) {
  EXPECT_EQ(owner(Line::kLiving), Role::kCounty);
  EXPECT_EQ(owner(Line::kMedical), Role::kMedicalInsurance);
  EXPECT_EQ(owner(Line::kEducation), Role::kEducation);
  EXPECT_EQ(owner(Line::kHousing), Role::kHousing);
  EXPECT_EQ(owner(Line::kEmployment), Role::kHumanResources);
  EXPECT_EQ(owner(Line::kSocialInsurance), Role::kHumanResources);
  EXPECT_EQ(owner(Line::kDisability), Role::kDisabledFederation);
  EXPECT_TRUE(may_close_referral(Role::kHumanResources, Line::kSocialInsurance));
  EXPECT_FALSE(may_close_referral(Role::kHumanResources, Line::kMedical));
  EXPECT_FALSE(may_close_referral(Role::kCommunity, Line::kLiving));
  for (int i = 0; i <= static_cast<int>(Line::kDisability); ++i)
    EXPECT_FALSE(may_close_referral(Role::kAuditor, static_cast<Line>(i)));
}

}  // namespace
}  // namespace safetynet::workflow
