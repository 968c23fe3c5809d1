// Converts the text of one field into a column's declared type. Shared by every
// reader: CSV fields, PostgreSQL text results and JSON strings all go through it, so
// a value means the same thing whatever the source.
//
//   int        64-bit; an integral decimal such as "3.0" is accepted ("3.5" is not)
//   float      double via fast_float; nan and inf are rejected
//   bool       true/false, 1/0, yes/no in any letter case
//   string     must be valid UTF-8
//   timestamp  ISO 8601, or the column's `format:`; offset-less text is read in the
//              column's zone, else the source's, else the workspace's
//
// Null handling (null_values) is the reader's job: a converter only sees non-null text,
// and the reader calls AppendNull for a null so the key column can refuse it.
//
// Row rules (SPEC §7, workspace `limits:`), checked here so every reader applies them:
//   - the key column never holds null or empty text: the row is rejected ("empty key");
//   - no field text is longer than limits.max_field_bytes (rejected before it is copied);
//   - the source's `time` column lies inside limits.time_range.
// Immutable after Make(); Append* may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/batch.h"
#include "time/timestamp.h"

namespace northstar::ingest {

// The texts that mean null in a source (SourceDef::null_values).
struct NullTexts {
  const std::vector<std::string>* values = nullptr;  // null: only the empty text
  bool only_empty = true;

  static NullTexts Of(const std::vector<std::string>& values) {
    NullTexts nulls;
    nulls.values = &values;
    nulls.only_empty = values.size() == 1 && values[0].empty();
    return nulls;
  }
  bool Is(std::string_view text) const {
    if (only_empty || values == nullptr) return text.empty();
    for (const std::string& null_text : *values) {
      if (text == null_text) return true;
    }
    return false;
  }
};

class FieldConverter {
 public:
  // Fails when the column's time zone is unknown or its format is unsupported.
  static Result<FieldConverter> Make(const catalog::ColumnDef& column, const catalog::SourceDef& source,
                                     const catalog::Workspace& workspace);

  catalog::ColumnType type() const { return type_; }

  // Appends a null, or refuses it with reason "empty key" for the key column.
  bool AppendNull(ColumnData& out, std::string& reason) const;

  // Appends the converted value. On failure appends nothing, sets `reason` (e.g.
  // "bad int 'abc'", "empty key", a limit) and returns false.
  bool AppendText(std::string_view text, ColumnData& out, std::string& reason) const;

  // A column at a time, for readers that split many records before converting:
  // appends `n` values, the i-th converted from fields[i * stride] (null when `nulls`
  // says so), with the same values AppendText gives. Returns false when a value does
  // not convert; `out` then holds extra values and its dictionary may have grown, so
  // the caller cuts it back and converts those records with AppendText, which words
  // the reason.
  bool AppendTexts(const std::string_view* fields, size_t stride, size_t n, const NullTexts& nulls,
                   ColumnData& out) const;

  // Typed entry points for readers whose input is already typed (JSON, SQLite).
  bool AppendInt(int64_t value, ColumnData& out, std::string& reason) const;
  bool AppendDouble(double value, ColumnData& out, std::string& reason) const;
  bool AppendBool(bool value, ColumnData& out, std::string& reason) const;

 private:
  FieldConverter() = default;

  // The row rules of the workspace's limits for this column.
  bool AcceptsSize(std::string_view text, std::string* reason) const;
  bool AcceptsTime(int64_t micros, std::string* reason) const;

  catalog::ColumnType type_ = catalog::ColumnType::kString;
  bool is_key_ = false;   // the source's key column: null and empty text are rejected
  bool is_time_ = false;  // the source's time column: checked against the time range
  int64_t max_field_bytes_ = catalog::Limits::kDefaultMaxFieldBytes;
  int64_t first_micros_ = 0, end_micros_ = 0;  // accepted time range [first, end)
  std::string time_range_text_;                // "1970-01-01..2100-12-31", for reasons
  std::string format_;                         // strptime format; empty = ISO 8601
  time::ZoneConverter zone_ = time::ZoneConverter::Utc();
};

// Parsers behind AppendText, exposed for tests and for readers with typed shortcuts.
bool ParseInt64(std::string_view text, int64_t& value);
bool ParseFiniteDouble(std::string_view text, double& value);
bool ParseBool(std::string_view text, bool& value);

// The common ISO 8601 shape, YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z|+HH:MM|-HH:MM], without
// allocation; offset-less text is read in `zone`. Returns false for any other shape or
// an invalid field (2026-02-30, 24:00:00), leaving the decision, and the reason for a
// reject, to time::ParseIsoTimestamp; when it returns true its value equals that
// parser's.
bool ParseIsoTimestampFast(std::string_view text, const time::ZoneConverter& zone, int64_t& micros);

// The last date ParseIsoTimestampFast read: timestamps in a file mostly share the date
// of their neighbours, so its digits are checked and converted once per run of them.
struct IsoDateMemo {
  bool set = false;
  uint64_t head = 0;  // bytes 0..7 of "YYYY-MM-DD"
  uint16_t tail = 0;  // bytes 8..9
  int64_t day_micros = 0;
};
bool ParseIsoTimestampFast(std::string_view text, const time::ZoneConverter& zone, IsoDateMemo& memo,
                           int64_t& micros);

}  // namespace northstar::ingest
