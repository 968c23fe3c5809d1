#include "auth/token_store.h"

#include <sodium.h>
#include <sqlite3.h>

#include "auth/secret.h"
#include "sqlite/database.h"

namespace northstar::auth {
namespace {

constexpr std::string_view kPrefix = "ns_";

// A share link's token is stored with the role text "share", which no older binary
// knows: one that reads this database refuses the token instead of taking it for a
// viewer token without scope or expiry.
constexpr const char* kShareRole = "share";

TokenInfo ReadInfo(const sqlite::Statement& st) {
  TokenInfo t;
  t.id = st.Int(0);
  t.name = st.Text(1);
  t.role = ParseRole(st.Text(2)).value_or(Role::kNone);
  t.created_at = st.Text(3);
  t.revoked_at = st.Text(4);
  t.scope = st.Text(5);
  t.expires_at = st.Text(6);
  t.owner = st.Text(7);
  if (st.Text(2) == kShareRole) t.role = t.scope.empty() ? Role::kNone : Role::kViewer;
  return t;
}

constexpr const char* kSchema = R"(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  hash BLOB,
  created_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  token_id INTEGER NOT NULL,
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT NOT NULL DEFAULT ''
);
)";

}  // namespace

std::string ActorName(const TokenInfo& token) {
  return "token " + std::to_string(token.id) + (token.name.empty() ? "" : " (" + token.name + ")");
}

std::string ActorName(int64_t session, const TokenInfo& token) {
  return "session " + std::to_string(session) + " of " + ActorName(token);
}

Result<std::unique_ptr<TokenStore>> TokenStore::Open(const std::string& path) {
  if (sodium_init() < 0) return Status::Internal("libsodium could not start");
  ASSIGN_OR_RETURN(sqlite3 * db, sqlite::OpenReadWrite(path, 5000));
  std::unique_ptr<TokenStore> store(new TokenStore(db));
  RETURN_IF_ERROR(sqlite::Exec(db, kSchema, "token database " + path));
  // Stores made before share links lack the scope and expiry columns, those made before
  // owners the owner column.
  RETURN_IF_ERROR(
      sqlite::AddTextColumns(db, "tokens", {"scope", "expires_at", "owner"}, "token database " + path));
  return store;
}

TokenStore::~TokenStore() {
  sqlite3_close(db_);
}

Result<NewToken> TokenStore::Create(Role role, const std::string& name, const std::string& now_iso,
                                    const std::string& owner) {
  if (role == Role::kNone) return Status::InvalidArgument("a token needs a role: viewer, editor or admin");
  return Insert(role, name, now_iso, "", "", owner);
}

Result<NewToken> TokenStore::CreateShare(const std::string& scope, const std::string& name,
                                         const std::string& now_iso, const std::string& expires_at) {
  const bool valid = (scope.rfind("kpi:", 0) == 0 && scope.size() > 4) ||
                     (scope.rfind("review:", 0) == 0 && scope.size() > 7);
  if (!valid)
    return Status::InvalidArgument(
        "a share link opens one KPI (kpi:ID) or one review (review:PERIOD), got '" + scope + "'");
  return Insert(Role::kViewer, name, now_iso, scope, expires_at, "");
}

Result<NewToken> TokenStore::Insert(Role role, const std::string& name, const std::string& now_iso,
                                    const std::string& scope, const std::string& expires_at,
                                    const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string secret = RandomSecret();
  const SecretHash hash = HashOf(secret);
  ASSIGN_OR_RETURN(auto insert, sqlite::Statement::Prepare(
                                    db_,
                                    "INSERT INTO tokens (name, role, hash, created_at, scope, expires_at, "
                                    "owner) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, name);
  insert.Bind(2, scope.empty() ? std::string(RoleName(role)) : std::string(kShareRole));
  sqlite3_bind_blob(insert.get(), 3, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
  insert.Bind(4, now_iso);
  insert.Bind(5, scope);
  insert.Bind(6, expires_at);
  insert.Bind(7, owner);
  RETURN_IF_ERROR(insert.Run());
  NewToken out;
  out.info = {sqlite3_last_insert_rowid(db_), name, role, now_iso, "", scope, expires_at, owner};
  out.token = std::string(kPrefix) + std::to_string(out.info.id) + "_" + secret;
  return out;
}

Result<std::vector<TokenInfo>> TokenStore::List() {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(
      auto st,
      sqlite::Statement::Prepare(
          db_,
          "SELECT id, name, role, created_at, revoked_at, scope, expires_at, owner FROM tokens ORDER BY id"));
  std::vector<TokenInfo> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadInfo(st));
  }
  return out;
}

Status TokenStore::Revoke(int64_t id, const std::string& now_iso) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto st, sqlite::Statement::Prepare(db_, "SELECT revoked_at FROM tokens WHERE id = ?"));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) {
    return Status::NotFound("no token with id " + std::to_string(id))
        .WithHint("`northstar token list` shows the tokens and their ids");
  }
  if (!st.Text(0).empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto update,
                   sqlite::Statement::Prepare(db_, "UPDATE tokens SET revoked_at = ? WHERE id = ?"));
  update.Bind(1, now_iso);
  update.Bind(2, id);
  return update.Run();
}

Result<std::optional<TokenInfo>> TokenStore::ValidTokenById(int64_t id, const std::string& now_iso) {
  ASSIGN_OR_RETURN(auto st,
                   sqlite::Statement::Prepare(db_,
                                              "SELECT id, name, role, created_at, revoked_at, scope, "
                                              "expires_at, owner FROM tokens WHERE id = ?"));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return std::optional<TokenInfo>();
  TokenInfo info = ReadInfo(st);
  const bool expired = !info.expires_at.empty() && info.expires_at <= now_iso;
  if (!info.revoked_at.empty() || expired || info.role == Role::kNone) return std::optional<TokenInfo>();
  return std::optional<TokenInfo>(std::move(info));
}

Result<std::optional<TokenInfo>> TokenStore::Verify(std::string_view token, const std::string& now_iso) {
  const auto credential = SplitCredential(token, kPrefix);
  if (!credential) return std::optional<TokenInfo>();
  const SecretHash presented = HashOf(credential->second);

  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(
      auto st,
      sqlite::Statement::Prepare(
          db_,
          "SELECT id, name, role, created_at, revoked_at, scope, expires_at, owner, hash FROM tokens "
          "WHERE id = ?"));
  st.Bind(1, credential->first);
  ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return std::optional<TokenInfo>();
  TokenInfo info = ReadInfo(st);
  const bool same = SameHash(sqlite3_column_blob(st.get(), 8), sqlite3_column_bytes(st.get(), 8), presented);
  const bool expired = !info.expires_at.empty() && info.expires_at <= now_iso;  // both ISO 8601 UTC
  if (!same || !info.revoked_at.empty() || expired || info.role == Role::kNone)
    return std::optional<TokenInfo>();
  return std::optional<TokenInfo>(std::move(info));
}

}  // namespace northstar::auth
