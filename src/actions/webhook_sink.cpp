// The webhook sink (sinks.h): POST with retries, backoff and an HMAC signature.
#include <httplib.h>

// Debian's libcpp-httplib.so is built with these; a header compiled without them has
// smaller classes than the library's code writes to, which corrupts the caller's stack
// (it once posted the body `null`) without any error. Link PkgConfig::HTTPLIB.
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT) || !defined(CPPHTTPLIB_ZLIB_SUPPORT) || \
    !defined(CPPHTTPLIB_BROTLI_SUPPORT)
#error "cpp-httplib without its library's CPPHTTPLIB_* defines: link PkgConfig::HTTPLIB (CMakeLists.txt)"
#endif

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "actions/signature.h"
#include "actions/sinks.h"

namespace northstar::actions {
namespace {

struct Endpoint {
  std::string host;
  int port = 80;
  std::string path = "/";
};

Result<Endpoint> ParseHttpUrl(const std::string& url) {
  if (url.rfind("http://", 0) != 0)
    return Status::InvalidArgument("webhook url must start with http://: " + url);
  const std::string rest = url.substr(7);
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  Endpoint e;
  if (slash != std::string::npos) e.path = rest.substr(slash);
  e.host = authority;
  if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    e.host = authority.substr(0, colon);
    const std::string port = authority.substr(colon + 1);
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 1 || p > 65535) {
      return Status::InvalidArgument("bad port in webhook url " + url);
    }
    e.port = static_cast<int>(p);
  }
  if (e.host.empty()) return Status::InvalidArgument("no host in webhook url " + url);
  return e;
}

// Answers worth another attempt: the receiver may be restarting or shedding load.
bool Retryable(int http_status) {
  return http_status == 0 || http_status == 408 || http_status == 429 || http_status >= 500;
}

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One body to one webhook, with the config's retries and signature.
class WebhookPoster {
 public:
  explicit WebhookPoster(WebhookConfig config)
      : config_(std::move(config)), endpoint_(ParseHttpUrl(config_.url)) {
    if (!config_.secret_env.empty()) {
      const char* value = std::getenv(config_.secret_env.c_str());
      if (value && *value) secret_ = value;
    }
  }

  const WebhookConfig& config() const { return config_; }

  DeliveryOutcome Post(const std::string& body) {
    if (!endpoint_.ok()) return {endpoint_.status(), 0, 0};
    if (!config_.secret_env.empty() && secret_.empty()) {
      return {Status::InvalidArgument("webhook " + config_.url + ": the signing secret $" +
                                      config_.secret_env + " is not set; nothing sent"),
              0, 0};
    }
    const DeliveryPolicy& policy = config_.policy;
    DeliveryOutcome outcome;
    for (int32_t attempt = 1;; ++attempt) {
      outcome = Attempt(body);
      outcome.attempts = attempt;
      if (outcome.status.ok() || !Retryable(outcome.http_status) || attempt > policy.retries) break;
      // 2^(attempt-1) x backoff, each wait capped at a minute.
      const int64_t wait = std::min<int64_t>(int64_t{policy.backoff_ms} << std::min(attempt - 1, 20), 60000);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    return outcome;
  }

 private:
  DeliveryOutcome Attempt(const std::string& body) {
    const Endpoint& e = endpoint_.value();
    httplib::Client client(e.host, e.port);
    client.set_connection_timeout(config_.policy.timeout_s, 0);
    client.set_read_timeout(config_.policy.timeout_s, 0);
    client.set_write_timeout(config_.policy.timeout_s, 0);
    httplib::Headers headers;
    if (!secret_.empty()) {
      const int64_t now = UnixSeconds();
      headers.emplace(kTimestampHeader, std::to_string(now));
      headers.emplace(kSignatureHeader, SignDelivery(secret_, now, body));
    }
    auto res = client.Post(e.path, headers, body, "application/json");
    if (!res)
      return {Status::IOError("webhook " + config_.url + ": " + httplib::to_string(res.error())), 1, 0};
    if (res->status < 200 || res->status >= 300) {
      return {Status::IOError("webhook " + config_.url + " answered HTTP " + std::to_string(res->status)), 1,
              res->status};
    }
    return {Status::Ok(), 1, res->status};
  }

  WebhookConfig config_;
  Result<Endpoint> endpoint_;
  std::string secret_;
};

class WebhookSink final : public AlertSink {
 public:
  explicit WebhookSink(WebhookConfig config) : poster_(std::move(config)) {}

  Status Send(const Alert& alert) override { return Deliver(alert).status; }

  DeliveryOutcome Deliver(const Alert& alert) override {
    if (gave_up_) {
      return {Status::IOError("webhook " + poster_.config().url +
                              ": not tried, it failed every attempt earlier in this run"),
              0, 0};
    }
    DeliveryOutcome outcome = poster_.Post(WebhookBody(poster_.config(), alert));
    if (!outcome.status.ok() && outcome.attempts > 0 && Retryable(outcome.http_status)) gave_up_ = true;
    return outcome;
  }

  std::string Name() const override { return poster_.config().url; }

 private:
  WebhookPoster poster_;
  bool gave_up_ = false;
};

}  // namespace

std::string WebhookBody(const WebhookConfig& config, const Alert& alert) {
  const nlohmann::json body =
      config.format == WebhookConfig::Format::kSlack ? SlackPayload(alert) : AlertToJson(alert);
  return body.dump();
}

std::unique_ptr<AlertSink> MakeWebhookSink(const WebhookConfig& config) {
  return std::make_unique<WebhookSink>(config);
}

DeliveryOutcome PostToWebhook(const WebhookConfig& config, const std::string& body) {
  WebhookPoster poster(config);
  return poster.Post(body);
}

}  // namespace northstar::actions
