// Shared helpers for the ingest tests: building sources in code, temp files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/model.h"
#include "testing/temp_dir.h"

namespace northstar::ingest::testing {

inline catalog::ColumnDef Column(std::string name, catalog::ColumnType type, std::string from = "",
                                 std::string format = "", std::string timezone = "") {
  catalog::ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  column.from = from.empty() ? column.name : std::move(from);
  column.format = std::move(format);
  column.timezone = std::move(timezone);
  return column;
}

inline catalog::SourceDef Source(std::string id, catalog::SourceKind kind, std::string path,
                                 std::vector<catalog::ColumnDef> columns) {
  catalog::SourceDef source;
  source.id = std::move(id);
  source.kind = kind;
  source.path = std::move(path);
  source.columns = std::move(columns);
  source.where.file = "northstar.yaml";
  source.where.line = 14;
  return source;
}

using northstar::testing::TempDir;

}  // namespace northstar::ingest::testing
