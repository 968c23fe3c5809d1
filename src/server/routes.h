// The API's routes (SPEC §8) as one table, and matching a decoded request target
// against it: which route, its path parameters, the role it needs, and its query
// parameters checked (an unknown or repeated parameter is an error, so a typo such
// as `?grian=week` is never silently ignored).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "auth/role.h"
#include "catalog/model.h"
#include "server/api_error.h"
#include "server/request_target.h"

namespace northstar::server {

enum class Method { kGet, kPost, kPut, kDelete, kOther };
Method ParseMethod(std::string_view text);  // "HEAD" reads as GET
const char* MethodName(Method method);

using auth::Role;
using auth::RoleName;

enum class RouteId {
  kDashboard,         // GET /
  kAsset,             // GET /assets/{name}
  kReviewPage,        // GET /review/{period}
  kMetrics,           // GET /metrics
  kOpenApi,           // GET /api/v1/openapi.json
  kGoals,             // GET /api/v1/goals
  kKpis,              // GET /api/v1/kpis
  kKpi,               // GET /api/v1/kpis/{id}
  kKpiValues,         // GET /api/v1/kpis/{id}/values
  kKpiExplain,        // GET /api/v1/kpis/{id}/explain
  kStatus,            // GET /api/v1/status
  kActions,           // GET /api/v1/actions
  kActionNote,        // POST /api/v1/actions/{id}/notes
  kActionClose,       // POST /api/v1/actions/{id}/close
  kAnnotations,       // GET /api/v1/annotations
  kAnnotationCreate,  // POST /api/v1/annotations
  kAnnotationUpdate,  // PUT /api/v1/annotations/{id}
  kAnnotationDelete,  // DELETE /api/v1/annotations/{id}
  kReview,            // GET /api/v1/reviews/{period}
  kRefresh,           // POST /api/v1/refresh
  kAudit,             // GET /api/v1/audit
  kEvents,            // GET /api/v1/events (text/event-stream)
  kDigest,            // GET /api/v1/digest
  kSessionCreate,     // POST /api/v1/session (a browser session from a token)
  kSession,           // GET /api/v1/session
  kSessionEnd,        // DELETE /api/v1/session
};

struct RouteSpec {
  Method method;
  std::string_view pattern;  // "/api/v1/kpis/{id}/values": "{...}" binds one segment
  RouteId id;
  Role role;               // the least role that may call it (SPEC §8)
  std::string_view query;  // the query parameters it takes, comma-separated
};

// Every route, in the order the OpenAPI document lists them.
std::span<const RouteSpec> Routes();

// Query parameters of the series and scorecard routes, checked.
struct SeriesQuery {
  std::optional<catalog::Grain> grain;
  std::string segment;   // "", "*", "channel" or "channel=email"
  std::string from, to;  // period texts (2026-W10), same grain when both are given
  std::string owner;
  std::string period;  // one period text (explain); empty: the latest complete one
  uint64_t after = 0;  // events: the last event id the caller has seen
  std::string share;   // a share link's token (the routes a share link opens)
};

struct RouteMatch {
  const RouteSpec* route = nullptr;
  std::string param;   // the one "{...}" segment: a KPI id, asset name or period
  int64_t number = 0;  // the id of an action or annotation
  SeriesQuery query;
};

// 404 when no route has the path or the method (naming the methods it takes),
// 400 when a path parameter or query parameter is not valid for the route.
Decoded<RouteMatch> MatchRoute(Method method, const RequestTarget& target);

}  // namespace northstar::server
