// The SQLite reader (`sqlite:PATH#TABLE`; TABLE may also be a SELECT statement).
// Result columns are matched to declared columns by ColumnDef::from; SQLite's dynamic
// types are converted like JSON values (INTEGER/REAL as numbers, TEXT like a CSV
// field, NULL as null). Rows are numbered from 1 in RejectedRow::line.
#pragma once

#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/source_context.h"

namespace northstar::ingest {

// `query_or_table` is the part after '#'. The database is opened read-only.
Result<Batch> ReadSqlite(const SourceContext& context, const std::string& query_or_table);

// True when `text` reads as a query rather than a table name (starts with SELECT/WITH).
bool LooksLikeQuery(const std::string& text);

// The statement that reads a source: the query itself, or every column of the table.
std::string SqliteSourceQuery(const std::string& query_or_table);

}  // namespace northstar::ingest
