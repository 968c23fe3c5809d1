// API tokens (SPEC §8, `northstar token create|list|revoke`), kept in their own SQLite
// file beside the results (.northstar/auth.db), so a copy of the results database
// never carries credentials.
//
// A token reads `ns_<id>_<secret>`: the secret is 32 random bytes (libsodium), printed
// once at creation and stored only as its BLAKE2b hash; checking a token looks its row
// up by id and compares hashes in constant time. A revoked token stays listed with the
// time it was revoked, and never verifies again.
//
// Thread-safe: the server checks tokens from several request threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/role.h"
#include "common/status.h"

struct sqlite3;

namespace northstar::auth {

struct TokenInfo {
  int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string created_at;  // ISO 8601 UTC
  std::string revoked_at;  // empty while the token is valid
  // A share link's token: "kpi:ID" or "review:PERIOD" — it reads that one KPI or that
  // one review and nothing else. Empty: a token for the whole workspace, by role.
  std::string scope;
  std::string expires_at;  // ISO 8601 UTC; empty: never
  // The KPI owner (as the catalog names owners) the token's holder is: the dashboard's
  // "My KPIs" shows theirs. Empty: none given.
  std::string owner;
};

struct NewToken {
  TokenInfo info;
  std::string token;  // the whole token text; shown once, never stored
};

// A browser session (sessions.cpp): made from a token once, then carried by an HttpOnly
// cookie so the token itself is never kept in the browser. It lasts until it expires,
// is ended, or its token is revoked or expires; its role is its token's.
struct SessionInfo {
  int64_t id = 0;
  TokenInfo token;         // the token it was made from
  std::string expires_at;  // ISO 8601 UTC
};

struct NewSession {
  SessionInfo info;
  std::string cookie;  // the cookie's value, `nss_<id>_<secret>`; never stored
};

// How the audit log names a caller: "token 3 (name)", "session 7 of token 3 (name)".
std::string ActorName(const TokenInfo& token);
std::string ActorName(int64_t session, const TokenInfo& token);

// The value a session's writes must carry in X-CSRF-Token: derived from the cookie's
// secret (a hash), so the server keeps nothing more and another site, which can make the
// browser send the cookie but never read it or the session's answers, cannot know it.
std::string CsrfTokenOf(std::string_view cookie);

class TokenStore {
 public:
  static Result<std::unique_ptr<TokenStore>> Open(const std::string& path);
  ~TokenStore();
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  Result<NewToken> Create(Role role, const std::string& name, const std::string& now_iso,
                          const std::string& owner = "");
  // A read-only share link's token (role viewer) for `scope` ("kpi:ID" or
  // "review:PERIOD"), valid until `expires_at` (ISO 8601 UTC; empty: until revoked).
  Result<NewToken> CreateShare(const std::string& scope, const std::string& name, const std::string& now_iso,
                               const std::string& expires_at);
  Result<std::vector<TokenInfo>> List();
  // NotFound for an unknown id; revoking twice keeps the first time.
  Status Revoke(int64_t id, const std::string& now_iso);
  // The token's row when `token` is valid, not revoked and not expired at `now_iso`;
  // nullopt otherwise (a malformed, unknown, wrong, revoked or expired token alike).
  Result<std::optional<TokenInfo>> Verify(std::string_view token, const std::string& now_iso);

  // Sessions (sessions.cpp). A session from `token` when it verifies and is not a share
  // link's, valid until `expires_at`; nullopt for a token that does not verify.
  Result<std::optional<NewSession>> CreateSession(std::string_view token, const std::string& now_iso,
                                                  const std::string& expires_at);
  // The session of a cookie value while it and its token are valid at `now_iso`.
  Result<std::optional<SessionInfo>> VerifySession(std::string_view cookie, const std::string& now_iso);
  // Ends the session (its cookie never verifies again); ending it twice is no error.
  Status EndSession(int64_t id, const std::string& now_iso);

 private:
  explicit TokenStore(sqlite3* db) : db_(db) {}
  // The token of `id` while it is valid at `now_iso` (not revoked, not expired).
  Result<std::optional<TokenInfo>> ValidTokenById(int64_t id, const std::string& now_iso);
  Result<NewToken> Insert(Role role, const std::string& name, const std::string& now_iso,
                          const std::string& scope, const std::string& expires_at, const std::string& owner);
  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace northstar::auth
