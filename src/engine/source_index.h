// SourceIndex: what the engine derives once per source before scanning it: the local
// day of every row (in the workspace zone) and a dense code per row for each segment
// dimension. Every scan over the source reuses them.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/source_table.h"
#include "time/timestamp.h"

namespace northstar::engine {

inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();

// One dimension of one source: row -> code, code -> label ("(null)" for null).
struct SegmentIndex {
  std::vector<uint32_t> row_code;
  std::vector<int64_t> rows_per_code;  // per code: its rows
  std::vector<std::string> labels;
  std::unordered_map<std::string, uint32_t> by_label;
};

struct SourceIndex {
  const catalog::SourceDef* def = nullptr;
  SourceTable table;         // columns padded to def->columns.size() (null = absent)
  bool timed = false;        // the source has a `time` column
  std::vector<int32_t> day;  // per row: local day, kNoDay when the time is null
  bool has_days = false;     // some row has a time
  int32_t min_day = 0, max_day = 0;
  // Rows per local day of the rows indexed: rows_per_day[d] has day counted_from + d.
  // (A refresh widens min_day..max_day to all stored rows; these stay the rows read.)
  std::vector<int64_t> rows_per_day;
  int32_t counted_from = 0;
  std::map<std::string, SegmentIndex> dims;
};

// Builds the index of `def` over `table` (or over no rows when null), with codes for
// `dims` (columns of def). Uses up to `threads` threads for the day computation.
Result<SourceIndex> BuildSourceIndex(const catalog::SourceDef& def, const SourceTable* table,
                                     const std::vector<std::string>& dims, const time::ZoneConverter& zone,
                                     int threads);

// The segment label text of a value: strings as they are, bools true/false, numbers in
// shortest round-trip form, timestamps ISO 8601 in the workspace zone.
std::string SegmentValueLabel(const store::ColumnValues& col, size_t row, const time::ZoneConverter& zone);

}  // namespace northstar::engine
