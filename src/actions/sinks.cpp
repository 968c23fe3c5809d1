#include "actions/sinks.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>

namespace northstar::actions {
namespace {

class StreamSink final : public AlertSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  Status Send(const Alert& alert) override {
    out_ << AlertText(alert) << "\n\n";
    out_.flush();
    return out_ ? Status::Ok() : Status::IOError("cannot write alert to the terminal");
  }
  std::string Name() const override { return "stdout"; }

 private:
  std::ostream& out_;
};

class JsonLinesSink final : public AlertSink {
 public:
  explicit JsonLinesSink(std::string path) : path_(std::move(path)) {}
  Status Send(const Alert& alert) override {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::ofstream out(path_, std::ios::app | std::ios::binary);
    out << AlertToJson(alert).dump() << "\n";
    out.flush();
    return out ? Status::Ok() : Status::IOError("cannot append to " + path_);
  }
  std::string Name() const override { return path_; }

 private:
  std::string path_;
};

class WebhookSink final : public AlertSink {
 public:
  WebhookSink(WebhookConfig config, int timeout) : config_(std::move(config)), timeout_(timeout) {}

  Status Send(const Alert& alert) override {
    // http://host[:port][/path]
    const std::string rest = config_.url.substr(7);
    const size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    const std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
    std::string host = authority;
    int port = 80;
    if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
      host = authority.substr(0, colon);
      try {
        port = std::stoi(authority.substr(colon + 1));
      } catch (const std::exception&) {
        return Status::InvalidArgument("bad port in webhook url " + config_.url);
      }
    }
    const nlohmann::json body =
        config_.format == WebhookConfig::Format::kSlack ? SlackPayload(alert) : AlertToJson(alert);
    httplib::Client client(host, port);
    client.set_connection_timeout(timeout_, 0);
    client.set_read_timeout(timeout_, 0);
    client.set_write_timeout(timeout_, 0);
    auto res = client.Post(path.c_str(), body.dump(), "application/json");
    if (!res) {
      return Status::IOError("webhook " + config_.url + ": " + httplib::to_string(res.error()));
    }
    if (res->status < 200 || res->status >= 300) {
      return Status::IOError("webhook " + config_.url + " answered HTTP " + std::to_string(res->status));
    }
    return Status::Ok();
  }
  std::string Name() const override { return config_.url; }

 private:
  WebhookConfig config_;
  int timeout_;
};

}  // namespace

std::unique_ptr<AlertSink> MakeStreamSink(std::ostream& out) {
  return std::make_unique<StreamSink>(out);
}

std::unique_ptr<AlertSink> MakeJsonLinesSink(const std::string& path) {
  return std::make_unique<JsonLinesSink>(path);
}

std::unique_ptr<AlertSink> MakeWebhookSink(const WebhookConfig& config, int timeout_seconds) {
  return std::make_unique<WebhookSink>(config, timeout_seconds);
}

}  // namespace northstar::actions
