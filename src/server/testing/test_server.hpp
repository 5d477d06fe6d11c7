#pragma once
// Test harness for `safetynet serve` (server_test.cpp): a fresh registry per test on each backend
// (SQLite on a temporary file; PostgreSQL when SAFETYNET_TEST_PG names a server — a database of
// its own per test, `sn_server_<pid>_<n>`, dropped when the test ends), a few users, an App with the
// shipped policy and region lists and the test clock, `server::serve` on port 0 in a thread of its
// own (stopped through a ServeHandle), and a small JSON client over cpp-httplib that logs in as a
// browser does (cookie `sn_session` + X-CSRF-Token) or with the bearer token.
//
// Households are the record of the SPEC acceptance case "dibao top-up, 3 persons, one wage"
// (shared/acceptance/cases.yaml, assessed for 2019-10: dibao 950.00), copied with member ids of their
// own so that any number of them can live in one registry (R11.1 `duplicate_person`).
//
// Every user has the password kPassword; it is hashed once per process (argon2id costs ~0.1 s).
// Not thread-safe except `Api` objects used one per thread.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/citizen_id.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "registry/casework.hpp"
#include "registry/testing/pg_test_server.hpp"
#include "registry/registry.hpp"
#include "registry/sql/connection.hpp"
#include "security/password.hpp"
#include "server/app.hpp"
#include "server/server.hpp"

namespace safetynet::server::testing {

using Json = nlohmann::json;

inline constexpr const char* kPassword = "secret-pass-1";
inline constexpr const char* kCommunity = "450102001003";  // 兴宁社区居委会, 民生街道, 兴宁区
inline constexpr const char* kStreet = "450102001";        // 民生街道
inline constexpr const char* kOtherStreet = "450102002";   // 朝阳街道
inline constexpr const char* kCounty = "450102";           // 兴宁区

// ---- backends -------------------------------------------------------------------------------------

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(Backend b) { return b == Backend::kSqlite ? "Sqlite" : "Postgres"; }
// Test names and failures show the backend's name, not its bytes.
inline void PrintTo(Backend b, std::ostream* os) { *os << backend_name(b); }

using registry::testing::pg_server;
using registry::testing::with_database;

// A fresh, empty registry location for one test, and its removal.
class Scratch {
 public:
  explicit Scratch(Backend b) : backend_(b) {
    static int serial = 0;
    ++serial;
    if (b == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() /
             ("sn_server_test_" + std::to_string(::getpid()) + "_" + std::to_string(serial));
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "registry.db").string();
    } else {
      admin_ = registry::sql::Connection::open(pg_server());
      db_ = "sn_server_" + std::to_string(::getpid()) + "_" + std::to_string(serial);
      admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
      admin_->exec("CREATE DATABASE " + db_ +
                   " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
      url_ = with_database(pg_server(), db_);
    }
  }
  ~Scratch() {
    try {
      if (admin_) admin_->exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
      if (!dir_.empty()) std::filesystem::remove_all(dir_);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "removing the test registry " << url_ << ": " << e.what();
    }
  }
  const std::string& url() const { return url_; }
  Backend backend() const { return backend_; }

 private:
  Backend backend_;
  std::string url_;
  std::filesystem::path dir_;                        // SQLite
  std::unique_ptr<registry::sql::Connection> admin_;  // PostgreSQL: creates and drops `db_`
  std::string db_;
};

// ---- households -----------------------------------------------------------------------------------

// A valid citizen id: address 450102, `birth` "YYYYMMDD", sequence `seq` (odd = male), check char.
inline std::string citizen_id(const std::string& birth, int seq) {
  char s[4];
  std::snprintf(s, sizeof s, "%03d", seq);
  const std::string first17 = "450102" + birth + s;
  return first17 + model::citizen_id_check_char(first17);
}

// The SPEC acceptance household "dibao top-up, 3 persons, one wage" (P01) as HOUSEHOLD-FORMAT.md
// JSON: head unemployed, spouse earning a 1000 yuan wage every month from 2018-10 to `last_wage`
// (2019-09 in the acceptance case), a primary-school child; 40 m², one dwelling. Household number
// `n` (0…398) has member ids of its own; n = -1 gives P01's exact ids. `disabled` gives the head a
// grade-2 physical disability certificate.
inline Json household_json(const std::string& id, int n = -1, const std::string& region = kCommunity,
                           bool disabled = false, const std::string& last_wage = "2019-09") {
  const std::string head = n < 0 ? "450102197405010236" : citizen_id("19740501", 2 * n + 1);
  const std::string spouse = n < 0 ? "450102197603020240" : citizen_id("19760302", 2 * n + 2);
  const std::string child = n < 0 ? "450102200706030278" : citizen_id("20070603", 2 * n + 1);
  const Json insured = {{"medical", true}, {"critical_illness", true}, {"pension", true}};
  auto member = [&](const std::string& mid, const char* relation, const char* sex, const char* birth,
                    const char* employment) {
    return Json{{"id", mid},
                {"name", "某"},
                {"relation", relation},
                {"sex", sex},
                {"birth_date", birth},
                {"employment", employment},
                {"disability", nullptr},
                {"self_care", "able"},
                {"legal_supporters", "able"},
                {"insurance", insured}};
  };
  Json h = {{"id", id}, {"region", region}, {"residence", "urban"}};
  h["members"] = Json::array({member(head, "head", "male", "1974-05-01", "unemployed"),
                              member(spouse, "spouse", "female", "1976-03-02", "employed"),
                              member(child, "child", "male", "2007-06-03", "student")});
  h["members"][2]["school"] = "primary";
  if (disabled) h["members"][0]["disability"] = {{"grade", 2}, {"type", "physical"}};
  Json income = Json::array();
  const auto last = model::parse_month(last_wage);
  for (auto m = model::Month::of(2018, 10); last && m <= *last; m = m.plus(1))
    income.push_back({{"member", spouse}, {"month", m.to_string()}, {"kind", "wage"}, {"amount", 1000}});
  h["income"] = income;
  h["expenditure"] = Json::array();
  h["assets"] = {{"financial", 0}, {"vehicles", Json::array()}, {"dwellings", 1}, {"floor_area_m2", 40},
                 {"business_capital", 0}};
  return h;
}

// ---- HTTP -----------------------------------------------------------------------------------------

struct Reply {
  int status = 0;  // 0: no HTTP answer at all (connection failed or closed)
  std::string raw;
  Json body;  // parsed `raw`, or discarded when it is not JSON
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  // error.code / error.field of an error body, "" when absent.
  std::string code() const { return body.is_object() ? body.value("/error/code"_json_pointer, "") : ""; }
  std::string field() const { return body.is_object() ? body.value("/error/field"_json_pointer, "") : ""; }
};

inline std::ostream& operator<<(std::ostream& os, const Reply& r) {
  return os << "HTTP " << r.status << " " << r.raw.substr(0, 600);
}

// A logged-in user as a client holds it.
struct Login {
  std::string name, token, csrf;
};

// How a request authenticates.
struct Auth {
  enum class Via { kNone, kCookie, kBearer } via = Via::kNone;
  std::string token;
  std::optional<std::string> csrf;  // X-CSRF-Token to send (cookie requests)
};
inline Auth anonymous() { return {}; }
inline Auth cookie(const Login& l) { return Auth{Auth::Via::kCookie, l.token, l.csrf}; }
inline Auth cookie_without_csrf(const Login& l) { return Auth{Auth::Via::kCookie, l.token, std::nullopt}; }
inline Auth bearer(const Login& l) { return Auth{Auth::Via::kBearer, l.token, std::nullopt}; }

// One client connection per object (cpp-httplib clients are not shared between threads).
class Api {
 public:
  explicit Api(int port) : cli_("127.0.0.1", port) {
    cli_.set_connection_timeout(5, 0);
    cli_.set_read_timeout(60, 0);
    cli_.set_write_timeout(60, 0);
  }

  Reply get(const std::string& path, const Auth& a = {}) { return wrap(cli_.Get(path, headers(a))); }
  Reply post(const std::string& path, const Json& body, const Auth& a = {}) {
    return post_raw(path, body.dump(), a);
  }
  Reply post_raw(const std::string& path, const std::string& body, const Auth& a = {},
                 const std::string& content_type = "application/json") {
    return wrap(cli_.Post(path, headers(a), body, content_type));
  }

  // POST /api/login; fails the test unless it succeeds.
  Login login(const std::string& name, const std::string& planted_cookie = "") {
    httplib::Headers h;
    if (!planted_cookie.empty()) h.emplace("Cookie", "sn_session=" + planted_cookie);
    Reply r = wrap(cli_.Post("/api/login", h, Json{{"name", name}, {"password", kPassword}}.dump(),
                             "application/json"));
    EXPECT_EQ(r.status, 200) << r;
    Login l;
    l.name = name;
    if (r.status == 200) {
      l.token = r.body.value("token", "");
      l.csrf = r.body.value("csrf", "");
    }
    return l;
  }

  // A transition on a case; the reply is the case (or the error).
  Reply transition(std::int64_t id, const std::string& event, const Login& who, const std::string& reason = "",
                   std::optional<std::int64_t> version = std::nullopt) {
    Json b = {{"event", event}};
    if (!reason.empty()) b["reason"] = reason;
    if (version) b["version"] = *version;
    return post("/api/cases/" + std::to_string(id) + "/transitions", b, cookie(who));
  }

 private:
  static httplib::Headers headers(const Auth& a) {
    httplib::Headers h;
    if (a.via == Auth::Via::kCookie) h.emplace("Cookie", "sn_session=" + a.token);
    if (a.via == Auth::Via::kBearer) h.emplace("Authorization", "Bearer " + a.token);
    if (a.csrf) h.emplace("X-CSRF-Token", *a.csrf);
    return h;
  }
  static Reply wrap(const httplib::Result& res) {
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.raw = res->body;
    r.headers = res->headers;
    r.body = Json::parse(r.raw, nullptr, /*allow_exceptions=*/false);
    return r;
  }
  httplib::Client cli_;
};

// ---- the server -----------------------------------------------------------------------------------

// The shipped policy parameters and region lists, loaded once.
inline const params::ParameterSet& policy() {
  static const params::ParameterSet p = [] {
    auto r = params::load_policy(model::default_policy_dir());
    if (!r) throw std::runtime_error("policy/ does not load");
    return std::move(r).value();
  }();
  return p;
}
inline const model::RegionCatalog& regions() {
  static const model::RegionCatalog c = [] {
    auto r = model::RegionCatalog::load(model::default_region_dir());
    if (!r) throw std::runtime_error("data/regions does not load");
    return std::move(r).value();
  }();
  return c;
}
inline const std::string& password_hash() {
  static const std::string h = security::hash_password(kPassword);
  return h;
}

// A running server over a registry at `url`, on an ephemeral port; stopped by the destructor.
class TestServer {
 public:
  TestServer(const std::string& url, const std::string& web_dir, model::Date today) {
    Config cfg;
    cfg.db_url = url;
    cfg.port = 0;
    cfg.threads = 8;
    cfg.test_clock = true;
    cfg.web_dir = web_dir;
    app_ = std::make_unique<App>(cfg, policy(), regions());
    app_->set_test_today(today);
    auto ready = std::make_shared<std::promise<int>>();
    auto port = ready->get_future();
    thread_ = std::thread([this, ready] {
      bool listening = false;
      try {
        serve(
            *app_,
            [&](int p) {
              listening = true;
              ready->set_value(p);
            },
            &handle_);
      } catch (...) {
        if (!listening) ready->set_exception(std::current_exception());
        else ADD_FAILURE() << "serve() threw after it started listening";
      }
    });
    port_ = port.get();
    // `ready` comes before cpp-httplib's accept loop runs, and a ServeHandle::stop() made before that
    // loop starts is lost (see ServeHandle.StopsWhenAskedAsSoonAsReady): wait until it answers.
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 500 && !probe.Get("/api/openapi.json"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~TestServer() {
    handle_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  App& app() { return *app_; }

 private:
  std::unique_ptr<App> app_;
  ServeHandle handle_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace safetynet::server::testing
