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
#include "formula/compiler.h"

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

// The oldest and newest value of every timestamp column of `input` (UTC micros), what
// `compute --engine` asks an engine for (sql::CompileTimeRange).
std::optional<std::pair<int64_t, int64_t>> TimeRangeOf(const catalog::Catalog& catalog,
                                                       const engine::EngineInput& input);

// Each timed source's first and last local day in the workspace zone, what `compute
// --engine` reads with sql::CompileSourceSpans (SqlRequest::source_days).
std::map<std::string, std::pair<int32_t, int32_t>> SourceDaysOf(const catalog::Catalog& catalog,
                                                                const engine::EngineInput& input);

// With NORTHSTAR_SQL_EXPORT set to a directory, writes the workspace `name` there for
// tests/scripts/sql_parity_engines.sh, which runs it on PostgreSQL, DuckDB and ClickHouse:
// the tables (schema.json: table names, columns, types; data/<i>.jsonl: one JSON array per
// row, timestamps as UTC microseconds), each KPI's statement in those three dialects
// (sql/<k>.<dialect>.sql, or the reason it was refused in sql/<k>.<dialect>.refused) and
// compute's values (expected.json). ClickHouse's statements carry the data's time range,
// as `compute --engine` sends them. Does nothing when the variable is unset.
void ExportForEngines(const std::string& name, const catalog::Catalog& catalog,
                      const formula::CompiledCatalog& compiled, const engine::EngineInput& input,
                      const std::vector<engine::ComputedValue>& native, const std::vector<std::string>& kpis,
                      const std::map<std::string, std::string>& tables = {});

}  // namespace northstar::sql::testing
