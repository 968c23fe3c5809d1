// The ingest entry point: reads one source (CSV, JSONL, SQLite or PostgreSQL) into a
// typed columnar Batch.
//
// Contract:
//  - rows_read == rows() + rejected.size(), always; no row is dropped silently (blank
//    lines in text files are not rows).
//  - Whole-source failures are a Status whose message is one line naming the source,
//    the file and what to do, e.g. "tickets: cannot open data/tickets.csv: No such file
//    or directory — check `from:` of source 'tickets' in northstar.yaml:14". They
//    cover: missing or unreadable file, empty file, a declared column missing from the
//    header (with the header's columns and a did-you-mean), unknown time zone or
//    timestamp format, and a database, table or query that cannot be read.
//  - File paths are relative to Workspace::root_dir (ReadOptions::file is taken as given).
//  - Thread-safe for distinct calls; a single call may use ReadOptions::threads threads.
#pragma once

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/read_options.h"

namespace northstar::ingest {

Result<Batch> ReadSource(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                         const ReadOptions& options = {});

// The same rows handed to `sink` in order, chunk by chunk, as they are read: a large
// CSV file is parsed piece by piece on ReadOptions::threads threads and never held
// whole. Other kinds are read whole and handed over as one chunk. The rows, their
// order, values and rejects are exactly those of ReadSource; how they are cut into
// chunks is unspecified.
Result<ReadTotals> ReadSourceInChunks(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                                      const ReadOptions& options, const ChunkSink& sink);

}  // namespace northstar::ingest
