// Store: Northstar's embedded columnar store, the default home of every source's
// rows when no database server is configured. File format: docs/store-format.md.
//
// Layout: one directory per source under the store directory, holding immutable
// segment files, edit-log files, manifests and a CURRENT file naming the live
// manifest. A commit becomes visible atomically when CURRENT is replaced.
//
// Guarantees
// - Durability and atomicity: Commit() returns OK only after the new state is on
//   disk (segments, manifest and CURRENT fsynced, directory synced). A process killed
//   at any point leaves the source opening with exactly the state before or after
//   the commit; files a killed commit left behind are ignored and removed by the
//   next Open() or Commit().
// - Isolation: a Table returned by Snapshot() never changes, whatever is committed
//   later by this or another process.
// - Integrity: every block, every manifest and CURRENT carry a CRC-32C. Damaged or
//   truncated files give StatusCode::kCorruption naming the file (and block); the
//   store never returns values from a damaged block.
//
// Thread safety: all methods may be called from several threads. Commits are
// serialized: within the process by a mutex, across processes by an flock on
// <dir>/LOCK; a commit that finds the lock taken fails with kConflict saying which
// process holds it (or waits up to StoreOptions::lock_wait_ms).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/batch.h"
#include "store/table.h"

namespace northstar::store {

// Maps a UTC timestamp (microseconds) to a local day number (days since 1970-01-01
// in the workspace time zone). The store buckets by whatever the caller passes.
using DayOfFn = std::function<int32_t(int64_t utc_micros)>;
int32_t UtcDay(int64_t utc_micros);

class FileSystem;

struct StoreOptions {
  int zstd_level = 1;  // measured: level 3 cost 40 % more commit time for an 8 % smaller store
  uint64_t max_segment_rows = 1 << 17;  // a larger batch is split into several segments
  int lock_wait_ms = 0;                 // how long Commit() waits for another writer
  bool sync = true;                     // fsync; turn off only where a crash may lose data
  int threads = 2;                      // segments of one commit encoded and written in parallel
  // Where commits write and manifests are read from (file_system.h); nullptr is the
  // POSIX file system. Tests pass one that fails or stops operations. Must outlive the store.
  FileSystem* file_system = nullptr;
};

// What one Commit() did. rows in batch = inserted + updated + unchanged + duplicates_in_batch.
struct IngestOutcome {
  int64_t batch_id = 0;             // id given to this commit; 0 when nothing was written
  int64_t rows_stored = 0;          // inserted + updated: rows written to new segments
  int64_t inserted = 0;             // key not seen before (rows with a null key included)
  int64_t updated = 0;              // key existed with other values: an edit, old version logged
  int64_t unchanged = 0;            // key existed with identical values: nothing written
  int64_t duplicates_in_batch = 0;  // earlier rows of a key repeated in this batch (last wins)
  int64_t null_keys = 0;            // rows whose key is null; stored as new rows, never matched
  // Sorted, distinct local days (DayOfFn) of the time column of every inserted row,
  // every new version and every superseded old version: the periods to recompute.
  std::vector<int32_t> touched_days;
  bool touched_null_time = false;  // some inserted/edited/superseded row has no time value
};

struct SourceStats {
  uint64_t rows = 0;                                // live rows
  uint64_t edits = 0;                               // rows in the edit log (superseded versions)
  int64_t batches = 0;                              // commits that wrote rows
  std::optional<int64_t> oldest_time, newest_time;  // UTC micros of the time column
  uint64_t rows_without_time = 0;
  std::map<int32_t, int64_t> rows_per_day;  // local day -> live rows
};

class FirstLoad;

class Store {
 public:
  // Opens (creating when missing) the store in `dir`. When no commit is running it
  // also removes files left behind by a killed commit.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, StoreOptions options = {});

  // Appends `batch` (columns parallel to source.columns) to source.id and upserts by
  // source.key: a row whose key is live already replaces it when any value differs
  // (the old version goes to the edit log with `now_micros` and the batch id). Within
  // the batch the last row of a key wins. The source's schema may gain columns (old
  // rows read them as null); a changed column type or key column is InvalidArgument.
  // Even an empty batch creates the source. Column names "_changed_at" and
  // "_batch_id" are reserved for the edit log.
  Result<IngestOutcome> Commit(const catalog::SourceDef& source, const ingest::Batch& batch,
                               int64_t now_micros, const DayOfFn& day_of = UtcDay);

  // Starts a first load of `source`, streamed in chunk by chunk (first_load.h), when
  // the source has no live rows; nullptr when it has some (then use Commit, which
  // matches keys against them). Takes the commit lock until the FirstLoad is gone.
  // The store must outlive the FirstLoad.
  Result<std::unique_ptr<FirstLoad>> BeginFirstLoad(const catalog::SourceDef& source,
                                                    const DayOfFn& day_of = UtcDay);

  // The live rows of `source` as of the latest commit (NotFound for an unknown source).
  Result<std::shared_ptr<const Table>> Snapshot(const std::string& source) const;
  // Superseded versions: the source's columns plus "_changed_at" (timestamp of the
  // commit that replaced the row) and "_batch_id" (that commit's batch id).
  Result<std::shared_ptr<const Table>> EditLog(const std::string& source) const;

  Result<std::vector<std::string>> Sources() const;  // sorted
  Result<uint64_t> RowCount(const std::string& source) const;
  Result<SourceStats> Stats(const std::string& source, const DayOfFn& day_of = UtcDay) const;

  const std::string& dir() const { return dir_; }

 private:
  struct KeyIndex;
  friend class FirstLoad;
  Store(std::string dir, StoreOptions options);
  ~Store();
  friend struct std::default_delete<Store>;

  std::string SourceDir(const std::string& source) const;
  void ForgetKeyIndex(const std::string& source);
  Result<std::shared_ptr<const Table>> MakeTable(const std::string& source, bool edit_log) const;

  std::string dir_;
  StoreOptions options_;
  FileSystem& fs_;  // options_.file_system, or the POSIX one
  std::mutex commit_mu_;
  // Per source: key -> live row, valid for the manifest it was built from.
  std::unordered_map<std::string, std::unique_ptr<KeyIndex>> key_indexes_;
};

}  // namespace northstar::store
