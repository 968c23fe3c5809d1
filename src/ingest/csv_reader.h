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

// The rows of context.path handed to `sink` in order while the file is parsed: the
// body is cut into pieces of about `piece_bytes` that context.options.threads threads
// parse, and each parsed piece goes to the sink as soon as every piece before it has
// gone (at most a few pieces are held at a time). Rows, values, line numbers and
// rejects are exactly those of ReadCsvFile, whatever the thread count.
Result<ReadTotals> ReadCsvFileInChunks(const SourceContext& context, const ChunkSink& sink);

// The same over bytes already in memory (tests lower `piece_bytes` to force many pieces).
Result<ReadTotals> ParseCsvInChunks(std::string_view data, const SourceContext& context,
                                    const ChunkSink& sink, size_t piece_bytes = size_t{32} << 20);

}  // namespace northstar::ingest
