// Login, logout and "who am I" (issue 3 §6). A login always issues a new random session token and
// drops the one the browser presented, so a token planted before login is worthless (session
// fixation); the cookie is HttpOnly and SameSite=Strict, and every write made with it must echo the
// session's CSRF token in X-CSRF-Token (App::authenticate).
#include "security/password.hpp"
#include "security/token.hpp"
#include "server/app.hpp"

namespace safetynet::server {
namespace {

Json user_json(const registry::UserRecord& u) {
  auto role = workflow::parse_role(u.role);
  return Json{{"name", u.name},
              {"role", u.role},
              {"role_label", role ? std::string(workflow::label_zh(*role)) : u.role},
              {"region", u.region}};
}

std::string session_cookie(const std::string& token, int max_age) {
  return "sn_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

}  // namespace

void add_session_routes(httplib::Server& s, App& app) {
  s.Post("/api/login", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    Json body = parse_body(req);
    only_fields(body, {"name", "password"});
    const std::string name = required_string(body, "name");
    const std::string password = required_string(body, "password");
    if (name.empty() || name.size() > 64) throw ApiError(422, "bad_value", "用户名应为 1–64 个字节", "name");
    if (password.size() > 1024) throw ApiError(422, "bad_value", "密码过长", "password");
    if (app.login_locked(name))
      throw ApiError(429, "locked", "该用户连续登录失败次数过多，请 15 分钟后再试");
    auto& cw = app.casework();
    auto user = cw.find_user(name);
    // The same answer, and the same time (one argon2id check), for an unknown name and a wrong
    // password: names are not disclosed.
    const bool ok = user && user->active ? security::verify_password(user->password_hash, password)
                                         : (security::verify_password(app.dummy_password_hash(), password), false);
    if (!ok) {
      app.login_failed(name);
      cw.in_transaction([&] { app.audit(name, "login_failed", "user:" + name, req.remote_addr); });
      throw ApiError(401, "bad_credentials", "用户名或密码不正确");
    }
    app.login_succeeded(name);
    const std::string token = security::random_token();
    const std::string csrf = security::random_token();
    const int max_age = app.config().session_minutes * 60;
    cw.in_transaction([&] {
      // Drop a session the browser still carries (fixation, or a second login).
      if (const std::string old = request_cookie(req, "sn_session"); !old.empty()) {
        const std::string digest = security::token_digest(old);
        app.forget_session(digest);
        cw.drop_session(digest);
      }
      cw.put_session(security::token_digest(token), user->id, csrf, app.now_unix() + max_age);
      app.audit(name, "login", "user:" + name, req.remote_addr);
    });
    res.set_header("Set-Cookie", session_cookie(token, max_age));
    send_json(res, 200, Json{{"user", user_json(*user)}, {"csrf", csrf}, {"token", token}});
  }));

  s.Post("/api/logout", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, true, /*auditor_may=*/true);
    const std::string token = session_token(req);
    app.forget_session(security::token_digest(token));
    app.casework().in_transaction([&] {
      app.casework().drop_session(security::token_digest(token));
      app.audit(c.user.name, "logout", "user:" + c.user.name, "");
    });
    res.set_header("Set-Cookie", session_cookie("", 0));
    send_json(res, 200, Json{{"ok", true}});
  }));

  s.Get("/api/me", guarded([&app](const httplib::Request& req, httplib::Response& res) {
    const Caller c = app.authenticate(req, false);
    auto s = app.casework().session(security::token_digest(session_token(req)), app.now_unix());
    send_json(res, 200, Json{{"user", user_json(c.user)}, {"csrf", s ? s->csrf : ""}, {"today", app.today().to_string()}});
  }));

  if (app.config().test_clock) {
    // Tests and training only (`serve --test-clock`): moves "today" so a notice period can end.
    s.Post("/api/test/clock", guarded([&app](const httplib::Request& req, httplib::Response& res) {
      Json body = parse_body(req);
      only_fields(body, {"today"});
      auto d = model::parse_date(required_string(body, "today"));
      if (!d) throw ApiError(422, "bad_date", "日期应为 YYYY-MM-DD", "today");
      app.set_test_today(*d);
      send_json(res, 200, Json{{"today", d->to_string()}});
    }));
  }
}

}  // namespace safetynet::server
