#include "server/http_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>

#include "common/error_kind.h"
#include "common/json_text.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::server {
namespace {

std::string AccessLine(const httplib::Request& req, int status, int64_t micros, size_t bytes) {
  const nlohmann::json line = {{"time", time::FormatIso(time::SystemClock().Now(), nullptr)},
                               {"method", req.method},
                               {"path", Excerpt(req.path)},
                               {"status", status},
                               {"micros", micros},
                               {"bytes", bytes},
                               {"remote", req.remote_addr}};
  return JsonText(line);
}

// A comment line every so often keeps proxies and browsers from closing a quiet stream.
constexpr std::chrono::seconds kEventPing{15};

// Keeps GET /api/v1/events open: the kept events first (`first.body`), then each new
// one as it is published, until the client goes or the server stops. The stream holds
// a slot of `hub` while open; with none free the answer is 409.
void Stream(EventHub& hub, const HttpResponse& first, httplib::Response& res) {
  if (!hub.OpenStream()) {
    const ApiError error = MakeApiError(
        ErrorKind::kConflict, "too many open event streams (" + std::to_string(EventHub::kMaxStreams) +
                                  "); close a dashboard tab, or poll the API instead");
    res.status = error.http_status;
    res.set_content(ApiErrorJson(error), "application/json");
    return;
  }
  res.set_chunked_content_provider(
      "text/event-stream",
      [&hub, pending = first.body, after = first.events_after, allowed = first.still_allowed](
          size_t, httplib::DataSink& sink) mutable {
        if (!pending.empty()) {
          const bool written = sink.write(pending.data(), pending.size());
          pending.clear();
          return written;
        }
        const std::vector<ServerEvent> events = hub.After(after, kEventPing);
        if (hub.stopped() || (allowed && !allowed())) {
          sink.done();
          return true;
        }
        std::string text = events.empty() ? ": ping\n\n" : "";
        for (const ServerEvent& e : events) {
          text += EventFrame(e);
          after = e.id;
        }
        return sink.write(text.data(), text.size());
      },
      [&hub](bool) { hub.CloseStream(); });
}

}  // namespace

HttpServer::HttpServer(Api& api, ServeOptions options)
    : api_(api), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  const size_t max_body = api_.limits().max_body_bytes;
  const int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_write_timeout(options_.write_timeout_seconds, 0);
  server_->set_keep_alive_timeout(5);
  server_->set_keep_alive_max_count(1000);
  // Without it, a response written in two segments waits for the client's delayed ACK
  // (about 40 ms on Linux): Nagle's algorithm.
  server_->set_tcp_nodelay(true);
  // A body over the limit is refused while it is read (413), before it is held whole.
  server_->set_payload_max_length(max_body);

  auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    HttpRequestText in{req.method,
                       req.target,
                       req.body,
                       req.get_header_value("Authorization"),
                       req.get_header_value("Cookie"),
                       req.get_header_value("X-CSRF-Token")};
    if (in.method == "HEAD") in.method = "GET";
    const HttpResponse out = api_.Handle(in);
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    if (out.content_type.rfind("text/html", 0) == 0) {
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                     "frame-ancestors 'self'");
    }
    if (out.event_stream && out.status == 200) {
      Stream(api_.events(), out, res);
    } else {
      res.set_content(out.body, out.content_type.c_str());
    }
    if (options_.access_log) {
      const auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
              .count();
      options_.access_log(AccessLine(req, res.status, micros, out.body.size()));
    }
  };
  server_->Get(".*", handle);
  server_->Post(".*", handle);
  server_->Delete(".*", handle);
  server_->Put(".*", handle);
  server_->Patch(".*", handle);
  server_->Options(".*", handle);
  // What the library answers itself (a body over the limit, a malformed request line)
  // still reads as an API error.
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const ErrorKind kind = res.status == 413 ? ErrorKind::kTooLarge : ErrorKind::kUsage;
    ApiError error = MakeApiError(
        kind, res.status == 413 ? "the body is over the size limit" : "the request could not be read");
    error.http_status = res.status;
    res.set_content(ApiErrorJson(error), "application/json");
  });
  server_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        res.status = 500;
        res.set_content(ApiErrorJson(MakeApiError(ErrorKind::kInternal, "the request failed on the server")),
                        "application/json");
      });
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Bind() {
  if (options_.port == 0) {
    const int port = server_->bind_to_any_port(options_.bind);
    if (port < 0) return Status::IOError("cannot listen on " + options_.bind);
    return port;
  }
  if (!server_->bind_to_port(options_.bind, options_.port)) {
    return Status::IOError("cannot listen on " + options_.bind + ":" + std::to_string(options_.port))
        .WithHint("another process may use the port; pick another with --port");
  }
  return options_.port;
}

Status HttpServer::Serve() {
  if (!server_->listen_after_bind()) return Status::IOError("the server stopped on an error");
  return Status::Ok();
}

void HttpServer::Stop() {
  api_.events().Stop();  // open event streams end, so their threads are free to join
  server_->stop();
}

}  // namespace northstar::server
