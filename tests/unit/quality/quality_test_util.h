// Helpers for the data-quality tests: a throw-away directory, a small source
// (id int key, t timestamp, v int) and batches built from (key, day, value) rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "ingest/batch.h"
#include "testing/temp_dir.h"
#include "time/timestamp.h"

namespace northstar::quality::testing {

using northstar::testing::TempDir;

inline catalog::SourceDef TicketSource() {
  catalog::SourceDef s;
  s.id = "tickets";
  s.key = "id";
  s.time = "t";
  for (auto [name, type] :
       {std::pair{"id", catalog::ColumnType::kInt}, std::pair{"t", catalog::ColumnType::kTimestamp},
        std::pair{"v", catalog::ColumnType::kInt}}) {
    catalog::ColumnDef c;
    c.name = name;
    c.from = name;
    c.type = type;
    s.columns.push_back(c);
  }
  return s;
}

struct Row {
  int64_t key;
  int32_t day;  // UTC day number; the row's time is noon of that day
  int64_t value;
};

// 2026-03-02, a Monday.
inline constexpr int32_t kMonday = 20514;

inline time::Micros Noon(int32_t day) {
  return day * time::kMicrosPerDay + 12 * time::kMicrosPerHour;
}

inline ingest::Batch MakeBatch(const std::vector<Row>& rows) {
  ingest::Batch b;
  b.columns.resize(3);
  b.columns[0].type = catalog::ColumnType::kInt;
  b.columns[1].type = catalog::ColumnType::kTimestamp;
  b.columns[2].type = catalog::ColumnType::kInt;
  int64_t line = 2;  // after the header
  for (const Row& r : rows) {
    b.columns[0].ints.push_back(r.key);
    b.columns[1].ints.push_back(Noon(r.day));
    b.columns[2].ints.push_back(r.value);
    for (auto& c : b.columns) c.valid.push_back(1);
    b.source_lines.push_back(line++);
  }
  b.rows_read = static_cast<int64_t>(rows.size());
  return b;
}

}  // namespace northstar::quality::testing
