// Helpers for the store tests: a throw-away directory, a source definition and a
// batch built row by row.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "catalog/model.h"
#include "ingest/batch.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace northstar::store::testing {

using catalog::ColumnType;

using northstar::testing::TempDir;

inline catalog::SourceDef MakeSource(const std::string& id,
                                     std::vector<std::pair<std::string, ColumnType>> cols,
                                     const std::string& key, const std::string& time) {
  catalog::SourceDef s;
  s.id = id;
  s.key = key;
  s.time = time;
  for (auto& [name, type] : cols) {
    catalog::ColumnDef c;
    c.name = name;
    c.from = name;
    c.type = type;
    s.columns.push_back(c);
  }
  return s;
}

// One cell: null, an integer (int, bool, timestamp), a double or a string.
using Cell = std::variant<std::monostate, int64_t, double, std::string>;
inline Cell Null() {
  return std::monostate{};
}

inline ingest::Batch MakeBatch(const catalog::SourceDef& source, const std::vector<std::vector<Cell>>& rows) {
  ingest::Batch b;
  for (const auto& def : source.columns) {
    ingest::ColumnData c;
    c.type = def.type;
    b.columns.push_back(c);
  }
  int64_t line = 2;
  for (const auto& row : rows) {
    for (size_t i = 0; i < source.columns.size(); ++i) {
      ingest::ColumnData& c = b.columns[i];
      const Cell& v = row.at(i);
      bool valid = !std::holds_alternative<std::monostate>(v);
      c.valid.push_back(valid ? 1 : 0);
      switch (c.type) {
        case ColumnType::kFloat: c.floats.push_back(valid ? std::get<double>(v) : 0.0); break;
        case ColumnType::kString:
          if (valid) {
            c.codes.push_back(c.CodeOf(std::get<std::string>(v)));
          } else {
            c.codes.push_back(0);
          }
          break;
        default: c.ints.push_back(valid ? std::get<int64_t>(v) : 0); break;
      }
    }
    b.source_lines.push_back(line++);
  }
  b.rows_read = static_cast<int64_t>(rows.size());
  return b;
}

// The cell at `row` of a stored column, in the same form MakeBatch takes.
inline Cell CellAt(const Column& c, size_t row) {
  if (c.is_null(row)) return Null();
  switch (c.type()) {
    case ColumnType::kFloat: return c.floats()[row];
    case ColumnType::kString: return std::string(c.string_at(row));
    default: return c.ints()[row];
  }
}

// All live rows of a table as cells, in table order.
inline std::vector<std::vector<Cell>> ReadAll(const Table& t) {
  std::vector<std::vector<Cell>> rows(t.rows());
  for (size_t j = 0; j < t.schema().size(); ++j) {
    auto col = t.column(j);
    EXPECT_TRUE(col.ok()) << col.status().ToString();
    if (!col.ok()) return {};
    for (size_t r = 0; r < t.rows(); ++r) rows[r].push_back(CellAt(**col, r));
  }
  return rows;
}

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kMicrosPerHour = 3'600'000'000;

}  // namespace northstar::store::testing
