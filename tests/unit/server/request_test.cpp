// The API's request decoding: targets, routes, query parameters and JSON bodies.
#include <gtest/gtest.h>

#include <string>

#include "server/request_body.h"

namespace northstar::server {
namespace {

const RequestLimits kLimits;

RequestTarget Target(std::string_view text) {
  auto decoded = ParseRequestTarget(text, kLimits);
  EXPECT_TRUE(std::holds_alternative<RequestTarget>(decoded)) << text;
  return std::holds_alternative<RequestTarget>(decoded) ? std::get<RequestTarget>(decoded) : RequestTarget{};
}

ApiError TargetError(std::string_view text) {
  auto decoded = ParseRequestTarget(text, kLimits);
  EXPECT_TRUE(std::holds_alternative<ApiError>(decoded)) << text;
  return std::holds_alternative<ApiError>(decoded) ? std::get<ApiError>(decoded) : ApiError{};
}

ApiRequest Request(std::string_view method, std::string_view target, std::string_view body = "") {
  auto decoded = DecodeRequest(method, target, body, kLimits);
  if (auto* error = std::get_if<ApiError>(&decoded)) {
    ADD_FAILURE() << method << " " << target << ": " << error->message;
    return {};
  }
  return std::get<ApiRequest>(decoded);
}

ApiError RequestError(std::string_view method, std::string_view target, std::string_view body = "") {
  auto decoded = DecodeRequest(method, target, body, kLimits);
  EXPECT_TRUE(std::holds_alternative<ApiError>(decoded)) << method << " " << target << " " << body;
  return std::holds_alternative<ApiError>(decoded) ? std::get<ApiError>(decoded) : ApiError{};
}

TEST(RequestTargetTest, SegmentsAndQueryAreDecoded) {
  RequestTarget t =
      Target("/api/v1/kpis/first%20reply/values?grain=week&segment=channel%3Demail&owner=Ana+Lima");
  ASSERT_EQ(t.segments.size(), 5u);
  EXPECT_EQ(t.segments[3], "first reply");
  ASSERT_EQ(t.query.size(), 3u);
  EXPECT_EQ(t.query[1].second, "channel=email");
  EXPECT_EQ(t.query[2].second, "Ana Lima");
  EXPECT_TRUE(Target("/").segments.empty());
  EXPECT_EQ(Target("/api/v1/kpis/").segments.size(), 3u);  // a trailing slash is ignored
  EXPECT_EQ(Target("/metrics?&&").query.size(), 0u);
}

TEST(RequestTargetTest, TraversalAndHiddenBytesAreRefused) {
  for (const char* target :
       {"/assets/..", "/assets/%2e%2e", "/assets/%2E%2E/secret", "/assets/.", "/assets/a%2Fb",
        "/assets/a%5Cb", "/assets/a%00b", "/kpis/%0a", "/a//b", "//", "/a%", "/a%4", "/a%zz", "/a%C3%28",
        "relative", "", "/a b", "/?x=%ff", "/?x=%01"}) {
    EXPECT_EQ(TargetError(target).http_status, 400) << target;
  }
}

TEST(RequestTargetTest, LimitsAreErrorsThatSayWhichLimit) {
  EXPECT_NE(TargetError("/" + std::string(9000, 'a')).message.find("8192"), std::string::npos);
  std::string many = "/";
  for (int i = 0; i < 17; ++i) many += "a/";
  EXPECT_NE(TargetError(many).message.find("16 segments"), std::string::npos);
  std::string params = "/metrics?";
  for (int i = 0; i < 33; ++i) params += "a" + std::to_string(i) + "=1&";
  EXPECT_NE(TargetError(params).message.find("32 query"), std::string::npos);
}

TEST(RouteTest, EveryRouteOfTheSpecMatches) {
  EXPECT_EQ(Request("GET", "/").match.route->id, RouteId::kDashboard);
  EXPECT_EQ(Request("GET", "/metrics").match.route->id, RouteId::kMetrics);
  EXPECT_EQ(Request("GET", "/api/v1/openapi.json").match.route->id, RouteId::kOpenApi);
  EXPECT_EQ(Request("GET", "/api/v1/goals").match.route->id, RouteId::kGoals);
  EXPECT_EQ(Request("GET", "/api/v1/kpis").match.route->id, RouteId::kKpis);
  ApiRequest kpi = Request("GET", "/api/v1/kpis/first_response_30m");
  EXPECT_EQ(kpi.match.route->id, RouteId::kKpi);
  EXPECT_EQ(kpi.match.param, "first_response_30m");
  ApiRequest values =
      Request("GET", "/api/v1/kpis/csat/values?grain=weekly&segment=channel&from=2026-W01&to=2026-W10");
  EXPECT_EQ(values.match.route->id, RouteId::kKpiValues);
  EXPECT_EQ(values.match.query.grain, catalog::Grain::kWeek);
  EXPECT_EQ(values.match.query.from, "2026-W01");
  EXPECT_EQ(Request("GET", "/api/v1/status?owner=ana").match.query.owner, "ana");
  EXPECT_EQ(Request("GET", "/api/v1/actions").match.route->id, RouteId::kActions);
  ApiRequest note = Request("POST", "/api/v1/actions/12/notes", R"({"text": "called the vendor"})");
  EXPECT_EQ(note.match.number, 12);
  EXPECT_EQ(std::get<NoteInput>(note.body).text, "called the vendor");
  EXPECT_EQ(Request("POST", "/api/v1/actions/12/close").match.route->id, RouteId::kActionClose);
  EXPECT_EQ(Request("GET", "/api/v1/annotations").match.route->id, RouteId::kAnnotations);
  EXPECT_EQ(Request("DELETE", "/api/v1/annotations/7").match.number, 7);
  EXPECT_EQ(Request("GET", "/api/v1/reviews/2026-W10").match.param, "2026-W10");
  EXPECT_EQ(Request("GET", "/review/2026-W10").match.route->id, RouteId::kReviewPage);
  EXPECT_EQ(Request("POST", "/api/v1/refresh", "{}").match.route->role, Role::kAdmin);
  EXPECT_EQ(Request("GET", "/assets/app-3f2a.js").match.param, "app-3f2a.js");
}

TEST(RouteTest, WrongPathMethodOrParameterIsTheRightError) {
  EXPECT_EQ(RequestError("GET", "/api/v2/kpis").http_status, 404);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis/a/b/c").http_status, 404);
  ApiError method = RequestError("PUT", "/api/v1/annotations");
  EXPECT_EQ(method.http_status, 404);  // SPEC §8's statuses have no 405
  EXPECT_NE(method.message.find("no route for PUT on this path; it takes GET, POST"), std::string::npos)
      << method.message;
  EXPECT_NE(RequestError("PATCH", "/api/v1/annotations/1").message.find("no route for OTHER on this path"),
            std::string::npos);
  EXPECT_NE(RequestError("DELETE", "/api/v1/kpis").message.find("it takes GET"), std::string::npos);
  EXPECT_EQ(RequestError("GET", "/assets/.env").http_status, 404);
  for (const char* id : {"0", "-1", "+3", "1e3", "x", "99999999999999999999"}) {
    EXPECT_EQ(RequestError("DELETE", std::string("/api/v1/annotations/") + id).http_status, 400) << id;
  }
  EXPECT_EQ(RequestError("GET", "/api/v1/reviews/last-week").http_status, 400);
}

TEST(RouteTest, QueryParametersAreCheckedNotIgnored) {
  EXPECT_NE(
      RequestError("GET", "/api/v1/status?grian=week").message.find("unknown query parameter \"grian\""),
      std::string::npos);
  EXPECT_NE(RequestError("GET", "/api/v1/kpis?grain=week").message.find("takes no query"), std::string::npos);
  EXPECT_NE(RequestError("GET", "/api/v1/status?grain=week&grain=month").message.find("twice"),
            std::string::npos);
  EXPECT_NE(RequestError("GET", "/api/v1/status?grain=fortnight").message.find("day, week"),
            std::string::npos);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis/x/values?from=2026-W10&to=2026-W01").http_status, 400);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis/x/values?from=2026-W10&to=2026-03").http_status, 400);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis/x/values?from=yesterday").http_status, 400);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis/x/values?segment=").http_status, 400);
}

TEST(RequestBodyTest, AnnotationIsDecodedWithItsRange) {
  ApiRequest one = Request("POST", "/api/v1/annotations",
                           R"({"kpi": "csat", "period": "2026-W10", "text": "new survey vendor"})");
  const auto& a = std::get<AnnotationInput>(one.body);
  EXPECT_EQ(a.from, "2026-W10");
  EXPECT_EQ(a.to, "2026-W10");
  EXPECT_FALSE(a.process_change);
  ApiRequest range =
      Request("POST", "/api/v1/annotations",
              R"({"kpi": "*", "period": "2026-W10..2026-W12", "text": "outage", "process_change": true})");
  const auto& r = std::get<AnnotationInput>(range.body);
  EXPECT_EQ(r.to, "2026-W12");
  EXPECT_TRUE(r.process_change);
}

TEST(RequestBodyTest, BadBodiesAreRefusedAsAWhole) {
  const std::string route = "/api/v1/annotations";
  for (const char* body :
       {R"([1])", R"("text")", R"({"kpi": "csat", "period": "2026-W10"})",
        R"({"kpi": "csat", "period": "2026-W10", "text": "x", "colour": "red"})",
        R"({"kpi": "csat", "period": "2026-W10", "text": 5})",
        R"({"kpi": "csat", "period": "2026-W12..2026-W10", "text": "x"})",
        R"({"kpi": "csat", "period": "2026-W10..2026-03", "text": "x"})",
        R"({"kpi": "csat", "period": "soon", "text": "x"})",
        R"({"kpi": "csat", "period": "2026-W10", "text": "   "})",
        R"({"kpi": "csat", "period": "2026-W10", "text": "a\u0000b"})",
        R"({"kpi": "csat", "period": "2026-W10", "text": "x", "process_change": "yes"})",
        R"({"kpi": "", "period": "2026-W10", "text": "x"})", "{\"kpi\": \"\xff\"}", "{", ""}) {
    EXPECT_EQ(RequestError("POST", route, body).http_status, 400) << body;
  }
  EXPECT_EQ(RequestError("POST", "/api/v1/actions/3/notes", R"({"text": ")" + std::string(4001, 'a') + "\"}")
                .http_status,
            400);
  EXPECT_EQ(RequestError("POST", "/api/v1/refresh", R"({"all": true})").http_status, 400);
  EXPECT_EQ(RequestError("GET", "/api/v1/kpis", "{}").message, "this route takes no body");
}

TEST(RequestBodyTest, SizeAndDepthLimits) {
  EXPECT_EQ(RequestError("POST", "/api/v1/actions/3/notes", std::string(70 * 1024, ' ')).http_status, 413);
  const std::string deep = std::string(9, '[') + std::string(9, ']');
  ApiError error = RequestError("POST", "/api/v1/actions/3/notes", R"({"text": )" + deep + "}");
  EXPECT_NE(error.message.find("deeper than 8"), std::string::npos) << error.message;
  // 100 000 levels: refused without exhausting the stack.
  const std::string very_deep = std::string(100000, '[');
  EXPECT_EQ(RequestError("POST", "/api/v1/refresh", very_deep).http_status, 413);
  const std::string deep_enough = std::string(60000, '[');
  EXPECT_EQ(RequestError("POST", "/api/v1/refresh", deep_enough).http_status, 400);
}

TEST(ApiErrorTest, StatusesAndCodesComeFromTheErrorTable) {
  const ApiError query = RequestError("GET", "/api/v1/status?grain=fortnight");
  EXPECT_EQ(query.http_status, 400);
  EXPECT_EQ(query.code, "bad_request");
  const ApiError body = RequestError("POST", "/api/v1/actions/1/notes", "{}");
  EXPECT_EQ(body.http_status, 400);
  EXPECT_EQ(body.code, "invalid_input");
  EXPECT_EQ(RequestError("GET", "/nope").code, "not_found");
  const ApiError large = RequestError("POST", "/api/v1/refresh", std::string(65 * 1024, ' '));
  EXPECT_EQ(large.http_status, 413);
  EXPECT_EQ(large.code, "too_large");
}

TEST(ApiErrorTest, JsonBodyIsValidEvenForHostileText) {
  const std::string json = ApiErrorJson(BadRequest("bad \"x\" \xff"));
  EXPECT_EQ(json.rfind(R"({"error":{"code":"bad_request","message":"bad \"x\" )", 0), 0u) << json;
}

}  // namespace
}  // namespace northstar::server
