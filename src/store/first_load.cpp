#include "store/first_load.h"

#include <algorithm>
#include <limits>
#include <span>

#include "store/column_codec.h"
#include "store/commit_support.h"
#include "store/file_system.h"
#include "store/segment.h"

namespace northstar::store {
namespace {

constexpr size_t kMaxQueuedWrites = 4;  // encoded segments waiting for the disk

}  // namespace

Result<std::unique_ptr<FirstLoad>> Store::BeginFirstLoad(const catalog::SourceDef& source,
                                                         const DayOfFn& day_of) {
  RETURN_IF_ERROR(ValidateSourceId(source.id));
  FirstLoad::Setup setup;
  setup.guard = std::unique_lock<std::mutex>(commit_mu_);
  ASSIGN_OR_RETURN(setup.lock, FileLock::Acquire(Join(dir_, "LOCK"), options_.lock_wait_ms));
  setup.source_dir = SourceDir(source.id);
  // The source's directory is created with the first file written, so that a read
  // failing before any row leaves nothing behind.
  if (fs_.FileExists(setup.source_dir)) {
    Result<Manifest> loaded = LoadManifest(fs_, setup.source_dir);
    if (loaded.ok()) {
      setup.live = std::move(*loaded);
    } else if (loaded.status().code() != StatusCode::kNotFound) {
      return loaded.status();
    }
    RETURN_IF_ERROR(RemoveGarbage(fs_, setup.source_dir, setup.live));
  }
  if (setup.live && setup.live->live_rows() > 0) return std::unique_ptr<FirstLoad>();
  setup.next = setup.live ? *setup.live : Manifest{};
  ASSIGN_OR_RETURN(setup.batch_to_schema, MergeSchema(source, setup.live, setup.source_dir, setup.next));
  setup.store = this;
  setup.source = source;
  setup.day_of = day_of;
  setup.options = options_;
  return std::unique_ptr<FirstLoad>(new FirstLoad(std::move(setup)));  // private ctor
}

FirstLoad::FirstLoad(Setup setup) : setup_(std::move(setup)), day_cache_(setup_.day_of) {
  const catalog::SourceDef& source = setup_.source;
  schema_to_batch_.assign(setup_.next.schema.size(), -1);
  for (size_t c = 0; c < setup_.batch_to_schema.size(); ++c)
    schema_to_batch_[setup_.batch_to_schema[c]] = static_cast<int>(c);
  for (size_t c = 0; c < source.columns.size(); ++c) {
    if (!source.key.empty() && source.columns[c].name == source.key) key_ = static_cast<int>(c);
    if (!source.time.empty() && source.columns[c].name == source.time) time_ = static_cast<int>(c);
  }
  max_rows_ = std::max<uint64_t>(1, setup_.options.max_segment_rows);
  first_file_number_ = setup_.next.next_file_number;
}

FirstLoad::~FirstLoad() {
  StopWriter();
  if (!switch_attempted_) RemoveWritten();
}

Status FirstLoad::Add(ingest::Batch&& chunk) {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::Internal("FirstLoad::Add after Finish");
  Status status = AddChunk(std::move(chunk));
  if (!status.ok()) failed_ = status;
  return status;
}

Status FirstLoad::AddChunk(ingest::Batch&& chunk) {
  RETURN_IF_ERROR(ValidateBatch(setup_.source, chunk));
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    RETURN_IF_ERROR(write_status_);
  }
  const size_t rows = chunk.rows();
  if (rows == 0) return Status::Ok();
  if (key_ >= 0) {
    const ingest::ColumnData& key = chunk.columns[key_];
    const bool strings = KeyIsString(key.type);
    keys_increase_ = keys_increase_ && !strings;
    for (size_t r = 0; r < rows; ++r) {
      if (!key.valid[r]) {
        ++null_keys_;
        continue;
      }
      if (strings) continue;
      const int64_t k = IntKey(key, r);
      if (any_key_ && k <= last_key_) keys_increase_ = false;
      last_key_ = k;
      any_key_ = true;
    }
  }
  if (time_ >= 0) {
    const ingest::ColumnData& time = chunk.columns[time_];
    int64_t oldest = stats_.oldest_time.value_or(std::numeric_limits<int64_t>::max());
    int64_t newest = stats_.newest_time.value_or(std::numeric_limits<int64_t>::min());
    for (size_t r = 0; r < rows; ++r) {
      if (!time.valid[r]) {
        touched_null_time_ = true;
        ++stats_.rows_without_time;
        continue;
      }
      const int64_t t = time.ints[r];
      oldest = std::min(oldest, t);
      newest = std::max(newest, t);
      const int32_t day = day_cache_(t);
      if (run_rows_ > 0 && day != run_day_) {
        stats_.rows_per_day[run_day_] += run_rows_;
        run_rows_ = 0;
        days_.push_back(run_day_);
      }
      run_day_ = day;
      ++run_rows_;
    }
    if (run_rows_ > 0) {
      stats_.oldest_time = oldest;
      stats_.newest_time = newest;
    }
  }
  rows_ += static_cast<int64_t>(rows);
  chunk.rejected = {};
  pending_.push_back(std::move(chunk));
  pending_rows_ += rows;
  while (pending_rows_ >= max_rows_) RETURN_IF_ERROR(WriteSegment(max_rows_));
  return Status::Ok();
}

ColumnValues FirstLoad::GatherColumn(size_t column, ColumnType type, size_t rows) const {
  constexpr uint32_t kUnset = 0xFFFFFFFFu;
  ColumnValues v;
  v.type = type;
  v.valid.reserve(rows);
  if (type == ColumnType::kFloat) v.floats.reserve(rows);
  if (UsesInts(type)) v.ints.reserve(rows);
  if (type == ColumnType::kString) v.codes.reserve(rows);
  ingest::StringCoder coder;  // the segment's dictionary, in order of first appearance
  std::vector<uint32_t> remap;
  size_t offset = front_offset_;
  for (auto it = pending_.begin(); v.valid.size() < rows; ++it, offset = 0) {
    const ingest::ColumnData& b = it->columns[column];
    const size_t take = std::min(rows - v.valid.size(), b.size() - offset);
    v.valid.insert(v.valid.end(), b.valid.begin() + offset, b.valid.begin() + offset + take);
    if (type == ColumnType::kFloat) {
      v.floats.insert(v.floats.end(), b.floats.begin() + offset, b.floats.begin() + offset + take);
    } else if (UsesInts(type)) {
      v.ints.insert(v.ints.end(), b.ints.begin() + offset, b.ints.begin() + offset + take);
    } else {
      remap.assign(b.dictionary.size(), kUnset);
      for (size_t r = offset; r < offset + take; ++r) {
        uint32_t code = 0;
        if (b.valid[r]) {
          uint32_t& slot = remap[b.codes[r]];
          if (slot == kUnset) slot = coder.Code(v.dictionary, b.dictionary[b.codes[r]]);
          code = slot;
        }
        v.codes.push_back(code);
      }
    }
  }
  return v;
}

Status FirstLoad::WriteSegment(size_t rows) {
  const std::vector<ColumnSchema>& schema = setup_.next.schema;
  const size_t ncols = schema.size();
  const ingest::Batch& front = pending_.front();
  const size_t begin = front_offset_, end = front_offset_ + rows;
  const bool within_front = front.rows() >= end;
  // As in Commit: columns inside one chunk are encoded in place; strings (codes
  // renumbered per segment) and segments spanning chunks are built first.
  std::vector<ColumnValues> built(ncols);
  std::vector<ColumnView> columns(ncols);
  for (size_t j = 0; j < ncols; ++j) {
    const int c = schema_to_batch_[j];
    const ColumnType type = schema[j].type;
    if (c < 0) {
      built[j] = ColumnValues::Nulls(type, rows);
    } else if (!within_front) {
      built[j] = GatherColumn(static_cast<size_t>(c), type, rows);
    } else if (type == ColumnType::kString) {
      built[j] = SegmentStrings(front.columns[c], begin, end);
    } else {
      const ingest::ColumnData& b = front.columns[c];
      ColumnView& view = columns[j];
      view.type = type;
      view.valid = std::span<const uint8_t>(b.valid).subspan(begin, rows);
      if (type == ColumnType::kFloat) {
        view.floats = std::span<const double>(b.floats).subspan(begin, rows);
      } else {
        view.ints = std::span<const int64_t>(b.ints).subspan(begin, rows);
      }
      continue;
    }
    columns[j] = ColumnView::Of(built[j]);
  }
  std::string bytes = BuildSegment(schema, columns, setup_.options.zstd_level);
  built.clear();
  if (segments_ == 0) {
    RETURN_IF_ERROR(setup_.live ? EnsureDir(Fs(), setup_.source_dir, setup_.options.sync)
                                : MarkFirstCommit(Fs(), setup_.source_dir, setup_.options.sync));
  }
  checksums_.resize(segments_ + 1);
  checksums_[segments_].SetChecksum(bytes);
  QueueWrite(SegmentPath(segments_++), std::move(bytes));
  // Release the chunks now written whole.
  pending_rows_ -= rows;
  while (rows > 0) {
    const size_t left = pending_.front().rows() - front_offset_;
    if (left > rows) {
      front_offset_ += rows;
      break;
    }
    rows -= left;
    pending_.pop_front();
    front_offset_ = 0;
  }
  return Status::Ok();
}

std::string FirstLoad::SegmentPath(size_t segment) const {
  return Join(setup_.source_dir, SegmentFileName(first_file_number_ + segment));
}

void FirstLoad::QueueWrite(std::string path, std::string bytes) {
  std::unique_lock<std::mutex> lock(write_mu_);
  if (!writer_.joinable()) writer_ = std::thread([this] { WriterLoop(); });
  write_cv_.wait(lock, [&] { return write_queue_.size() < kMaxQueuedWrites; });
  write_queue_.emplace_back(std::move(path), std::move(bytes));
  write_cv_.notify_all();
}

void FirstLoad::WriterLoop() {
  for (;;) {
    std::pair<std::string, std::string> job;
    {
      std::unique_lock<std::mutex> lock(write_mu_);
      write_cv_.wait(lock, [&] { return closing_ || !write_queue_.empty(); });
      if (write_queue_.empty()) return;
      job = std::move(write_queue_.front());
      write_queue_.pop_front();
      write_cv_.notify_all();
      if (!write_status_.ok()) continue;  // after a failure the rest is not written
    }
    Status status = Fs().WriteFile(job.first, job.second, setup_.options.sync);
    if (!status.ok()) {
      std::lock_guard<std::mutex> lock(write_mu_);
      if (write_status_.ok()) write_status_ = status;
    }
  }
}

void FirstLoad::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    closing_ = true;
  }
  write_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void FirstLoad::RemoveWritten() {
  bool removed = true;
  for (size_t s = 0; s < segments_; ++s) removed = Fs().RemoveFile(SegmentPath(s)).ok() && removed;
  if (manifest_number_) {  // Finish() failed while switching: its manifest may be there, whole or not
    removed = Fs().RemoveFile(Join(setup_.source_dir, ManifestFileName(*manifest_number_))).ok() && removed;
    removed = Fs().RemoveFile(Join(setup_.source_dir, "CURRENT.tmp")).ok() && removed;
  }
  // The marker goes last, and only once every file it stands for is gone: store files
  // without CURRENT and without the marker read as a source that lost its CURRENT.
  if (!setup_.live && (segments_ > 0 || manifest_number_) && removed)
    (void)Fs().RemoveFile(Join(setup_.source_dir, kLoadingMarker));
}

Result<bool> FirstLoad::KeysDistinct() const {
  const std::string& name = setup_.source.key;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  for (size_t s = 0; s < segments_; ++s) {
    ASSIGN_OR_RETURN(std::shared_ptr<const SegmentReader> segment, SegmentReader::Open(SegmentPath(s)));
    const int column = segment->FindColumn(name);
    if (column < 0) return Status::Internal(SegmentPath(s) + ": no key column '" + name + "'");
    ASSIGN_OR_RETURN(ColumnValues keys, segment->ReadColumn(static_cast<size_t>(column)));
    for (size_t r = 0; r < keys.size(); ++r) {
      if (!keys.valid[r]) continue;
      if (KeyIsString(keys.type)) {
        strings.push_back(keys.dictionary[keys.codes[r]]);
      } else {
        ints.push_back(IntKey(keys, r));
      }
    }
  }
  std::sort(ints.begin(), ints.end());
  std::sort(strings.begin(), strings.end());
  return std::adjacent_find(ints.begin(), ints.end()) == ints.end() &&
         std::adjacent_find(strings.begin(), strings.end()) == strings.end();
}

Result<std::optional<IngestOutcome>> FirstLoad::Finish() {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::Internal("FirstLoad::Finish called twice");
  finished_ = true;
  if (pending_rows_ > 0) RETURN_IF_ERROR(WriteSegment(pending_rows_));
  StopWriter();
  RETURN_IF_ERROR(write_status_);

  IngestOutcome out;
  Manifest& next = setup_.next;
  if (run_rows_ > 0) {
    stats_.rows_per_day[run_day_] += run_rows_;
    days_.push_back(run_day_);
    run_rows_ = 0;
  }
  stats_.rows = static_cast<uint64_t>(rows_);
  stats_.edits = next.edit_rows();
  stats_.batches = next.next_batch_id - 1;
  if (rows_ == 0 && setup_.live) return std::optional<IngestOutcome>(out);  // nothing changed
  if (key_ >= 0 && !keys_increase_) {
    ASSIGN_OR_RETURN(bool distinct, KeysDistinct());
    if (!distinct) {
      RemoveWritten();
      segments_ = 0;
      return std::optional<IngestOutcome>();
    }
  }
  const uint64_t rows = static_cast<uint64_t>(rows_);
  for (size_t s = 0; s < segments_; ++s) {
    SegmentEntry entry = checksums_[s];
    entry.file_number = first_file_number_ + s;
    entry.rows = std::min<uint64_t>(rows, (s + 1) * max_rows_) - s * max_rows_;
    next.segments.push_back(std::move(entry));
  }
  next.next_file_number = first_file_number_ + segments_;
  if (rows > 0) {
    out.batch_id = next.next_batch_id;
    ++next.next_batch_id;
    stats_.batches = next.next_batch_id - 1;
  }
  out.rows_stored = out.inserted = rows_;
  out.null_keys = null_keys_;
  std::sort(days_.begin(), days_.end());
  days_.erase(std::unique(days_.begin(), days_.end()), days_.end());
  out.touched_days = std::move(days_);
  out.touched_null_time = touched_null_time_;

  const std::string& dir = setup_.source_dir;
  const bool sync = setup_.options.sync;
  FileSystem& fs = Fs();
  if (segments_ == 0 && !setup_.live) {
    RETURN_IF_ERROR(MarkFirstCommit(fs, dir, sync));
  } else {
    RETURN_IF_ERROR(EnsureDir(fs, dir, sync));
  }
  next.number = next.next_file_number++;
  manifest_number_ = next.number;
  RETURN_IF_ERROR(fs.WriteFile(Join(dir, ManifestFileName(next.number)), EncodeManifest(next), sync));
  if (sync) RETURN_IF_ERROR(fs.SyncDir(dir));  // new names durable before CURRENT names them
  const std::string tmp = Join(dir, "CURRENT.tmp");
  RETURN_IF_ERROR(fs.WriteFile(tmp, EncodeCurrent(next.number), sync));
  switch_attempted_ = true;
  RETURN_IF_ERROR(RenameDurably(fs, tmp, Join(dir, "CURRENT"), sync));
  if (setup_.live) (void)fs.RemoveFile(Join(dir, ManifestFileName(setup_.live->number)));
  if (!setup_.live) (void)fs.RemoveFile(Join(dir, kLoadingMarker));  // CURRENT now tells what is live
  // As after Commit's first load: the next commit builds the key index from disk.
  setup_.store->ForgetKeyIndex(setup_.source.id);
  return std::optional<IngestOutcome>(std::move(out));
}

}  // namespace northstar::store
