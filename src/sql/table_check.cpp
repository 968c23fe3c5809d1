#include "sql/table_check.h"

#include <algorithm>

namespace northstar::sql {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// ClickHouse wraps the type a column holds: Nullable(T), LowCardinality(T).
std::string Unwrapped(std::string type) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view wrapper : {"Nullable(", "LowCardinality("}) {
      if (StartsWith(type, wrapper) && type.back() == ')') {
        type = type.substr(wrapper.size(), type.size() - wrapper.size() - 1);
        again = true;
      }
    }
  }
  return type;
}

bool IsOneOf(const std::string& type, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return type == n; });
}

}  // namespace

Result<std::string> TableName(const SqlRequest& request, const std::string& source_id) {
  const SqlDialect d(request.dialect);
  const auto mapped = request.tables.find(source_id);
  return mapped == request.tables.end() ? d.Identifier(source_id) : d.Identifier(mapped->second, true);
}

Result<std::string> CompileColumnListing(const SqlRequest& request, const std::string& source_id) {
  ASSIGN_OR_RETURN(std::string table, TableName(request, source_id));
  if (request.dialect == Dialect::kClickhouse) return "DESCRIBE TABLE " + table;
  if (request.dialect != Dialect::kPostgres)
    return Status::Unsupported(std::string("listing a table's columns on ") + DialectName(request.dialect));
  ASSIGN_OR_RETURN(std::string name, SqlDialect(request.dialect).StringLiteral(table));
  return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = "
         "to_regclass(" +
         name + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
}

bool ColumnTypeFits(Dialect dialect, catalog::ColumnType type, const std::string& engine_type) {
  using catalog::ColumnType;
  if (dialect == Dialect::kClickhouse) {
    const std::string t = Unwrapped(engine_type);
    const bool is_int = IsOneOf(t, {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32"});
    switch (type) {
      case ColumnType::kTimestamp: return t == "DateTime" || StartsWith(t, "DateTime(");
      case ColumnType::kInt: return is_int;
      case ColumnType::kFloat: return is_int || t == "Float32" || t == "Float64";
      case ColumnType::kString: return t == "String" || StartsWith(t, "FixedString(");
      case ColumnType::kBool: return t == "UInt8";
    }
    return false;
  }
  const std::string& t = engine_type;
  const bool is_int = IsOneOf(t, {"smallint", "integer", "bigint"});
  switch (type) {
    case ColumnType::kTimestamp: return StartsWith(t, "timestamp");
    case ColumnType::kInt: return is_int;
    case ColumnType::kFloat:
      return is_int || t == "double precision" || t == "real" || StartsWith(t, "numeric");
    case ColumnType::kString:
      return t == "text" || StartsWith(t, "character varying") || StartsWith(t, "character(") ||
             t == "character";
    case ColumnType::kBool: return t == "boolean";
  }
  return false;
}

std::string SuggestedType(Dialect dialect, catalog::ColumnType type) {
  using catalog::ColumnType;
  const bool ch = dialect == Dialect::kClickhouse;
  switch (type) {
    case ColumnType::kTimestamp: return ch ? "DateTime" : "timestamptz";
    case ColumnType::kInt: return ch ? "Int64" : "bigint";
    case ColumnType::kFloat: return ch ? "Float64" : "double precision";
    case ColumnType::kString: return ch ? "String" : "text";
    case ColumnType::kBool: return ch ? "UInt8" : "boolean";
  }
  return "?";
}

Status CheckTable(Dialect dialect, const std::string& table,
                  const std::vector<std::vector<std::string>>& listed,
                  const std::vector<catalog::ColumnDef>& columns) {
  const std::string engine = std::string("engine ") + DialectName(dialect) + ": table " + table;
  if (listed.empty())
    return Status::InvalidArgument(engine + " does not exist")
        .WithHint("create it, or map the source to another table with engines." +
                  std::string(DialectName(dialect)) + ".tables in northstar.yaml");
  std::map<std::string, std::string> types;
  for (const auto& row : listed) {
    if (row.size() >= 2) types[row[0]] = row[1];
  }
  for (const catalog::ColumnDef& col : columns) {
    const auto found = types.find(col.name);
    const std::string wanted = SuggestedType(dialect, col.type);
    if (found == types.end())
      return Status::InvalidArgument(engine + " has no column '" + col.name + "', which the KPIs read")
          .WithHint("add it as " + wanted + " (the catalog declares " + catalog::ColumnTypeName(col.type) +
                    "), or correct the column's name in the catalog");
    if (!ColumnTypeFits(dialect, col.type, found->second))
      return Status::InvalidArgument(engine + ": column '" + col.name + "' is " + found->second +
                                     ", but the catalog declares it " + catalog::ColumnTypeName(col.type))
          .WithHint("change the column to " + wanted + " (docs/scale.md lists the types each engine needs)");
  }
  return Status::Ok();
}

}  // namespace northstar::sql
