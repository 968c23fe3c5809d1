// The PostgreSQL reader (`postgres:CONNINFO#QUERY`; a bare name after '#' reads that
// table). Results come as text and are converted like CSV fields (booleans arrive as
// t/f and are mapped). Rows are numbered from 1 in RejectedRow::line, whose file is
// "postgres". Passwords in the conninfo never appear in messages.
#pragma once

#include <string>

#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/source_context.h"

namespace northstar::ingest {

Result<Batch> ReadPostgres(const SourceContext& context, const std::string& query_or_table);

// The conninfo with any password replaced by "***" (key=value and URI forms).
std::string RedactConninfo(const std::string& conninfo);

}  // namespace northstar::ingest
