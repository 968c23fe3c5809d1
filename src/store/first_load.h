// FirstLoad: the rows of a source's first load streamed into the store while they are
// still being read. Chunks of rows arrive in order (Add); every max_segment_rows rows
// are encoded into a segment file right away and the chunk memory is released, so a
// 10-million-row file is never held in memory whole and the commit overlaps the read.
// Finish() writes the manifest and switches CURRENT once, exactly as Store::Commit
// would for the same rows: the segment files are byte-identical to those Commit writes
// for the whole batch, and the outcome is the same.
//
// Only for a source without live rows (see Store::BeginFirstLoad). A first load is a
// pure insert when its keys are distinct; keys that repeat need the last-row-wins rule
// of Commit, so Finish() then commits nothing and says so (the caller commits the
// whole batch instead).
//
// Crash safety is that of Commit: segment files are written (and fsynced) before the
// manifest that names them, so a load killed at any point leaves only unreferenced
// files, which the next commit or load of the source removes (Store::Open() too, for a
// source that already has a manifest). The store's commit mutex and
// the LOCK file are held from BeginFirstLoad until the FirstLoad is destroyed.
//
// Not thread-safe: one thread at a time calls Add (any thread, calls serialized);
// Finish and the destructor run on the thread that called BeginFirstLoad.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/batch.h"
#include "store/day_cache.h"
#include "store/file_io.h"
#include "store/file_system.h"
#include "store/manifest.h"
#include "store/store.h"

namespace northstar::store {

class FirstLoad {
 public:
  // Without a successful Finish(): removes the segment files written, commits nothing.
  ~FirstLoad();
  FirstLoad(const FirstLoad&) = delete;
  FirstLoad& operator=(const FirstLoad&) = delete;

  // Appends the rows of `chunk` (columns parallel to the source's, as for Commit)
  // after those added before. Its rejects and source lines are ignored. After an
  // error every later call fails with the same status.
  Status Add(ingest::Batch&& chunk);

  // Writes the last segment and the manifest, then switches CURRENT. nullopt when the
  // keys of the load repeat: then nothing is committed and no file is left behind.
  Result<std::optional<IngestOutcome>> Finish();

  int64_t rows() const { return rows_; }

  // After a Finish() that committed: what Store::Stats(source, day_of) gives for the
  // new state, gathered from the rows as they arrived (no second pass over the store).
  const SourceStats& stats() const { return stats_; }

 private:
  friend class Store;
  struct Setup {
    Store* store = nullptr;
    catalog::SourceDef source;
    DayOfFn day_of;
    std::unique_lock<std::mutex> guard;
    std::unique_ptr<FileLock> lock;
    std::string source_dir;
    std::optional<Manifest> live;
    Manifest next;
    std::vector<int> batch_to_schema;
    StoreOptions options;
  };
  explicit FirstLoad(Setup setup);

  Status AddChunk(ingest::Batch&& chunk);
  // Encodes the first `rows` pending rows into the next segment and queues its write.
  Status WriteSegment(size_t rows);
  // Column `column` of the batch, rows [0, rows) of the pending chunks, in store form.
  ColumnValues GatherColumn(size_t column, ColumnType type, size_t rows) const;
  Result<bool> KeysDistinct() const;
  std::string SegmentPath(size_t segment) const;
  FileSystem& Fs() const { return setup_.store->fs_; }
  void QueueWrite(std::string path, std::string bytes);
  void WriterLoop();
  void StopWriter();
  void RemoveWritten();

  Setup setup_;
  std::vector<int> schema_to_batch_;
  int key_ = -1;   // batch column of the key, -1 without one
  int time_ = -1;  // batch column of the time, -1 without one
  uint64_t max_rows_ = 1;
  uint64_t first_file_number_ = 0;

  std::deque<ingest::Batch> pending_;  // rows not yet in a segment, in order
  size_t front_offset_ = 0;            // rows of pending_.front() already written
  size_t pending_rows_ = 0;
  size_t segments_ = 0;                  // segments encoded (and queued for writing)
  std::vector<SegmentEntry> checksums_;  // per segment encoded: its file checksum

  int64_t rows_ = 0;
  int64_t null_keys_ = 0;
  bool keys_increase_ = true;  // non-string, non-null keys strictly increasing so far
  bool any_key_ = false;
  int64_t last_key_ = 0;
  std::vector<int32_t> days_;
  bool touched_null_time_ = false;
  DayCache day_cache_;
  SourceStats stats_;    // time-column facts so far; the rest is filled by Finish()
  int32_t run_day_ = 0;  // consecutive rows of one day, counted in one map update
  int64_t run_rows_ = 0;

  Status failed_;
  bool finished_ = false;
  bool switch_attempted_ = false;            // CURRENT may name the new manifest: keep the files
  std::optional<uint64_t> manifest_number_;  // set once Finish() starts writing the manifest

  // Segment files are written (and fsynced) by one thread of their own, so the caller
  // spends its time encoding, not waiting for the disk.
  std::thread writer_;
  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::deque<std::pair<std::string, std::string>> write_queue_;  // path, bytes
  bool closing_ = false;
  Status write_status_;
};

}  // namespace northstar::store
