// The JSONL reader: one JSON object per line, fields found by ColumnDef::from. JSON
// null or a missing field is a null; numbers, strings and booleans are converted to
// the declared type (strings go through the same conversions as CSV fields, and
// null_values apply to them). A line that is not a JSON object is rejected with its
// line number; blank lines are not rows.
#pragma once

#include <string_view>

#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/source_context.h"

namespace northstar::ingest {

Result<Batch> ReadJsonlFile(const SourceContext& context);

// Parses JSONL bytes already in memory (tests, fuzzing).
Result<Batch> ParseJsonl(std::string_view data, const SourceContext& context);

}  // namespace northstar::ingest
