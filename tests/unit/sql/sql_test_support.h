// Test support for the SQL tests: generated rows as a user's SQLite tables, and a
// comparison of SQL rows with the engine's values.
#pragma once

#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "engine/differential_harness.h"
#include "engine/engine.h"

namespace northstar::sql::testing {

// The generated rows as SQLite tables named by the source id (or `tables`), with the
// catalog's column names and the types docs/scale.md asks for (ISO 8601 text
// timestamps, 0/1 booleans).
class UserDatabase {
 public:
  UserDatabase();
  ~UserDatabase();
  UserDatabase(const UserDatabase&) = delete;
  UserDatabase& operator=(const UserDatabase&) = delete;

  void Load(const catalog::Catalog& catalog, const engine::testing::GeneratedData& data,
            const std::map<std::string, std::string>& tables = {});
  // The same from an engine input whose tables hold whole columns (not streamed).
  void Load(const catalog::Catalog& catalog, const engine::EngineInput& input,
            const std::map<std::string, std::string>& tables = {});
  void Exec(const std::string& sql);

  struct Row {
    std::string kpi, period, segment;
    std::optional<double> value;
  };
  // The rows of `sql` (four columns), or a message in *error.
  std::vector<Row> Query(const std::string& sql, std::string* error);

 private:
  sqlite3* db_ = nullptr;
};

// "" or the first differences between the engine's values of `kpi` and the SQL rows:
// the same keys in the same order, nulls alike, values within 1e-9 relative.
std::string Compare(const std::string& kpi, const std::vector<engine::ComputedValue>& native,
                    const std::vector<UserDatabase::Row>& sql);

}  // namespace northstar::sql::testing
