// Table and Column: the read side of the store. A Table is an immutable view of one
// committed state of a source (its live rows, or its edit log); columns are decoded
// from the segment files on first use and then kept for the Table's lifetime.
//
// Thread safety: a Table and the Columns it hands out are safe to use from several
// threads. Ownership: Column pointers stay valid as long as the Table lives; the
// Table keeps the segment files it reads mapped, so later commits, garbage cleanup
// or other processes never change what it shows.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/column_values.h"
#include "store/manifest.h"
#include "store/segment.h"

namespace northstar::store {

// One column over all rows of a Table, in one contiguous array per payload.
class Column {
 public:
  Column(std::string name, ColumnValues values) : name_(std::move(name)), v_(std::move(values)) {}

  const std::string& name() const { return name_; }
  ColumnType type() const { return v_.type; }
  size_t size() const { return v_.valid.size(); }
  int64_t null_count() const { return null_count_; }

  // 1 = value present, 0 = null; one byte per row.
  std::span<const uint8_t> valid() const { return v_.valid; }
  bool is_null(size_t row) const { return v_.valid[row] == 0; }
  // kInt, kTimestamp (UTC microseconds), kBool (0/1). Null rows hold 0.
  std::span<const int64_t> ints() const { return v_.ints; }
  // kFloat. Null rows hold 0.0.
  std::span<const double> floats() const { return v_.floats; }
  // kString: codes index dictionary(); the dictionary holds each distinct value once
  // (order unspecified). Null rows hold code 0, which may not be a valid index.
  std::span<const uint32_t> codes() const { return v_.codes; }
  const std::vector<std::string>& dictionary() const { return v_.dictionary; }
  // kString convenience: the value, or "" for null.
  std::string_view string_at(size_t row) const {
    return v_.valid[row] ? std::string_view(v_.dictionary[v_.codes[row]]) : std::string_view();
  }

  const ColumnValues& values() const { return v_; }

 private:
  std::string name_;
  ColumnValues v_;
  int64_t null_count_ = v_.null_count();
};

class Table {
 public:
  // One segment and the rows of it that belong to the table.
  struct Part {
    std::shared_ptr<const SegmentReader> segment;
    SegmentEntry entry;  // its deletion bitmap is applied
  };
  Table(std::string source, uint64_t version, std::vector<ColumnSchema> schema, std::string key_column,
        std::string time_column, std::vector<Part> parts);

  const std::string& source() const { return source_; }
  // The manifest number this view was read from; grows with every commit.
  uint64_t version() const { return version_; }
  const std::vector<ColumnSchema>& schema() const { return schema_; }
  const std::string& key_column() const { return key_column_; }
  const std::string& time_column() const { return time_column_; }
  uint64_t rows() const { return rows_; }

  // The segments behind the table, oldest first (what changed between two states).
  const std::vector<Part>& parts() const { return parts_; }

  int FindColumn(const std::string& name) const;  // -1 when absent
  // Decodes (first call) and returns column `index` of schema(). Errors: Corruption
  // naming the segment file and block when stored data fails its checks.
  Result<const Column*> column(size_t index) const;
  // As above by name; NotFound for a column the source does not have.
  Result<const Column*> column(const std::string& name) const;

  // Decodes column `index` of schema() over the live rows of parts()[part] only, not
  // cached: a reader that streams a table part by part holds one part at a time.
  // Strings index the segment's own dictionary. Errors as column().
  Result<ColumnValues> DecodePart(size_t part, size_t index) const;

 private:
  Result<ColumnValues> Decode(size_t index) const;

  std::string source_;
  uint64_t version_;
  std::vector<ColumnSchema> schema_;
  std::string key_column_, time_column_;
  std::vector<Part> parts_;
  uint64_t rows_ = 0;
  mutable std::vector<std::unique_ptr<std::mutex>> column_mu_;
  mutable std::vector<std::unique_ptr<const Column>> columns_;
};

// Reads column `name` of `segment` converted to `type`: a column the segment lacks
// (added to the source later) reads as all nulls. Corruption when the stored type
// differs.
Result<ColumnValues> ReadAlignedColumn(const SegmentReader& segment, const ColumnSchema& column);

}  // namespace northstar::store
