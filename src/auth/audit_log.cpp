#include "auth/audit_log.h"

#include <sqlite3.h>

#include "sqlite/database.h"

namespace northstar::auth {
namespace {

constexpr const char* kSchema = R"(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  method TEXT NOT NULL,
  target TEXT NOT NULL,
  status INTEGER NOT NULL
);
)";

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
  ASSIGN_OR_RETURN(sqlite3 * db, sqlite::OpenReadWrite(path, 5000));
  std::unique_ptr<AuditLog> log(new AuditLog(db));
  RETURN_IF_ERROR(sqlite::Exec(db, kSchema, "audit log in " + path));
  // Logs made before the before/after columns gain them.
  RETURN_IF_ERROR(
      sqlite::AddTextColumns(db, "audit", {"before_state", "after_state"}, "audit log in " + path));
  return log;
}

AuditLog::~AuditLog() {
  sqlite3_close(db_);
}

Status AuditLog::Record(const AuditEntry& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto insert,
                   sqlite::Statement::Prepare(db_,
                                              "INSERT INTO audit (at, actor, role, method, target, status, "
                                              "before_state, after_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, e.at);
  insert.Bind(2, e.actor);
  insert.Bind(3, e.role);
  insert.Bind(4, e.method);
  insert.Bind(5, e.target);
  insert.Bind(6, static_cast<int64_t>(e.status));
  insert.Bind(7, e.before);
  insert.Bind(8, e.after);
  return insert.Run();
}

Result<std::vector<AuditEntry>> AuditLog::Recent(int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(
      auto st, sqlite::Statement::Prepare(db_,
                                          "SELECT id, at, actor, role, method, target, status, "
                                          "before_state, after_state FROM audit ORDER BY id DESC LIMIT ?"));
  st.Bind(1, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                   static_cast<int>(st.Int(6)), st.Text(7), st.Text(8)});
  }
  return out;
}

}  // namespace northstar::auth
