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
};

struct NewToken {
  TokenInfo info;
  std::string token;  // the whole token text; shown once, never stored
};

class TokenStore {
 public:
  static Result<std::unique_ptr<TokenStore>> Open(const std::string& path);
  ~TokenStore();
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  Result<NewToken> Create(Role role, const std::string& name, const std::string& now_iso);
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

 private:
  explicit TokenStore(sqlite3* db) : db_(db) {}
  Result<NewToken> Insert(Role role, const std::string& name, const std::string& now_iso,
                          const std::string& scope, const std::string& expires_at);
  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace northstar::auth
