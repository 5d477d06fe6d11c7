// The month's report over the API (SPEC R13; docs/reports.md "API"), for the 统计报表 page:
// `GET /api/reports/monthly?month=YYYY-MM[&region=CODE]`, bound to the caller's region the way the
// verification lists are (routes_verification.cpp): the region defaults to the caller's own and must lie
// inside it. Money is yuan text with two decimals, unknown is null. Each county's and street's R12.2
// error figures come from the supervision record as of the month's last day (report_errors.hpp);
// without P.error_tolerance for the year the report has none (`has_errors` false). Also serves the
// page's chart library, `/vendor/echarts.min.js`, from web/node_modules/echarts/dist (scripts/build.sh
// runs npm ci).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/monthly_report.hpp"
#include "report/report_errors.hpp"
#include "report/report_tables.hpp"
#include "server/app.hpp"
#include "server/server.hpp"

namespace safetynet::server {
namespace {

const char* level_name(report::Level l) {
  switch (l) {
    case report::Level::kRegion: return "region";
    case report::Level::kCity: return "city";
    case report::Level::kCounty: return "county";
    case report::Level::kStreet: return "street";
  }
  return "";
}

Json yuan_or_null(const std::optional<model::Fen>& v) { return v ? Json(model::format_yuan(*v)) : Json(nullptr); }
Json bool_or_null(const std::optional<bool>& v) { return v ? Json(*v) : Json(nullptr); }

Json row_json(const report::MonthlyReport& r, const report::RegionFigures& f, const model::RegionCatalog& regions) {
  Json by_month = Json::object(), by_year = Json::object(), coverage = Json::object();
  for (const char* line : report::kLines) {
    auto m = f.monthly_by_line.find(line);
    auto y = f.yearly_by_line.find(line);
    by_month[line] = model::format_yuan(m == f.monthly_by_line.end() ? 0 : m->second);
    by_year[line] = model::format_yuan(y == f.yearly_by_line.end() ? 0 : y->second);
    auto c = f.coverage.find(line);
    const report::LineCoverage lc = c == f.coverage.end() ? report::LineCoverage{} : c->second;
    // The rate paid / cash entitled as the tables write it ("95.00%"); null for a line paid by its
    // department (no cash entitled), never a float.
    const Json rate = lc.cash_entitled > 0 ? Json(report::format_percent_bp(report::ratio_bp(lc.paid, lc.cash_entitled)))
                                           : Json(nullptr);
    coverage[line] = {{"entitled", lc.entitled}, {"cash_entitled", lc.cash_entitled}, {"paid", lc.paid}, {"rate", rate}};
  }
  Json j = {{"code", f.code},
            {"county", f.county},
            {"name", report::region_name(f, regions)},
            {"level", level_name(f.level)},
            {"households", f.households},
            {"dibao_households", f.dibao_households},
            {"low_income_households", f.low_income_households},
            {"none_households", f.none_households},
            {"undetermined_households", f.undetermined_households},
            {"refused_households", f.refused_households},
            {"dibao_persons", f.dibao_persons},
            {"dibao_singles", f.dibao_singles},
            {"low_income_persons", f.low_income_persons},
            {"tekun_persons", f.tekun_persons},
            {"orphans", f.orphans},
            {"covered_households", f.covered_households},
            {"covered_persons", f.covered_persons},
            {"elderly", f.covered.elderly},
            {"adults", f.covered.adults},
            {"minors", f.covered.minors},
            {"women", f.covered.women},
            {"disabled", f.covered.disabled},
            {"zero_employment", f.zero_employment},
            {"monthly_cash", model::format_yuan(f.monthly_cash)},
            {"paid_cases", f.paid_cases},
            {"paid_persons", f.paid_persons},
            {"paid_month", model::format_yuan(f.paid_month)},
            {"paid_year_to_date", model::format_yuan(f.paid_year_to_date)},
            {"average_benefit", yuan_or_null(f.average_benefit())},
            {"standard", yuan_or_null(f.standard)},
            {"monthly_by_line", by_month},
            {"yearly_by_line", by_year},
            {"coverage", coverage}};
  if (f.errors)
    j["errors"] = {{"assisted_cases", f.errors->assisted_cases},
                   {"wrong_cases", f.errors->wrong_cases},
                   {"ratio", report::error_ratio_text(*f.errors)},
                   {"wrong", model::format_yuan(f.errors->wrong_fen)},
                   {"recovered", model::format_yuan(f.errors->recovered_fen)},
                   {"status", f.errors->status},
                   {"flagged", f.errors->flagged},
                   {"over", report::error_over(*f.errors, r.error_tolerance)}};
  else
    j["errors"] = nullptr;
  return j;
}

Json standards_json(const report::StandardProgress& s, const model::RegionCatalog& regions) {
  Json cities = Json::array(), months = Json::array();
  for (const auto& c : s.cities)
    cities.push_back({{"code", c.city},
                      {"name", regions.name(c.city)},
                      {"standard", yuan_or_null(c.standard)},
                      {"year_before", yuan_or_null(c.year_before)},
                      {"growth", c.growth_bp ? Json(report::format_percent_bp(*c.growth_bp)) : Json(nullptr)},
                      {"meets", bool_or_null(c.meets)},
                      {"dibao_persons", c.dibao_persons}});
  for (std::size_t i = 0; i < s.mean_by_month.size(); ++i)
    months.push_back({{"month", s.mean_by_month[i].first.to_string()},
                      {"mean", yuan_or_null(s.mean_by_month[i].second)},
                      {"target", yuan_or_null(s.target_by_month[i].second)}});
  return {{"growth_rate", s.growth_rate ? Json(report::format_percent_bp(static_cast<long>(s.growth_rate->units)))
                                        : Json(nullptr)},
          {"target", yuan_or_null(s.target)},
          {"mean", yuan_or_null(s.mean)},
          {"mean_meets", bool_or_null(s.mean_meets)},
          {"weighted_mean", yuan_or_null(s.weighted_mean)},
          {"weighted_meets", bool_or_null(s.weighted_meets)},
          {"cities", cities},
          {"months", months}};
}

// Civil affairs at street level and above, and the auditor: the statistics are summed by street at
// the finest, so a community account (12 digits) has no report of its own.
std::string report_region(const Caller& c, const httplib::Request& req, const model::RegionCatalog& regions) {
  switch (c.role) {
    case workflow::Role::kStreet:
    case workflow::Role::kCounty:
    case workflow::Role::kAuditor: break;
    default: throw ApiError(403, "forbidden_role", "只有街道、县级民政部门和审计可以查看统计报表");
  }
  if (workflow::region_prefix(c.user.region).empty())
    throw ApiError(403, "out_of_region", "您的账号没有辖区，无法查看统计报表");
  const std::string region = req.has_param("region") && !req.get_param_value("region").empty()
                                 ? req.get_param_value("region")
                                 : c.user.region;
  auto scope = report::check_scope(region, regions);
  if (!scope) throw ApiError(422, "bad_value", scope.problems()[0].message, "region");
  if (!workflow::in_region(c.user.region, *scope))
    throw ApiError(403, "out_of_region", "区划 " + region + " 不在您的辖区（" + c.user.region + "）内");
  return *scope;
}

}  // namespace

void add_report_routes(httplib::Server& s, App& app) {
  s.Get("/api/reports/monthly", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    const std::string text = req.get_param_value("month");
    const auto month = model::parse_month(text);
    if (!month) throw ApiError(422, "bad_date", "月份应为 YYYY-MM，收到 \"" + text + "\"", "month");
    report::ReportOptions options;
    options.region = report_region(c, req, app.regions());
    options.params = &app.params();
    auto errors = report::supervision_errors(app.registry(), app.params(), *month, options.region);
    if (errors) options.errors = &*errors;
    const report::MonthlyReport r = report::build_report(app.registry(), *month, options);
    Json rows = Json::array();
    for (const auto& [key, f] : r.regions)
      if (key != r.scope) rows.push_back(row_json(r, f, app.regions()));
    Json j = {{"month", month->to_string()},
              {"region", r.scope},
              {"region_name", report::region_name(r.total, app.regions())},
              {"total", row_json(r, r.total, app.regions())},
              {"rows", rows},
              {"standards", r.standards ? standards_json(*r.standards, app.regions()) : Json(nullptr)},
              {"has_errors", r.has_errors}};
    send_json(res, 200, j);
  }));

  // The chart library of the 统计报表 page, from the npm package (no copy kept in web/).
  s.Get("/vendor/echarts.min.js", [&app](const httplib::Request&, httplib::Response& res) {
    const std::string web = app.config().web_dir.empty() ? default_web_dir() : app.config().web_dir;
    std::ifstream in(web + "/node_modules/echarts/dist/echarts.min.js", std::ios::binary);
    if (!in) {
      res.status = 404;
      res.set_content("// echarts 未安装：在 web/ 运行 npm ci（scripts/build.sh 会运行）\n", "application/javascript; charset=utf-8");
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_header("Cache-Control", "max-age=86400");
    res.set_content(ss.str(), "application/javascript; charset=utf-8");
  });
}

}  // namespace safetynet::server
