#include "server/openapi.h"

#include <nlohmann/json.hpp>
#include <string>

#include "server/routes.h"

namespace northstar::server {
namespace {

const char* Summary(RouteId id) {
  switch (id) {
    case RouteId::kDashboard: return "The dashboard (HTML)";
    case RouteId::kAsset: return "A file of the dashboard (script, style)";
    case RouteId::kReviewPage: return "The review of a period as an HTML page";
    case RouteId::kMetrics:
      return "Prometheus text format: KPI values, targets, statuses and server counters";
    case RouteId::kOpenApi: return "This document";
    case RouteId::kGoals:
      return "The goals in tree order (parent, depth), each with its score, KPIs and their latest judged "
             "values";
    case RouteId::kKpis: return "Every KPI's passport with its latest judged value";
    case RouteId::kKpi: return "One KPI's passport with its latest judged value";
    case RouteId::kKpiValues:
      return "A KPI's judged series: value, target, status, limits, signals, restatements";
    case RouteId::kKpiExplain:
      return "One judged value and everything behind it: target, limits, signals, guards, the segments that "
             "moved (mix vs rate), drivers, lead-lag evidence, notes, open actions, history (`northstar "
             "explain --format json`)";
    case RouteId::kStatus:
      return "The goal tree with scores and forecasts, and the objectives (`northstar status --format json`)";
    case RouteId::kActions: return "Action items";
    case RouteId::kDigest:
      return "Per owner (or one `owner`): what is off track, what changed, and the actions due within 7 days "
             "or overdue (`northstar digest --format json`, one object per owner)";
    case RouteId::kActionNote: return "Add a note to an action item";
    case RouteId::kActionClose: return "Close an action item (with an optional note)";
    case RouteId::kAnnotations: return "Annotations";
    case RouteId::kAnnotationCreate: return "Add an annotation";
    case RouteId::kAnnotationUpdate:
      return "Edit an annotation: its KPI, period or range, text, process change";
    case RouteId::kAnnotationDelete: return "Delete an annotation";
    case RouteId::kReview: return "The review of a period as JSON (its Markdown and HTML)";
    case RouteId::kRefresh: return "Ingest every source and compute; returns what changed";
    case RouteId::kEvents:
      return "Server-sent events (text/event-stream) as things change: `refresh` (new values computed), "
             "`actions`, `annotations`; `after` replays the kept events after that id";
    case RouteId::kAudit:
      return "The newest 500 write requests: who, what, when and the answer (refused ones too)";
    case RouteId::kSessionCreate:
      return "A browser session from a token (not a share link's): sets the HttpOnly cookie `ns_session` and "
             "returns the session's `csrf_token`; needs the header X-CSRF-Token (any value) so no other "
             "site's "
             "form can sign a browser in";
    case RouteId::kSession:
      return "Who is asking: role, and for a browser session its expiry and the `csrf_token` its writes must "
             "send as X-CSRF-Token";
    case RouteId::kSessionEnd: return "Ends the browser session of the cookie (signs out)";
  }
  return "";
}

nlohmann::json Parameter(const std::string& name, const char* where, bool required) {
  return {{"name", name}, {"in", where}, {"required", required}, {"schema", {{"type", "string"}}}};
}

nlohmann::json ErrorResponse(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

nlohmann::json BodySchema(RouteId id) {
  auto text = nlohmann::json{{"type", "string"}};
  switch (id) {
    case RouteId::kAnnotationCreate:
    case RouteId::kAnnotationUpdate:
      return {{"type", "object"},
              {"required", {"kpi", "period", "text"}},
              {"additionalProperties", false},
              {"properties",
               {{"kpi", text}, {"period", text}, {"text", text}, {"process_change", {{"type", "boolean"}}}}}};
    case RouteId::kActionNote:
      return {{"type", "object"},
              {"required", {"text"}},
              {"additionalProperties", false},
              {"properties", {{"text", text}}}};
    case RouteId::kActionClose:
      return {{"type", "object"}, {"additionalProperties", false}, {"properties", {{"note", text}}}};
    case RouteId::kSessionCreate:
      return {{"type", "object"},
              {"required", {"token"}},
              {"additionalProperties", false},
              {"properties", {{"token", text}}}};
    default: return {{"type", "object"}, {"additionalProperties", false}};
  }
}

}  // namespace

nlohmann::json OpenApiDocument() {
  nlohmann::json paths = nlohmann::json::object();
  for (const RouteSpec& r : Routes()) {
    nlohmann::json op = {{"summary", Summary(r.id)}, {"x-northstar-role", RoleName(r.role)}};
    nlohmann::json params = nlohmann::json::array();
    std::string_view pattern = r.pattern;
    const size_t open = pattern.find('{');
    if (open != std::string_view::npos) {
      const size_t close = pattern.find('}', open);
      params.push_back(Parameter(std::string(pattern.substr(open + 1, close - open - 1)), "path", true));
    }
    std::string_view query = r.query;
    while (!query.empty()) {
      const size_t comma = query.find(',');
      params.push_back(Parameter(std::string(query.substr(0, comma)), "query", false));
      query = comma == std::string_view::npos ? std::string_view() : query.substr(comma + 1);
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.method == Method::kPost || r.method == Method::kPut) {
      op["requestBody"] = {
          {"required", r.id == RouteId::kAnnotationCreate || r.id == RouteId::kActionNote ||
                           r.id == RouteId::kSessionCreate || r.id == RouteId::kAnnotationUpdate},
          {"content", {{"application/json", {{"schema", BodySchema(r.id)}}}}}};
    }
    // A token, or a browser session's cookie (whose writes also send X-CSRF-Token).
    op["security"] = r.role == Role::kNone ? nlohmann::json::array()
                                           : nlohmann::json::array({{{"bearer", nlohmann::json::array()}},
                                                                    {{"session", nlohmann::json::array()}}});
    nlohmann::json responses = {{"200", {{"description", "OK"}}},
                                {"400", ErrorResponse("the path, query or body is not valid")},
                                {"404", ErrorResponse("no such route or object")},
                                {"500", ErrorResponse("a failure on the server")}};
    if (r.role != Role::kNone) {
      responses["401"] = ErrorResponse("no token, or an unknown or revoked one");
      responses["403"] = ErrorResponse("the token's role may not do this");
    }
    if (r.method == Method::kPost || r.method == Method::kPut)
      responses["413"] = ErrorResponse("the body is over the size limit");
    op["responses"] = responses;
    const char* method = r.method == Method::kGet    ? "get"
                         : r.method == Method::kPost ? "post"
                         : r.method == Method::kPut  ? "put"
                                                     : "delete";
    paths[std::string(r.pattern)][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Northstar API"},
            {"version", "1"},
            {"description", "KPIs, their judged values, goals, actions and reviews (SPEC §8)."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "ns_session"}}}}},
            {"schemas",
             {{"Error",
               {{"type", "object"},
                {"required", {"error"}},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"required", {"code", "message"}},
                    {"properties",
                     {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}};
}

}  // namespace northstar::server
