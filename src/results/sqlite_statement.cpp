#include "results/sqlite_statement.h"

namespace northstar::results {

Result<SqliteStatement> SqliteStatement::Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("results database: cannot prepare statement: ") + sqlite3_errmsg(db));
  }
  return SqliteStatement(db, stmt);
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Status::IOError(std::string("results database: ") + sqlite3_errmsg(db_));
}

Status SqliteStatement::Run() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  return Status::IOError(std::string("results database: ") + sqlite3_errmsg(db_));
}

}  // namespace northstar::results
