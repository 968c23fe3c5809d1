// The HTTP API (SPEC §8) without the socket: a request in, a response out. The
// listener (http_server.h) hands every request here, and tests call Handle directly
// as well as over loopback.
//
// Order of checks: the target and route (400/404), then who is asking (401/403, before
// the body is read, so a caller without the role learns nothing from validation), then
// the body (400/413), then the operation on the workspace.
//
// Reads are cached per request target until the results database changes (a compute
// by this server or by any other process), so a dashboard full of readers costs one
// judgement per change, not one per request. After a change, one request reads again
// while the others get the previous answer (the last committed results, never a
// half-written state), so a compute does not stall every reader.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "auth/audit_log.h"
#include "auth/token_store.h"
#include "server/event_hub.h"
#include "server/request_body.h"
#include "server/server_counters.h"
#include "service/workspace.h"

namespace northstar::server {

struct HttpRequestText {
  std::string method;  // "GET"
  std::string target;  // the raw target: "/api/v1/kpis?x=1"
  std::string body;
  std::string authorization;  // the Authorization header, as sent
  std::string cookie;         // the Cookie header: a browser session's `ns_session`
  std::string csrf;           // the X-CSRF-Token header
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // GET /api/v1/events: `body` holds the kept events after the caller's id, and the
  // listener keeps the stream open with every event after `events_after`.
  bool event_stream = false;
  uint64_t events_after = 0;
  // An event stream asks this whenever it wakes (an event, or its ping): false ends it,
  // so a stream does not outlive its session's end or its token's revocation.
  std::function<bool()> still_allowed;
};

struct ApiOptions {
  RequestLimits limits;
  bool anonymous_read = false;          // northstar.yaml `server: {anonymous_read: true}`
  bool metrics_token = false;           // `server: {metrics_token: true}`
  auth::AuditLog* audit = nullptr;      // where writes are recorded (auth/audit_log.h); null: nowhere
  int64_t session_seconds = 12 * 3600;  // how long a browser session lasts
};

class Api {
 public:
  Api(service::Workspace& workspace, auth::TokenStore& tokens, ApiOptions options);

  HttpResponse Handle(const HttpRequestText& request);
  // Ingest `sources` (empty: every source), then compute (POST /api/v1/refresh, and
  // the scheduler of `serve`, refresh_schedule.h): the JSON of what changed, or the error.
  HttpResponse Refresh(const std::vector<std::string>& sources = {});
  ServerCounters& counters() { return counters_; }
  EventHub& events() { return events_; }
  const RequestLimits& limits() const { return options_.limits; }

 private:
  // Who is asking: their role and how the audit log names them, or the 401 to answer
  // (a token that is malformed, unknown or revoked is refused even on a route anyone
  // may read).
  struct CallerInfo {
    auth::Role role = auth::Role::kNone;
    std::string actor = "anonymous";
    std::string scope;    // a share link's token: the one KPI or review it opens
    int64_t session = 0;  // a browser session's id (its cookie below), 0 for a token
    std::string cookie;
    std::string expires_at;  // of the session
    std::string owner;       // the token's KPI owner (auth::TokenInfo::owner)
  };
  // From the Authorization header, or else a share link's `share` query parameter, or
  // else a browser session's cookie (an unknown or expired cookie is no caller: the
  // dashboard's own page still loads and asks for a token).
  Decoded<CallerInfo> Caller(const HttpRequestText& request, const std::string& share);
  // The session routes (api_session.cpp), which answer about the caller itself.
  // Signing in sets `caller` to the new session (the audit log names it) and ends the
  // session the browser held before.
  HttpResponse Session(const ApiRequest& request, CallerInfo& caller);
  // What a write changed, for the audit log: the object's JSON before and after.
  struct Change {
    std::string before, after;
  };
  void Audit(const HttpRequestText& request, const CallerInfo& caller, int status, const Change& change);
  HttpResponse Run(const ApiRequest& request, const std::string& target);
  HttpResponse Read(const ApiRequest& request);
  HttpResponse Write(const ApiRequest& request, Change& change);
  // The cache key of the current results: changes whenever the database is written.
  std::string DataGeneration() const;

  service::Workspace& workspace_;
  auth::TokenStore& tokens_;
  ApiOptions options_;
  ServerCounters counters_;
  EventHub events_;
  struct CacheEntry {
    std::string generation;  // DataGeneration() when it was read
    std::shared_ptr<const HttpResponse> response;
    bool rebuilding = false;  // a request is reading it again
  };
  static constexpr size_t kMaxCachedTargets = 4096;
  std::mutex cache_mutex_;
  std::map<std::string, CacheEntry> cache_;  // request target -> its last answer
};

// A response holding the error's JSON body.
HttpResponse ErrorResponse(const ApiError& error);
// A JSON response.
HttpResponse Json(const nlohmann::json& body, int status = 200);
// The API error of a failed operation: its kind and message, the hint appended.
ApiError FromStatus(const Status& status);

}  // namespace northstar::server
