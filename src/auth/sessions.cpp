// Browser sessions of the TokenStore (token_store.h): rows of the `sessions` table,
// each made from a token and carried by a cookie `nss_<id>_<secret>`.
#include <sqlite3.h>

#include "auth/secret.h"
#include "auth/token_store.h"
#include "sqlite/database.h"

namespace northstar::auth {
namespace {

constexpr std::string_view kCookiePrefix = "nss_";

}  // namespace

std::string CsrfTokenOf(std::string_view cookie) {
  const auto credential = SplitCredential(cookie, kCookiePrefix);
  if (!credential) return "";
  // A hash of the secret under its own purpose string: it reveals nothing of the secret.
  const SecretHash hash = HashOf("northstar csrf " + std::string(credential->second));
  return Base64Url(hash.data(), hash.size());
}

Result<std::optional<NewSession>> TokenStore::CreateSession(std::string_view token,
                                                            const std::string& now_iso,
                                                            const std::string& expires_at) {
  ASSIGN_OR_RETURN(auto info, Verify(token, now_iso));
  // A share link opens one KPI or review for whoever holds the link; it makes no session.
  if (!info || !info->scope.empty()) return std::optional<NewSession>();
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string secret = RandomSecret();
  const SecretHash hash = HashOf(secret);
  ASSIGN_OR_RETURN(
      auto insert,
      sqlite::Statement::Prepare(
          db_, "INSERT INTO sessions (token_id, hash, created_at, expires_at) VALUES (?, ?, ?, ?)"));
  insert.Bind(1, info->id);
  sqlite3_bind_blob(insert.get(), 2, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
  insert.Bind(3, now_iso);
  insert.Bind(4, expires_at);
  RETURN_IF_ERROR(insert.Run());
  NewSession out;
  out.info = {sqlite3_last_insert_rowid(db_), std::move(*info), expires_at};
  out.cookie = std::string(kCookiePrefix) + std::to_string(out.info.id) + "_" + secret;
  return std::optional<NewSession>(std::move(out));
}

Result<std::optional<SessionInfo>> TokenStore::VerifySession(std::string_view cookie,
                                                             const std::string& now_iso) {
  const auto credential = SplitCredential(cookie, kCookiePrefix);
  if (!credential) return std::optional<SessionInfo>();
  const SecretHash presented = HashOf(credential->second);
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto st,
                   sqlite::Statement::Prepare(
                       db_, "SELECT token_id, expires_at, ended_at, hash FROM sessions WHERE id = ?"));
  st.Bind(1, credential->first);
  ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return std::optional<SessionInfo>();
  const bool same = SameHash(sqlite3_column_blob(st.get(), 3), sqlite3_column_bytes(st.get(), 3), presented);
  const std::string expires_at = st.Text(1);
  if (!same || !st.Text(2).empty() || expires_at <= now_iso) return std::optional<SessionInfo>();
  // The token's revocation or expiry ends its sessions too.
  ASSIGN_OR_RETURN(auto token, ValidTokenById(st.Int(0), now_iso));
  if (!token || !token->scope.empty()) return std::optional<SessionInfo>();
  return std::optional<SessionInfo>(SessionInfo{credential->first, std::move(*token), expires_at});
}

Status TokenStore::EndSession(int64_t id, const std::string& now_iso) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto update, sqlite::Statement::Prepare(
                                    db_, "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at = ''"));
  update.Bind(1, now_iso);
  update.Bind(2, id);
  return update.Run();
}

}  // namespace northstar::auth
