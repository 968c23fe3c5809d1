// The columnar batch every reader (CSV, JSONL, SQLite, PostgreSQL) produces and the
// store consumes. Columns follow the order of SourceDef::columns and hold values
// already converted to their declared type; rows a reader could not convert are not
// in the batch but in `rejected`, so rows read = rows in batch + rows rejected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model.h"

namespace northstar::ingest {

// One typed column. Exactly one payload vector is used, chosen by `type`:
//   kInt, kTimestamp (UTC microseconds), kBool (0/1) -> ints
//   kFloat -> floats;  kString -> strings
// `valid[i] == 0` marks a null (the payload slot then holds 0 / "" and is ignored).
struct ColumnData {
  catalog::ColumnType type = catalog::ColumnType::kString;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;
  std::vector<uint8_t> valid;

  size_t size() const { return valid.size(); }
};

// A row that was read but could not be stored, with enough context to fix it.
struct RejectedRow {
  std::string file;    // input file (or "sqlite:..."/"postgres" for database sources)
  int64_t line = 0;    // 1-based physical line where the record starts (row number for DBs)
  std::string column;  // offending column, empty when the whole record is malformed
  std::string reason;  // e.g. "bad timestamp '2026-13-01' (expected ISO 8601)"
  std::string raw;     // the record's text, truncated to 1 KiB
};

struct Batch {
  std::vector<ColumnData> columns;    // parallel to SourceDef::columns
  std::vector<int64_t> source_lines;  // per stored row: 1-based line (or row number) in the input
  std::vector<RejectedRow> rejected;
  int64_t rows_read = 0;  // == rows() + rejected.size()
  int64_t bytes_read = 0;

  size_t rows() const { return source_lines.size(); }
};

}  // namespace northstar::ingest
