// The column names an input offers right now (CSV header, keys of the first JSONL
// objects, columns of a SQLite table or query), for the schema-drift check. Reading
// them costs one small read at the start of the file, never a pass over the data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/read_options.h"

namespace northstar::quality {

// Columns of the input `source` would be read from (options.file when set), in input
// order. Nullopt for inputs whose columns are not known before the query runs
// (PostgreSQL). Errors when the input cannot be opened; callers may ignore them, as
// ReadSource reports the same problem with a fix hint.
// JSONL: the union of the keys of the first 100 objects, in order of appearance.
Result<std::optional<std::vector<std::string>>> ReadInputColumns(const catalog::SourceDef& source,
                                                                 const catalog::Workspace& workspace,
                                                                 const ingest::ReadOptions& options);

}  // namespace northstar::quality
