#include "server/server.hpp"

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace safetynet::server {
namespace {

httplib::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->stop();
}

}  // namespace

std::string default_web_dir() {
  return (std::filesystem::path(model::default_policy_dir()).parent_path() / "web").string();
}

void ServeHandle::stop() {
  std::lock_guard lock(mu_);
  stop_requested_ = true;
  // Before the accept loop runs httplib's stop() would be lost; serve() looks at the flag then.
  if (auto* s = static_cast<httplib::Server*>(server_); s && s->is_running()) s->stop();
}

int serve(App& app, const std::function<void(int port)>& ready, ServeHandle* handle) {
  httplib::Server s;
  const auto& cfg = app.config();
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = cfg.threads > 0 ? static_cast<std::size_t>(cfg.threads) : std::max<std::size_t>(64, 8 * cores);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_payload_max_length(cfg.max_body);
  s.set_keep_alive_max_count(100000);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms.
  s.set_tcp_nodelay(true);
  // cpp-httplib sets SO_REUSEPORT by default, which lets a second server bind the same port silently;
  // keep only SO_REUSEADDR so a taken port is an error at start.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
  });
  s.set_read_timeout(30, 0);

  add_session_routes(s, app);
  add_assess_routes(s, app);
  add_case_routes(s, app);
  add_department_routes(s, app);
  add_verification_routes(s, app);
  add_supervision_routes(s, app);
  add_report_routes(s, app);

  const std::string web = cfg.web_dir.empty() ? default_web_dir() : cfg.web_dir;
  s.Get("/api/openapi.json", [web](const httplib::Request&, httplib::Response& res) {
    std::ifstream in(web + "/openapi.json");
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_content(ss.str(), "application/json; charset=utf-8");
  });
  // Unknown API paths are JSON 404s, not the static handler's HTML.
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) != 0 || !res.body.empty()) return;
    if (res.status == 413) {
      send_json(res, 413, Json{{"error", {{"code", "too_large"}, {"message", "请求体过大"}}}});
      return;
    }
    send_json(res, res.status, Json{{"error", {{"code", res.status == 404 ? "not_found" : "http_error"},
                                               {"message", res.status == 404 ? "没有这个接口: " + req.path : "请求有误"}}}});
  });
  if (!s.set_mount_point("/", web)) throw std::runtime_error("网页目录不存在: " + web);
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"},
                         {"Referrer-Policy", "same-origin"}});

  const int port = cfg.port == 0 ? s.bind_to_any_port(cfg.host) : (s.bind_to_port(cfg.host, cfg.port) ? cfg.port : -1);
  if (port < 0) throw std::runtime_error("无法监听 " + cfg.host + ":" + std::to_string(cfg.port));
  g_server = &s;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (handle) {
    std::lock_guard lock(handle->mu_);
    if (handle->stop_requested_) return 0;
    handle->server_ = &s;
  }
  // cpp-httplib's stop() does nothing until listen_after_bind() has started its accept loop, so
  // `ready`, and a stop asked for before that, wait for the loop (ServeHandle.StopsWhenAskedAsSoonAsReady).
  std::atomic<bool> over{false};
  std::thread starter([&] {
    while (!s.is_running() && !over) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (over) return;
    if (handle) {
      std::lock_guard lock(handle->mu_);
      if (handle->stop_requested_) {
        s.stop();
        return;
      }
    }
    if (ready) ready(port);
  });
  s.listen_after_bind();
  over = true;
  starter.join();
  g_server = nullptr;
  if (handle) {
    std::lock_guard lock(handle->mu_);
    handle->server_ = nullptr;
  }
  return 0;
}

}  // namespace safetynet::server
