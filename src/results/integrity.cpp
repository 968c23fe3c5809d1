#include "results/integrity.h"

#include <filesystem>

#include "sqlite/database.h"

namespace northstar::results {

Result<std::vector<std::string>> CheckResultsIntegrity(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound(path + " does not exist");
  auto db = sqlite::OpenReadOnly(path);
  if (!db.ok()) return std::vector<std::string>{"cannot open: " + db.status().message()};
  auto statement = sqlite::Statement::Prepare(db->get(), "PRAGMA integrity_check");
  if (!statement.ok()) return std::vector<std::string>{sqlite3_errmsg(db->get())};
  std::vector<std::string> problems;
  Result<bool> row = false;
  while ((row = statement->Step()).ok() && *row) {
    const std::string line = statement->Text(0);
    if (line != "ok") problems.push_back(line);
  }
  if (!row.ok()) problems.push_back(sqlite3_errmsg(db->get()));
  return problems;
}

}  // namespace northstar::results
