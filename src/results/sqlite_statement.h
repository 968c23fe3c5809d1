// A prepared SQLite statement that finalizes itself, with typed binds and reads.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"

namespace northstar::results {

// Opens (creating it and its parent directories if needed) a SQLite database for
// reading and writing, with a busy timeout. `vfs` names a registered SQLite VFS (empty:
// the default one). The caller owns the handle (sqlite3_close).
Result<sqlite3*> OpenSqliteDatabase(const std::string& path, int busy_timeout_ms,
                                    const std::string& vfs = "");

// Runs one or more SQL statements that return no rows; the error names `what`.
Status ExecSql(sqlite3* db, const char* sql, const std::string& what);

class SqliteStatement {
 public:
  static Result<SqliteStatement> Prepare(sqlite3* db, const char* sql);
  SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(stmt_); }

  // Binds are 1-based like SQLite's.
  void Bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, int64_t v) { sqlite3_bind_int64(stmt_, index, v); }
  void Bind(int index, const std::optional<double>& v) {
    if (v)
      sqlite3_bind_double(stmt_, index, *v);
    else
      sqlite3_bind_null(stmt_, index);
  }

  sqlite3_stmt* get() const { return stmt_; }  // for the binds and reads not wrapped here

  // Returns true while a row is available; false when done; an error otherwise.
  Result<bool> Step();
  // Steps once and expects SQLITE_DONE (for writes).
  Status Run();
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string Text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<double> Double(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, col);
  }

 private:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace northstar::results
