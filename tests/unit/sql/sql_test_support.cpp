#include "sql_test_support.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sql/dialect.h"
#include "sql/statement.h"
#include "time/civil.h"
#include "time/timestamp.h"

namespace northstar::sql::testing {

UserDatabase::UserDatabase() {
  sqlite3_open(":memory:", &db_);
}
UserDatabase::~UserDatabase() {
  sqlite3_close(db_);
}

void UserDatabase::Load(const catalog::Catalog& catalog, const engine::testing::GeneratedData& data,
                        const std::map<std::string, std::string>& tables) {
  Load(catalog, data.input, tables);
}

void UserDatabase::Load(const catalog::Catalog& catalog, const engine::EngineInput& input,
                        const std::map<std::string, std::string>& tables) {
  for (const auto& src : catalog.workspace.sources) {
    const auto mapped = tables.find(src.id);
    const std::string table = mapped == tables.end() ? src.id : mapped->second;
    const SqlDialect d(Dialect::kSqlite);
    std::string ddl = "CREATE TABLE " + d.Identifier(table).value() + " (";
    std::string insert = "INSERT INTO " + d.Identifier(table).value() + " VALUES (";
    for (size_t c = 0; c < src.columns.size(); ++c) {
      const auto type = src.columns[c].type;
      ddl += (c ? ", " : "") + d.Identifier(src.columns[c].name).value() +
             (type == catalog::ColumnType::kFloat                                               ? " REAL"
              : type == catalog::ColumnType::kString || type == catalog::ColumnType::kTimestamp ? " TEXT"
                                                                                                : " INTEGER");
      insert += c ? ", ?" : "?";
    }
    Exec(ddl + ")");
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, (insert + ")").c_str(), -1, &stmt, nullptr), SQLITE_OK);
    const auto found = input.sources.find(src.id);
    const engine::SourceTable empty;  // a source missing from the input has no rows
    const engine::SourceTable& rows = found == input.sources.end() ? empty : found->second;
    ASSERT_FALSE(rows.streamed()) << src.id;
    for (size_t r = 0; r < rows.rows; ++r) {
      for (size_t c = 0; c < src.columns.size(); ++c) {
        const int i = static_cast<int>(c) + 1;
        if (c >= rows.columns.size() || rows.columns[c] == nullptr) {
          sqlite3_bind_null(stmt, i);
          continue;
        }
        const store::ColumnValues& v = *rows.columns[c];
        if (!v.valid[r]) {
          sqlite3_bind_null(stmt, i);
        } else if (v.type == catalog::ColumnType::kFloat) {
          sqlite3_bind_double(stmt, i, v.floats[r]);
        } else if (v.type == catalog::ColumnType::kString) {
          sqlite3_bind_text(stmt, i, v.dictionary[v.codes[r]].c_str(), -1, SQLITE_TRANSIENT);
        } else if (v.type == catalog::ColumnType::kTimestamp) {
          sqlite3_bind_text(stmt, i, time::FormatIso(v.ints[r], nullptr).c_str(), -1, SQLITE_TRANSIENT);
        } else {
          sqlite3_bind_int64(stmt, i, v.ints[r]);
        }
      }
      ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db_);
      sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
  }
}

void UserDatabase::Exec(const std::string& sql) {
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
}

std::vector<UserDatabase::Row> UserDatabase::Query(const std::string& sql, std::string* error) {
  std::vector<Row> rows;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    *error = sqlite3_errmsg(db_);
    return rows;
  }
  int rc = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    Row row;
    row.kpi = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    row.period = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
    row.segment = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
    if (sqlite3_column_type(stmt, 3) != SQLITE_NULL) row.value = sqlite3_column_double(stmt, 3);
    rows.push_back(row);
  }
  if (rc != SQLITE_DONE) *error = sqlite3_errmsg(db_);
  sqlite3_finalize(stmt);
  return rows;
}

namespace {

bool Near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)) + 1e-12;
}

}  // namespace

std::string Compare(const std::string& kpi, const std::vector<engine::ComputedValue>& native,
                    const std::vector<UserDatabase::Row>& sql) {
  std::vector<const engine::ComputedValue*> mine;
  for (const auto& v : native) {
    if (v.kpi == kpi) mine.push_back(&v);
  }
  std::string out;
  int reported = 0;
  if (mine.size() != sql.size())
    out += "native has " + std::to_string(mine.size()) + " rows, SQL " + std::to_string(sql.size()) + "\n";
  for (size_t i = 0; i < std::min(mine.size(), sql.size()) && reported < 8; ++i) {
    const engine::ComputedValue& a = *mine[i];
    const UserDatabase::Row& b = sql[i];
    const bool same_key = a.PeriodText() == b.period && a.segment == b.segment && b.kpi == kpi;
    const bool same_value =
        a.value.has_value() == b.value.has_value() && (!a.value || Near(*a.value, *b.value));
    if (same_key && same_value) continue;
    ++reported;
    out += "row " + std::to_string(i) + ": native " + a.PeriodText() + " " + a.segment + " = " +
           (a.value ? std::to_string(*a.value) : "null") + "; SQL " + b.period + " " + b.segment + " = " +
           (b.value ? std::to_string(*b.value) : "null") + "\n";
  }
  return out;
}

std::optional<std::pair<int64_t, int64_t>> TimeRangeOf(const catalog::Catalog& catalog,
                                                       const engine::EngineInput& input) {
  std::optional<std::pair<int64_t, int64_t>> range;
  for (const auto& src : catalog.workspace.sources) {
    const auto found = input.sources.find(src.id);
    if (found == input.sources.end()) continue;
    for (size_t c = 0; c < src.columns.size() && c < found->second.columns.size(); ++c) {
      const store::ColumnValues* v = found->second.columns[c];
      if (v == nullptr || v->type != catalog::ColumnType::kTimestamp) continue;
      for (size_t r = 0; r < found->second.rows; ++r) {
        if (!v->valid[r]) continue;
        range = range
                    ? std::make_pair(std::min(range->first, v->ints[r]), std::max(range->second, v->ints[r]))
                    : std::make_pair(v->ints[r], v->ints[r]);
      }
    }
  }
  return range;
}

std::map<std::string, std::pair<int32_t, int32_t>> SourceDaysOf(const catalog::Catalog& catalog,
                                                                const engine::EngineInput& input) {
  std::map<std::string, std::pair<int32_t, int32_t>> days;
  auto zone = time::ZoneConverter::Create(catalog.workspace.timezone);
  if (!zone.ok()) return days;
  for (const auto& src : catalog.workspace.sources) {
    const auto found = input.sources.find(src.id);
    const catalog::ColumnDef* col = src.time.empty() ? nullptr : src.FindColumn(src.time);
    if (found == input.sources.end() || col == nullptr) continue;
    const size_t c = static_cast<size_t>(col - src.columns.data());
    const store::ColumnValues* v = c < found->second.columns.size() ? found->second.columns[c] : nullptr;
    if (v == nullptr) continue;
    for (size_t r = 0; r < found->second.rows; ++r) {
      if (!v->valid[r]) continue;
      const auto day =
          static_cast<int32_t>(time::FloorDiv(zone->UtcToLocal(v->ints[r]), time::kMicrosPerDay));
      auto [it, fresh] = days.try_emplace(src.id, day, day);
      if (!fresh) it->second = {std::min(it->second.first, day), std::max(it->second.second, day)};
    }
  }
  return days;
}

void ExportForEngines(const std::string& name, const catalog::Catalog& catalog,
                      const formula::CompiledCatalog& compiled, const engine::EngineInput& input,
                      const std::vector<engine::ComputedValue>& native, const std::vector<std::string>& kpis,
                      const std::map<std::string, std::string>& tables) {
  const char* root = std::getenv("NORTHSTAR_SQL_EXPORT");
  if (root == nullptr || *root == '\0') return;
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(root) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  fs::create_directories(dir / "sql");
  nlohmann::json formulas = nlohmann::json::array();
  for (const auto& id : kpis) {
    std::string text;
    for (const auto& m : catalog.measures) {
      if (m.id != id) continue;
      text = m.formula + (m.filter.empty() ? "" : "  [filter: " + m.filter + "]");
      for (const auto& dim : m.segments) text += "  [segment: " + dim + "]";
    }
    formulas.push_back(text);
  }
  nlohmann::json schema = {{"tables", nlohmann::json::array()}, {"kpis", kpis}, {"formulas", formulas}};
  for (size_t s = 0; s < catalog.workspace.sources.size(); ++s) {
    const catalog::SourceDef& src = catalog.workspace.sources[s];
    const auto mapped = tables.find(src.id);
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& col : src.columns)
      columns.push_back({{"name", col.name}, {"type", catalog::ColumnTypeName(col.type)}});
    schema["tables"].push_back({{"source", src.id},
                                {"table", mapped == tables.end() ? src.id : mapped->second},
                                {"columns", columns}});
    const auto found = input.sources.find(src.id);
    const engine::SourceTable empty;
    const engine::SourceTable& rows = found == input.sources.end() ? empty : found->second;
    ASSERT_FALSE(rows.streamed()) << src.id;
    std::ofstream out(dir / "data" / (std::to_string(s) + ".jsonl"));
    for (size_t r = 0; r < rows.rows; ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (size_t c = 0; c < src.columns.size(); ++c) {
        const store::ColumnValues* v = c < rows.columns.size() ? rows.columns[c] : nullptr;
        if (v == nullptr || !v->valid[r]) {
          row.push_back(nullptr);
        } else if (v->type == catalog::ColumnType::kFloat) {
          row.push_back(v->floats[r]);
        } else if (v->type == catalog::ColumnType::kString) {
          row.push_back(v->dictionary[v->codes[r]]);
        } else if (v->type == catalog::ColumnType::kBool) {
          row.push_back(v->ints[r] != 0);
        } else {
          row.push_back(v->ints[r]);
        }
      }
      out << row.dump() << "\n";
    }
  }
  std::ofstream(dir / "schema.json") << schema.dump(1) << "\n";
  // ClickHouse gets the statement `compute --engine` sends it: zone offsets for the data's
  // time range only, periods from the sources' known days (tests/scripts/sql_clickhouse.sh
  // runs the whole-range one, PostgreSQL and DuckDB here the one `northstar sql` prints).
  const auto range = TimeRangeOf(catalog, input);
  const auto days = SourceDaysOf(catalog, input);
  for (size_t k = 0; k < kpis.size(); ++k) {
    for (Dialect d : {Dialect::kPostgres, Dialect::kDuckdb, Dialect::kClickhouse}) {
      SqlRequest request;
      request.dialect = d;
      request.measures = {kpis[k]};
      request.tables = tables;
      if (d == Dialect::kClickhouse) {
        request.time_range = range;
        request.source_days = days;
      }
      const auto statement = CompileStatement(catalog, compiled, request);
      const fs::path file = dir / "sql" / (std::to_string(k) + "." + DialectName(d));
      if (statement.ok()) {
        std::ofstream(file.string() + ".sql") << *statement << "\n";
      } else {
        std::ofstream(file.string() + ".refused") << statement.status().ToString() << "\n";
      }
    }
  }
  nlohmann::json expected = nlohmann::json::array();
  for (const auto& v : native) {
    if (std::find(kpis.begin(), kpis.end(), v.kpi) == kpis.end()) continue;
    expected.push_back({v.kpi, v.PeriodText(), v.segment, v.value ? nlohmann::json(*v.value) : nullptr});
  }
  std::ofstream(dir / "expected.json") << expected.dump() << "\n";
}

}  // namespace northstar::sql::testing
