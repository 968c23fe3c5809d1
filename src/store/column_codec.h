// Turns a ColumnValues into the raw (uncompressed) blocks of a column chunk and back.
// The byte layouts are specified in docs/store-format.md ("Column chunks"). Decoding
// validates every size and code against the row count, so bytes that passed the
// checksum but are structurally wrong still give an error, never garbage values.
#pragma once

#include <cstdint>
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

// Encodes `column` (size() rows). The validity block is present only when the column
// has nulls; the dictionary block only for strings.
std::vector<RawBlock> EncodeColumn(const ColumnValues& column);

// Decodes `rows` rows of `type` from its blocks. A structural problem is returned as
// Corruption with a message naming the block role (the caller adds file and column).
Result<ColumnValues> DecodeColumn(ColumnType type, uint64_t rows, const std::vector<RawBlock>& blocks);

}  // namespace northstar::store
