#pragma once
// What every handler of `safetynet serve` shares (docs/casework.md): the configuration, the policy
// parameters and region lists (read-only), a registry connection per worker thread, the clock, the
// caller's identity, and the error shape of the JSON API.
//
// Errors: a handler throws ApiError {status, code, message, field}; the router turns it into
// `{"error": {"code", "message", "field"?, "problems"?}}` with that HTTP status (401 not logged in,
// 403 not allowed, 404 no such thing, 409 refused by the state of things, 413 too large, 422 bad
// input). sql::ConstraintError becomes 409, any other failure 500 with a message, never a crash.
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "base/result.hpp"
#include "model/month.hpp"
#include "model/region.hpp"
#include "params/parameter_set.hpp"
#include "registry/casework.hpp"
#include "registry/registry.hpp"
#include "workflow/roles.hpp"
#include "workflow/state_machine.hpp"

namespace safetynet::server {

using Json = nlohmann::json;

struct Config {
  std::string db_url;                // SQLite file or postgresql:// URL
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;                   // worker threads; 0 = 8 per core, at least 64 (a kept-alive
                                     // connection holds its thread)
  std::string web_dir;               // static pages (web/); "" = the shipped directory
  bool test_clock = false;           // allow POST /api/test/clock (tests and training only)
  std::optional<model::Date> today;  // fixed civil date (tests, training); else the clock in UTC+8
  int session_minutes = 8 * 60;
  std::size_t max_body = 2 * 1024 * 1024;  // bytes; larger requests get 413
  workflow::Settings workflow;       // P.notice_days (R11.2)
};

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message, std::string field = "")
      : std::runtime_error(message), status(status), code(std::move(code)), field(std::move(field)) {}
  int status;
  std::string code;
  std::string field;
  Problems problems;  // every problem of a rejected record (422)
};

// The logged-in user of a request.
struct Caller {
  registry::UserRecord user;
  workflow::Actor actor;
  workflow::Role role;
};

class App {
 public:
  App(Config config, params::ParameterSet params, model::RegionCatalog regions);
  ~App();

  const Config& config() const { return config_; }
  const params::ParameterSet& params() const { return params_; }
  const model::RegionCatalog& regions() const { return regions_; }

  // This thread's registry connection (opened on first use, kept for the thread's life).
  registry::Registry& registry();
  registry::Casework& casework() { return registry().casework(); }

  // Today's civil date in China (UTC+8), or the fixed/test date. And the instant, ISO 8601 UTC.
  model::Date today() const;
  std::string now_iso() const;
  std::int64_t now_unix() const;
  void set_test_today(model::Date d);

  // The caller from the session cookie (`sn_session`) or `Authorization: Bearer <token>`; 401 when
  // neither is a live session. A write (`write` true) made with the cookie must carry the session's
  // CSRF token in `X-CSRF-Token` (403 `csrf` otherwise); the auditor is refused every write (403).
  // `auditor_may`: a write the auditor may make too (ending their own session).
  Caller authenticate(const httplib::Request& req, bool write, bool auditor_may = false);

  // Password guessing (R: never a home-made hash, and never unlimited tries): after 5 failed logins of
  // one name within 15 minutes the name is refused (429) until 15 minutes after the last failure.
  bool login_locked(const std::string& name);
  void login_failed(const std::string& name);
  void login_succeeded(const std::string& name);
  // An argon2id hash of a random password, checked for unknown names so they take as long as known ones.
  const std::string& dummy_password_hash();

  // Forgets a cached session (logout).
  void forget_session(const std::string& token_digest);

  // Writes to the audit log inside the current transaction.
  void audit(const std::string& user, const std::string& action, const std::string& object,
             const std::string& detail);

 private:
  Config config_;
  params::ParameterSet params_;
  model::RegionCatalog regions_;
  mutable std::mutex clock_mu_;
  std::optional<model::Date> test_today_;
  // Sessions seen in the last few seconds, so a page's many requests do not each read the session
  // table; a logout here forgets at once, one made by another server process within kSessionCacheSeconds.
  static constexpr std::int64_t kSessionCacheSeconds = 10;
  struct CachedSession {
    registry::Casework::Session session;
    std::int64_t checked_at;
  };
  std::mutex sessions_mu_;
  std::unordered_map<std::string, CachedSession> sessions_;
  struct Failures {
    int count = 0;
    std::int64_t last = 0;  // unix seconds
  };
  std::mutex logins_mu_;
  std::unordered_map<std::string, Failures> failures_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

// The value of cookie `name` in the Cookie header, matched by its exact name ("" when absent).
std::string request_cookie(const httplib::Request& req, std::string_view name);
// The request's session token: `Authorization: Bearer <token>`, else the `sn_session` cookie.
std::string session_token(const httplib::Request& req);

// JSON helpers shared by the route files.
Json parse_body(const httplib::Request& req);  // 400 `bad_json` (empty, malformed, nested > 32), 422 not an object
// Refuses members of `body` outside `allowed` (422 `unknown_field`), so typos are not ignored.
void only_fields(const Json& body, std::initializer_list<const char*> allowed);
std::string required_string(const Json& body, const char* field);
std::string optional_string(const Json& body, const char* field);
std::int64_t path_id(const httplib::Request& req, int match);
Json problems_json(const Problems& ps);
void send_json(httplib::Response& res, int status, const Json& body);

// Wraps a handler: exceptions become JSON errors (see the top of this file).
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
Handler guarded(Handler h);

// The route groups (one file each).
void add_session_routes(httplib::Server& s, App& app);    // login, logout, me, test clock
void add_assess_routes(httplib::Server& s, App& app);     // POST /api/assess
void add_case_routes(httplib::Server& s, App& app);       // households, cases, transitions, queues
void add_department_routes(httplib::Server& s, App& app); // referrals, payroll, payments, audit
void add_verification_routes(httplib::Server& s, App& app);  // verification results, candidates, issues
void add_supervision_routes(httplib::Server& s, App& app);   // wrongly paid cases, recoveries, R12.2 report
void add_report_routes(httplib::Server& s, App& app);     // monthly report (R13), /vendor/echarts.min.js

}  // namespace safetynet::server
