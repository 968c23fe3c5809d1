// Turns a ColumnValues into the raw (uncompressed) blocks of a column chunk and back.
// The byte layouts are specified in docs/store-format.md ("Column chunks"). Decoding
// validates every size and code against the row count, so bytes that passed the
// checksum but are structurally wrong still give an error, never garbage values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/column_values.h"

namespace northstar::store {

enum class BlockRole : uint8_t { kValidity = 1, kValues = 2, kDictionary = 3 };
const char* BlockRoleName(BlockRole role);

struct RawBlock {
  BlockRole role;
  std::string bytes;
};

// A read-only view of column data in ColumnValues form, so that data held elsewhere
// (an ingest batch) can be encoded without first being copied. Spans as in
// ColumnValues: the one matching `type` has valid.size() entries.
struct ColumnView {
  ColumnType type = ColumnType::kString;
  std::span<const uint8_t> valid;
  std::span<const int64_t> ints;
  std::span<const double> floats;
  std::span<const uint32_t> codes;
  const std::vector<std::string>* dictionary = nullptr;  // kString

  size_t size() const { return valid.size(); }
  static ColumnView Of(const ColumnValues& values);
};

// Encodes `column` (size() rows). The validity block is present only when the column
// has nulls; the dictionary block only for strings.
std::vector<RawBlock> EncodeColumn(const ColumnView& column);
inline std::vector<RawBlock> EncodeColumn(const ColumnValues& column) {
  return EncodeColumn(ColumnView::Of(column));
}

// Decodes `rows` rows of `type` from its blocks. A structural problem is returned as
// Corruption with a message naming the block role (the caller adds file and column).
Result<ColumnValues> DecodeColumn(ColumnType type, uint64_t rows, const std::vector<RawBlock>& blocks);

}  // namespace northstar::store
