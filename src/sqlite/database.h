// The one way Northstar talks to SQLite: an owned connection, a prepared statement that
// finalizes itself, typed binds and reads, and errors as values naming the database.
// The results and action databases, the token store and the SQLite reader use it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"

namespace northstar::sqlite {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
// An open connection that closes itself.
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

// Opens (creating it and its parent directories if needed) a database for reading and
// writing, with a busy timeout. `vfs` names a registered SQLite VFS (empty: the default
// one). The caller owns the handle (sqlite3_close).
Result<sqlite3*> OpenReadWrite(const std::string& path, int busy_timeout_ms, const std::string& vfs = "");

// Opens an existing database for reading only; never creates one. The error gives
// SQLite's reason.
Result<Database> OpenReadOnly(const std::string& path);

// Runs one or more SQL statements that return no rows; the error names `what`.
Status Exec(sqlite3* db, const char* sql, const std::string& what);

// The database's file name ("results.db"; "SQLite" for a temporary one), for messages.
std::string DatabaseName(sqlite3* db);

class Statement {
 public:
  // The error gives the database's name and SQLite's message.
  static Result<Statement> Prepare(sqlite3* db, const char* sql);
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

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

  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  std::string ColumnName(int col) const {
    const char* name = sqlite3_column_name(stmt_, col);
    return name != nullptr ? name : "";
  }
  int Type(int col) const { return sqlite3_column_type(stmt_, col); }  // SQLITE_INTEGER, ...
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
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Adds each of `columns` that `table` lacks, as TEXT NOT NULL DEFAULT '': how a database
// made by an older version gains newer columns. The check and the change are one write
// transaction, so two processes opening an old database at once add each column once.
Status AddTextColumns(sqlite3* db, const std::string& table, std::initializer_list<const char*> columns,
                      const std::string& what);

}  // namespace northstar::sqlite
