// Segment files: the immutable, columnar unit of storage (layout in
// docs/store-format.md). A segment is written once, in full, then fsynced; it is only
// ever read through a memory mapping, and every block is checked against its CRC-32C
// before it is decompressed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/column_codec.h"
#include "store/column_values.h"
#include "store/file_io.h"

namespace northstar::store {

// Serializes a segment: `columns` parallel to `schema`, all the same size.
std::string BuildSegment(const std::vector<ColumnSchema>& schema, const std::vector<ColumnValues>& columns,
                         int zstd_level);
// The same from views (no copy of data held elsewhere).
std::string BuildSegment(const std::vector<ColumnSchema>& schema, const std::vector<ColumnView>& columns,
                         int zstd_level);

// Read access to one segment file. Open() checks the trailer and the footer (the
// index of blocks) but no column data; ReadColumn() checks and decodes one column.
// Every error is a Status naming the file (and the block, for data errors).
// Immutable after Open(); safe to use from several threads.
class SegmentReader {
 public:
  static Result<std::shared_ptr<const SegmentReader>> Open(const std::string& path);

  uint64_t rows() const { return rows_; }
  const std::vector<ColumnSchema>& schema() const { return schema_; }
  const std::string& path() const { return file_->path(); }
  // Index of the column named `name`, or -1.
  int FindColumn(const std::string& name) const;
  Result<ColumnValues> ReadColumn(size_t column) const;

 private:
  struct BlockRef {
    uint8_t role;
    uint64_t offset, stored_size, raw_size;
    uint32_t index;  // position in the file, for messages
  };
  SegmentReader() = default;
  Status ParseFooter();
  Status Fail(const std::string& what) const;

  std::shared_ptr<const MappedFile> file_;
  uint64_t rows_ = 0;
  uint64_t data_end_ = 0;  // blocks live in [0, data_end_)
  std::vector<ColumnSchema> schema_;
  std::vector<std::vector<BlockRef>> blocks_;  // per column
};

}  // namespace northstar::store
