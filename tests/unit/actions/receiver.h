// An in-process HTTP receiver on 127.0.0.1 (ephemeral port) for the webhook tests: it
// records every request and answers with the statuses it is told, in order.
#pragma once

#include <httplib.h>

#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)  // see src/actions/webhook_sink.cpp
#error "cpp-httplib without its library's CPPHTTPLIB_* defines: link PkgConfig::HTTPLIB"
#endif

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace northstar::actions::testing {

struct ReceivedRequest {
  std::string path, body, content_type, timestamp, signature;
};

class Receiver {
 public:
  // Listens on `port` (0 = any free port).
  explicit Receiver(int port = 0) {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back({req.path, req.body, req.get_header_value("Content-Type"),
                           req.get_header_value("X-Northstar-Timestamp"),
                           req.get_header_value("X-Northstar-Signature")});
      res.status = 200;
      if (!answers_.empty()) {
        res.status = answers_.front();
        answers_.pop_front();
      }
      res.set_content("{}", "application/json");
    });
    port_ = port == 0 ? server_.bind_to_any_port("127.0.0.1")
                      : (server_.bind_to_port("127.0.0.1", port) ? port : -1);
    if (port_ > 0) {
      thread_ = std::thread([this] { server_.listen_after_bind(); });
      while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~Receiver() { Stop(); }

  void Stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  // The next requests get these statuses, then 200.
  void AnswerWith(std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mu_);
    answers_.assign(statuses.begin(), statuses.end());
  }
  std::vector<ReceivedRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mu_;
  std::deque<int> answers_;
  std::vector<ReceivedRequest> requests_;
};

}  // namespace northstar::actions::testing
