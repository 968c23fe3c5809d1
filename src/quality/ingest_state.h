// What Northstar remembers about the previous ingest of each source, for checks that
// compare two ingests (schema drift) and for `ingest --report`: one small JSON file
// per source in <store dir>/../quality/<source>.json (outside the store directory, so
// the store's own files stay exactly what docs/store-format.md describes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "quality/finding.h"

namespace northstar::quality {

struct IngestState {
  std::optional<std::vector<std::string>> columns;  // input columns seen (nullopt: unknown)
  std::string ingested_at;                          // ISO 8601 UTC
  std::string input;                                // file (or database) read
  int64_t rows_read = 0;
  int64_t rows_rejected = 0;
  std::string reject_file;              // empty when nothing was rejected
  std::vector<Finding> batch_findings;  // duplicates, edits, late rows, schema drift
};

// <parent of store_dir>/quality/<source>.json
std::string IngestStatePath(const std::string& store_dir, const std::string& source);

// NotFound when the source was never ingested; Corruption for an unreadable file.
Result<IngestState> LoadIngestState(const std::string& store_dir, const std::string& source);
// Writes atomically (temporary file + rename).
Status SaveIngestState(const std::string& store_dir, const std::string& source, const IngestState& state);

}  // namespace northstar::quality
