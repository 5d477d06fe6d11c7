#include "server/app.hpp"

#include <chrono>
#include <unordered_map>

#include "model/instant.hpp"
#include "registry/sql/connection.hpp"
#include "security/password.hpp"
#include "security/token.hpp"

namespace safetynet::server {
namespace {

// One registry per (thread, app): SQLite and libpq connections are not shared between threads.
thread_local std::unordered_map<const App*, std::unique_ptr<registry::Registry>> t_registries;

}  // namespace

std::string request_cookie(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
  }
  return "";
}

std::string session_token(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return request_cookie(req, "sn_session");
}

App::App(Config config, params::ParameterSet params, model::RegionCatalog regions)
    : config_(std::move(config)), params_(std::move(params)), regions_(std::move(regions)) {
  // Open (and migrate) once on the starting thread, so a bad --db fails at start, not on a request.
  registry();
}

App::~App() { t_registries.erase(this); }

registry::Registry& App::registry() {
  auto& slot = t_registries[this];
  if (!slot) slot = registry::Registry::open(config_.db_url, /*create=*/false);
  return *slot;
}

model::Date App::today() const {
  {
    std::lock_guard lock(clock_mu_);
    if (test_today_) return *test_today_;
  }
  if (config_.today) return *config_.today;
  // Civil-affairs dates are China's (UTC+8, no daylight saving).
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return model::civil_from_days(static_cast<long>(days));
}

void App::set_test_today(model::Date d) {
  std::lock_guard lock(clock_mu_);
  test_today_ = d;
}

std::int64_t App::now_unix() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string App::now_iso() const { return model::iso_utc_now(); }

Caller App::authenticate(const httplib::Request& req, bool write, bool auditor_may) {
  std::string token;
  bool by_cookie = false;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    token = auth.substr(7);
  } else {
    token = request_cookie(req, "sn_session");
    by_cookie = !token.empty();
  }
  if (token.empty()) throw ApiError(401, "not_logged_in", "请先登录");
  const std::string digest = security::token_digest(token);
  const std::int64_t now = now_unix();
  std::optional<registry::Casework::Session> s;
  {
    std::lock_guard lock(sessions_mu_);
    if (auto it = sessions_.find(digest); it != sessions_.end() && now - it->second.checked_at < kSessionCacheSeconds)
      s = it->second.session;
  }
  if (!s) {
    s = casework().session(digest, now);
    std::lock_guard lock(sessions_mu_);
    if (sessions_.size() > 100000) sessions_.clear();  // bounded: a flood of tokens cannot grow it
    if (s) sessions_[digest] = CachedSession{*s, now};
    else sessions_.erase(digest);
  }
  if (!s) throw ApiError(401, "session_expired", "登录已失效，请重新登录");
  if (write && by_cookie &&
      !security::constant_time_equal(req.get_header_value("X-CSRF-Token"), s->csrf))
    throw ApiError(403, "csrf", "请求缺少有效的 X-CSRF-Token（防跨站请求伪造），请刷新页面后重试");
  auto role = workflow::parse_role(s->user.role);
  if (!role) throw ApiError(403, "forbidden_role", "用户角色无效: " + s->user.role);
  if (write && !auditor_may && *role == workflow::Role::kAuditor) throw ApiError(403, "read_only", "审计用户只能查看，不能修改");
  return Caller{s->user, workflow::Actor{s->user.name, *role, s->user.region}, *role};
}

namespace {
constexpr int kMaxFailures = 5;
constexpr std::int64_t kLockSeconds = 15 * 60;
}  // namespace

bool App::login_locked(const std::string& name) {
  std::lock_guard lock(logins_mu_);
  auto it = failures_.find(name);
  if (it == failures_.end()) return false;
  if (now_unix() - it->second.last >= kLockSeconds) {
    failures_.erase(it);
    return false;
  }
  return it->second.count >= kMaxFailures;
}

void App::login_failed(const std::string& name) {
  std::lock_guard lock(logins_mu_);
  if (failures_.size() > 100000) failures_.clear();  // bounded under a flood of names
  auto& f = failures_[name];
  f.count = now_unix() - f.last >= kLockSeconds ? 1 : f.count + 1;
  f.last = now_unix();
}

void App::login_succeeded(const std::string& name) {
  std::lock_guard lock(logins_mu_);
  failures_.erase(name);
}

const std::string& App::dummy_password_hash() {
  std::call_once(dummy_once_, [&] { dummy_hash_ = security::hash_password(security::random_token()); });
  return dummy_hash_;
}

void App::forget_session(const std::string& token_digest) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(token_digest);
}

void App::audit(const std::string& user, const std::string& action, const std::string& object,
                const std::string& detail) {
  casework().append_audit(now_iso(), user, action, object, detail);
}

Json parse_body(const httplib::Request& req) {
  if (req.body.empty()) throw ApiError(400, "bad_json", "请求体为空，应为 JSON 对象");
  // No request needs more than a few levels (a household record has 4), and the code that walks a
  // record (to_yaml, dump) recurses once per level: `{"a":{"a":…` 2 MB deep would overflow the stack.
  constexpr int kMaxDepth = 32;
  bool too_deep = false;
  Json j = Json::parse(
      req.body,
      [&](int depth, Json::parse_event_t, Json&) {
        too_deep = too_deep || depth > kMaxDepth;
        return !too_deep;
      },
      /*allow_exceptions=*/false);
  if (too_deep) throw ApiError(400, "bad_json", "请求体的 JSON 嵌套过深（最多 32 层）");
  if (j.is_discarded()) throw ApiError(400, "bad_json", "请求体不是合法的 JSON");
  if (!j.is_object()) throw ApiError(422, "bad_value", "请求体应为 JSON 对象");
  return j;
}

void only_fields(const Json& body, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : body.items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) throw ApiError(422, "unknown_field", "未知字段: " + k, k);
  }
}

std::string required_string(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) throw ApiError(422, "missing_field", std::string("缺少字段 ") + field, field);
  return optional_string(body, field);
}

std::string optional_string(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) throw ApiError(422, "bad_value", std::string("字段 ") + field + " 应为字符串", field);
  // Reasons, notes, names: a page of text at most (they are kept for ever in steps and the audit log).
  if (it->get_ref<const std::string&>().size() > 4000)
    throw ApiError(422, "too_long", std::string("字段 ") + field + " 过长（最多 4000 字节）", field);
  return it->get<std::string>();
}

std::int64_t path_id(const httplib::Request& req, int match) {
  const std::string s = req.matches[match];
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError(404, "not_found", "编号无效: " + s);
  return std::stoll(s);
}

Json problems_json(const Problems& ps) {
  Json arr = Json::array();
  for (const auto& p : ps) {
    Json o = {{"code", p.code}, {"field", p.field}, {"message", p.message}};
    if (!p.member.empty()) o["member"] = p.member;
    arr.push_back(std::move(o));
  }
  return arr;
}

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json; charset=utf-8");
}

Handler guarded(Handler h) {
  return [h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
    auto fail = [&](int status, const std::string& code, const std::string& message, const std::string& field,
                    const Problems* ps) {
      Json e = {{"code", code}, {"message", message}};
      if (!field.empty()) e["field"] = field;
      if (ps && !ps->empty()) e["problems"] = problems_json(*ps);
      send_json(res, status, Json{{"error", e}});
    };
    try {
      h(req, res);
    } catch (const ApiError& e) {
      fail(e.status, e.code, e.what(), e.field, &e.problems);
    } catch (const registry::sql::ConstraintError& e) {
      fail(409, "conflict", std::string("与已有数据冲突: ") + e.what(), "", nullptr);
    } catch (const registry::sql::RetryError& e) {
      fail(503, "busy", std::string("系统繁忙，请稍后重试: ") + e.what(), "", nullptr);
    } catch (const Json::exception& e) {
      fail(422, "bad_value", std::string("字段类型不对: ") + e.what(), "", nullptr);
    } catch (const std::exception& e) {
      fail(500, "internal", std::string("服务器内部错误: ") + e.what(), "", nullptr);
    }
  };
}

}  // namespace safetynet::server
