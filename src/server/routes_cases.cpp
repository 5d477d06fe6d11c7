// Households, cases, transitions, batches and queues (docs/casework.md; SPEC R11.1–R11.6).
#include "io/household_record.hpp"
#include "rules/assess.hpp"
#include "server/assessment_json.hpp"
#include "server/app.hpp"
#include "server/record_fields.hpp"
#include "server/case_service.hpp"

namespace safetynet::server {
namespace {

using registry::CaseQuery;
using registry::CaseRecord;

void check_region(const Caller& c, const std::string& region) {
  if (!workflow::in_region(c.user.region, region))
    throw ApiError(403, "out_of_region", "该户/案件不在您的辖区（" + c.user.region + "）内");
}

// A case is visible inside its region, and to the destination of a pending transfer (迁入).
void check_case_visible(const Caller& c, const CaseRecord& rec) {
  if (rec.transfer_target && workflow::in_region(c.user.region, *rec.transfer_target)) return;
  check_region(c, rec.region);
}

// A household is visible inside its region, and to the destination of its pending transfer.
void check_household_visible(App& app, const Caller& c, const model::Household& h) {
  if (workflow::in_region(c.user.region, h.region)) return;
  if (auto open = app.casework().open_case_of(h.id)) return check_case_visible(c, *open);
  check_region(c, h.region);
}

void store_household(App& app, const Caller& c, const model::Household& h) {
  registry::Incoming in{h, "web:" + c.user.name, 0, {}};
  auto problems = app.casework().put_household(in);
  if (!problems.empty()) {
    ApiError e(409, problems.front().code, problems.front().message, problems.front().field);
    e.problems = problems;
    throw e;
  }
}

model::Fen parse_fen(const Json& body, const char* field) {
  const std::string text = required_string(body, field);
  auto fen = model::parse_yuan(text);
  if (!fen || *fen <= 0 || *fen > model::kMaxRecordAmount)
    throw ApiError(422, "bad_amount", std::string(field) + " 应为正的金额（元，最多两位小数），收到 \"" + text + "\"", field);
  return *fen;
}

int int_param(const httplib::Request& req, const char* name, int dflt, int lo, int hi) {
  if (!req.has_param(name)) return dflt;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError(422, "bad_value", std::string("参数 ") + name + " 应为整数", name);
  return std::clamp(std::stoi(v), lo, hi);
}

// Every state a case can still leave, from the workflow's own list (kRefused is its last state).
const std::vector<std::string> kOpenStates = [] {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(workflow::State::kRefused); ++i)
    if (const auto st = static_cast<workflow::State>(i); !workflow::is_final(st)) out.emplace_back(workflow::to_string(st));
  return out;
}();

// The states that wait on each role (the 待办 queue); a paid case is the community's to do when its
// periodic review is due (R11.6), nobody's otherwise until a review or change is started.
std::vector<std::string> todo_states(workflow::Role r) {
  switch (r) {
    case workflow::Role::kCommunity: return {"application", "investigation", "in_payment"};
    case workflow::Role::kStreet: return {"street_review", "notice", "review"};
    case workflow::Role::kCounty: return {"county_approval", "transfer_pending"};
    default: return {"__none__"};
  }
}

// R11.6: a dibao or low-income case is due for its periodic review P.review_months after the month
// it was last assessed (approval, review or change).
bool review_due(App& app, const CaseRecord& r) {
  if (r.assessed_category != "dibao" && r.assessed_category != "low_income") return false;
  if (!r.assessed_month) return false;
  const model::Month now = app.today().as_month();
  auto months = app.params().value("review_months", r.region.substr(0, 6), now);
  return months && r.assessed_month->plus(static_cast<int>(months->to_int())) <= now;
}

// On the user's 待办: something the user can do now — a notice only once its period has ended (the
// events say so), a case in payment only when its periodic review is due.
bool is_todo(App& app, const CaseRecord& r, const Json& j) {
  if (j["events"].empty()) return false;
  if (r.state == "in_payment") return review_due(app, r);
  return true;
}

}  // namespace

void add_case_routes(httplib::Server& s, App& app) {
  // ---- households (R11.1) ----
  s.Post("/api/households", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    if (c.role != workflow::Role::kCommunity)
      throw ApiError(403, "forbidden_role", "只有社区工作人员可以登记家庭");
    Json body = parse_body(req);
    only_fields(body, {"household"});
    const model::Household h = household_from_body(body, app.regions());
    check_region(c, h.region);
    if (h.id.size() > 64 || h.id.find_first_of("/?#%\\ \t\r\n") != std::string::npos)
      throw ApiError(422, "bad_value", "户编号最长 64 个字符，且不能含空白或 / ? # % \\", "household.id");
    app.casework().in_transaction([&] {
      if (auto old = app.registry().get_household(h.id)) check_region(c, old->region);
      // A household with an open case changes only through the case (R11.6: re-assessed from the month
      // of the change), never by registering it again.
      if (auto open = app.casework().open_case_of(h.id))
        throw ApiError(409, "case_open",
                       "该户有在办案件 " + std::to_string(open->id) + "，家庭情况变化请走“变更”（POST /api/cases/" +
                           std::to_string(open->id) + "/changes）");
      store_household(app, c, h);
      app.audit(c.user.name, "register_household", "household:" + h.id, std::to_string(h.members.size()) + " 人");
    });
    send_json(res, 201, Json{{"id", h.id}});
  }));

  s.Get(R"(/api/households/([^/]+))", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    const std::string id = req.matches[1];
    auto h = app.registry().get_household(id);
    if (!h) throw ApiError(404, "not_found", "没有户 " + id);
    check_household_visible(app, c, *h);
    Json j = {{"household", Json::parse(io::household_to_json(*h))}};
    if (auto open = app.casework().open_case_of(id)) j["open_case"] = open->id;
    send_json(res, 200, j);
  }));

  s.Get(R"(/api/households/([^/]+)/members)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    const std::string id = req.matches[1];
    auto h = app.registry().get_household(id);
    if (!h) throw ApiError(404, "not_found", "没有户 " + id);
    check_household_visible(app, c, *h);
    Json members = Json::parse(io::household_to_json(*h))["members"];
    send_json(res, 200, Json{{"household_id", id}, {"members", members}});
  }));

  // ---- cases ----
  s.Post("/api/cases", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    Json body = parse_body(req);
    only_fields(body, {"household_id", "kind", "temp_kind", "requested", "reason"});
    const std::string hid = required_string(body, "household_id");
    std::string kind = optional_string(body, "kind");
    if (kind.empty()) kind = "assistance";
    std::string temp_kind;
    model::Fen requested = 0;
    if (kind == "temporary") {
      temp_kind = required_string(body, "temp_kind");
      if (temp_kind != "temporary" && temp_kind != "case_by_case")
        throw ApiError(422, "bad_value", "temp_kind 应为 temporary（临时救助）或 case_by_case（一事一议）", "temp_kind");
      requested = parse_fen(body, "requested");
    }
    CaseRecord rec;
    app.casework().in_transaction([&] {
      rec = open_case(app, c, hid, kind, temp_kind, requested, optional_string(body, "reason"));
    });
    send_json(res, 201, case_json(app, c, rec, true));
  }));

  s.Get("/api/cases", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    CaseQuery q;
    q.region = std::string(workflow::region_prefix(c.user.region));
    q.limit = int_param(req, "limit", 50, 1, 1000);
    q.offset = int_param(req, "offset", 0, 0, 1 << 30);
    q.kind = req.get_param_value("kind");
    q.household_id = req.get_param_value("household");
    const std::string queue = req.get_param_value("queue");
    if (queue == "todo") {
      q.states = todo_states(c.role);
    } else if (queue == "done") {
      q.touched_by = c.user.name;
    } else if (queue == "closed") {
      q.states = {std::string(workflow::to_string(workflow::State::kClosed)), std::string(workflow::to_string(workflow::State::kRefused))};
    } else if (!queue.empty()) {
      throw ApiError(422, "bad_value", "queue 应为 todo、done 或 closed", "queue");
    }
    if (req.has_param("state")) {
      const std::string st = req.get_param_value("state");
      if (!workflow::parse_state(st)) throw ApiError(422, "bad_value", "未知的状态: " + st, "state");
      q.states = {st};
    }
    if (queue == "done") q.states = kOpenStates;
    Json items = Json::array();
    long total = 0;
    if (queue == "todo") {
      // A notice is the street's to do only once its period has ended: filtered here, so the page
      // (and its total) is over what the user can act on now.
      const int limit = q.limit, offset = q.offset;
      q.limit = 100000;
      q.offset = 0;
      for (const auto& r : app.casework().list_cases(q)) {
        Json j = case_json(app, c, r, false);
        if (!is_todo(app, r, j)) continue;
        if (total++ >= offset && static_cast<int>(items.size()) < limit) items.push_back(std::move(j));
      }
    } else {
      for (const auto& r : app.casework().list_cases(q)) items.push_back(case_json(app, c, r, false));
      total = app.casework().count_cases(q);
    }
    send_json(res, 200, Json{{"cases", items}, {"total", total}});
  }));

  s.Get(R"(/api/cases/(\d+))", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    auto rec = app.casework().get_case(path_id(req, 1));
    if (!rec) throw ApiError(404, "not_found", "没有案件 " + std::string(req.matches[1]));
    check_case_visible(c, *rec);
    send_json(res, 200, case_json(app, c, *rec, true));
  }));

  // The case's assessment with its step-by-step explanation (rule ids and values), for the month
  // asked (`?month=YYYY-MM`), else the month last assessed, else this month.
  s.Get(R"(/api/cases/(\d+)/assessment)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    auto rec = app.casework().get_case(path_id(req, 1));
    if (!rec) throw ApiError(404, "not_found", "没有案件 " + std::string(req.matches[1]));
    check_case_visible(c, *rec);
    model::Month month = rec->assessed_month.value_or(app.today().as_month());
    if (req.has_param("month")) {
      auto m = model::parse_month(req.get_param_value("month"));
      if (!m) throw ApiError(422, "bad_date", "month 应为 YYYY-MM", "month");
      month = *m;
    }
    auto h = app.registry().get_household(rec->household_id, month);
    if (!h) throw ApiError(404, "not_found", "没有户 " + rec->household_id);
    send_json(res, 200, assessment_json(*h, month, rules::assess(*h, month, app.params(), rules::Options{true})));
  }));

  s.Post(R"(/api/cases/(\d+)/transitions)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    Json body = parse_body(req);
    only_fields(body, {"event", "reason", "target_region", "version"});
    TransitionInput in{required_string(body, "event"), optional_string(body, "reason"),
                       optional_string(body, "target_region"), std::nullopt};
    if (auto v = body.find("version"); v != body.end() && !v->is_null()) {
      if (!v->is_number_integer()) throw ApiError(422, "bad_value", "version 应为整数", "version");
      in.version = v->get<std::int64_t>();
    }
    const std::int64_t id = path_id(req, 1);
    CaseRecord rec;
    app.casework().in_transaction([&] { rec = transition(app, c, id, in); });
    send_json(res, 200, case_json(app, c, rec, true));
  }));

  // 批量审核 / 审批: one event over many cases, a result per case. Chunks of 500 cases share a
  // transaction (a crash loses or keeps whole chunks, never half a transition); a refused case is
  // reported and the others go on (transition() refuses before its first write).
  s.Post("/api/cases/batch", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    Json body = parse_body(req);
    only_fields(body, {"event", "case_ids", "reason"});
    const std::string event = required_string(body, "event");
    const std::string reason = optional_string(body, "reason");
    auto ids = body.find("case_ids");
    if (ids == body.end() || !ids->is_array() || ids->empty())
      throw ApiError(422, "missing_field", "case_ids 应为非空的案件编号数组", "case_ids");
    if (ids->size() > 20000) throw ApiError(413, "too_many", "一次最多处理 20000 件", "case_ids");
    std::vector<std::int64_t> list;
    for (const auto& v : *ids) {
      if (!v.is_number_integer()) throw ApiError(422, "bad_value", "case_ids 的元素应为整数", "case_ids");
      list.push_back(v.get<std::int64_t>());
    }
    Json results = Json::array();
    long done = 0;
    for (std::size_t start = 0; start < list.size(); start += 500) {
      Json chunk = Json::array();
      long chunk_done = 0;
      app.casework().in_transaction([&] {
        chunk = Json::array();
        chunk_done = 0;
        for (std::size_t i = start; i < std::min(list.size(), start + 500); ++i) {
          try {
            const auto rec = transition(app, c, list[i], TransitionInput{event, reason, "", std::nullopt});
            chunk.push_back({{"id", list[i]}, {"ok", true}, {"state", rec.state}});
            ++chunk_done;
          } catch (const ApiError& e) {
            chunk.push_back({{"id", list[i]}, {"ok", false}, {"status", e.status}, {"code", e.code}, {"message", e.what()}});
          }
        }
      });
      done += chunk_done;
      for (auto& r : chunk) results.push_back(std::move(r));
    }
    send_json(res, 200, Json{{"done", done}, {"refused", static_cast<long>(list.size()) - done}, {"results", results}});
  }));

  // A change of income, members or assets (R11.6): the new record, and the month it happened; the
  // case is re-assessed from that month and goes on, exits gradually (R3.6) or closes.
  s.Post(R"(/api/cases/(\d+)/changes)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    Json body = parse_body(req);
    only_fields(body, {"household", "from_month", "reason"});
    const model::Household h = household_from_body(body, app.regions());
    auto from = model::parse_month(required_string(body, "from_month"));
    if (!from) throw ApiError(422, "bad_date", "from_month 应为 YYYY-MM", "from_month");
    if (*from > app.today().as_month()) throw ApiError(422, "bad_date", "变更月份不能晚于本月", "from_month");
    const std::int64_t id = path_id(req, 1);
    CaseRecord rec;
    app.casework().in_transaction([&] {
      auto cur = app.casework().get_case(id);
      if (!cur) throw ApiError(404, "not_found", "没有案件 " + std::to_string(id));
      if (cur->household_id != h.id)
        throw ApiError(422, "bad_value", "户记录的 id 与案件的户（" + cur->household_id + "）不同", "household.id");
      check_region(c, cur->region);
      check_region(c, h.region);
      const model::Month opened = model::parse_date(cur->opened_on).value_or(model::Date{1970, 1, 1}).as_month();
      if (*from < opened || *from < app.params().covers_from)
        throw ApiError(422, "bad_date",
                       "变更月份不能早于立案月份 " + opened.to_string() + " 或政策参数覆盖的 " +
                           app.params().covers_from.to_string(),
                       "from_month");
      store_household(app, c, h);
      reassess_from(app, h.id, *from);
      rec = transition(app, c, id, TransitionInput{"report_change", optional_string(body, "reason"), "", std::nullopt});
    });
    send_json(res, 200, case_json(app, c, rec, true));
  }));

  // Counts of the three queues (待办 / 已办 / 结束) for the home page.
  s.Get("/api/queues", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    CaseQuery todo;
    todo.region = std::string(workflow::region_prefix(c.user.region));
    todo.states = todo_states(c.role);
    CaseQuery done;
    done.region = std::string(workflow::region_prefix(c.user.region));
    done.touched_by = c.user.name;
    CaseQuery closed;
    closed.region = std::string(workflow::region_prefix(c.user.region));
    closed.states = {std::string(workflow::to_string(workflow::State::kClosed)), std::string(workflow::to_string(workflow::State::kRefused))};
    done.states = kOpenStates;
    auto& cw = app.casework();
    todo.limit = 100000;
    long todo_count = 0;
    for (const auto& r : cw.list_cases(todo))
      if (is_todo(app, r, case_json(app, c, r, false))) ++todo_count;
    send_json(res, 200, Json{{"todo", todo_count}, {"done", cw.count_cases(done)}, {"closed", cw.count_cases(closed)}});
  }));
}

}  // namespace safetynet::server
