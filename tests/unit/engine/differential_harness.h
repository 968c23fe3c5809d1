// Test support: a generated workspace (sources tickets, spend, customers, survey), its
// rows as engine input and as SQLite tables, and a runner that checks every engine
// value of a metric against SQL that computes it (tests/logic/differential.cases).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "engine/engine.h"
#include "formula/compiler.h"
#include "store/column_values.h"
#include "time/timestamp.h"

namespace northstar::engine::testing {

struct DiffCase {
  std::string id, source, frequency = "daily", segments, filter, formula, sql, reads;
};

// Parses the `case ... end` blocks of a cases file.
std::vector<DiffCase> LoadCases(const std::string& path);

// northstar.yaml and catalog/metrics.yaml for the generated workspace.
std::string WorkspaceYaml(const std::string& zone);
std::string CatalogYaml(const std::vector<DiffCase>& cases);

struct GeneratedData {
  std::map<std::string, std::vector<store::ColumnValues>> columns;  // by source id
  EngineInput input;                                                // points into `columns`
};

// Random rows for every source of `catalog` (nulls, ties, empty days, DST days, a
// segment with one row, rows near local midnight, a few rows in the previous year).
std::unique_ptr<GeneratedData> GenerateData(const catalog::Catalog& catalog, uint64_t seed, size_t scale = 1);

// An in-memory SQLite database holding the same rows plus period columns.
class SqlReference {
 public:
  SqlReference(const catalog::Catalog& catalog, const GeneratedData& data);
  ~SqlReference();

  // Expected rows of one case, or a message describing a SQL failure.
  std::vector<ComputedValue> Expected(const DiffCase& c, std::string* error);

 private:
  std::optional<double> Scalar(const std::string& sql, std::string* error);
  const catalog::Catalog& catalog_;
  time::ZoneConverter zone_;
  sqlite3* db_ = nullptr;
};

// Replaces every {PCT p;table;expr;cond} in `sql` by a subquery computing SQL
// percentile_cont(p) of `expr` over the rows of `table` (alias t) where `cond` holds.
std::string ExpandPercentiles(std::string sql);

// Compares engine rows of `kpi` with expected rows; returns "" or the differences.
std::string CompareRows(const std::string& kpi, const std::vector<ComputedValue>& engine,
                        const std::vector<ComputedValue>& expected, size_t max_report = 10);

}  // namespace northstar::engine::testing
