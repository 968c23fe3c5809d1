// `northstar verify` for the store: reads every file of every source and reports each
// damaged one, instead of stopping at the first error as a reader does.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::store {

// One damaged (or missing) file and what it costs.
struct DamagedFile {
  std::string source;   // the source whose rows are affected
  std::string path;     // the file, as the store names it
  std::string problem;  // the reader's error (names the block for data errors)
};

struct StoreVerification {
  int sources = 0;  // source folders read
  int files = 0;    // CURRENT, manifest and segment files read whole
  std::vector<DamagedFile> damaged;
};

// Reads CURRENT, the manifest and every block of every segment and edit-log segment
// of every source folder under `dir` (checksums, sizes, row counts, column types, and
// the whole file's checksum where the manifest records one). A
// source never committed is skipped. Read-only: takes no lock, changes nothing.
// Fails only when `dir` cannot be listed.
Result<StoreVerification> VerifyStore(const std::string& dir);

}  // namespace northstar::store
