// Error supervision in the web (SPEC R12.2; docs/supervision.md): the wrongly paid cases and the
// tolerance report inside the user's region, and — for the county civil-affairs bureau, which pays and
// recovers (R12.1) — recording an error and money recovered. The auditor reads everything in region but
// writes nothing (roles.hpp: the auditor never writes); street (township) staff read their own street.
// Community staff are not shown it: R12.2 judges counties and townships, not communities.
// Every write is in the audit log, in the same transaction.
#include "registry/supervision.hpp"
#include "server/app.hpp"

namespace safetynet::server {
namespace {

using registry::ErrorRecord;
using registry::RegionTolerance;

void check_reader(const Caller& c) {
  switch (c.role) {
    case workflow::Role::kStreet:
    case workflow::Role::kCounty:
    case workflow::Role::kAuditor: return;
    default: throw ApiError(403, "forbidden_role", "只有街道（乡镇）、县级民政部门和审计可以查看错保监督");
  }
}

void check_recorder(const Caller& c) {
  if (c.role != workflow::Role::kCounty)
    throw ApiError(403, "forbidden_role", "只有县级民政局可以登记错保和追回");
}

// The region prefix a list is cut to; a user without a region sees nothing ("" would be everything).
std::string list_region(const Caller& c) {
  const std::string prefix(workflow::region_prefix(c.user.region));
  if (prefix.empty()) throw ApiError(403, "out_of_region", "您的账号没有辖区，无法查看错保监督");
  return prefix;
}

int year_param(const httplib::Request& req, int dflt) {
  if (!req.has_param("year")) return dflt;
  const std::string v = req.get_param_value("year");
  if (v.size() != 4 || v.find_first_not_of("0123456789") != std::string::npos || v < "1900" || v > "2100")
    throw ApiError(422, "bad_value", "year 应为 1900 至 2100 的年度，收到 \"" + v + "\"", "year");
  return std::stoi(v);
}

model::Fen fen_field(const Json& body, const char* field) {
  const std::string text = required_string(body, field);
  auto fen = model::parse_yuan(text);
  if (!fen || *fen <= 0 || *fen > model::kMaxRecordAmount)
    throw ApiError(422, "bad_amount", std::string(field) + " 应为正的金额（元，最多两位小数），收到 \"" + text + "\"", field);
  return *fen;
}

// The store's Problems as the API's error: not found 404, more than outstanding 409, else 422.
[[noreturn]] void refuse(const Problems& ps) {
  const Problem& p = ps.front();
  const int status = p.code == "not_found" ? 404 : p.code == "over_recovery" ? 409 : 422;
  ApiError e(status, p.code, p.message, p.field);
  e.problems = ps;
  throw e;
}

Json error_json(const ErrorRecord& e, const std::vector<registry::RecoveryRecord>& recoveries) {
  Json rs = Json::array();
  for (const auto& r : recoveries)
    rs.push_back({{"id", r.id}, {"on", r.on.to_string()}, {"amount", model::format_yuan(r.amount)}, {"note", r.note},
                  {"recorded_by", r.recorded_by}});
  return Json{{"id", e.id},
              {"household_id", e.household_id},
              {"county", e.county},
              {"street", e.street},
              {"from", e.first.to_string()},
              {"to", e.last.to_string()},
              {"cause", registry::to_string(e.cause)},
              {"cause_label", registry::label_zh(e.cause)},
              {"objective", registry::is_objective(e.cause)},
              {"amount", model::format_yuan(e.amount)},
              {"recovered", model::format_yuan(e.recovered)},
              {"outstanding", model::format_yuan(e.outstanding())},
              {"note", e.note},
              {"recorded_by", e.recorded_by},
              {"recorded_on", e.recorded_on.to_string()},
              {"recoveries", rs}};
}

Json region_json(const RegionTolerance& r, const model::RegionCatalog& regions) {
  const auto ratio = registry::ratio_hundredths_percent(r.wrong_cases, r.assisted_cases);
  return Json{{"region", r.region},
              {"name", regions.name(r.region)},
              {"assisted_cases", r.assisted_cases},
              {"wrong_cases", r.wrong_cases},
              {"other_cases", r.other_cases},
              {"ratio", registry::ratio_text(r.wrong_cases, r.assisted_cases)},
              {"ratio_hundredths_percent", ratio ? Json(*ratio) : Json(nullptr)},
              {"wrong", model::format_yuan(r.wrong_fen)},
              {"recovered", model::format_yuan(r.recovered_fen)},
              {"outstanding", model::format_yuan(r.outstanding_fen())},
              {"status", registry::to_string(r.status)},
              {"status_label", registry::label_zh(r.status)},
              {"flagged", registry::is_flagged(r.status)}};
}

}  // namespace

void add_supervision_routes(httplib::Server& s, App& app) {
  // Wrongly paid cases inside the user's region, with their recoveries; `year` optional.
  s.Get("/api/supervision/errors", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    check_reader(c);
    const std::string region = list_region(c);
    const int year = year_param(req, 0);
    auto& sup = app.registry().supervision();
    Json items = Json::array();
    for (const auto& e : sup.errors(year ? std::optional<int>(year) : std::nullopt, region))
      items.push_back(error_json(e, sup.recoveries(e.id)));
    send_json(res, 200, Json{{"region", region}, {"year", year ? Json(year) : Json(nullptr)}, {"errors", items}});
  }));

  // Records a wrongly paid case of a household in the county's region (R12.2).
  s.Post("/api/supervision/errors", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    check_recorder(c);
    Json body = parse_body(req);
    only_fields(body, {"household_id", "from", "to", "cause", "amount", "note"});
    registry::NewError e;
    e.household_id = required_string(body, "household_id");
    for (const char* f : {"from", "to"}) {
      const std::string text = required_string(body, f);
      auto m = model::parse_month(text);
      if (!m) throw ApiError(422, "bad_date", std::string(f) + " 应为 YYYY-MM，收到 \"" + text + "\"", f);
      (std::string(f) == "from" ? e.first : e.last) = *m;
    }
    const std::string cause = required_string(body, "cause");
    auto parsed = registry::parse_error_cause(cause);
    if (!parsed)
      throw ApiError(422, "bad_value", "cause 应为 staff_limits、shared_data、concealment 或 other，收到 \"" + cause + "\"",
                     "cause");
    e.cause = *parsed;
    e.amount = fen_field(body, "amount");
    e.note = optional_string(body, "note");
    e.recorded_by = c.user.name;
    auto h = app.registry().get_household(e.household_id);
    if (!h) throw ApiError(404, "not_found", "没有户 " + e.household_id, "household_id");
    if (!workflow::in_region(c.user.region, h->region))
      throw ApiError(403, "out_of_region", "该户不在您的辖区（" + c.user.region + "）内");
    ErrorRecord out;
    app.casework().in_transaction([&] {
      auto r = app.registry().supervision().record_error(e, app.today());
      if (!r) refuse(r.problems());
      out = *r;
      app.audit(c.user.name, "supervision_error", "household:" + out.household_id,
                "error " + std::to_string(out.id) + " " + out.first.to_string() + ".." + out.last.to_string() + " " +
                    std::string(registry::to_string(out.cause)) + " " + model::format_yuan(out.amount));
    });
    send_json(res, 201, error_json(out, {}));
  }));

  // Records money recovered for an error of the county's region.
  s.Post(R"(/api/supervision/errors/(\d+)/recoveries)", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true);
    check_recorder(c);
    const std::int64_t id = path_id(req, 1);
    Json body = parse_body(req);
    only_fields(body, {"amount", "on", "note"});
    registry::NewRecovery r;
    r.error_id = id;
    r.amount = fen_field(body, "amount");
    const std::string on = required_string(body, "on");
    auto d = model::parse_date(on);
    if (!d) throw ApiError(422, "bad_date", "on 应为 YYYY-MM-DD，收到 \"" + on + "\"", "on");
    r.on = *d;
    r.note = optional_string(body, "note");
    r.recorded_by = c.user.name;
    auto& sup = app.registry().supervision();
    const auto before = sup.error(id);
    if (!before) throw ApiError(404, "not_found", "没有错保记录 #" + std::to_string(id));
    if (!workflow::in_region(c.user.region, before->street.empty() ? before->county : before->street))
      throw ApiError(403, "out_of_region", "该错保记录不在您的辖区（" + c.user.region + "）内");
    app.casework().in_transaction([&] {
      auto out = sup.record_recovery(r, app.today());
      if (!out) refuse(out.problems());
      app.audit(c.user.name, "supervision_recovery", "household:" + before->household_id,
                "error " + std::to_string(id) + " recovered " + model::format_yuan(r.amount) + " on " + r.on.to_string());
    });
    send_json(res, 201, error_json(*sup.error(id), sup.recoveries(id)));
  }));

  // The R12.2 report of a year (default: this year) as of today (or `as_of`), each county and street
  // of the user's region with its ratio against P.error_tolerance and its status.
  s.Get("/api/supervision/report", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    check_reader(c);
    const std::string region = list_region(c);
    const model::Date today = app.today();
    const int year = year_param(req, today.year);
    model::Date as_of = today;
    if (req.has_param("as_of")) {
      auto d = model::parse_date(req.get_param_value("as_of"));
      if (!d) throw ApiError(422, "bad_date", "as_of 应为 YYYY-MM-DD", "as_of");
      as_of = *d;
    }
    if (as_of < model::Date{year, 1, 1})
      throw ApiError(422, "bad_date", "截至日期 " + as_of.to_string() + " 早于 " + std::to_string(year) + " 年", "as_of");
    auto tolerance = registry::error_tolerance(app.params(), year, as_of);
    if (!tolerance) refuse(tolerance.problems());
    const auto r = app.registry().supervision().tolerance_report(year, as_of, *tolerance, region);
    Json counties = Json::array(), streets = Json::array();
    for (const auto& x : r.counties) counties.push_back(region_json(x, app.regions()));
    for (const auto& x : r.streets) streets.push_back(region_json(x, app.regions()));
    const long t = static_cast<long>(tolerance->units);  // ratio × 10000 = hundredths of a percent
    char pct[32];
    std::snprintf(pct, sizeof pct, "%ld.%02ld%%", t / 100, t % 100);
    send_json(res, 200, Json{{"year", year},
                             {"as_of", as_of.to_string()},
                             {"region", region},
                             {"tolerance", pct},
                             {"counties", counties},
                             {"streets", streets}});
  }));
}

}  // namespace safetynet::server
