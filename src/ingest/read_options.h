// Options every reader takes (see read_source.h for the entry point).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace northstar::ingest {

// Called now and then while a file is read: input bytes consumed so far, input size
// (0 when unknown, e.g. for a query), rows read so far. Calls are serialized (never two
// at once) but may come from a worker thread.
using ProgressCallback = std::function<void(int64_t bytes_done, int64_t bytes_total, int64_t rows)>;

struct ReadOptions {
  // Reads this file instead of the source's `from:` path (`ingest --file`); relative
  // paths are taken as given (from the current directory), not from the workspace.
  std::optional<std::string> file;
  ProgressCallback progress;
  int threads = 2;  // parse threads for large CSV files
  // Pieces a CSV body held in memory is cut into (0: one per thread). Tests and the
  // fuzzer ask for more pieces than threads to check the stitching without threads.
  int chunks = 0;
};

}  // namespace northstar::ingest
