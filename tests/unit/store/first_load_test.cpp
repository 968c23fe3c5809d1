// FirstLoad: a first load streamed in chunk by chunk must leave exactly the files
// (segments, manifest, CURRENT) and the outcome that Store::Commit gives for the whole
// batch, must commit nothing when the keys repeat or it is abandoned, and must leave
// sources with rows to Commit.
#include "store/first_load.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ingest/csv_reader.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "store/file_io.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

constexpr int64_t kDay = 86'400'000'000;

catalog::SourceDef Source(ColumnType key_type = ColumnType::kInt) {
  return MakeSource("events",
                    {{"id", key_type},
                     {"at", ColumnType::kTimestamp},
                     {"label", ColumnType::kString},
                     {"amount", ColumnType::kFloat},
                     {"open", ColumnType::kBool}},
                    "id", "at");
}

// Rows with repeated labels, nulls in every column but the key, and one null key.
// `key_of(i)` gives the key of row i.
template <typename KeyOf>
std::vector<std::vector<Cell>> Rows(int64_t n, KeyOf key_of) {
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < n; ++i) {
    Cell key = i == n / 2 ? Null() : key_of(i);
    Cell at = i % 17 == 3 ? Null() : Cell(i / 40 * kDay + i);
    Cell label = i % 11 == 5 ? Null() : Cell(std::string("label") + std::to_string((i * 7) % 23));
    Cell amount = i % 13 == 1 ? Null() : Cell(static_cast<double>(i) / 4);
    Cell open = i % 5 == 2 ? Null() : Cell(int64_t{i % 2});
    rows.push_back({key, at, label, amount, open});
  }
  return rows;
}

std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> files;
  auto names = ListDir(dir);
  EXPECT_TRUE(names.ok());
  for (const std::string& name : *names) {
    if (name == "LOCK") continue;
    auto bytes = ReadWholeFile(dir + "/" + name);
    EXPECT_TRUE(bytes.ok()) << name;
    files[name] = *bytes;
  }
  return files;
}

StoreOptions SmallSegments() {
  StoreOptions options;
  options.max_segment_rows = 64;
  options.sync = false;
  return options;
}

// Streams `rows` in chunks of the given sizes (cycled), each chunk a batch of its own
// with its own dictionaries.
Result<std::optional<IngestOutcome>> StreamIn(Store& store, const catalog::SourceDef& src,
                                              const std::vector<std::vector<Cell>>& rows,
                                              const std::vector<size_t>& chunk_sizes,
                                              SourceStats* stats = nullptr) {
  ASSIGN_OR_RETURN(std::unique_ptr<FirstLoad> load, store.BeginFirstLoad(src));
  if (!load) return Status::Internal("BeginFirstLoad gave no load");
  size_t at = 0;
  for (size_t k = 0; at < rows.size(); ++k) {
    const size_t n = std::min(chunk_sizes[k % chunk_sizes.size()], rows.size() - at);
    std::vector<std::vector<Cell>> part(rows.begin() + at, rows.begin() + at + n);
    RETURN_IF_ERROR(load->Add(MakeBatch(src, part)));
    at += n;
  }
  auto finished = load->Finish();
  if (stats != nullptr) *stats = load->stats();
  return finished;
}

void ExpectSameOutcome(const IngestOutcome& a, const IngestOutcome& b) {
  EXPECT_EQ(a.batch_id, b.batch_id);
  EXPECT_EQ(a.rows_stored, b.rows_stored);
  EXPECT_EQ(a.inserted, b.inserted);
  EXPECT_EQ(a.updated, b.updated);
  EXPECT_EQ(a.duplicates_in_batch, b.duplicates_in_batch);
  EXPECT_EQ(a.null_keys, b.null_keys);
  EXPECT_EQ(a.touched_days, b.touched_days);
  EXPECT_EQ(a.touched_null_time, b.touched_null_time);
}

void ExpectStreamedEqualsCommitted(const catalog::SourceDef& src, const std::vector<std::vector<Cell>>& rows,
                                   const std::vector<size_t>& chunk_sizes) {
  TempDir whole_dir, streamed_dir;
  auto whole = Store::Open(whole_dir.path(), SmallSegments());
  auto streamed = Store::Open(streamed_dir.path(), SmallSegments());
  ASSERT_TRUE(whole.ok() && streamed.ok());
  auto committed = (*whole)->Commit(src, MakeBatch(src, rows), 7);
  ASSERT_TRUE(committed.ok()) << committed.status().message();
  SourceStats streamed_stats;
  auto loaded = StreamIn(**streamed, src, rows, chunk_sizes, &streamed_stats);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_TRUE(loaded->has_value());
  ExpectSameOutcome(**loaded, *committed);
  const auto expected = Files(whole_dir.path() + "/events");
  EXPECT_GT(expected.size(), 5u);
  EXPECT_EQ(Files(streamed_dir.path() + "/events"), expected);  // byte-identical
  auto stats = (*streamed)->Stats("events");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->rows, streamed_stats.rows);
  EXPECT_EQ(stats->edits, streamed_stats.edits);
  EXPECT_EQ(stats->batches, streamed_stats.batches);
  EXPECT_EQ(stats->oldest_time, streamed_stats.oldest_time);
  EXPECT_EQ(stats->newest_time, streamed_stats.newest_time);
  EXPECT_EQ(stats->rows_without_time, streamed_stats.rows_without_time);
  EXPECT_EQ(stats->rows_per_day, streamed_stats.rows_per_day);
  auto table = (*streamed)->Snapshot("events");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(ReadAll(**table), ReadAll(**(*whole)->Snapshot("events")));
}

TEST(FirstLoadTest, ChunksGiveTheFilesOfOneWholeCommit) {
  const auto src = Source();
  const auto rows = Rows(1000, [](int64_t i) { return Cell(i * 3); });
  // Chunks inside one segment, chunks spanning several, single rows, and empty ones.
  for (const std::vector<size_t>& sizes :
       std::vector<std::vector<size_t>>{{1000}, {64}, {1, 37, 200, 5}, {63, 65, 0, 130}, {1}}) {
    SCOPED_TRACE("first chunk " + std::to_string(sizes[0]));
    ExpectStreamedEqualsCommitted(src, rows, sizes);
  }
}

TEST(FirstLoadTest, DistinctKeysOutOfOrderAndStringKeysAreStillPureInserts) {
  ExpectStreamedEqualsCommitted(Source(), Rows(500, [](int64_t i) { return Cell((i * 7919) % 500 + 1000); }),
                                {45, 90});
  ExpectStreamedEqualsCommitted(
      Source(ColumnType::kString),
      Rows(500, [](int64_t i) { return Cell("k" + std::to_string(i % 2 ? i : -i)); }), {70});
}

TEST(FirstLoadTest, RepeatedKeysCommitNothingAndLeaveNoFile) {
  for (ColumnType key_type : {ColumnType::kInt, ColumnType::kString}) {
    const auto src = Source(key_type);
    // Key 10 occurs in the first and in a later segment.
    auto rows = Rows(400, [&](int64_t i) {
      const int64_t k = i == 300 ? 10 : i;
      return key_type == ColumnType::kInt ? Cell(k) : Cell("k" + std::to_string(k));
    });
    TempDir dir;
    auto store = Store::Open(dir.path(), SmallSegments());
    ASSERT_TRUE(store.ok());
    auto loaded = StreamIn(**store, src, rows, {50});
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_FALSE(loaded->has_value());
    EXPECT_TRUE(Files(dir.path() + "/events").empty());
    EXPECT_TRUE((*store)->Sources()->empty());
    // The whole batch then commits by the last-row-wins rule.
    auto committed = (*store)->Commit(src, MakeBatch(src, rows), 1);
    ASSERT_TRUE(committed.ok());
    EXPECT_EQ(committed->duplicates_in_batch, 1);
  }
}

TEST(FirstLoadTest, AnAbandonedLoadLeavesNothingAndReleasesTheLock) {
  const auto src = Source();
  TempDir dir;
  auto store = Store::Open(dir.path(), SmallSegments());
  ASSERT_TRUE(store.ok());
  {
    auto load = (*store)->BeginFirstLoad(src);
    ASSERT_TRUE(load.ok() && *load);
    ASSERT_TRUE((*load)->Add(MakeBatch(src, Rows(300, [](int64_t i) { return Cell(i); }))).ok());
    // Segments are written in the background: wait until the four whole ones are there.
    auto segment_files = [&] {
      auto names = ListDir(dir.path() + "/events");
      return names.ok() ? std::count_if(names->begin(), names->end(),
                                        [](const std::string& n) { return n.rfind("SEG-", 0) == 0; })
                        : 0;
    };
    for (int i = 0; i < 500 && segment_files() < 4; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(segment_files(), 4);
    // Another writer is kept out while the load runs.
    auto other = Store::Open(dir.path(), SmallSegments());
    ASSERT_TRUE(other.ok());
    auto refused = (*other)->Commit(src, MakeBatch(src, Rows(3, [](int64_t i) { return Cell(i); })), 1);
    EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  }
  EXPECT_TRUE(Files(dir.path() + "/events").empty());
  EXPECT_TRUE((*store)->Sources()->empty());
  EXPECT_TRUE((*store)->Commit(src, MakeBatch(src, Rows(3, [](int64_t i) { return Cell(i); })), 1).ok());
}

TEST(FirstLoadTest, SourcesWithRowsAreLeftToCommitAndEmptyLoadsCreateTheSource) {
  const auto src = Source();
  TempDir dir;
  auto store = Store::Open(dir.path(), SmallSegments());
  ASSERT_TRUE(store.ok());
  auto empty = StreamIn(**store, src, {}, {10});
  ASSERT_TRUE(empty.ok() && empty->has_value());
  EXPECT_EQ((*empty)->batch_id, 0);
  EXPECT_EQ(*(*store)->RowCount("events"), 0u);
  auto loaded = StreamIn(**store, src, Rows(100, [](int64_t i) { return Cell(i); }), {30});
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->batch_id, 1);
  EXPECT_EQ(*(*store)->RowCount("events"), 100u);
  auto again = (*store)->BeginFirstLoad(src);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, nullptr);
}

TEST(FirstLoadTest, AWrongChunkIsRefusedAndCommitsNothing) {
  const auto src = Source();
  TempDir dir;
  auto store = Store::Open(dir.path(), SmallSegments());
  ASSERT_TRUE(store.ok());
  {
    auto load = (*store)->BeginFirstLoad(src);
    ASSERT_TRUE(load.ok() && *load);
    ASSERT_TRUE((*load)->Add(MakeBatch(src, Rows(100, [](int64_t i) { return Cell(i); }))).ok());
    ingest::Batch wrong = MakeBatch(src, Rows(5, [](int64_t i) { return Cell(i + 1000); }));
    wrong.columns[1].ints.pop_back();
    EXPECT_EQ((*load)->Add(std::move(wrong)).code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE((*load)->Finish().ok());
  }
  EXPECT_TRUE((*store)->Sources()->empty());
}

// The whole path of `ingest`: a CSV parsed in pieces on 1 or 2 threads and streamed
// into the store gives the files of reading it whole and committing it, rejects in
// later pieces included.
TEST(FirstLoadTest, ACsvStreamedOnOneOrTwoThreadsGivesTheFilesOfAWholeCommit) {
  catalog::SourceDef src = Source();
  src.kind = catalog::SourceKind::kCsv;
  src.path = "events.csv";
  std::string csv = "id,at,label,amount,open\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string at = "2026-03-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) +
                           "T10:00:" + (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z";
    if (i % 701 == 700) {
      csv += std::to_string(i) + "," + at + ",bad row,not a number,true\n";  // rejected
    } else if (i % 97 == 5) {
      csv += std::to_string(i) + ",,\"quoted\nlabel\"," + std::to_string(i) + ".5,\n";
    } else {
      csv += std::to_string(i) + "," + at + ",label" + std::to_string(i % 19) + "," + std::to_string(i % 40) +
             ".25," + (i % 3 ? "true" : "false") + "\n";
    }
  }
  TempDir input;
  input.Write("events.csv", csv);
  catalog::Workspace workspace;
  workspace.root_dir = input.path();

  TempDir whole_dir;
  auto whole = Store::Open(whole_dir.path(), SmallSegments());
  ASSERT_TRUE(whole.ok());
  auto batch = ingest::ReadSource(src, workspace);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->rejected.size(), 4u);
  auto committed = (*whole)->Commit(src, *batch, 7);
  ASSERT_TRUE(committed.ok());
  const auto expected = Files(whole_dir.path() + "/events");
  ASSERT_GT(expected.size(), 40u);

  for (int threads : {1, 2}) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    TempDir dir;
    auto store = Store::Open(dir.path(), SmallSegments());
    ASSERT_TRUE(store.ok());
    auto load = (*store)->BeginFirstLoad(src);
    ASSERT_TRUE(load.ok() && *load);
    ingest::ReadOptions options;
    options.threads = threads;
    const ingest::SourceContext context = ingest::MakeSourceContext(src, workspace, options);
    size_t chunks = 0;
    auto totals = ingest::ParseCsvInChunks(
        csv, context,
        [&](ingest::Batch&& chunk) {
          ++chunks;
          return (*load)->Add(std::move(chunk));
        },
        2000);
    ASSERT_TRUE(totals.ok()) << totals.status().message();
    EXPECT_GT(chunks, 30u);
    ASSERT_EQ(totals->rejected.size(), 4u);
    for (size_t r = 0; r < 4; ++r) EXPECT_EQ(totals->rejected[r].line, batch->rejected[r].line);
    auto loaded = (*load)->Finish();
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    ExpectSameOutcome(**loaded, *committed);
    EXPECT_EQ(Files(dir.path() + "/events"), expected);
  }
}

}  // namespace
}  // namespace northstar::store
