// POST /api/assess: the stateless calculation endpoint, like the rules-as-code engines' `calculate`
// (OpenFisca's /calculate): a household record (HOUSEHOLD-FORMAT.md) and a month in, the assessment
// out. Nothing is stored and no login is needed; a record that fails validation gets 422 with every
// problem, each naming its field and member.
#include "rules/assess.hpp"
#include "server/app.hpp"
#include "server/record_fields.hpp"
#include "server/assessment_json.hpp"

namespace safetynet::server {

void add_assess_routes(httplib::Server& s, App& app) {
  s.Post("/api/assess", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    Json body = parse_body(req);
    only_fields(body, {"month", "household", "explain"});
    auto month = model::parse_month(required_string(body, "month"));
    if (!month) throw ApiError(422, "bad_date", "month 应为 YYYY-MM", "month");
    auto ex = body.find("explain");
    if (ex != body.end() && !ex->is_boolean()) throw ApiError(422, "bad_value", "explain 应为 true 或 false", "explain");
    const bool explain = ex == body.end() || ex->get<bool>();
    const model::Household h = household_from_body(body, app.regions());
    const auto a = rules::assess(h, *month, app.params(), rules::Options{explain});
    send_json(res, 200, assessment_json(h, *month, a));
  }));
}

}  // namespace safetynet::server
