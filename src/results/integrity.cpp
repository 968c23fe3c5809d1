#include "results/integrity.h"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace northstar::results {

Result<std::vector<std::string>> CheckResultsIntegrity(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound(path + " does not exist");
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  if (opened != SQLITE_OK)
    return std::vector<std::string>{std::string("cannot open: ") + sqlite3_errstr(opened)};
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &raw_statement, nullptr) != SQLITE_OK)
    return std::vector<std::string>{sqlite3_errmsg(db.get())};
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement, sqlite3_finalize);
  std::vector<std::string> problems;
  int step;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), 0));
    const std::string line = text != nullptr ? text : "";
    if (line != "ok") problems.push_back(line);
  }
  if (step != SQLITE_DONE) problems.push_back(sqlite3_errmsg(db.get()));
  return problems;
}

}  // namespace northstar::results
