#include "sqlite/database.h"

#include <filesystem>

namespace northstar::sqlite {

Result<sqlite3*> OpenReadWrite(const std::string& path, int busy_timeout_ms, const std::string& vfs) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Status::IOError("cannot create directory " + parent.string() + ": " + ec.message());
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      vfs.empty() ? nullptr : vfs.c_str()) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IOError("cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return db;
}

Result<Database> OpenReadOnly(const std::string& path) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Database db(raw);
  if (opened != SQLITE_OK) return Status::IOError(db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(opened));
  return db;
}

Status Exec(sqlite3* db, const char* sql, const std::string& what) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return Status::IOError(what + ": " + message);
  }
  return Status::Ok();
}

std::string DatabaseName(sqlite3* db) {
  const char* file = sqlite3_db_filename(db, "main");
  if (file == nullptr || *file == '\0') return "SQLite";
  return std::filesystem::path(file).filename().string();
}

Result<Statement> Statement::Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Internal(DatabaseName(db) + ": cannot prepare statement: " + sqlite3_errmsg(db));
  }
  return Statement(db, stmt);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Status::IOError(DatabaseName(db_) + ": " + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  return Status::IOError(DatabaseName(db_) + ": " + sqlite3_errmsg(db_));
}

Status AddTextColumns(sqlite3* db, const std::string& table, std::initializer_list<const char*> columns,
                      const std::string& what) {
  RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", what));
  Status status = [&]() -> Status {
    for (const char* column : columns) {
      ASSIGN_OR_RETURN(auto st, Statement::Prepare(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?"));
      st.Bind(1, table);
      st.Bind(2, std::string(column));
      ASSIGN_OR_RETURN(bool has, st.Step());
      if (has) continue;
      const std::string alter =
          "ALTER TABLE " + table + " ADD COLUMN " + column + " TEXT NOT NULL DEFAULT ''";
      RETURN_IF_ERROR(Exec(db, alter.c_str(), what));
    }
    return Status::Ok();
  }();
  if (!status.ok()) {
    (void)Exec(db, "ROLLBACK", what);
    return status;
  }
  return Exec(db, "COMMIT", what);
}

}  // namespace northstar::sqlite
