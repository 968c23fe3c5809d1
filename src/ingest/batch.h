// The columnar batch every reader (CSV, JSONL, SQLite, PostgreSQL) produces and the
// store consumes. Columns follow the order of SourceDef::columns and hold values
// already converted to their declared type; rows a reader could not convert are not
// in the batch but in `rejected`, so rows read = rows in batch + rows rejected.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/string_coder.h"

namespace northstar::ingest {

// One typed column. Exactly one payload is used, chosen by `type`:
//   kInt, kTimestamp (UTC microseconds), kBool (0/1) -> ints
//   kFloat -> floats
//   kString -> codes, each an index into dictionary (dictionary-encoded as read, so a
//              column of millions of repeated labels costs 4 bytes a row)
// `valid[i] == 0` marks a null (the payload slot then holds 0 and is ignored).
// The dictionary holds each distinct value once, in order of first appearance; it may
// also hold values of rows that were rejected after the value was read, so use only
// the codes of stored rows. Append strings with AppendString, never by hand.
struct ColumnData {
  catalog::ColumnType type = catalog::ColumnType::kString;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<uint32_t> codes;
  std::vector<std::string> dictionary;
  std::vector<uint8_t> valid;

  size_t size() const { return valid.size(); }
  // kString: the value of row `row` ("" for null).
  std::string_view string_at(size_t row) const {
    return valid[row] ? std::string_view(dictionary[codes[row]]) : std::string_view();
  }
  // kString: appends a non-null value.
  void AppendString(std::string_view text) {
    codes.push_back(CodeOf(text));
    valid.push_back(1);
  }
  // kString: the code of `text`, added to the dictionary when new.
  uint32_t CodeOf(std::string_view text) { return coder.Code(dictionary, text); }

  StringCoder coder;  // finds dictionary entries; always in step with `dictionary`
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

// Receives the rows of a source in input order, a chunk at a time, while later rows
// are still being read (ReadSourceInChunks). A chunk is a Batch whose rejects were
// already moved into ReadTotals. Calls are serialized but may come from worker
// threads. A non-OK status stops the read, which then returns that status.
using ChunkSink = std::function<Status(Batch&& chunk)>;

// What a read in chunks saw: rows_read == rows + rejected.size().
struct ReadTotals {
  int64_t rows_read = 0;
  int64_t rows = 0;  // rows handed to the sink
  int64_t bytes_read = 0;
  std::vector<RejectedRow> rejected;  // in input order

  // The totals of a batch read whole, taking its rejects (the batch keeps its rows).
  static ReadTotals TakeFrom(Batch& batch) {
    ReadTotals totals;
    totals.rows_read = batch.rows_read;
    totals.rows = static_cast<int64_t>(batch.rows());
    totals.bytes_read = batch.bytes_read;
    totals.rejected = std::move(batch.rejected);
    batch.rejected.clear();
    return totals;
  }
};

}  // namespace northstar::ingest
