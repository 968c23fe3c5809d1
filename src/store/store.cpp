#include "store/store.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <limits>
#include <set>
#include <thread>

#include "store/commit_support.h"
#include "store/day_cache.h"
#include "store/file_io.h"
#include "store/file_system.h"
#include "store/flat_maps.h"
#include "store/manifest.h"
#include "store/segment.h"

namespace northstar::store {
namespace {

// True when the non-null keys of `c` strictly increase (so they are all distinct):
// the usual case of ids in a file, checked in one pass instead of hashing every key.
bool KeysIncrease(const ingest::ColumnData& c) {
  bool any = false;
  int64_t prev = 0;
  for (size_t r = 0; r < c.size(); ++r) {
    if (!c.valid[r]) continue;
    int64_t k = IntKey(c, r);
    if (any && k <= prev) return false;
    prev = k;
    any = true;
  }
  return true;
}

bool SameAsBatch(const ingest::ColumnData& b, size_t row, const ColumnValues& old, size_t r) {
  if ((b.valid[row] != 0) != (old.valid[r] != 0)) return false;
  if (!b.valid[row]) return true;
  switch (b.type) {
    case ColumnType::kFloat:
      return std::bit_cast<uint64_t>(b.floats[row]) == std::bit_cast<uint64_t>(old.floats[r]);
    case ColumnType::kString: return b.string_at(row) == old.dictionary[old.codes[r]];
    default: return b.ints[row] == old.ints[r];
  }
}

void AppendFromBatch(ColumnBuilder& out, const ingest::ColumnData& b, size_t row) {
  if (!b.valid[row]) return out.AppendNull();
  switch (b.type) {
    case ColumnType::kFloat: return out.AppendFloat(b.floats[row]);
    case ColumnType::kString: return out.AppendString(b.string_at(row));
    default: return out.AppendInt(b.ints[row]);
  }
}

// Column `b` (null: a column the batch lacks) restricted to rows new_rows[begin, end),
// in store form. `all_rows` says new_rows is 0, 1, 2..., so ranges copy as a whole.
ColumnValues NewSegmentColumn(ColumnType type, const ingest::ColumnData* b,
                              const std::vector<size_t>& new_rows, bool all_rows, size_t begin, size_t end) {
  if (b == nullptr) return ColumnValues::Nulls(type, end - begin);
  if (all_rows && type == ColumnType::kString) return SegmentStrings(*b, begin, end);
  if (!all_rows) {
    ColumnBuilder out(type);
    out.Reserve(end - begin);
    for (size_t i = begin; i < end; ++i) AppendFromBatch(out, *b, new_rows[i]);
    return out.Finish();
  }
  ColumnValues v;
  v.type = type;
  v.valid.assign(b->valid.begin() + begin, b->valid.begin() + end);
  if (type == ColumnType::kFloat) {
    v.floats.assign(b->floats.begin() + begin, b->floats.begin() + end);
    for (size_t i = 0; i < v.size(); ++i) v.floats[i] = v.valid[i] ? v.floats[i] : 0.0;
  } else {
    v.ints.assign(b->ints.begin() + begin, b->ints.begin() + end);
    for (size_t i = 0; i < v.size(); ++i) v.ints[i] = v.valid[i] ? v.ints[i] : 0;
  }
  return v;
}

// Opens the segment files `entries` list, checking each against its entry.
Result<std::vector<Table::Part>> OpenParts(const std::string& source_dir,
                                           const std::vector<SegmentEntry>& entries, bool edit_log) {
  std::vector<Table::Part> parts;
  for (const SegmentEntry& e : entries) {
    std::string path =
        Join(source_dir, edit_log ? EditFileName(e.file_number) : SegmentFileName(e.file_number));
    Result<std::shared_ptr<const SegmentReader>> seg = SegmentReader::Open(path);
    if (!seg.ok()) {
      if (seg.status().code() == StatusCode::kNotFound) {
        return Status::Corruption(path + ": named by the manifest but missing");
      }
      return seg.status();
    }
    if ((*seg)->rows() != e.rows) {
      return Status::Corruption(path + ": holds " + std::to_string((*seg)->rows()) +
                                " rows, the manifest says " + std::to_string(e.rows));
    }
    parts.push_back({std::move(*seg), e});
  }
  return parts;
}

}  // namespace

int32_t UtcDay(int64_t utc_micros) {
  constexpr int64_t kDay = 86'400'000'000;
  int64_t d = utc_micros / kDay;
  if (utc_micros % kDay < 0) --d;
  return static_cast<int32_t>(d);
}

// key -> (segment index in the manifest, row), for the live rows of one manifest.
struct Store::KeyIndex {
  uint64_t manifest_number = 0;
  bool string_keys = false;
  Int64Map<std::pair<uint32_t, uint32_t>> ints;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> strings;
};

Store::Store(std::string dir, StoreOptions options)
    : dir_(std::move(dir)),
      options_(options),
      fs_(options.file_system != nullptr ? *options.file_system : *DefaultFileSystem()) {}
Store::~Store() = default;

void Store::ForgetKeyIndex(const std::string& source) {
  key_indexes_.erase(source);
}

std::string Store::SourceDir(const std::string& source) const {
  return Join(dir_, source);
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, StoreOptions options) {
  std::unique_ptr<Store> store(new Store(dir, options));  // private ctor
  // Each directory created is made durable in its parent: a commit into a new store
  // must not vanish with the store's own directory entry.
  Status created = EnsureDirs(store->fs_, dir, options.sync);
  if (!created.ok()) return created.WithContext("cannot create store directory " + dir);
  // Clean up after a killed commit, unless a writer is busy right now.
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Join(dir, "LOCK"), 0);
  if (lock.ok()) {
    ASSIGN_OR_RETURN(std::vector<std::string> sources, store->Sources());
    for (const std::string& source : sources) {
      Result<Manifest> m = LoadManifest(store->fs_, store->SourceDir(source));
      if (m.ok()) RETURN_IF_ERROR(RemoveGarbage(store->fs_, store->SourceDir(source), *m));
    }
  }
  return store;
}

Result<std::vector<std::string>> Store::Sources() const {
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs_.ListDir(dir_));
  std::vector<std::string> sources;
  for (const std::string& name : names) {
    if (fs_.FileExists(Join(Join(dir_, name), "CURRENT"))) sources.push_back(name);
  }
  std::sort(sources.begin(), sources.end());
  return sources;
}

Result<std::shared_ptr<const Table>> Store::MakeTable(const std::string& source, bool edit_log) const {
  RETURN_IF_ERROR(ValidateSourceId(source));
  Result<Manifest> m = LoadManifest(fs_, SourceDir(source));
  if (!m.ok()) {
    if (m.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("the store has no source '" + source + "' (nothing ingested yet)");
    }
    return m.status();
  }
  ASSIGN_OR_RETURN(std::vector<Table::Part> parts,
                   OpenParts(SourceDir(source), edit_log ? m->edit_segments : m->segments, edit_log));
  std::vector<ColumnSchema> schema = m->schema;
  if (edit_log) {
    schema.push_back({kChangedAt, ColumnType::kTimestamp});
    schema.push_back({kBatchId, ColumnType::kInt});
  }
  return std::make_shared<const Table>(source, m->number, std::move(schema), m->key_column, m->time_column,
                                       std::move(parts));
}

Result<std::shared_ptr<const Table>> Store::Snapshot(const std::string& source) const {
  return MakeTable(source, false);
}

Result<std::shared_ptr<const Table>> Store::EditLog(const std::string& source) const {
  return MakeTable(source, true);
}

Result<uint64_t> Store::RowCount(const std::string& source) const {
  RETURN_IF_ERROR(ValidateSourceId(source));
  Result<Manifest> m = LoadManifest(fs_, SourceDir(source));
  if (!m.ok()) {
    if (m.status().code() == StatusCode::kNotFound)
      return Status::NotFound("the store has no source '" + source + "'");
    return m.status();
  }
  return m->live_rows();
}

Result<SourceStats> Store::Stats(const std::string& source, const DayOfFn& day_of) const {
  ASSIGN_OR_RETURN(std::shared_ptr<const Table> table, Snapshot(source));
  Result<Manifest> m = LoadManifest(fs_, SourceDir(source));
  SourceStats stats;
  stats.rows = table->rows();
  if (m.ok() && m->number == table->version()) {
    stats.edits = m->edit_rows();
    stats.batches = m->next_batch_id - 1;
  }
  if (table->time_column().empty()) return stats;
  ASSIGN_OR_RETURN(const Column* time, table->column(table->time_column()));
  DayCache cached_day_of(day_of);
  int64_t oldest = std::numeric_limits<int64_t>::max(), newest = std::numeric_limits<int64_t>::min();
  int32_t run_day = 0;  // rows of consecutive equal days are counted in one map update
  int64_t run_rows = 0;
  for (size_t r = 0; r < time->size(); ++r) {
    if (time->is_null(r)) {
      ++stats.rows_without_time;
      continue;
    }
    int64_t t = time->ints()[r];
    oldest = std::min(oldest, t);
    newest = std::max(newest, t);
    int32_t day = cached_day_of(t);
    if (run_rows > 0 && day != run_day) {
      stats.rows_per_day[run_day] += run_rows;
      run_rows = 0;
    }
    run_day = day;
    ++run_rows;
  }
  if (run_rows > 0) {
    stats.rows_per_day[run_day] += run_rows;
    stats.oldest_time = oldest;
    stats.newest_time = newest;
  }
  return stats;
}

Result<IngestOutcome> Store::Commit(const catalog::SourceDef& source, const ingest::Batch& batch,
                                    int64_t now_micros, const DayOfFn& day_of) {
  RETURN_IF_ERROR(ValidateSourceId(source.id));
  RETURN_IF_ERROR(ValidateBatch(source, batch));
  std::lock_guard<std::mutex> guard(commit_mu_);
  ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock,
                   FileLock::Acquire(Join(dir_, "LOCK"), options_.lock_wait_ms));
  const std::string src_dir = SourceDir(source.id);
  RETURN_IF_ERROR(EnsureDir(fs_, src_dir, options_.sync));

  // The state to build on: re-read, since another process may have committed.
  std::optional<Manifest> live;
  Result<Manifest> loaded = LoadManifest(fs_, src_dir);
  if (loaded.ok()) {
    live = std::move(*loaded);
  } else if (loaded.status().code() != StatusCode::kNotFound) {
    return loaded.status();
  }
  RETURN_IF_ERROR(RemoveGarbage(fs_, src_dir, live));
  if (!live) RETURN_IF_ERROR(MarkFirstCommit(fs_, src_dir, options_.sync));
  Manifest next = live ? *live : Manifest{};

  ASSIGN_OR_RETURN(std::vector<int> batch_to_schema, MergeSchema(source, live, src_dir, next));
  const size_t ncols = next.schema.size();
  std::vector<int> schema_to_batch(ncols, -1);
  for (size_t c = 0; c < batch_to_schema.size(); ++c)
    schema_to_batch[batch_to_schema[c]] = static_cast<int>(c);

  IngestOutcome out;
  const size_t rows = batch.rows();
  const ingest::ColumnData* key = nullptr;
  int key_schema_index = -1;
  for (size_t c = 0; c < source.columns.size(); ++c) {
    if (!source.key.empty() && source.columns[c].name == source.key) {
      key = &batch.columns[c];
      key_schema_index = batch_to_schema[c];
    }
  }
  const ingest::ColumnData* time = nullptr;
  for (size_t c = 0; c < source.columns.size(); ++c) {
    if (!source.time.empty() && source.columns[c].name == source.time) time = &batch.columns[c];
  }

  // Within the batch, the last row of each key wins. Without a key, or with keys all
  // distinct, every row wins and the list of winners is only built when needed.
  const bool no_live_rows = !live || live->live_rows() == 0;
  std::vector<size_t> winners;
  const bool every_row_wins = key == nullptr || (!KeyIsString(key->type) && KeysIncrease(*key));
  if (every_row_wins) {
    if (!no_live_rows) {
      winners.resize(rows);
      for (size_t r = 0; r < rows; ++r) winners[r] = r;
    }
  } else {
    Int64Map<size_t> last_int;
    std::unordered_map<std::string_view, size_t> last_str;
    if (!KeyIsString(key->type)) last_int.Reserve(rows);
    std::vector<uint8_t> wins(rows, 0);
    for (size_t r = 0; r < rows; ++r) {
      if (!key->valid[r]) {
        wins[r] = 1;
        continue;
      }
      size_t* slot =
          KeyIsString(key->type) ? &last_str[key->string_at(r)] : last_int.Insert(IntKey(*key, r), 0).first;
      if (*slot != 0) {
        wins[*slot - 1] = 0;
        ++out.duplicates_in_batch;
      }
      *slot = r + 1;
      wins[r] = 1;
    }
    for (size_t r = 0; r < rows; ++r) {
      if (wins[r]) winners.push_back(r);
    }
  }

  // Key index over the live rows, rebuilt when another commit changed the state.
  std::vector<std::shared_ptr<const SegmentReader>> readers(next.segments.size());
  auto reader = [&](size_t s) -> Result<std::shared_ptr<const SegmentReader>> {
    if (!readers[s]) {
      ASSIGN_OR_RETURN(readers[s],
                       SegmentReader::Open(Join(src_dir, SegmentFileName(next.segments[s].file_number))));
      if (readers[s]->rows() != next.segments[s].rows) {
        return Status::Corruption(readers[s]->path() + ": row count differs from the manifest");
      }
    }
    return readers[s];
  };
  // With no live rows there is nothing to match: no index, no lookups.
  std::unique_ptr<KeyIndex>& index = key_indexes_[source.id];
  if (key != nullptr && !no_live_rows && (!index || index->manifest_number != live->number)) {
    index = std::make_unique<KeyIndex>();
    index->string_keys = KeyIsString(key->type);
    for (size_t s = 0; s < next.segments.size(); ++s) {
      ASSIGN_OR_RETURN(auto seg, reader(s));
      ASSIGN_OR_RETURN(ColumnValues keys, ReadAlignedColumn(*seg, next.schema[key_schema_index]));
      for (uint32_t r = 0; r < keys.size(); ++r) {
        if (!keys.valid[r] || next.segments[s].IsDeleted(r)) continue;
        std::pair<uint32_t, uint32_t> at{static_cast<uint32_t>(s), r};
        if (index->string_keys) {
          index->strings[keys.dictionary[keys.codes[r]]] = at;
        } else {
          index->ints.Put(IntKey(keys, r), at);
        }
      }
    }
  }

  // Classify each winning row; superseded versions go to the edit log.
  std::vector<int32_t> days;  // sorted and made distinct at the end
  DayCache cached_day_of(day_of);
  auto touch = [&](bool valid, int64_t t) {
    if (valid) {
      int32_t day = cached_day_of(t);
      if (days.empty() || days.back() != day) days.push_back(day);
    } else {
      out.touched_null_time = true;
    }
  };
  const int time_schema_index = [&] {
    for (size_t j = 0; j < ncols; ++j) {
      if (!source.time.empty() && next.schema[j].name == source.time) return static_cast<int>(j);
    }
    return -1;
  }();
  std::vector<std::vector<ColumnValues>> old_columns(next.segments.size());  // decoded on demand
  std::vector<ColumnBuilder> edits;
  for (const ColumnSchema& col : next.schema) edits.emplace_back(col.type);
  ColumnBuilder edit_changed_at(ColumnType::kTimestamp), edit_batch(ColumnType::kInt);
  const int64_t batch_id = next.next_batch_id;
  std::vector<size_t> new_rows;  // rows to store; left empty when they are all rows
  size_t new_row_count = 0;
  std::vector<std::pair<uint32_t, uint32_t>> superseded;
  std::jthread first_load_days;
  auto finish_days = [&] {
    if (first_load_days.joinable()) first_load_days.join();
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    out.touched_days = std::move(days);
  };
  if (every_row_wins && no_live_rows) {
    // A first load of distinct keys: every row is inserted as it is.
    new_row_count = rows;
    out.inserted = static_cast<int64_t>(rows);
    if (key != nullptr) {
      for (size_t r = 0; r < rows; ++r) out.null_keys += key->valid[r] == 0;
    }
    if (time != nullptr) {
      // The days of 10 M rows take a while: found while the segments are written
      // (nothing else touches `days` here, as there are no winners to classify).
      first_load_days = std::jthread([&, time] {
        for (size_t r = 0; r < rows; ++r) touch(time->valid[r], time->ints[r]);
      });
    }
  }
  for (size_t r : winners) {
    std::pair<uint32_t, uint32_t> at;
    bool found = false;
    if (key != nullptr && key->valid[r]) {
      if (no_live_rows) {
        // nothing stored yet: every row is new
      } else if (index->string_keys) {
        auto it = index->strings.find(std::string(key->string_at(r)));
        if ((found = it != index->strings.end())) at = it->second;
      } else if (const auto* hit = index->ints.Find(IntKey(*key, r))) {
        found = true;
        at = *hit;
      }
    } else if (key != nullptr) {
      ++out.null_keys;
    }
    if (!found) {
      ++out.inserted;
    } else {
      auto [s, row] = at;
      if (old_columns[s].empty()) {
        ASSIGN_OR_RETURN(auto seg, reader(s));
        for (const ColumnSchema& col : next.schema) {
          ASSIGN_OR_RETURN(ColumnValues v, ReadAlignedColumn(*seg, col));
          old_columns[s].push_back(std::move(v));
        }
      }
      const std::vector<ColumnValues>& old = old_columns[s];
      bool same = true;
      for (size_t j = 0; j < ncols && same; ++j) {
        int c = schema_to_batch[j];
        same = c >= 0 ? SameAsBatch(batch.columns[c], r, old[j], row) : !old[j].valid[row];
      }
      if (same) {
        ++out.unchanged;
        continue;
      }
      ++out.updated;
      next.segments[s].MarkDeleted(row);
      superseded.push_back(at);
      for (size_t j = 0; j < ncols; ++j) edits[j].AppendFrom(old[j], row);
      edit_changed_at.AppendInt(now_micros);
      edit_batch.AppendInt(batch_id);
      if (time_schema_index >= 0) touch(old[time_schema_index].valid[row], old[time_schema_index].ints[row]);
    }
    new_rows.push_back(r);
    if (time != nullptr) touch(time->valid[r], time->ints[r]);
  }
  if (!winners.empty() || !every_row_wins) new_row_count = new_rows.size();
  out.rows_stored = static_cast<int64_t>(new_row_count);
  if (new_row_count == 0 && live) {  // nothing changed: no new state
    finish_days();
    return out;
  }

  // Write the new segments, the edit log segment, the manifest; then switch CURRENT.
  if (new_row_count > 0) {
    out.batch_id = batch_id;
    ++next.next_batch_id;
  }
  const uint32_t first_new_segment = static_cast<uint32_t>(next.segments.size());
  const uint64_t max_rows = std::max<uint64_t>(1, options_.max_segment_rows);
  // Segments are independent: encode, compress and write them on several threads.
  const size_t segment_count = (new_row_count + max_rows - 1) / max_rows;
  const uint64_t first_file_number = next.next_file_number;
  next.next_file_number += segment_count;
  const bool all_rows = new_row_count == rows;  // the rows to store are 0, 1, 2, ...
  std::vector<Status> written(segment_count, Status::Ok());
  std::vector<SegmentEntry> checksums(segment_count);  // only the file checksum is set
  std::atomic<size_t> next_segment{0};
  auto write_segments = [&] {
    for (size_t s; (s = next_segment.fetch_add(1)) < segment_count;) {
      size_t begin = s * max_rows, end = std::min<size_t>(new_row_count, begin + max_rows);
      // Columns of the batch taken as a whole are encoded in place; strings (their
      // codes renumbered per segment) and rows picked one by one are built first.
      std::vector<ColumnValues> built(ncols);
      std::vector<ColumnView> columns(ncols);
      for (size_t j = 0; j < ncols; ++j) {
        int c = schema_to_batch[j];
        const ColumnType type = next.schema[j].type;
        if (c >= 0 && all_rows && type != ColumnType::kString) {
          const ingest::ColumnData& b = batch.columns[c];
          ColumnView& view = columns[j];
          view.type = type;
          view.valid = std::span<const uint8_t>(b.valid).subspan(begin, end - begin);
          if (type == ColumnType::kFloat) {
            view.floats = std::span<const double>(b.floats).subspan(begin, end - begin);
          } else {
            view.ints = std::span<const int64_t>(b.ints).subspan(begin, end - begin);
          }
          continue;
        }
        built[j] =
            NewSegmentColumn(type, c >= 0 ? &batch.columns[c] : nullptr, new_rows, all_rows, begin, end);
        columns[j] = ColumnView::Of(built[j]);
      }
      std::string bytes = BuildSegment(next.schema, columns, options_.zstd_level);
      built.clear();
      checksums[s].SetChecksum(bytes);
      written[s] = fs_.WriteFile(Join(src_dir, SegmentFileName(first_file_number + s)), bytes, options_.sync);
    }
  };
  {
    std::vector<std::jthread> helpers;
    size_t threads = std::min<size_t>(std::max(1, options_.threads), segment_count);
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(write_segments);
    write_segments();
  }
  finish_days();
  for (size_t s = 0; s < segment_count; ++s) {
    RETURN_IF_ERROR(written[s]);
    SegmentEntry entry = std::move(checksums[s]);
    entry.file_number = first_file_number + s;
    entry.rows = std::min<size_t>(new_row_count, (s + 1) * max_rows) - s * max_rows;
    next.segments.push_back(std::move(entry));
  }
  if (edit_batch.size() > 0) {
    std::vector<ColumnSchema> schema = next.schema;
    schema.push_back({kChangedAt, ColumnType::kTimestamp});
    schema.push_back({kBatchId, ColumnType::kInt});
    std::vector<ColumnValues> columns;
    columns.reserve(edits.size() + 2);
    for (ColumnBuilder& b : edits) columns.push_back(b.Finish());
    columns.push_back(edit_changed_at.Finish());
    columns.push_back(edit_batch.Finish());
    SegmentEntry entry;
    entry.file_number = next.next_file_number++;
    entry.rows = columns.back().size();
    const std::string bytes = BuildSegment(schema, columns, options_.zstd_level);
    entry.SetChecksum(bytes);
    RETURN_IF_ERROR(fs_.WriteFile(Join(src_dir, EditFileName(entry.file_number)), bytes, options_.sync));
    next.edit_segments.push_back(std::move(entry));
  }
  next.number = next.next_file_number++;
  RETURN_IF_ERROR(
      fs_.WriteFile(Join(src_dir, ManifestFileName(next.number)), EncodeManifest(next), options_.sync));
  if (options_.sync) RETURN_IF_ERROR(fs_.SyncDir(src_dir));  // new names durable before CURRENT names them
  const std::string tmp = Join(src_dir, "CURRENT.tmp");
  RETURN_IF_ERROR(fs_.WriteFile(tmp, EncodeCurrent(next.number), options_.sync));
  RETURN_IF_ERROR(RenameDurably(fs_, tmp, Join(src_dir, "CURRENT"), options_.sync));
  if (live) (void)fs_.RemoveFile(Join(src_dir, ManifestFileName(live->number)));  // readers retry via CURRENT
  if (!live) (void)fs_.RemoveFile(Join(src_dir, kLoadingMarker));  // CURRENT now tells what is live

  // Keep the key index in step with the new manifest. After a first load it is not
  // built here: most processes commit once, and the next commit builds it from disk.
  if (key != nullptr && no_live_rows) {
    index.reset();
  } else if (key != nullptr) {
    for (size_t i = 0; i < new_rows.size(); ++i) {
      size_t r = new_rows[i];
      if (!key->valid[r]) continue;
      std::pair<uint32_t, uint32_t> at{first_new_segment + static_cast<uint32_t>(i / max_rows),
                                       static_cast<uint32_t>(i % max_rows)};
      if (index->string_keys) {
        index->strings[std::string(key->string_at(r))] = at;
      } else {
        index->ints.Put(IntKey(*key, r), at);
      }
    }
    index->manifest_number = next.number;
  }
  return out;
}

}  // namespace northstar::store
