// What an engine's tables must hold before `compute --engine` runs a statement on them:
// every column the KPIs read, of a type that computes what the catalog's type computes.
// Checked first, so that a table of the wrong shape fails with the table, the column and
// the type to use, not with an error from deep inside a generated statement.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "sql/statement.h"

namespace northstar::sql {

// The table a source is read from, as the statement names it: `request.tables`'s
// mapping (which may name a schema or database) or the source id, quoted.
Result<std::string> TableName(const SqlRequest& request, const std::string& source_id);

// A statement returning `name, type` for each column of `source_id`'s table (PostgreSQL:
// from pg_attribute, no rows when the table does not exist; ClickHouse: DESCRIBE TABLE,
// an error when it does not).
Result<std::string> CompileColumnListing(const SqlRequest& request, const std::string& source_id);

// Whether a column the engine reports as `engine_type` holds the catalog's `type`.
bool ColumnTypeFits(Dialect dialect, catalog::ColumnType type, const std::string& engine_type);

// The types to create a column of `type` with, for a message ("timestamptz", ...).
std::string SuggestedType(Dialect dialect, catalog::ColumnType type);

// Ok, or an InvalidArgument naming the engine, the table, the first column that is
// missing or of another type, and the type to use. `listed`: the rows of
// CompileColumnListing; `columns`: the catalog columns the KPIs read.
Status CheckTable(Dialect dialect, const std::string& table,
                  const std::vector<std::vector<std::string>>& listed,
                  const std::vector<catalog::ColumnDef>& columns);

}  // namespace northstar::sql
