// The API end to end over a real workspace: every route of the OpenAPI document called
// with no token, with each role below the one it needs, and with the right one (the
// routes come from the document, not a sample); tokens revoked or malformed; anonymous
// reads; the values it serves against the computed ones; the cache after new data;
// and, over loopback, oversized and malformed bodies, path traversal and /metrics read
// by a parser of the Prometheus text format.
#include "server/api.h"

#include <gtest/gtest.h>

#include <httplib.h>
#include <condition_variable>
#include <mutex>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "actions/action_log.h"
#include "server/http_server.h"
#include "server/openapi.h"
#include "service/report_json.h"
#include "testing/temp_dir.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::server {
namespace {

constexpr const char* kWorkspaceYaml = R"(workspace: api
timezone: UTC
sources:
  t:
    from: csv:data/t.csv
    key: id
    time: at
    columns: {id: int, at: timestamp, ok: bool, region: string}
)";

constexpr const char* kCatalogYaml = R"(goals:
  - id: fast
    statement: Answer fast by 2027-01-01
    level: team
    owner: head
    deadline: 2027-01-01
kpis:
  - id: ok_share
    name: Share answered in time
    goal: fast
    source: t
    formula: count(where ok) / count()
    unit: ratio
    direction: higher_is_better
    frequency: daily
    review: daily
    owner: head
    target: {value: 0.5}
    segments: [region]
objectives:
  - id: grow
    statement: Answer more in time
    type: aspirational
    owner: head
    key_results:
      - {kpi: ok_share, baseline: 0.4, target: 0.6, weight: 3}
      - {description: Hire two agents, score: 0.9, note: one of two hired}
      - Write the runbook
)";

// Day d of March 2026 has d + 1 rows alternating ok/not ok (ok first) and EU/NA.
std::string Rows(int first_day, int last_day, int& next_id) {
  std::string csv;
  for (int d = first_day; d <= last_day; ++d) {
    for (int r = 0; r <= d; ++r) {
      char line[96];
      std::snprintf(line, sizeof line, "%d,2026-03-%02dT10:%02d:00Z,%s,%s\n", next_id++, d, r,
                    r % 2 == 0 ? "true" : "false", r % 2 == 0 ? "EU" : "NA");
      csv += line;
    }
  }
  return csv;
}

nlohmann::json Body(const HttpResponse& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/catalog");
    std::filesystem::create_directories(dir_.path() + "/data");
    dir_.Write("northstar.yaml", kWorkspaceYaml);
    dir_.Write("catalog/kpis.yaml", kCatalogYaml);
    data_ = Rows(1, 12, next_id_);
    dir_.Write("data/t.csv", "id,at,ok,region\n" + data_);
    env_.clock = &clock_;
    auto ws = service::Workspace::Open(dir_.path(), env_);
    ASSERT_TRUE(ws.ok()) << ws.status().ToString();
    workspace_ = std::move(ws).value();
    auto computed = workspace_->Compute({});
    ASSERT_TRUE(computed.ok()) << computed.status().ToString();
    auto log = actions::ActionLog::Open(workspace_->ResultsPath());
    ASSERT_TRUE(log.ok());
    actions::ActionItem item;
    item.kpi = item.subject = "ok_share";
    item.segment = "*";
    item.grain = catalog::Grain::kDay;
    item.period = "2026-03-05";
    item.rules = "beyond_limits";
    item.what = "Look at the queue";
    item.who = "head";
    item.due = "2026-03-19";
    item.opened_at = "2026-03-06T00:00:00Z";
    auto id = (*log)->AddItem(item);
    ASSERT_TRUE(id.ok());
    action_id_ = *id;
    auto tokens = auth::TokenStore::Open(workspace_->AuthPath());
    ASSERT_TRUE(tokens.ok());
    tokens_ = std::move(tokens).value();
    for (auth::Role role : {auth::Role::kViewer, auth::Role::kEditor, auth::Role::kAdmin}) {
      auto created = tokens_->Create(role, auth::RoleName(role), "2026-03-20T12:00:00Z");
      ASSERT_TRUE(created.ok());
      token_[role] = created->token;
    }
    auto audit = auth::AuditLog::Open(workspace_->AuthPath());
    ASSERT_TRUE(audit.ok());
    audit_ = std::move(audit).value();
    ApiOptions options;
    options.audit = audit_.get();
    api_ = std::make_unique<Api>(*workspace_, *tokens_, options);
  }

  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                    auth::Role role = auth::Role::kNone) {
    HttpRequestText request{method, target, body, "", "", "x"};  // X-CSRF-Token: only signing in reads it
    if (role != auth::Role::kNone) request.authorization = "Bearer " + token_[role];
    return api_->Handle(request);
  }

  testing::TempDir dir_;
  std::string data_;
  int next_id_ = 1;
  int64_t action_id_ = 0;
  time::FixedClock clock_{
      time::ParseIsoTimestamp("2026-03-20T12:00:00Z", time::ZoneConverter::Utc()).value()};
  service::Environment env_ = service::Environment::System();
  std::unique_ptr<service::Workspace> workspace_;
  std::unique_ptr<auth::TokenStore> tokens_;
  std::unique_ptr<auth::AuditLog> audit_;
  std::map<auth::Role, std::string> token_;
  std::unique_ptr<Api> api_;
};

// A concrete target and body for a route of the document.
std::pair<std::string, std::string> Instance(const std::string& pattern, const std::string& method,
                                             int64_t action_id, const std::string& token) {
  std::string path = pattern;
  const std::string id = pattern.find("/actions/") != std::string::npos ? std::to_string(action_id)
                         // The document lists DELETE before PUT: PUT edits the second one POST made.
                         : pattern.find("/annotations/") != std::string::npos ? (method == "PUT" ? "2" : "1")
                                                                              : "ok_share";
  path = std::regex_replace(path, std::regex(R"(\{id\})"), id);
  path = std::regex_replace(path, std::regex(R"(\{period\})"), "latest");
  path = std::regex_replace(path, std::regex(R"(\{name\})"), "app.js");
  std::string body;
  if (method == "POST" || method == "PUT") {
    if (pattern.ends_with("/notes")) body = R"({"text": "called the team"})";
    if (pattern.starts_with("/api/v1/annotations"))
      body = R"({"kpi": "ok_share", "period": "2026-03-03", "text": "x"})";
    if (pattern == "/api/v1/session") body = R"({"token": ")" + token + R"("})";
  }
  return {path, body};
}

TEST_F(ApiTest, EveryRouteOfTheDocumentChecksTheRoleItNeeds) {
  const nlohmann::json doc = OpenApiDocument();
  int routes = 0;
  for (const auto& [pattern, methods] : doc["paths"].items()) {
    for (const auto& [method_lower, op] : methods.items()) {
      std::string method = method_lower;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto role =
          auth::ParseRole(op["x-northstar-role"].get<std::string>()).value_or(auth::Role::kNone);
      const auto [target, body] = Instance(pattern, method, action_id_, token_[auth::Role::kViewer]);
      SCOPED_TRACE(method + " " + target);
      ++routes;
      if (role == auth::Role::kNone) {
        const HttpResponse r = Call(method, target, body);
        EXPECT_EQ(r.status, 200) << r.body;
        continue;
      }
      const HttpResponse anonymous = Call(method, target, body);
      EXPECT_EQ(anonymous.status, 401) << anonymous.body;
      EXPECT_EQ(Body(anonymous)["error"]["code"], "unauthorized");
      for (auth::Role lower = auth::Role::kViewer; lower < role;
           lower = static_cast<auth::Role>(static_cast<int>(lower) + 1)) {
        const HttpResponse r = Call(method, target, body, lower);
        EXPECT_EQ(r.status, 403) << auth::RoleName(lower) << ": " << r.body;
        EXPECT_EQ(Body(r)["error"]["code"], "forbidden");
      }
      const HttpResponse allowed = Call(method, target, body, role);
      EXPECT_EQ(allowed.status, 200) << allowed.body;
      // A higher role may do what a lower one may.
      if (role != auth::Role::kAdmin) {
        const HttpResponse admin = Call(method, target, body, auth::Role::kAdmin);
        EXPECT_NE(admin.status, 401);
        EXPECT_NE(admin.status, 403);
      }
    }
  }
  EXPECT_EQ(routes, 26);
}

// A browser session: a token signs in once (POST /api/v1/session); then the HttpOnly
// cookie alone reads, writes also need the session's CSRF token, and ending the session,
// revoking its token or its expiry all end what the cookie opens.
TEST_F(ApiTest, BrowserSessionsRideACookieAndWritesNeedTheirCsrfToken) {
  auto handle = [this](const std::string& method, const std::string& target, const std::string& body,
                       const std::string& cookie, const std::string& csrf) {
    return api_->Handle({method, target, body, "", cookie, csrf});
  };
  auto sign_in = [&](auth::Role role) {
    const HttpResponse r =
        handle("POST", "/api/v1/session", R"({"token": ")" + token_[role] + R"("})", "", "new");
    EXPECT_EQ(r.status, 200) << r.body;
    std::string set_cookie;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") set_cookie = value;
    }
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; Max-Age=43200"), std::string::npos) << set_cookie;
    return std::make_pair(set_cookie.substr(0, set_cookie.find(';')),
                          Body(r)["csrf_token"].get<std::string>());
  };
  const auto [cookie, csrf] = sign_in(auth::Role::kEditor);
  ASSERT_EQ(cookie.rfind("ns_session=nss_", 0), 0u) << cookie;
  const std::string header = "theme=dark; " + cookie;  // among other cookies
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", header, "").status, 200);
  const HttpResponse who = handle("GET", "/api/v1/session", "", header, "");
  EXPECT_EQ(Body(who)["role"], "editor");
  EXPECT_EQ(Body(who)["owner"], "");
  EXPECT_EQ(Body(who)["csrf_token"], csrf);
  EXPECT_EQ(Body(who)["expires_at"], "2026-03-21T00:00:00Z");
  // Writes: without the CSRF token, or with another, refused; with it, done.
  const std::string note = R"({"kpi": "ok_share", "period": "2026-03-03", "text": "from a browser"})";
  EXPECT_EQ(handle("POST", "/api/v1/annotations", note, header, "").status, 403);
  EXPECT_EQ(handle("POST", "/api/v1/annotations", note, header, csrf + "x").status, 403);
  EXPECT_EQ(handle("POST", "/api/v1/annotations", note, header, csrf).status, 200);
  // The session's role is its token's: a viewer's session may not write.
  const auto [viewer_cookie, viewer_csrf] = sign_in(auth::Role::kViewer);
  EXPECT_EQ(handle("POST", "/api/v1/annotations", note, viewer_cookie, viewer_csrf).status, 403);
  // Signing in needs a custom header (no cross-site form sends one), a token that
  // verifies, and not a share link's.
  EXPECT_EQ(
      handle("POST", "/api/v1/session", R"({"token": ")" + token_[auth::Role::kViewer] + R"("})", "", "")
          .status,
      403);
  EXPECT_EQ(handle("POST", "/api/v1/session", R"({"token": "ns_1_wrong"})", "", "new").status, 401);
  auto share = tokens_->CreateShare("kpi:ok_share", "", "2026-03-20T12:00:00Z", "");
  ASSERT_TRUE(share.ok());
  EXPECT_EQ(handle("POST", "/api/v1/session", R"({"token": ")" + share->token + R"("})", "", "new").status,
            401);
  // Two session cookies (one planted by a page on another port or a sibling domain): neither is trusted.
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", "ns_session=nss_9_planted; " + cookie, "").status, 401);
  // Signing in again from a browser that holds a session ends that one; the audit log
  // names the new session, not the old one nor "anonymous".
  const HttpResponse again =
      handle("POST", "/api/v1/session", R"({"token": ")" + token_[auth::Role::kViewer] + R"("})",
             viewer_cookie, "new");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", viewer_cookie, "").status, 401);
  const nlohmann::json log = Body(Call("GET", "/api/v1/audit", "", auth::Role::kAdmin));
  EXPECT_EQ(log[0]["target"], "/api/v1/session");
  EXPECT_EQ(log[0]["actor"].get<std::string>().rfind("session ", 0), 0u) << log[0];
  EXPECT_NE(log[0]["actor"].get<std::string>().find(" of token 1 (viewer)"), std::string::npos) << log[0];
  // An unknown or ended cookie is no caller: a page anyone may load still loads.
  EXPECT_EQ(handle("GET", "/", "", "ns_session=nss_1_forged", "").status, 200);
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", "ns_session=nss_1_forged", "").status, 401);
  const HttpResponse ended = handle("DELETE", "/api/v1/session", "", header, csrf);
  EXPECT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Body(ended)["ended"], true);
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", header, "").status, 401);
  // A token made for an owner: the session says whose KPIs are "mine".
  auto owned = tokens_->Create(auth::Role::kViewer, "alice", "2026-03-20T12:00:00Z", "head");
  ASSERT_TRUE(owned.ok());
  const HttpResponse alice =
      handle("POST", "/api/v1/session", R"({"token": ")" + owned->token + R"("})", "", "new");
  EXPECT_EQ(Body(alice)["owner"], "head");
  // Revoking the token ends its sessions; so does time.
  const auto [later_cookie, later_csrf] = sign_in(auth::Role::kViewer);
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", later_cookie, "").status, 200);
  clock_.Advance(12 * 3600 * time::kMicrosPerSecond);
  EXPECT_EQ(handle("GET", "/api/v1/goals", "", later_cookie, "").status, 401);
  const auto [admin_cookie, admin_csrf] = sign_in(auth::Role::kAdmin);
  EXPECT_EQ(handle("GET", "/api/v1/audit", "", admin_cookie, "").status, 200);
  ASSERT_TRUE(tokens_->Revoke(3, "2026-03-21T13:00:00Z").ok());  // the admin token
  EXPECT_EQ(handle("GET", "/api/v1/audit", "", admin_cookie, "").status, 401);
}

TEST_F(ApiTest, RevokedMalformedAndUnknownTokensAreRefused) {
  EXPECT_EQ(Call("GET", "/api/v1/goals", "", auth::Role::kViewer).status, 200);
  ASSERT_TRUE(tokens_->Revoke(1, "2026-03-20T13:00:00Z").ok());
  EXPECT_EQ(Call("GET", "/api/v1/goals", "", auth::Role::kViewer).status, 401);
  for (const std::string& header :
       std::vector<std::string>{"Bearer ", "Basic abc", "Bearer ns_2_wrong", "Bearer ns_99_x", "Bearer x",
                                "Bearer " + token_[auth::Role::kEditor] + "x"}) {
    const HttpResponse r = api_->Handle({"GET", "/api/v1/goals", "", header});
    EXPECT_EQ(r.status, 401) << header;
  }
  // Even a route anyone may read refuses a bad token rather than ignoring it.
  EXPECT_EQ(api_->Handle({"GET", "/api/v1/openapi.json", "", "Bearer ns_1_x"}).status, 401);
}

TEST_F(ApiTest, AnonymousReadsWhenConfiguredButNeverWrites) {
  Api open(*workspace_, *tokens_, ApiOptions{RequestLimits{}, /*anonymous_read=*/true, false});
  EXPECT_EQ(open.Handle({"GET", "/api/v1/goals", "", ""}).status, 200);
  EXPECT_EQ(open.Handle({"POST", "/api/v1/actions/1/close", "{}", ""}).status, 401);
  EXPECT_EQ(open.Handle({"POST", "/api/v1/refresh", "", ""}).status, 401);
  Api guarded(*workspace_, *tokens_, ApiOptions{RequestLimits{}, false, /*metrics_token=*/true});
  EXPECT_EQ(guarded.Handle({"GET", "/metrics", "", ""}).status, 401);
  EXPECT_EQ(guarded.Handle({"GET", "/metrics", "", "Bearer " + token_[auth::Role::kViewer]}).status, 200);
}

// The goal tree of one owner ("My KPIs"): theirs, and nobody's for a stranger.
TEST_F(ApiTest, GoalsOfOneOwner) {
  const HttpResponse head = Call("GET", "/api/v1/goals?owner=head", "", auth::Role::kViewer);
  ASSERT_EQ(head.status, 200) << head.body;
  size_t cards = 0;
  for (const auto& goal : Body(head)) cards += goal["kpis"].size();
  EXPECT_GT(cards, 0u);
  const HttpResponse stranger = Call("GET", "/api/v1/goals?owner=nobody", "", auth::Role::kViewer);
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  size_t theirs = 0;
  for (const auto& goal : Body(stranger)) theirs += goal["kpis"].size();
  EXPECT_EQ(theirs, 0u);
}

TEST_F(ApiTest, ServesTheComputedValuesAndTheirJudgement) {
  const HttpResponse r =
      Call("GET", "/api/v1/kpis/ok_share/values?segment=region&from=2026-03-03&to=2026-03-04", "",
           auth::Role::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json body = Body(r);
  EXPECT_EQ(body["grain"], "day");
  EXPECT_EQ(body["segments"], nlohmann::json({"*", "region=EU", "region=NA"}));
  ASSERT_EQ(body["series"].size(), 3u);
  const nlohmann::json& whole = body["series"][0];
  EXPECT_EQ(whole["segment"], "*");
  ASSERT_EQ(whole["points"].size(), 2u);
  // Day 3: 4 rows, 2 ok -> 0.5 (meets the 0.5 target); day 4: 5 rows, 3 ok -> 0.6.
  EXPECT_EQ(whole["points"][0]["period"], "2026-03-03");
  EXPECT_EQ(whole["points"][0]["value"], 0.5);
  EXPECT_EQ(whole["points"][0]["rows"], 4);
  EXPECT_EQ(whole["points"][0]["target_value"], 0.5);
  EXPECT_EQ(whole["points"][0]["status"], "on_track");
  EXPECT_EQ(whole["points"][1]["value"], 0.6);
  EXPECT_EQ(body["series"][1]["points"][0]["value"], 1.0);  // EU holds the ok rows
  EXPECT_EQ(body["series"][2]["points"][0]["value"], 0.0);

  const nlohmann::json kpi = Body(Call("GET", "/api/v1/kpis/ok_share", "", auth::Role::kViewer));
  EXPECT_EQ(kpi["formula"], "count(where ok) / count()");
  EXPECT_EQ(kpi["goal"], "fast");
  // The last day with data, 2026-03-12, ends at 10:12: still in progress.
  EXPECT_EQ(kpi["latest"]["period"], "2026-03-11");
  EXPECT_EQ(kpi["latest"]["previous"]["period"], "2026-03-10");
  EXPECT_EQ(kpi["latest"]["in_progress"]["period"], "2026-03-12");

  EXPECT_EQ(Call("GET", "/api/v1/kpis/nope", "", auth::Role::kViewer).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/nope/values", "", auth::Role::kViewer).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values?segment=region=XX", "", auth::Role::kViewer).status,
            404);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values?grian=day", "", auth::Role::kViewer).status, 400);
}

// /api/v1/kpis/{id}/explain is `explain --format json`: one value and what is behind it.
TEST_F(ApiTest, ExplainsAValueAsTheCommandLineDoes) {
  // Day 4: 5 rows, 3 ok -> 0.6, against day 3's 0.5; EU holds every ok row.
  const HttpResponse r =
      Call("GET", "/api/v1/kpis/ok_share/explain?period=2026-03-04", "", auth::Role::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json body = Body(r);
  EXPECT_EQ(body["kpi"], "ok_share");
  EXPECT_EQ(body["period"], "2026-03-04");
  EXPECT_EQ(body["segment"], "*");
  EXPECT_EQ(body["value"], 0.6);
  EXPECT_EQ(body["rows"], 5);
  EXPECT_EQ(body["previous"]["period"], "2026-03-03");
  EXPECT_EQ(body["previous"]["value"], 0.5);
  ASSERT_EQ(body["segments"].size(), 1u);  // one dimension: region, mix vs rate
  EXPECT_EQ(body["segments"][0]["dimension"], "region");
  auto workspace = service::Workspace::Open(dir_.path(), service::Environment::System());
  ASSERT_TRUE(workspace.ok());
  auto report = (*workspace)->Explain({"ok_share", "2026-03-04", "*", std::nullopt});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(body, service::ExplainJson(*report));

  const nlohmann::json eu = Body(Call(
      "GET", "/api/v1/kpis/ok_share/explain?period=2026-03-04&segment=region=EU", "", auth::Role::kViewer));
  EXPECT_EQ(eu["segment"], "region=EU");
  EXPECT_EQ(eu["value"], 1.0);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/nope/explain", "", auth::Role::kViewer).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/explain?period=1999-01-01", "", auth::Role::kViewer).status,
            404);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/explain?period=soon", "", auth::Role::kViewer).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/explain?segment=region", "", auth::Role::kViewer).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/explain?from=2026-03-01", "", auth::Role::kViewer).status,
            400);
}

// /api/v1/status is `status --format json` (SPEC §10): the goal tree with scores and
// forecasts, and the objectives with their key results scored.
TEST_F(ApiTest, StatusIsTheScoredGoalTreeAndTheObjectives) {
  const HttpResponse r = Call("GET", "/api/v1/status", "", auth::Role::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json body = Body(r);
  ASSERT_TRUE(body.is_object());
  ASSERT_EQ(body["goals"].size(), 1u);
  const nlohmann::json& goal = body["goals"][0];
  EXPECT_EQ(goal["id"], "fast");
  EXPECT_EQ(goal["goals"], nlohmann::json::array());
  // 2026-03-11: 12 rows, 6 ok -> 0.5, exactly the target: met, score 1.
  const nlohmann::json& card = goal["kpis"][0];
  EXPECT_EQ(card["kpi"], "ok_share");
  EXPECT_EQ(card["period"], "2026-03-11");
  EXPECT_EQ(card["value"], 0.5);
  EXPECT_EQ(card["score"], 1.0);
  EXPECT_EQ(goal["score"], 1.0);
  // The deadline 2027-01-01 is 296 days after the last complete day; 11 complete days.
  const nlohmann::json& f = card["forecast"];
  ASSERT_TRUE(f.is_object()) << card.dump();
  EXPECT_EQ(f["deadline"], "2027-01-01");
  EXPECT_EQ(f["horizon"], 296);
  EXPECT_EQ(f["periods_used"], 11);
  EXPECT_LE(f["interval_80"][0].get<double>(), f["projected"].get<double>());
  EXPECT_GE(f["interval_80"][1].get<double>(), f["projected"].get<double>());
  const double p = f["probability_on_target"].get<double>();
  EXPECT_TRUE(p >= 0 && p <= 1) << p;

  ASSERT_EQ(body["objectives"].size(), 1u);
  const nlohmann::json& o = body["objectives"][0];
  EXPECT_EQ(o["type"], "aspirational");
  EXPECT_EQ(o["expected"], 0.7);
  const nlohmann::json& krs = o["key_results"];
  ASSERT_EQ(krs.size(), 3u);
  EXPECT_EQ(krs[0]["actual"], 0.5);
  EXPECT_DOUBLE_EQ(krs[0]["score"].get<double>(), (0.5 - 0.4) / (0.6 - 0.4));
  EXPECT_EQ(krs[1]["score"], 0.9);
  EXPECT_EQ(krs[2]["score"], nullptr) << "unscored, and left out of the mean";
  // (0.5 * 3 + 0.9 * 1) / 4 = 0.6: below the 0.7 an aspirational objective expects.
  EXPECT_DOUBLE_EQ(o["score"].get<double>(), (0.5 * 3 + 0.9) / 4);
  EXPECT_EQ(o["met"], false);
}

// Every request that tries to write is in the audit log with who sent it and the
// answer, refused ones included; reads are not.
// /api/v1/digest is `digest --format json`: one object per owner, or the one asked for.
TEST_F(ApiTest, DigestListsWhatEachOwnerShouldHear) {
  const HttpResponse all = Call("GET", "/api/v1/digest", "", auth::Role::kViewer);
  ASSERT_EQ(all.status, 200) << all.body;
  const nlohmann::json owners = nlohmann::json::parse(all.body);
  ASSERT_TRUE(owners.is_array());
  ASSERT_FALSE(owners.empty());
  const HttpResponse one = Call("GET", "/api/v1/digest?owner=head", "", auth::Role::kViewer);
  ASSERT_EQ(one.status, 200) << one.body;
  const nlohmann::json head = nlohmann::json::parse(one.body);
  ASSERT_EQ(head.size(), 1u);
  EXPECT_EQ(head[0]["owner"], "head");
  EXPECT_EQ(head[0]["kpis"], 1);
  EXPECT_EQ(head[0]["today"], "2026-03-20");
  // The item due on the 19th is overdue on the 20th.
  ASSERT_EQ(head[0]["actions_due"].size(), 1u);
  EXPECT_EQ(head[0]["actions_due"][0]["id"], action_id_);
  EXPECT_EQ(head[0]["actions_due"][0]["overdue"], true);
  EXPECT_EQ(Call("GET", "/api/v1/digest?owner=", "", auth::Role::kViewer).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/digest?onwer=head", "", auth::Role::kViewer).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/digest").status, 401);
}

// A share link's token opens its one KPI (passport, values, explanation) or its one
// review, read-only, until it expires or is revoked; nothing else.
TEST_F(ApiTest, ShareLinksOpenOneKpiOrOneReviewOnly) {
  auto kpi =
      tokens_->CreateShare("kpi:ok_share", "for the board", "2026-03-20T00:00:00Z", "2026-03-27T00:00:00Z");
  ASSERT_TRUE(kpi.ok()) << kpi.status().ToString();
  const std::string q = "?share=" + kpi->token;
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values" + q).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share" + q).status, 200);
  // Not the explanation: it shows guards, drivers and people's open actions.
  HttpRequestText explain{"GET", "/api/v1/kpis/ok_share/explain", "", "Bearer " + kpi->token};
  EXPECT_EQ(api_->Handle(explain).status, 403);
  // A full token is refused in the URL.
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share?share=" + token_[auth::Role::kViewer]).status, 401);
  // The values are the same as a viewer's.
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values" + q).body,
            Call("GET", "/api/v1/kpis/ok_share/values", "", auth::Role::kViewer).body);
  const HttpResponse other = Call("GET", "/api/v1/kpis/tickets/values" + q);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_NE(other.body.find("opens only kpi:ok_share"), std::string::npos) << other.body;
  EXPECT_EQ(Call("GET", "/review/2026-03-11" + q).status, 403);
  // As a header it is the same token, with the same limits: no scorecard, no writes.
  HttpRequestText as_header{"GET", "/api/v1/status", "", "Bearer " + kpi->token};
  EXPECT_EQ(api_->Handle(as_header).status, 403);
  HttpRequestText write{"POST", "/api/v1/actions/" + std::to_string(action_id_) + "/close", "{}",
                        "Bearer " + kpi->token};
  EXPECT_EQ(api_->Handle(write).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values?share=ns_1_wrong").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share/values?share=").status, 400);

  auto review = tokens_->CreateShare("review:2026-03-11", "", "2026-03-20T00:00:00Z", "");
  ASSERT_TRUE(review.ok());
  EXPECT_NE(Call("GET", "/review/2026-03-11?share=" + review->token).status, 403);
  EXPECT_EQ(Call("GET", "/review/2026-03-10?share=" + review->token).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share?share=" + review->token).status, 403);

  // Expired: the clock reads 2026-03-20T12:00Z.
  auto old = tokens_->CreateShare("kpi:ok_share", "", "2026-03-01T00:00:00Z", "2026-03-20T11:59:59Z");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share?share=" + old->token).status, 401);
  // Revoked.
  ASSERT_TRUE(tokens_->Revoke(kpi->info.id, "2026-03-20T12:00:00Z").ok());
  EXPECT_EQ(Call("GET", "/api/v1/kpis/ok_share" + q).status, 401);
  EXPECT_FALSE(tokens_->CreateShare("status", "", "2026-03-20T00:00:00Z", "").ok());
}

TEST_F(ApiTest, WritesAreAuditedWithTheirCallerAndAnswer) {
  const std::string note = "/api/v1/actions/" + std::to_string(action_id_) + "/notes";
  ASSERT_EQ(Call("POST", note, R"({"text": "called"})", auth::Role::kEditor).status, 200);
  ASSERT_EQ(Call("POST", note, R"({"text": "called"})", auth::Role::kViewer).status, 403);
  ASSERT_EQ(Call("POST", note, R"({"text": "called"})").status, 401);
  ASSERT_EQ(api_->Handle({"DELETE", "/api/v1/annotations/7", "", "Bearer ns_99_nope"}).status, 401);
  ASSERT_EQ(Call("GET", "/api/v1/goals", "", auth::Role::kViewer).status, 200);

  const HttpResponse r = Call("GET", "/api/v1/audit", "", auth::Role::kAdmin);
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json log = Body(r);
  ASSERT_EQ(log.size(), 4u) << log.dump();  // newest first; the read is not there
  EXPECT_EQ(log[3]["actor"], "token 2 (editor)");
  EXPECT_EQ(log[3]["role"], "editor");
  EXPECT_EQ(log[3]["method"], "POST");
  EXPECT_EQ(log[3]["target"], note);
  EXPECT_EQ(log[3]["status"], 200);
  EXPECT_EQ(log[3]["at"], "2026-03-20T12:00:00Z");
  EXPECT_EQ(log[2]["actor"], "token 1 (viewer)");
  EXPECT_EQ(log[2]["status"], 403);
  EXPECT_EQ(log[1]["actor"], "anonymous");
  EXPECT_EQ(log[1]["status"], 401);
  EXPECT_EQ(log[0]["actor"], "invalid token");
  EXPECT_EQ(log[0]["method"], "DELETE");
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", auth::Role::kEditor).status, 403);
  // Before and after: the note added to the item; refused writes changed nothing.
  EXPECT_EQ(log[3]["before"]["notes"].size(), 0u) << log[3];
  ASSERT_EQ(log[3]["after"]["notes"].size(), 1u) << log[3];
  EXPECT_EQ(log[3]["after"]["notes"][0]["text"], "called");
  EXPECT_TRUE(log[2]["before"].is_null() && log[2]["after"].is_null());
}

// The audit log keeps what each write changed: a creation's new object, an edit's old
// and new one, a deletion's old one, a close's item before and after.
TEST_F(ApiTest, AuditKeepsTheObjectBeforeAndAfterEachWrite) {
  ASSERT_EQ(Call("POST", "/api/v1/annotations",
                 R"({"kpi": "ok_share", "period": "2026-03-03", "text": "old"})", auth::Role::kEditor)
                .status,
            200);
  ASSERT_EQ(Call("PUT", "/api/v1/annotations/1",
                 R"({"kpi": "ok_share", "period": "2026-03-04", "text": "new"})", auth::Role::kEditor)
                .status,
            200);
  ASSERT_EQ(Call("DELETE", "/api/v1/annotations/1", "", auth::Role::kEditor).status, 200);
  ASSERT_EQ(
      Call("POST", "/api/v1/actions/" + std::to_string(action_id_) + "/close", "{}", auth::Role::kEditor)
          .status,
      200);
  const nlohmann::json log = Body(Call("GET", "/api/v1/audit", "", auth::Role::kAdmin));
  ASSERT_EQ(log.size(), 4u) << log.dump();
  const nlohmann::json &created = log[3], &edited = log[2], &deleted = log[1], &closed = log[0];
  EXPECT_TRUE(created["before"].is_null());
  EXPECT_EQ(created["after"]["text"], "old");
  EXPECT_EQ(edited["before"]["text"], "old");
  EXPECT_EQ(edited["before"]["from"], "2026-03-03");
  EXPECT_EQ(edited["after"]["text"], "new");
  EXPECT_EQ(edited["after"]["from"], "2026-03-04");
  EXPECT_EQ(deleted["before"]["text"], "new");
  EXPECT_TRUE(deleted["after"].is_null());
  EXPECT_EQ(closed["before"]["status"], "open");
  EXPECT_EQ(closed["after"]["status"], "closed");
}

TEST_F(ApiTest, ANewComputeIsServedAtOnce) {
  const auto latest = [&] {
    return Body(Call("GET", "/api/v1/kpis/ok_share", "", auth::Role::kViewer))["latest"]["period"];
  };
  EXPECT_EQ(latest(), "2026-03-11");
  EXPECT_EQ(latest(), "2026-03-11");  // cached
  data_ += Rows(13, 14, next_id_);
  dir_.Write("data/t.csv", "id,at,ok,region\n" + data_);
  const HttpResponse refresh = Call("POST", "/api/v1/refresh", "", auth::Role::kAdmin);
  ASSERT_EQ(refresh.status, 200) << refresh.body;
  EXPECT_EQ(latest(), "2026-03-13");
}

std::vector<nlohmann::json> Limits(const nlohmann::json& series) {
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& p : series["series"][0]["points"]) out.push_back(p["limits"]);
  return out;
}

TEST_F(ApiTest, AnnotationsAreStoredListedEditedAndDeleted) {
  const HttpResponse added = Call(
      "POST", "/api/v1/annotations",
      R"({"kpi": "ok_share", "period": "2026-03-03..2026-03-04", "text": "new rota"})", auth::Role::kEditor);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(Body(added)["from"], "2026-03-03");
  EXPECT_EQ(Body(added)["to"], "2026-03-04");
  EXPECT_EQ(Call("POST", "/api/v1/annotations", R"({"kpi": "*", "period": "2026-W10", "text": "holiday"})",
                 auth::Role::kEditor)
                .status,
            200);
  EXPECT_EQ(Call("POST", "/api/v1/annotations", R"({"kpi": "nope", "period": "2026-W10", "text": "x"})",
                 auth::Role::kEditor)
                .status,
            404);
  EXPECT_EQ(Call("POST", "/api/v1/annotations", R"({"kpi": "ok_share", "period": "soon", "text": "x"})",
                 auth::Role::kEditor)
                .status,
            400);
  const nlohmann::json series = Body(Call("GET", "/api/v1/kpis/ok_share/values", "", auth::Role::kViewer));
  ASSERT_EQ(series["annotations"].size(), 2u);
  EXPECT_EQ(series["annotations"][0]["text"], "new rota");
  EXPECT_EQ(series["annotations"][1]["kpi"], "*");
  // Edited: a new text and a single period; its creation time stays.
  const HttpResponse edited = Call(
      "PUT", "/api/v1/annotations/1",
      R"({"kpi": "ok_share", "period": "2026-03-04", "text": "new rota, from Wednesday", "process_change": true})",
      auth::Role::kEditor);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Body(edited)["text"], "new rota, from Wednesday");
  EXPECT_EQ(Body(edited)["from"], "2026-03-04");
  EXPECT_EQ(Body(edited)["to"], "2026-03-04");
  EXPECT_EQ(Body(edited)["process_change"], true);
  EXPECT_EQ(Body(edited)["created_at"], Body(added)["created_at"]);
  EXPECT_EQ(Call("PUT", "/api/v1/annotations/9", R"({"kpi": "*", "period": "2026-W10", "text": "x"})",
                 auth::Role::kEditor)
                .status,
            404);
  EXPECT_EQ(Call("PUT", "/api/v1/annotations/1", R"({"kpi": "ok_share", "period": "2026-W10"})",
                 auth::Role::kEditor)
                .status,
            400);  // a whole annotation, as POST takes it
  EXPECT_EQ(Body(Call("GET", "/api/v1/annotations", "", auth::Role::kViewer))[0]["text"],
            "new rota, from Wednesday");
  EXPECT_EQ(Call("DELETE", "/api/v1/annotations/1", "", auth::Role::kEditor).status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/annotations/1", "", auth::Role::kEditor).status, 404);
  EXPECT_EQ(Body(Call("GET", "/api/v1/annotations", "", auth::Role::kViewer)).size(), 1u);
}

// Writes are published as events, numbered; `after` replays only what came later.
TEST_F(ApiTest, EventsListWhatChangedAfterTheIdTheCallerSaw) {
  const HttpResponse quiet = Call("GET", "/api/v1/events", "", auth::Role::kViewer);
  ASSERT_EQ(quiet.status, 200);
  EXPECT_TRUE(quiet.event_stream);
  EXPECT_EQ(quiet.content_type, "text/event-stream");
  EXPECT_EQ(quiet.body, "retry: 5000\n\n");
  EXPECT_EQ(quiet.events_after, 0u);
  ASSERT_EQ(Call("POST", "/api/v1/annotations", R"({"kpi": "ok_share", "period": "2026-03-03", "text": "x"})",
                 auth::Role::kEditor)
                .status,
            200);
  ASSERT_EQ(Call("POST", "/api/v1/actions/" + std::to_string(action_id_) + "/notes", R"({"text": "on it"})",
                 auth::Role::kEditor)
                .status,
            200);
  const HttpResponse both = Call("GET", "/api/v1/events", "", auth::Role::kViewer);
  EXPECT_EQ(both.body,
            "retry: 5000\n\n"
            "id: 1\nevent: annotations\ndata: {\"change\":\"add\",\"id\":1}\n\n"
            "id: 2\nevent: actions\ndata: {\"change\":\"note\",\"id\":" +
                std::to_string(action_id_) + "}\n\n");
  EXPECT_EQ(both.events_after, 2u);
  const HttpResponse later = Call("GET", "/api/v1/events?after=1", "", auth::Role::kViewer);
  EXPECT_EQ(later.body.find("id: 1\n"), std::string::npos) << later.body;
  EXPECT_NE(later.body.find("id: 2\nevent: actions"), std::string::npos) << later.body;
  EXPECT_EQ(Call("GET", "/api/v1/events?after=x", "", auth::Role::kViewer).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/events?since=1", "", auth::Role::kViewer).status, 400);
  // A refresh that computes values is an event with what it did; one that changes
  // nothing is not. (The fixture's results were not written by a refresh, so the
  // first one recomputes.)
  const HttpResponse first = Call("POST", "/api/v1/refresh", "", auth::Role::kAdmin);
  ASSERT_EQ(first.status, 200) << first.body;
  const nlohmann::json compute = Body(first)["compute"];
  ASSERT_NE(compute["kind"], "unchanged");
  const nlohmann::json expected = {{"kind", compute["kind"]},
                                   {"values_recomputed", compute["values_recomputed"]},
                                   {"values", compute["values"]}};
  EXPECT_EQ(Call("GET", "/api/v1/events?after=2", "", auth::Role::kViewer).body,
            "retry: 5000\n\nid: 3\nevent: refresh\ndata: " + expected.dump() + "\n\n");
  const HttpResponse second = Call("POST", "/api/v1/refresh", "", auth::Role::kAdmin);
  ASSERT_EQ(Body(second)["compute"]["kind"], "unchanged") << second.body;
  EXPECT_EQ(Call("GET", "/api/v1/events?after=3", "", auth::Role::kViewer).body, "retry: 5000\n\n");
}

TEST(EventHubTest, KeepsTheNewestAndWakesWaitersOnStop) {
  EventHub hub;
  for (int i = 0; i < 70; ++i) hub.Publish("refresh", "{}");
  const auto kept = hub.After(0, std::chrono::milliseconds(0));
  ASSERT_EQ(kept.size(), EventHub::kKept);
  EXPECT_EQ(kept.front().id, 7u);  // 70 published, the newest 64 kept
  EXPECT_EQ(kept.back().id, 70u);
  EXPECT_TRUE(hub.After(70, std::chrono::milliseconds(1)).empty());
  for (int i = 0; i < EventHub::kMaxStreams; ++i) EXPECT_TRUE(hub.OpenStream());
  EXPECT_FALSE(hub.OpenStream());
  hub.CloseStream();
  EXPECT_TRUE(hub.OpenStream());
  std::thread waiter([&] { EXPECT_TRUE(hub.After(70, std::chrono::hours(1)).empty()); });
  hub.Stop();
  waiter.join();  // would hang for an hour if Stop did not wake it
  EXPECT_FALSE(hub.OpenStream());
}

// A process change written as an annotation judges exactly as the same change written
// in the catalog's `baseline.process_changes`, and differently from no change.
TEST_F(ApiTest, AProcessChangeAnnotationStartsANewBaselineAsTheCatalogWould) {
  const nlohmann::json before = Body(Call("GET", "/api/v1/kpis/ok_share/values", "", auth::Role::kViewer));
  ASSERT_EQ(
      Call("POST", "/api/v1/annotations",
           R"({"kpi": "ok_share", "period": "2026-03-06", "text": "new triage", "process_change": true})",
           auth::Role::kEditor)
          .status,
      200);
  const nlohmann::json annotated = Body(Call("GET", "/api/v1/kpis/ok_share/values", "", auth::Role::kViewer));
  EXPECT_NE(Limits(annotated), Limits(before));

  testing::TempDir other;
  std::filesystem::create_directories(other.path() + "/catalog");
  std::filesystem::create_directories(other.path() + "/data");
  other.Write("northstar.yaml", kWorkspaceYaml);
  std::string catalog = kCatalogYaml;  // the KPI with the process change, before the objectives
  catalog.insert(catalog.find("objectives:"), "    baseline: {periods: 12, process_changes: [2026-03-06]}\n");
  other.Write("catalog/kpis.yaml", catalog);
  other.Write("data/t.csv", "id,at,ok,region\n" + data_);
  auto ws = service::Workspace::Open(other.path(), env_);
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  ASSERT_TRUE((*ws)->Compute({}).ok());
  auto series = (*ws)->Series({"ok_share", std::nullopt, "", "", ""});
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(Limits(annotated), Limits(service::SeriesJson(*series)));
}

TEST_F(ApiTest, ActionItemsTakeNotesAndClose) {
  const std::string note = "/api/v1/actions/" + std::to_string(action_id_) + "/notes";
  const HttpResponse noted = Call("POST", note, R"({"text": "called the team"})", auth::Role::kEditor);
  ASSERT_EQ(noted.status, 200) << noted.body;
  EXPECT_EQ(Body(noted)["notes"][0]["text"], "called the team");
  EXPECT_EQ(Call("POST", note, R"({"text": ""})", auth::Role::kEditor).status, 400);
  EXPECT_EQ(Call("POST", note, R"({"text": "x", "extra": 1})", auth::Role::kEditor).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/actions/999/notes", R"({"text": "x"})", auth::Role::kEditor).status, 404);
  const HttpResponse closed = Call("POST", "/api/v1/actions/" + std::to_string(action_id_) + "/close",
                                   R"({"note": "fixed"})", auth::Role::kEditor);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Body(closed)["status"], "closed");
  const nlohmann::json list = Body(Call("GET", "/api/v1/actions", "", auth::Role::kViewer));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "closed");
}

// --------------------------------------------------------------- over loopback ----

// One sample of the text exposition format.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses the Prometheus text format strictly (version 0.0.4): HELP and TYPE lines
// before their samples, metric and label names, quoted and escaped label values,
// numeric values. Adds a failure for every line that does not parse.
std::vector<Sample> ParseExposition(const std::string& text) {
  std::vector<Sample> samples;
  std::map<std::string, std::string> types;
  const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
  const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  const std::regex sample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+))");
  const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)\"(,|$))");
  size_t start = 0;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the text ends with a newline";
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    std::smatch m;
    if (std::regex_match(line, m, help)) continue;
    if (std::regex_match(line, m, type)) {
      EXPECT_EQ(types.count(m[1]), 0u) << "TYPE twice: " << line;
      types[m[1]] = m[2];
      continue;
    }
    if (!std::regex_match(line, m, sample)) {
      ADD_FAILURE() << "not a sample: " << line;
      continue;
    }
    Sample s;
    s.name = m[1];
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (!types.count(family) && family.ends_with(suffix))
        family.resize(family.size() - std::strlen(suffix));
    }
    EXPECT_TRUE(types.count(family)) << "no TYPE before " << line;
    std::string labels = m[3];
    std::smatch lm;
    while (!labels.empty()) {
      if (!std::regex_search(labels, lm, label) || lm.position(0) != 0) {
        ADD_FAILURE() << "bad labels: " << line;
        break;
      }
      s.labels[lm[1]] = lm[2];
      labels = lm.suffix();
    }
    const std::string value = m[4];
    if (value == "+Inf" || value == "-Inf" || value == "NaN") {
      ADD_FAILURE() << "a KPI or counter value is never infinite or NaN: " << line;
    } else {
      size_t used = 0;
      s.value = std::stod(value, &used);
      EXPECT_EQ(used, value.size()) << line;
    }
    samples.push_back(std::move(s));
  }
  return samples;
}

class LoopbackTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ServeOptions options;
    options.port = 0;
    options.threads = 2;
    http_ = std::make_unique<HttpServer>(*api_, options);
    auto port = http_->Bind();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { (void)http_->Serve(); });
  }
  void TearDown() override {
    if (http_) http_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_bearer_token_auth(token_[auth::Role::kAdmin].c_str());
    return c;
  }

  std::unique_ptr<HttpServer> http_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(LoopbackTest, RefusesOversizedAndMalformedBodies) {
  httplib::Client c = Client();
  const std::string path = "/api/v1/actions/" + std::to_string(action_id_) + "/notes";
  auto big = c.Post(path.c_str(), "{\"text\": \"" + std::string(100 * 1024, 'a') + "\"}", "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(nlohmann::json::parse(big->body, nullptr, false)["error"]["code"], "too_large");
  for (const char* body : {"{", "[]", "{\"text\": 1}", "{\"text\": \"a\"} x", "\xff"}) {
    auto r = c.Post(path.c_str(), body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_TRUE(nlohmann::json::parse(r->body, nullptr, false).contains("error")) << r->body;
  }
}

TEST_F(LoopbackTest, StaticFilesCannotBeClimbedOutOf) {
  httplib::Client c = Client();
  for (const char* path :
       {"/assets/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/../../etc/passwd",
        "/assets/..", "/assets/app.js%00.png", "/assets/%2Fetc%2Fpasswd", "/assets/..%5C..%5Cetc%5Cpasswd"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 400 || r->status == 404) << path << " -> " << r->status;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
  auto app = c.Get("/assets/app.js");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->status, 200);
  EXPECT_EQ(app->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("/assets/app.js"), std::string::npos);
}

// An open page hears of a write at once, over a real stream, and the stream ends when
// the server stops.
TEST_F(LoopbackTest, AnOpenEventStreamReceivesWritesAsTheyHappen) {
  std::mutex mutex;
  std::condition_variable arrived;
  std::string received;
  int status = 0;
  std::thread page([&] {
    httplib::Client c("127.0.0.1", port_);
    c.set_bearer_token_auth(token_[auth::Role::kViewer].c_str());
    c.set_read_timeout(60, 0);
    auto r = c.Get("/api/v1/events", [&](const char* data, size_t length) {
      std::lock_guard<std::mutex> lock(mutex);
      received.append(data, length);
      arrived.notify_all();
      return true;
    });
    std::lock_guard<std::mutex> lock(mutex);
    status = r ? r->status : -1;
  });
  auto wait_for = [&](const std::string& text) {
    std::unique_lock<std::mutex> lock(mutex);
    return arrived.wait_for(lock, std::chrono::seconds(10),
                            [&] { return received.find(text) != std::string::npos; });
  };
  ASSERT_TRUE(wait_for("retry: 5000")) << received;
  httplib::Client writer = Client();
  auto added = writer.Post("/api/v1/annotations",
                           R"({"kpi": "ok_share", "period": "2026-03-03", "text": "x"})", "application/json");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200);
  EXPECT_TRUE(wait_for("id: 1\nevent: annotations\ndata: {\"change\":\"add\",\"id\":1}\n\n")) << received;
  auto metrics = writer.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\nnorthstar_event_streams 1\n"), std::string::npos);
  http_->Stop();
  page.join();  // the stream ended with the server
  EXPECT_EQ(status, 200);
}

// A stream does not outlive its token: revoked, the stream ends at the next event
// instead of delivering it.
TEST_F(LoopbackTest, AnEventStreamEndsWhenItsTokenIsRevoked) {
  std::atomic<bool> ended{false};
  std::mutex mutex;
  std::condition_variable arrived;
  std::string received;
  std::thread page([&] {
    httplib::Client c("127.0.0.1", port_);
    c.set_bearer_token_auth(token_[auth::Role::kViewer].c_str());
    c.set_read_timeout(60, 0);
    (void)c.Get("/api/v1/events", [&](const char* data, size_t length) {
      std::lock_guard<std::mutex> lock(mutex);
      received.append(data, length);
      arrived.notify_all();
      return true;
    });
    ended = true;
    arrived.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(arrived.wait_for(lock, std::chrono::seconds(10),
                                 [&] { return received.find("retry: 5000") != std::string::npos; }));
  }
  ASSERT_TRUE(tokens_->Revoke(1, "2026-03-20T12:00:00Z").ok());  // the viewer's
  httplib::Client writer = Client();
  auto added = writer.Post("/api/v1/annotations",
                           R"({"kpi": "ok_share", "period": "2026-03-03", "text": "x"})", "application/json");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200);
  {
    std::unique_lock<std::mutex> lock(mutex);
    EXPECT_TRUE(arrived.wait_for(lock, std::chrono::seconds(10), [&] { return ended.load(); }));
    EXPECT_EQ(received.find("event: annotations"), std::string::npos) << received;
  }
  if (!ended) http_->Stop();
  page.join();
}

TEST_F(LoopbackTest, MetricsParseAsThePrometheusTextFormat) {
  httplib::Client c = Client();
  ASSERT_TRUE(c.Get("/api/v1/goals"));
  auto r = c.Get("/metrics");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::vector<Sample> samples = ParseExposition(r->body);
  std::map<std::string, double> kpi;
  double requests = -1, buckets_inf = -1, count = -1;
  for (const Sample& s : samples) {
    if (s.name == "northstar_kpi_value" && s.labels.at("kpi") == "ok_share")
      kpi[s.labels.at("segment")] = s.value;
    if (s.name == "northstar_http_requests_total") requests = s.value;
    if (s.name == "northstar_http_request_duration_seconds_bucket" && s.labels.at("le") == "+Inf")
      buckets_inf = s.value;
    if (s.name == "northstar_http_request_duration_seconds_count") count = s.value;
  }
  // The latest complete day is 2026-03-11: 12 rows, 6 ok.
  EXPECT_EQ(kpi["*"], 0.5);
  EXPECT_EQ(kpi["region=NA"], 0.0);
  EXPECT_EQ(kpi["region=EU"], 1.0);
  EXPECT_GE(requests, 1);
  EXPECT_EQ(buckets_inf, count);
}

}  // namespace
}  // namespace northstar::server
