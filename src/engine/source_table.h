// The engine's input: per source a table of typed columns, independent of where the
// rows live. `northstar compute` fills it from store snapshots; tests fill it from
// generated data. The engine never copies the columns and never writes to them.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "store/column_values.h"

namespace northstar::engine {

// One source's rows. `columns` is parallel to SourceDef::columns; an entry may be
// null (a column the stored source does not have yet: it reads as all nulls). Every
// non-null column holds exactly `rows` values of the SourceDef column's type.
struct SourceTable {
  std::vector<const store::ColumnValues*> columns;
  size_t rows = 0;
};

// Source id -> its rows. A source missing from the map has no rows. The pointed-to
// columns must outlive every Compute() call that reads them.
struct EngineInput {
  std::map<std::string, SourceTable> sources;
};

}  // namespace northstar::engine
