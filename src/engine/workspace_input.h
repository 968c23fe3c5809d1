// Loading the engine's input for a workspace: each source's live rows from the store
// snapshot, or — for a source that was never ingested — straight from its `from:`
// through the ingest readers (so `compute` works before the first `ingest`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/source_table.h"
#include "store/store.h"

namespace northstar::engine {

// Per part of a streamed store table, the range of its time column's values (UTC
// microseconds), noted when the engine decodes the part's time column.
struct PartTimeRanges {
  std::vector<uint8_t> seen;      // 1 = the part's time column was decoded
  std::vector<uint8_t> has_time;  // some live row of the part has a time value
  std::vector<int64_t> min, max;
};

struct LoadedInput {
  EngineInput input;                                                  // points into the members below
  std::vector<std::shared_ptr<const store::Table>> tables;            // store snapshots kept alive
  std::vector<std::unique_ptr<store::ColumnValues>> owned;            // columns read directly
  std::map<std::string, uint64_t> store_versions;                     // source -> snapshot version
  std::map<std::string, uint64_t> store_rows;                         // source -> live rows in the snapshot
  std::vector<std::string> notes;                                     // what was read from where
  std::map<std::string, std::shared_ptr<PartTimeRanges>> part_times;  // streamed sources
};

// Reads `sources` (ids of catalog sources). `store` may be null (no store yet).
// Columns are matched by name; a declared column the store lacks reads as nulls.
// Store columns are not decoded here: their slots stay null until
// DecodeStoreColumns, so a caller decodes only what it will read, and only once it
// knows it must compute. Sources read straight from `from:` are complete.
// Errors: Corruption/IOError from the store, reader errors for direct reads.
Result<std::unique_ptr<LoadedInput>> LoadSources(const catalog::Catalog& catalog,
                                                 const std::vector<std::string>& sources,
                                                 store::Store* store);

// Makes the engine read `tables` (source id -> table) instead of the snapshots
// `loaded` holds for those sources: a refresh reads only part of each.
void UseTables(LoadedInput& loaded, const std::map<std::string, std::shared_ptr<const store::Table>>& tables);

// Lets the engine read the store snapshots `loaded` holds segment by segment
// (SourceTable::decode_part), so a compute holds only the segments it is reading.
// Sources in `whole` (snapshot aggregates read all rows once per period) are
// decoded whole instead, `columns` of them (see DecodeStoreColumns).
Status StreamStoreColumns(const catalog::Catalog& catalog, LoadedInput& loaded,
                          const std::map<std::string, std::vector<int32_t>>& columns,
                          const std::set<std::string>& whole, int threads = 2);

// Decodes `columns` (source -> column indexes, see ColumnsRead in engine/plan.h) of
// the store snapshots `loaded` holds, on up to `threads` threads. Corruption names the
// source and segment.
Status DecodeStoreColumns(const catalog::Catalog& catalog, LoadedInput& loaded,
                          const std::map<std::string, std::vector<int32_t>>& columns, int threads = 2);

}  // namespace northstar::engine
