// The data-quality report (SPEC §7): what a reader of a KPI should know about the rows
// behind it. A report is a list of findings per source; each finding is one kind of
// problem with how many rows/days/columns it affects and a few examples.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "time/timestamp.h"

namespace northstar::quality {

enum class FindingKind {
  kDuplicateKeys,  // a key repeated inside one batch (the last row wins)
  kEdits,          // rows that replaced a stored row with other values
  kLateRows,       // rows landing in periods already reported
  kGap,            // a day without rows inside the data's range
  kVolumeDrop,     // a day with < 50 % of its usual volume
  kStale,          // newest time value older than the staleness threshold
  kSchemaDrift,    // input columns appeared/disappeared since the previous ingest
};

// Stable ids used in JSON output: "duplicate_keys", "edits", "late_rows", "gap",
// "volume_drop", "stale", "schema_drift".
const char* FindingKindName(FindingKind kind);

struct Finding {
  FindingKind kind = FindingKind::kDuplicateKeys;
  int64_t count = 0;                  // rows, days or columns affected (see message)
  std::string message;                // one line, ready to print
  std::vector<std::string> examples;  // keys, days or column names; at most a few
};

// Thresholds; the defaults are the documented rules (src/quality/README.md).
struct QualityOptions {
  time::Micros stale_after = 2 * time::kMicrosPerDay;  // staleness threshold
  double drop_ratio = 0.5;  // a day below drop_ratio × trailing same-weekday median
  int trailing_weeks = 4;   // how many earlier same weekdays form that median
  size_t max_examples = 5;  // examples kept per finding
};

// The findings for one source, plus the facts they were judged on.
struct SourceQuality {
  std::string source;
  uint64_t rows = 0;                           // live rows in the store
  std::optional<time::Micros> newest_time;     // newest value of the time column
  std::optional<int32_t> first_day, last_day;  // local days holding rows
  std::vector<Finding> findings;
  std::vector<std::string> notes;  // what could not be checked, and why
};

}  // namespace northstar::quality
