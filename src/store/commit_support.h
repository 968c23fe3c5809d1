// Pieces shared by the two ways rows reach the store: Store::Commit (a whole batch,
// upserted) and FirstLoad (a first load streamed in chunk by chunk). Internal to the
// store module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/batch.h"
#include "store/column_values.h"
#include "store/file_system.h"
#include "store/manifest.h"

namespace northstar::store {

inline constexpr const char* kChangedAt = "_changed_at";
inline constexpr const char* kBatchId = "_batch_id";

// InvalidArgument unless `id` can name a directory of the store.
Status ValidateSourceId(const std::string& id);
// InvalidArgument unless `batch` has the source's columns, types and consistent sizes.
Status ValidateBatch(const catalog::SourceDef& source, const ingest::Batch& batch);

// The key of a row as a hashable value: ints, timestamps, bools and float bit
// patterns as int64; strings are compared as themselves.
bool KeyIsString(ColumnType t);
int64_t IntKey(const ingest::ColumnData& c, size_t r);
int64_t IntKey(const ColumnValues& c, size_t r);

// Rows [begin, end) of string column `b` with a dictionary of only the values they
// use, in order of first appearance (a segment must not carry the whole batch's
// dictionary): the batch is already dictionary-encoded, so this renumbers codes
// instead of hashing strings.
ColumnValues SegmentStrings(const ingest::ColumnData& b, size_t begin, size_t end);

std::string Join(const std::string& dir, const std::string& name);

// Reads CURRENT and the manifest it names. NotFound when the source was never
// committed: no folder, an empty one, or only the files of a first commit still
// running or killed (its LOADING marker is there). A folder holding store files but no
// CURRENT and no marker has lost its CURRENT: that is Corruption naming the file, so
// no reader falls back to the raw source and no writer deletes rows it cannot see.
Result<Manifest> LoadManifest(FileSystem& fs, const std::string& source_dir);

// The marker a source's first commit (no CURRENT yet) writes before any other file and
// removes once CURRENT exists: it tells a killed first commit's leftovers, which may be
// removed, from a source whose CURRENT was lost, whose files must be kept.
inline constexpr char kLoadingMarker[] = "LOADING";
Status MarkFirstCommit(FileSystem& fs, const std::string& source_dir, bool sync);

// Removes the files a killed commit may have left: segments, edit logs and manifests
// the live manifest does not name, temporary CURRENT files and the LOADING marker
// (removed last). Call with the lock held, and only with the result of LoadManifest
// (so files of a source that lost its CURRENT are never removed).
Status RemoveGarbage(FileSystem& fs, const std::string& source_dir, const std::optional<Manifest>& live);

// Sets next's key, time column and schema (the union of what `live` stored and what
// `source` declares now) and returns, per source column, its index in next.schema.
// A changed key column or column type is InvalidArgument naming `source_dir`.
Result<std::vector<int>> MergeSchema(const catalog::SourceDef& source, const std::optional<Manifest>& live,
                                     const std::string& source_dir, Manifest& next);

}  // namespace northstar::store
