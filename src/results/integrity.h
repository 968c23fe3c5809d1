// `northstar verify` for the results database: SQLite's own page-level check.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::results {

// Opens `path` read-only and runs `PRAGMA integrity_check`: the problems it lists
// (empty when the database is sound). A file that is no SQLite database, or cannot
// be opened, is one problem. A missing file is NotFound (nothing computed yet).
Result<std::vector<std::string>> CheckResultsIntegrity(const std::string& path);

}  // namespace northstar::results
