// Where a piece of user input came from, for messages like "catalog/kpis.yaml:12:5".
#pragma once

#include <cstdint>
#include <string>

namespace northstar {

struct SourceLocation {
  std::string file;     // path as the user would type it (relative to the workspace)
  int32_t line = 0;     // 1-based; 0 = unknown
  int32_t column = 0;   // 1-based; 0 = unknown

  bool known() const { return line > 0; }
  // "file:line:col", "file:line" or "file".
  std::string ToString() const;
};

}  // namespace northstar
