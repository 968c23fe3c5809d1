// Browser sessions over the API (docs/server.md, "Browser sessions"): a token signs a
// browser in once; the session then rides an HttpOnly, SameSite=Strict cookie that
// scripts cannot read, and its writes carry the CSRF token only the dashboard knows.
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "time/timestamp.h"

namespace northstar::server {
namespace {

constexpr const char* kCookieAttributes = "; Path=/; HttpOnly; SameSite=Strict";

}  // namespace

HttpResponse Api::Session(const ApiRequest& request, CallerInfo& caller) {
  const time::Micros now = workspace_.environment().clock->Now();
  const time::Micros second = now - now % time::kMicrosPerSecond;
  const std::string now_iso = time::FormatIso(second, nullptr);
  HttpResponse r;
  switch (request.match.route->id) {
    case RouteId::kSessionCreate: {
      const std::string expires =
          time::FormatIso(second + options_.session_seconds * time::kMicrosPerSecond, nullptr);
      auto made = tokens_.CreateSession(std::get<SessionInput>(request.body).token, now_iso, expires);
      if (!made.ok()) return ErrorResponse(FromStatus(made.status()));
      if (!*made) {
        return ErrorResponse(MakeApiError(ErrorKind::kUnauthorized,
                                          "unknown, revoked or expired token (a share link's opens its page "
                                          "without signing in); `northstar token create --role viewer` "
                                          "makes one"));
      }
      // One browser, one session: the one it held before (if any) ends.
      if (caller.session != 0) (void)tokens_.EndSession(caller.session, now_iso);
      const auth::TokenInfo& t = (*made)->info.token;
      caller.actor = auth::ActorName((*made)->info.id, t);
      caller.role = t.role;
      r = Json({{"role", auth::RoleName((*made)->info.token.role)},
                {"owner", (*made)->info.token.owner},
                {"expires_at", expires},
                {"csrf_token", auth::CsrfTokenOf((*made)->cookie)}});
      r.headers.emplace_back("Set-Cookie", "ns_session=" + (*made)->cookie + kCookieAttributes +
                                               "; Max-Age=" + std::to_string(options_.session_seconds));
      break;
    }
    case RouteId::kSession: {
      nlohmann::json out = {{"role", auth::RoleName(caller.role)},
                            {"owner", caller.owner},
                            {"actor", caller.actor},
                            {"session", caller.session != 0}};
      if (caller.session != 0) {
        out["expires_at"] = caller.expires_at;
        out["csrf_token"] = auth::CsrfTokenOf(caller.cookie);
      }
      r = Json(out);
      break;
    }
    case RouteId::kSessionEnd: {
      if (caller.session != 0) {
        if (Status s = tokens_.EndSession(caller.session, now_iso); !s.ok())
          return ErrorResponse(FromStatus(s));
      }
      r = Json({{"ended", caller.session != 0}});
      r.headers.emplace_back("Set-Cookie", std::string("ns_session=") + kCookieAttributes + "; Max-Age=0");
      break;
    }
    default: return ErrorResponse(MakeApiError(ErrorKind::kInternal, "not a session route"));
  }
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace northstar::server
