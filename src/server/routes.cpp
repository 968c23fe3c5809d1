#include "server/routes.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <vector>

#include "catalog/period_text.h"

namespace northstar::server {
namespace {

constexpr std::array kRoutes = {
    RouteSpec{Method::kGet, "/", RouteId::kDashboard, Role::kNone, ""},
    RouteSpec{Method::kGet, "/assets/{name}", RouteId::kAsset, Role::kNone, ""},
    RouteSpec{Method::kGet, "/review/{period}", RouteId::kReviewPage, Role::kViewer, "share"},
    RouteSpec{Method::kGet, "/metrics", RouteId::kMetrics, Role::kNone, ""},
    RouteSpec{Method::kGet, "/api/v1/openapi.json", RouteId::kOpenApi, Role::kNone, ""},
    RouteSpec{Method::kGet, "/api/v1/goals", RouteId::kGoals, Role::kViewer, "grain,owner"},
    RouteSpec{Method::kGet, "/api/v1/kpis", RouteId::kKpis, Role::kViewer, ""},
    RouteSpec{Method::kGet, "/api/v1/kpis/{id}", RouteId::kKpi, Role::kViewer, "share"},
    RouteSpec{Method::kGet, "/api/v1/kpis/{id}/values", RouteId::kKpiValues, Role::kViewer,
              "grain,segment,from,to,share"},
    RouteSpec{Method::kGet, "/api/v1/kpis/{id}/explain", RouteId::kKpiExplain, Role::kViewer,
              "grain,segment,period"},
    RouteSpec{Method::kGet, "/api/v1/status", RouteId::kStatus, Role::kViewer, "grain,owner"},
    RouteSpec{Method::kGet, "/api/v1/actions", RouteId::kActions, Role::kViewer, ""},
    RouteSpec{Method::kGet, "/api/v1/digest", RouteId::kDigest, Role::kViewer, "owner"},
    RouteSpec{Method::kPost, "/api/v1/actions/{id}/notes", RouteId::kActionNote, Role::kEditor, ""},
    RouteSpec{Method::kPost, "/api/v1/actions/{id}/close", RouteId::kActionClose, Role::kEditor, ""},
    RouteSpec{Method::kGet, "/api/v1/annotations", RouteId::kAnnotations, Role::kViewer, ""},
    RouteSpec{Method::kPost, "/api/v1/annotations", RouteId::kAnnotationCreate, Role::kEditor, ""},
    RouteSpec{Method::kPut, "/api/v1/annotations/{id}", RouteId::kAnnotationUpdate, Role::kEditor, ""},
    RouteSpec{Method::kDelete, "/api/v1/annotations/{id}", RouteId::kAnnotationDelete, Role::kEditor, ""},
    RouteSpec{Method::kGet, "/api/v1/reviews/{period}", RouteId::kReview, Role::kViewer, "share"},
    RouteSpec{Method::kPost, "/api/v1/refresh", RouteId::kRefresh, Role::kAdmin, ""},
    RouteSpec{Method::kGet, "/api/v1/audit", RouteId::kAudit, Role::kAdmin, ""},
    RouteSpec{Method::kGet, "/api/v1/events", RouteId::kEvents, Role::kViewer, "after"},
    RouteSpec{Method::kPost, "/api/v1/session", RouteId::kSessionCreate, Role::kNone, ""},
    RouteSpec{Method::kGet, "/api/v1/session", RouteId::kSession, Role::kViewer, ""},
    RouteSpec{Method::kDelete, "/api/v1/session", RouteId::kSessionEnd, Role::kViewer, ""},
};

// Binds `target` to `pattern`; the one "{...}" segment goes to `param`.
bool PathMatches(std::string_view pattern, const RequestTarget& target, std::string& param) {
  size_t index = 0;
  pattern.remove_prefix(1);
  while (!pattern.empty()) {
    const size_t slash = pattern.find('/');
    const std::string_view part = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash + 1);
    if (index == target.segments.size()) return false;
    const std::string& segment = target.segments[index++];
    if (part.front() == '{') {
      param = segment;
    } else if (part != segment) {
      return false;
    }
  }
  return index == target.segments.size();
}

bool TakesQuery(std::string_view list, std::string_view key) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (list.substr(0, comma) == key) return true;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return false;
}

// An asset of the dashboard bundle: a plain file name, never hidden.
bool IsAssetName(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    if (!plain) return false;
  }
  return true;
}

std::optional<ApiError> CheckPeriod(std::string_view what, const std::string& text) {
  if (catalog::IsPeriodText(text)) return std::nullopt;
  return BadRequest(
      fmt::format("{} \"{}\" is not a period; write 2026-03-05, 2026-W10, 2026-03, 2026-Q1 or 2026", what,
                  Excerpt(text)));
}

std::optional<ApiError> ReadQuery(const RouteSpec& route, const RequestTarget& target, SeriesQuery& query) {
  std::vector<std::string_view> seen;
  seen.reserve(target.query.size());
  for (const auto& [key, value] : target.query) {
    if (!TakesQuery(route.query, key)) {
      return BadRequest(route.query.empty() ? fmt::format("{} takes no query parameters (got \"{}\")",
                                                          route.pattern, Excerpt(key))
                                            : fmt::format("unknown query parameter \"{}\"; {} takes {}",
                                                          Excerpt(key), route.pattern, route.query));
    }
    for (const std::string_view earlier : seen) {
      if (earlier == key) return BadRequest(fmt::format("query parameter \"{}\" is given twice", key));
    }
    seen.push_back(key);
    if (key == "grain") {
      query.grain = catalog::ParseGrain(value);
      if (!query.grain) {
        return BadRequest(
            fmt::format("grain \"{}\" is not one of {}", Excerpt(value), catalog::kGrainChoices));
      }
    } else if (key == "segment") {
      if (value.empty()) return BadRequest("segment is empty; write *, a dimension, or dimension=value");
      query.segment = value;
    } else if (key == "from" || key == "to") {
      if (auto error = CheckPeriod(key, value)) return error;
      (key == "from" ? query.from : query.to) = value;
    } else if (key == "period") {
      if (auto error = CheckPeriod(key, value)) return error;
      query.period = value;
    } else if (key == "owner") {
      if (value.empty()) return BadRequest("owner is empty");
      query.owner = value;
    } else if (key == "share") {
      if (value.empty()) return BadRequest("share is empty; a share link carries its token");
      query.share = value;
    } else if (key == "after") {
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), query.after);
      if (value.empty() || error != std::errc() || end != value.data() + value.size())
        return BadRequest(fmt::format("after \"{}\" is not an event id (a whole number)", Excerpt(value)));
    }
  }
  if (!query.from.empty() && !query.to.empty()) {
    const auto from = catalog::ParsePeriodText(query.from);
    const auto to = catalog::ParsePeriodText(query.to);
    if (from->grain != to->grain) return BadRequest("from and to must be periods of the same grain");
    if (from->index > to->index)
      return BadRequest(fmt::format("from {} is after to {}", query.from, query.to));
  }
  return std::nullopt;
}

std::optional<ApiError> ReadParam(const RouteSpec& route, RouteMatch& match) {
  switch (route.id) {
    case RouteId::kAsset:
      if (!IsAssetName(match.param)) return NotFound(fmt::format("no asset \"{}\"", Excerpt(match.param)));
      return std::nullopt;
    case RouteId::kReviewPage:
    case RouteId::kReview:  // "latest": the latest complete period
      if (match.param == "latest") return std::nullopt;
      return CheckPeriod("review period", match.param);
    case RouteId::kActionNote:
    case RouteId::kActionClose:
    case RouteId::kAnnotationUpdate:
    case RouteId::kAnnotationDelete: {
      const std::string& text = match.param;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), match.number);
      if (error != std::errc() || end != text.data() + text.size() || match.number <= 0 ||
          text.front() == '+') {
        return BadRequest(fmt::format("id \"{}\" is not a positive whole number", Excerpt(text)));
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

}  // namespace

Method ParseMethod(std::string_view text) {
  if (text == "GET" || text == "HEAD") return Method::kGet;
  if (text == "POST") return Method::kPost;
  if (text == "PUT") return Method::kPut;
  if (text == "DELETE") return Method::kDelete;
  return Method::kOther;
}

const char* MethodName(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
    case Method::kOther: break;
  }
  return "OTHER";
}

std::span<const RouteSpec> Routes() {
  return kRoutes;
}

Decoded<RouteMatch> MatchRoute(Method method, const RequestTarget& target) {
  std::string allowed;
  for (const RouteSpec& route : kRoutes) {
    RouteMatch match;
    if (!PathMatches(route.pattern, target, match.param)) continue;
    if (route.method != method) {
      allowed += allowed.empty() ? MethodName(route.method) : fmt::format(", {}", MethodName(route.method));
      continue;
    }
    match.route = &route;
    if (auto error = ReadParam(route, match)) return *error;
    if (auto error = ReadQuery(route, target, match.query)) return *error;
    return match;
  }
  // SPEC §8 answers with 400/401/403/404/409/413/500 only: a path known under other
  // methods is a 404 that names them.
  if (!allowed.empty()) {
    return NotFound(fmt::format("no route for {} on this path; it takes {}", MethodName(method), allowed));
  }
  return NotFound("no such route; the API is described at /api/v1/openapi.json");
}

}  // namespace northstar::server
