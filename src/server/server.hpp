#pragma once
// `safetynet serve`: the casework server (issue 3, docs/casework.md). One binary serves the JSON API
// under /api (documented in web/openapi.json, served at /api/openapi.json) and the caseworkers' pages
// from the web directory. cpp-httplib's thread pool; one registry connection per worker thread.
#include <functional>
#include <mutex>

#include "server/app.hpp"

namespace safetynet::server {

// The shipped web directory: $SAFETYNET_HOME/web, or the checkout's web/.
std::string default_web_dir();

// Lets another thread stop a running server (tests, an embedding program).
class ServeHandle {
 public:
  void stop();

 private:
  friend int serve(App&, const std::function<void(int)>&, ServeHandle*);
  std::mutex mu_;
  void* server_ = nullptr;
  bool stop_requested_ = false;
};

// Binds and serves until SIGINT/SIGTERM or `handle->stop()`. `ready` is called once the socket
// listens, with the port (useful when config.port is 0). Returns 0 on a clean stop; throws
// std::runtime_error when the address cannot be bound.
int serve(App& app, const std::function<void(int port)>& ready = {}, ServeHandle* handle = nullptr);

}  // namespace safetynet::server
