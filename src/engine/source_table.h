// The engine's input: per source a table of typed columns, independent of where the
// rows live. `northstar compute` streams them from the store one segment at a time;
// tests fill whole tables from generated data. The engine never writes to them.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/column_values.h"

namespace northstar::engine {

struct DecodedPart;

// Decodes the listed columns (indexes into SourceDef::columns) of one part.
using PartDecoder = std::function<Result<std::shared_ptr<const DecodedPart>>(
    size_t part, const std::vector<int32_t>& columns)>;

// One source's rows. `columns` is parallel to SourceDef::columns; an entry may be
// null (a column the stored source does not have yet: it reads as all nulls). Every
// non-null column holds exactly `rows` values of the SourceDef column's type.
//
// A streamed table (decode_part set) has no columns: its rows are the concatenation
// of parts of part_rows[i] rows each, decoded on demand, so only the parts being
// read take memory.
struct SourceTable {
  std::vector<const store::ColumnValues*> columns;
  size_t rows = 0;
  std::vector<size_t> part_rows;  // streamed: rows per part, in order; they add up to `rows`
  PartDecoder decode_part;        // streamed: decodes one part

  bool streamed() const { return static_cast<bool>(decode_part); }
};

// One decoded part: a table of its rows alone (columns not asked for are null).
// Columns may be shared with other decodings of the same part.
struct DecodedPart {
  std::vector<std::shared_ptr<const store::ColumnValues>> owned;
  SourceTable table;
};

// Source id -> its rows. A source missing from the map has no rows. The pointed-to
// columns must outlive every Compute() call that reads them.
struct EngineInput {
  std::map<std::string, SourceTable> sources;
};

}  // namespace northstar::engine
