// Shared helpers for the ingest tests: building sources in code, temp files.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "catalog/model.h"

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

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ns-ingest-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace northstar::ingest::testing
