#include "server/api.h"

#include <sodium.h>

#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "common/error_kind.h"
#include "common/json_text.h"
#include "server/assets.h"
#include "server/metrics.h"
#include "server/openapi.h"
#include "service/report_json.h"
#include "time/timestamp.h"

namespace northstar::server {
namespace {

constexpr int kAuditEntriesShown = 500;

bool Cacheable(RouteId id) {
  switch (id) {
    case RouteId::kGoals:
    case RouteId::kKpis:
    case RouteId::kKpi:
    case RouteId::kKpiValues:
    case RouteId::kKpiExplain:
    case RouteId::kStatus:
    case RouteId::kReview:
    case RouteId::kReviewPage:
    case RouteId::kActions:
    case RouteId::kAnnotations: return true;
    default: return false;
  }
}

// Whether a share link's token for `scope` ("kpi:ID", "review:PERIOD") opens `m`:
// that KPI's passport and values, or that review as JSON and as its page. Not the
// explanation: it shows other KPIs (guards, drivers) and people's open actions.
bool ShareOpens(const std::string& scope, const RouteMatch& m) {
  switch (m.route->id) {
    case RouteId::kKpi:
    case RouteId::kKpiValues: return scope == "kpi:" + m.param;
    case RouteId::kReview:
    case RouteId::kReviewPage: return scope == "review:" + m.param;
    default: return false;
  }
}

// The value of the `ns_session` cookie in a Cookie header ("a=1; ns_session=nss_..."),
// empty when it has none — or more than one: a page on another port or a sibling
// domain can plant a second cookie of that name (sent first, for a longer path), and
// neither may be trusted to be the one this server set.
std::string SessionCookie(std::string_view header) {
  constexpr std::string_view kName = "ns_session=";
  std::string value;
  int found = 0;
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.substr(0, kName.size()) == kName) {
      value = std::string(pair.substr(kName.size()));
      ++found;
    }
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
  }
  return found == 1 ? value : "";
}

// JSON kept as text in the audit log: null when empty, the text itself should it not parse.
nlohmann::json StoredJson(const std::string& text) {
  if (text.empty()) return nullptr;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

// Whether the X-CSRF-Token header is the session's, in constant time.
bool CsrfMatches(const std::string& header, const std::string& cookie) {
  const std::string expected = auth::CsrfTokenOf(cookie);
  return !expected.empty() && header.size() == expected.size() &&
         sodium_memcmp(header.data(), expected.data(), expected.size()) == 0;
}

// "Bearer TOKEN" -> TOKEN; empty when the header is absent or of another scheme.
std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme) return {};
  return header.substr(kScheme.size());
}

}  // namespace

HttpResponse Json(const nlohmann::json& body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = JsonText(body);
  return r;
}

ApiError FromStatus(const Status& status) {
  std::string message = status.message();
  if (!status.hint().empty()) message += " (" + status.hint() + ")";
  return MakeApiError(KindOf(status), std::move(message));
}

HttpResponse ErrorResponse(const ApiError& error) {
  HttpResponse r;
  r.status = error.http_status;
  r.body = ApiErrorJson(error);
  return r;
}

Api::Api(service::Workspace& workspace, auth::TokenStore& tokens, ApiOptions options)
    : workspace_(workspace), tokens_(tokens), options_(options) {}

Decoded<Api::CallerInfo> Api::Caller(const HttpRequestText& request, const std::string& share) {
  const std::string& authorization = request.authorization;
  const time::Micros now = workspace_.environment().clock->Now();
  const std::string now_iso = time::FormatIso(now - now % time::kMicrosPerSecond, nullptr);
  if (authorization.empty() && share.empty()) {
    const std::string cookie = SessionCookie(request.cookie);
    if (cookie.empty()) return CallerInfo{};
    auto session = tokens_.VerifySession(cookie, now_iso);
    if (!session.ok()) return FromStatus(session.status());
    if (!*session) return CallerInfo{};
    const auth::TokenInfo& t = (*session)->token;
    return CallerInfo{
        t.role, auth::ActorName((*session)->id, t), "", (*session)->id, cookie, (*session)->expires_at,
        t.owner};
  }
  const std::string_view token = authorization.empty() ? std::string_view(share) : BearerToken(authorization);
  if (token.empty()) {
    return MakeApiError(ErrorKind::kUnauthorized, "the Authorization header must read `Bearer TOKEN`");
  }
  auto info = tokens_.Verify(token, now_iso);
  if (!info.ok()) return FromStatus(info.status());
  if (!*info) {
    return MakeApiError(
        ErrorKind::kUnauthorized,
        "unknown, revoked or expired token; `northstar token create --role viewer` makes one");
  }
  const auth::TokenInfo& t = **info;
  // `?share=` carries share links' tokens only: a full token never belongs in a URL.
  if (authorization.empty() && t.scope.empty()) {
    return MakeApiError(ErrorKind::kUnauthorized,
                        "?share= takes a share link's token (`northstar share`); send other tokens as "
                        "`Authorization: Bearer TOKEN`");
  }
  CallerInfo caller{t.role, auth::ActorName(t), t.scope};
  caller.owner = t.owner;
  return caller;
}

void Api::Audit(const HttpRequestText& request, const CallerInfo& caller, int status, const Change& change) {
  if (!options_.audit) return;
  auth::AuditEntry e;
  e.at = time::FormatIso(workspace_.environment().clock->Now(), nullptr);
  e.actor = caller.actor;
  e.role = auth::RoleName(caller.role);
  e.method = request.method;
  e.target = request.target;
  e.status = status;
  e.before = change.before;
  e.after = change.after;
  if (!options_.audit->Record(e).ok()) counters_.audit_failures += 1;
}

HttpResponse Api::Handle(const HttpRequestText& request) {
  const auto started = std::chrono::steady_clock::now();
  CallerInfo who;
  Change change;        // what a write changed, for the audit log
  bool writes = false;  // a POST or DELETE that matched a route: the audit log records it
  HttpResponse response = [&]() -> HttpResponse {
    Decoded<RequestTarget> target = ParseRequestTarget(request.target, options_.limits);
    if (auto* e = std::get_if<ApiError>(&target)) return ErrorResponse(*e);
    Decoded<RouteMatch> match = MatchRoute(ParseMethod(request.method), std::get<RequestTarget>(target));
    if (auto* e = std::get_if<ApiError>(&match)) return ErrorResponse(*e);
    const RouteSpec& route = *std::get<RouteMatch>(match).route;
    writes = route.method != Method::kGet;

    Decoded<CallerInfo> caller = Caller(request, std::get<RouteMatch>(match).query.share);
    if (auto* e = std::get_if<ApiError>(&caller)) {
      who.actor = "invalid token";
      return ErrorResponse(*e);
    }
    who = std::get<CallerInfo>(caller);
    const auth::Role role = who.role;
    auth::Role needed = route.role;
    if (route.id == RouteId::kMetrics && options_.metrics_token) needed = auth::Role::kViewer;
    const bool anonymous_ok = options_.anonymous_read && needed == auth::Role::kViewer;
    if (role == auth::Role::kNone && needed != auth::Role::kNone && !anonymous_ok) {
      return ErrorResponse(MakeApiError(ErrorKind::kUnauthorized,
                                        std::string("this route needs a token of role ") + RoleName(needed) +
                                            ": send `Authorization: Bearer TOKEN`"));
    }
    if (!who.scope.empty() && !ShareOpens(who.scope, std::get<RouteMatch>(match))) {
      return ErrorResponse(
          MakeApiError(ErrorKind::kForbidden, "this share link opens only " + who.scope + ", read-only"));
    }
    if (role != auth::Role::kNone && role < needed) {
      return ErrorResponse(MakeApiError(
          ErrorKind::kForbidden,
          std::string("this route needs role ") + RoleName(needed) + ", the token has " + RoleName(role)));
    }

    // A browser sends its cookie with any site's request; only the dashboard knows the
    // session's CSRF token (cross-site requests cannot read it), so writes must show it.
    // Signing in must come from a script too: a custom header no plain form can send.
    const bool csrf_ok = who.session != 0 ? CsrfMatches(request.csrf, who.cookie) : true;
    if ((writes && !csrf_ok && route.id != RouteId::kSessionCreate) ||
        (route.id == RouteId::kSessionCreate && request.csrf.empty())) {
      return ErrorResponse(
          MakeApiError(ErrorKind::kForbidden, route.id == RouteId::kSessionCreate
                                                  ? "signing in needs the header X-CSRF-Token (any value)"
                                                  : "a browser session's writes need its X-CSRF-Token header "
                                                    "(GET /api/v1/session gives it)"));
    }

    Decoded<RequestBody> body = DecodeBody(route.id, request.body, options_.limits);
    if (auto* e = std::get_if<ApiError>(&body)) return ErrorResponse(*e);
    ApiRequest api{std::move(std::get<RouteMatch>(match)), std::move(std::get<RequestBody>(body))};
    if (route.id == RouteId::kSessionCreate || route.id == RouteId::kSession ||
        route.id == RouteId::kSessionEnd)
      return Session(api, who);  // a sign-in names its new session as the caller
    HttpResponse out = route.method != Method::kGet ? Write(api, change) : Run(api, request.target);
    if (out.event_stream) {
      const std::string share = api.match.query.share;
      out.still_allowed = [this, request, share, needed] {
        Decoded<CallerInfo> again = Caller(request, share);
        const auto* c = std::get_if<CallerInfo>(&again);
        return c != nullptr &&
               (c->role >= needed || (c->role == auth::Role::kNone && options_.anonymous_read));
      };
    }
    return out;
  }();
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
          .count();
  counters_.Record(response.status, micros);
  if (writes) Audit(request, who, response.status, change);
  return response;
}

std::string Api::DataGeneration() const {
  std::string generation;
  const std::string path = workspace_.ResultsPath();
  for (const std::string& file : {path, path + "-wal"}) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
      generation += std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
                    std::to_string(st.st_size) + ";";
    }
  }
  return generation;
}

HttpResponse Api::Run(const ApiRequest& request, const std::string& target) {
  const RouteId id = request.match.route->id;
  if (request.match.route->method != Method::kGet) {
    Change unrecorded;
    return Write(request, unrecorded);
  }
  if (!Cacheable(id)) return Read(request);
  const std::string generation = DataGeneration();
  std::shared_ptr<const HttpResponse> cached;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(target);
    if (it != cache_.end()) {
      CacheEntry& entry = it->second;
      // Fresh; or stale while another request rebuilds it: the previous committed
      // results are served for that moment rather than queueing every reader behind
      // one rebuild.
      if (entry.generation == generation || entry.rebuilding) {
        cached = entry.response;
      } else {
        entry.rebuilding = true;
      }
    }
  }
  if (cached) return *cached;  // copied outside the lock: a series can be 100 kB
  HttpResponse response = Read(request);
  std::lock_guard<std::mutex> lock(cache_mutex_);
  auto it = cache_.find(target);
  if (it != cache_.end()) it->second.rebuilding = false;
  if (response.status == 200) {
    if (it == cache_.end() && cache_.size() >= kMaxCachedTargets) cache_.clear();
    CacheEntry& entry = cache_[target];
    entry.generation = generation;
    entry.response = std::make_shared<const HttpResponse>(response);
  }
  return response;
}

HttpResponse Api::Read(const ApiRequest& request) {
  const RouteMatch& m = request.match;
  switch (m.route->id) {
    case RouteId::kDashboard:
    case RouteId::kAsset: {
      const Asset* asset = FindAsset(m.route->id == RouteId::kDashboard ? "index.html" : m.param);
      if (!asset) return ErrorResponse(NotFound("no dashboard file '" + Excerpt(m.param) + "'"));
      HttpResponse r;
      r.content_type = std::string(asset->content_type);
      r.body = std::string(asset->bytes);
      r.headers.emplace_back("Cache-Control",
                             m.route->id == RouteId::kDashboard ? "no-cache" : "max-age=3600");
      return r;
    }
    case RouteId::kOpenApi: return Json(OpenApiDocument());
    case RouteId::kEvents: {
      HttpResponse r;
      r.content_type = "text/event-stream";
      r.event_stream = true;
      r.headers.emplace_back("Cache-Control", "no-cache");
      // A page that loses the stream tries again after 5 s, with ?after= its last id.
      r.body = "retry: 5000\n\n";
      r.events_after = m.query.after;
      for (const ServerEvent& e : events_.After(m.query.after, std::chrono::milliseconds(0))) {
        r.body += EventFrame(e);
        r.events_after = e.id;
      }
      return r;
    }
    case RouteId::kAudit: {
      nlohmann::json out = nlohmann::json::array();
      if (!options_.audit) return Json(out);
      auto entries = options_.audit->Recent(kAuditEntriesShown);
      if (!entries.ok()) return ErrorResponse(FromStatus(entries.status()));
      for (const auth::AuditEntry& e : *entries) {
        out.push_back({{"id", e.id},
                       {"at", e.at},
                       {"actor", e.actor},
                       {"role", e.role},
                       {"method", e.method},
                       {"target", e.target},
                       {"status", e.status},
                       {"before", StoredJson(e.before)},
                       {"after", StoredJson(e.after)}});
      }
      return Json(out);
    }
    case RouteId::kMetrics: {
      service::ScorecardRequest sr;
      sr.with_rows = true;
      auto card = workspace_.Scorecard(sr);
      std::string text;
      if (card.ok()) text = KpiMetrics(*card);
      HttpResponse r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = text + counters_.Exposition() +
               "# HELP northstar_event_streams Open server-sent event streams (GET /api/v1/events).\n"
               "# TYPE northstar_event_streams gauge\n"
               "northstar_event_streams " +
               std::to_string(events_.open_streams()) + "\n";
      return r;
    }
    case RouteId::kGoals:
    case RouteId::kStatus: {
      service::ScorecardRequest sr;
      sr.grain = m.query.grain;
      sr.owner = m.query.owner;
      auto card = workspace_.Scorecard(sr);
      if (!card.ok()) return ErrorResponse(FromStatus(card.status()));
      // /goals: flat, each goal with its parent and depth; /status: the nested tree
      // and the objectives, as `status --format json` prints them.
      return Json(m.route->id == RouteId::kGoals ? service::ScorecardJson(*card)
                                                 : service::StatusJson(*card));
    }
    case RouteId::kKpis:
    case RouteId::kKpi: {
      auto card = workspace_.Scorecard({});
      if (!card.ok()) return ErrorResponse(FromStatus(card.status()));
      std::map<std::string, const service::KpiCard*> cards;
      for (const service::GoalCards& g : card->goals)
        for (const service::KpiCard& c : g.kpis) cards[c.kpi] = &c;
      auto card_of = [&](const std::string& id) {
        auto it = cards.find(id);
        return it == cards.end() ? nullptr : it->second;
      };
      if (m.route->id == RouteId::kKpi) {
        const catalog::MeasureDef* kpi = workspace_.catalog().FindMeasure(m.param);
        if (!kpi) return ErrorResponse(NotFound("no KPI or metric '" + Excerpt(m.param) + "'"));
        return Json(service::PassportJson(*kpi, card_of(kpi->id)));
      }
      nlohmann::json out = nlohmann::json::array();
      for (const catalog::MeasureDef& kpi : workspace_.catalog().measures)
        if (kpi.is_kpi) out.push_back(service::PassportJson(kpi, card_of(kpi.id)));
      return Json(out);
    }
    case RouteId::kKpiValues: {
      service::SeriesRequest sr{m.param, m.query.grain, m.query.segment, m.query.from, m.query.to};
      auto series = workspace_.Series(sr);
      if (!series.ok()) return ErrorResponse(FromStatus(series.status()));
      return Json(service::SeriesJson(*series));
    }
    case RouteId::kKpiExplain: {
      const std::string& segment = m.query.segment;
      if (!segment.empty() && segment != "*" && segment.find('=') == std::string::npos) {
        return ErrorResponse(BadRequest("explain takes one segment: segment=" + Excerpt(segment) +
                                        "=VALUE, or * for the whole"));
      }
      service::ExplainRequest er{m.param, m.query.period, m.query.segment.empty() ? "*" : m.query.segment,
                                 m.query.grain};
      auto report = workspace_.Explain(er);
      if (!report.ok()) return ErrorResponse(FromStatus(report.status()));
      return Json(service::ExplainJson(*report));
    }
    case RouteId::kActions: {
      auto items = workspace_.ActionItems(/*open_only=*/false);
      if (!items.ok()) return ErrorResponse(FromStatus(items.status()));
      nlohmann::json out = nlohmann::json::array();
      for (const actions::ActionItem& it : *items) out.push_back(service::ActionItemJson(it));
      return Json(out);
    }
    case RouteId::kReview:
    case RouteId::kReviewPage: {
      service::ReviewRequest rr;
      rr.period = m.param == "latest" ? "" : m.param;
      auto doc = workspace_.Review(rr);
      if (!doc.ok()) return ErrorResponse(FromStatus(doc.status()));
      if (m.route->id == RouteId::kReview)
        return Json({{"period", doc->period}, {"markdown", doc->markdown}, {"html", doc->html}});
      HttpResponse r;
      r.content_type = "text/html; charset=utf-8";
      r.body = doc->html;
      return r;
    }
    case RouteId::kDigest: {
      service::DigestRequest dr;
      dr.owner = m.query.owner;
      auto report = workspace_.Digest(dr);
      if (!report.ok()) return ErrorResponse(FromStatus(report.status()));
      nlohmann::json out = nlohmann::json::array();
      for (const service::OwnerDigest& d : report->owners)
        out.push_back(nlohmann::json::parse(service::DigestJson(*report, d)));
      return Json(out);
    }
    case RouteId::kAnnotations: {
      auto notes = workspace_.Annotations("");
      if (!notes.ok()) return ErrorResponse(FromStatus(notes.status()));
      nlohmann::json out = nlohmann::json::array();
      for (const results::Annotation& a : *notes) out.push_back(service::AnnotationJson(a));
      return Json(out);
    }
    default: break;
  }
  return ErrorResponse(MakeApiError(ErrorKind::kInternal, "route has no reader"));
}

HttpResponse Api::Write(const ApiRequest& request, Change& change) {
  const RouteMatch& m = request.match;
  // The action item or annotation `m.number` as JSON, "" when there is none.
  auto item_json = [&]() -> std::string {
    auto items = workspace_.ActionItems(false);
    if (items.ok()) {
      for (const actions::ActionItem& it : *items)
        if (it.id == m.number) return JsonText(service::ActionItemJson(it));
    }
    return "";
  };
  auto annotation_json = [&]() -> std::string {
    auto notes = workspace_.Annotations("");
    if (notes.ok()) {
      for (const results::Annotation& a : *notes)
        if (a.id == m.number) return JsonText(service::AnnotationJson(a));
    }
    return "";
  };
  switch (m.route->id) {
    case RouteId::kActionNote:
    case RouteId::kActionClose: {
      change.before = item_json();
      service::ActionNoteRequest nr{m.number, {}};
      if (const auto* note = std::get_if<NoteInput>(&request.body)) nr.text = note->text;
      if (const auto* close = std::get_if<CloseInput>(&request.body)) nr.text = close->note;
      const Status s =
          m.route->id == RouteId::kActionNote ? workspace_.AddActionNote(nr) : workspace_.CloseAction(nr);
      if (!s.ok()) return ErrorResponse(FromStatus(s));
      events_.Publish("actions",
                      nlohmann::json({{"id", m.number},
                                      {"change", m.route->id == RouteId::kActionNote ? "note" : "close"}})
                          .dump());
      change.after = item_json();
      if (!change.after.empty()) {
        HttpResponse r;
        r.body = change.after;
        return r;
      }
      return Json({{"id", m.number}});
    }
    case RouteId::kRefresh: {
      HttpResponse r = Refresh();
      if (r.status == 200) change.after = r.body;  // what the refresh read and computed
      return r;
    }
    case RouteId::kAnnotationCreate: {
      const auto& in = std::get<AnnotationInput>(request.body);
      auto added = workspace_.AddAnnotation({in.kpi, in.from, in.to, in.text, in.process_change});
      if (!added.ok()) return ErrorResponse(FromStatus(added.status()));
      events_.Publish("annotations", nlohmann::json({{"id", added->id}, {"change", "add"}}).dump());
      HttpResponse r = Json(service::AnnotationJson(*added));
      change.after = r.body;
      return r;
    }
    case RouteId::kAnnotationUpdate: {
      const auto& in = std::get<AnnotationInput>(request.body);
      const std::string before = annotation_json();
      auto updated =
          workspace_.UpdateAnnotation(m.number, {in.kpi, in.from, in.to, in.text, in.process_change});
      if (!updated.ok()) return ErrorResponse(FromStatus(updated.status()));
      events_.Publish("annotations", nlohmann::json({{"id", m.number}, {"change", "edit"}}).dump());
      HttpResponse r = Json(service::AnnotationJson(*updated));
      change = {before, r.body};
      return r;
    }
    case RouteId::kAnnotationDelete: {
      const std::string before = annotation_json();
      if (Status s = workspace_.DeleteAnnotation(m.number); !s.ok()) return ErrorResponse(FromStatus(s));
      change.before = before;
      events_.Publish("annotations", nlohmann::json({{"id", m.number}, {"change", "delete"}}).dump());
      return Json({{"deleted", m.number}});
    }
    default: break;
  }
  return ErrorResponse(MakeApiError(ErrorKind::kInternal, "route has no writer"));
}

HttpResponse Api::Refresh(const std::vector<std::string>& sources) {
  const auto started = std::chrono::steady_clock::now();
  Result<service::IngestReport> ingested = service::IngestReport{};
  if (sources.empty()) ingested = workspace_.Ingest({});
  for (const std::string& source : sources) {
    service::IngestRequest one;
    one.source = source;
    auto report = workspace_.Ingest(one);
    if (!report.ok()) {
      ingested = report.status();
      break;
    }
    for (service::SourceIngest& s : report->sources) ingested->sources.push_back(std::move(s));
  }
  if (!ingested.ok()) return ErrorResponse(FromStatus(ingested.status()));
  for (const service::SourceIngest& s : ingested->sources) counters_.rows_ingested += s.rows_stored;
  const auto computing = std::chrono::steady_clock::now();
  auto computed = workspace_.Compute({});
  counters_.compute_micros +=
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - computing)
          .count();
  counters_.refreshes += 1;
  if (!computed.ok()) return ErrorResponse(FromStatus(computed.status()));
  const service::RefreshSummary& r = computed->refresh;
  const char* kind = r.kind == service::RefreshSummary::Kind::kFull      ? "full"
                     : r.kind == service::RefreshSummary::Kind::kRefresh ? "refresh"
                                                                         : "unchanged";
  if (r.kind != service::RefreshSummary::Kind::kUnchanged) {
    events_.Publish("refresh", nlohmann::json({{"kind", kind},
                                               {"values_recomputed", r.values_recomputed},
                                               {"values", computed->values.size()}})
                                   .dump());
  }
  return Json(
      {{"ingest", service::IngestJson(*ingested)},
       {"compute",
        {{"kind", kind},
         {"description", service::DescribeRefresh(r)},
         {"values_recomputed", r.values_recomputed},
         {"values", computed->values.size()}}},
       {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
}

}  // namespace northstar::server
