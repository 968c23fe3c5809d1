// The listener of `northstar serve`: cpp-httplib on 127.0.0.1 by default, every
// request handed to the Api, with size limits, timeouts, a structured access log and
// a graceful stop (requests in flight finish; SIGINT or SIGTERM stop `serve`).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/api.h"

namespace httplib {
class Server;
}

namespace northstar::server {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;   // 0: any free port (tests)
  int threads = 64;  // request threads: a keep-alive connection holds one while open
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // One JSON line per request (time, method, path, status, micros, bytes); null: none.
  std::function<void(const std::string&)> access_log;
};

class HttpServer {
 public:
  HttpServer(Api& api, ServeOptions options);
  ~HttpServer();

  // Binds the socket; returns the port (the one chosen when options.port is 0).
  Result<int> Bind();
  // Serves until Stop(); call after Bind().
  Status Serve();
  // Thread-safe; returns at once, Serve() returns when the requests in flight are done.
  void Stop();

 private:
  Api& api_;
  ServeOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace northstar::server
