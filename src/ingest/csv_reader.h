// The CSV reader: header row -> declared columns (by ColumnDef::from), every record
// converted by type, bad records rejected with file, line, column, reason and raw text.
//
// Large inputs are cut into chunks at record boundaries and parsed on several threads;
// the result is always identical to a single-threaded parse (chunk starts are checked
// against where the previous chunk really ended, and re-parsed if they disagree).
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/source_context.h"

namespace northstar::ingest {

// Maps context.path and parses it. Whole-source failures (cannot open, empty file,
// declared column missing from the header, bad column definition) are Status errors
// worded by SourceContext::Error.
Result<Batch> ReadCsvFile(const SourceContext& context);

// Parses CSV bytes already in memory (tests, fuzzing). `min_bytes_per_thread` bounds
// how finely the input is split across context.options.threads; tests lower it to
// force many chunk boundaries on small inputs.
Result<Batch> ParseCsv(std::string_view data, const SourceContext& context,
                       size_t min_bytes_per_thread = size_t{4} << 20);

}  // namespace northstar::ingest
