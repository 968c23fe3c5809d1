// Test support: a generated workspace (sources tickets, spend, customers, survey), its
// rows as engine input, as CSV and as SQLite tables, and a runner that checks every
// value of a metric against SQL that computes it. The cases (a metric and its SQL) live
// in tests/logic/cases/differential_*.test: catalog/*.yaml and reference/ID.sql blocks.
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
#include "testing/logic_case.h"
#include "time/timestamp.h"

namespace northstar::engine::testing {

struct DiffCase {
  std::string id, source, frequency = "daily", segments, filter, formula, sql, reads;
};

// The cases of one differential .test file: each metric of its catalog/*.yaml with the
// SQL of its reference/ID.sql (a first line `-- reads: A, B` fills `reads`). Empty and
// *error set when the catalog does not load or a metric has no SQL.
std::vector<DiffCase> CasesOf(const northstar::testing::LogicCase& c, std::string* error);

// Every case of tests/logic/cases/differential_*.test under `source_dir` (a test
// failure for a file that does not load).
std::vector<DiffCase> LoadCases(const std::string& source_dir);

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

// Per source, the rows whose time is null or before `cutoff` (every row of a source
// without time): the data as it stood before the last days arrived.
std::map<std::string, std::vector<size_t>> RowsBefore(const catalog::Catalog& catalog,
                                                      const GeneratedData& data, time::Micros cutoff);

// Those rows of each source (row numbers per source id) as data of their own; the
// strings' dictionaries unchanged.
std::unique_ptr<GeneratedData> Subset(const GeneratedData& data,
                                      const std::map<std::string, std::vector<size_t>>& rows);

// `rows` of `source` as CSV lines, after a header line when `header`: timestamps ISO 8601
// UTC, floats in shortest round-trip form, bools true/false, null as an empty field,
// strings quoted when they hold a comma, a quote or a line break.
std::string CsvRows(const catalog::SourceDef& source, const std::vector<store::ColumnValues>& columns,
                    const std::vector<size_t>& rows, bool header);

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
