// The kill -9 test: a child process commits batches (inserts and edits) in a loop
// and is SIGKILLed at random moments; after every kill the store must open with
// exactly the content of some fully committed prefix of the batches.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include "store/file_io.h"
#include "store/first_load.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

constexpr int64_t kBatchRows = 16;  // new keys per batch
constexpr int64_t kEditsPerBatch = 4;

catalog::SourceDef Source() {
  return MakeSource("events",
                    {{"id", ColumnType::kInt},
                     {"at", ColumnType::kTimestamp},
                     {"label", ColumnType::kString},
                     {"amount", ColumnType::kFloat}},
                    "id", "at");
}

// Batch k: kBatchRows new keys, kEditsPerBatch edits of earlier keys, and one key
// repeated (the later copy wins).
std::vector<std::vector<Cell>> BatchRows(int64_t k) {
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < kBatchRows; ++i) {
    int64_t id = k * kBatchRows + i;
    rows.push_back(
        {id, k * kMicrosPerDay + i, std::string("l") + std::to_string(id % 5), static_cast<double>(id) / 8});
  }
  rows.push_back({k * kBatchRows, k * kMicrosPerDay, std::string("dup"), 0.5});
  for (int64_t j = 0; k > 0 && j < kEditsPerBatch; ++j) {
    int64_t id = (k * 7 + j * 13) % (k * kBatchRows);
    rows.push_back(
        {id, k * kMicrosPerDay + 100 + j, std::string("edit") + std::to_string(k), static_cast<double>(k)});
  }
  return rows;
}

// The live rows after batches [0, k), keyed by id.
std::map<int64_t, std::vector<Cell>> Expected(int64_t k) {
  std::map<int64_t, std::vector<Cell>> rows;
  for (int64_t b = 0; b < k; ++b) {
    for (auto& row : BatchRows(b)) rows[std::get<int64_t>(row[0])] = row;
  }
  return rows;
}

[[noreturn]] void CommitForever(const std::string& dir, bool sync) {
  StoreOptions options;
  options.sync = sync;
  auto store = Store::Open(dir, options);
  if (!store.ok()) _exit(3);
  auto count = (*store)->RowCount("events");
  int64_t k = count.ok() ? static_cast<int64_t>(*count) / kBatchRows : 0;
  auto src = Source();
  for (;; ++k) {
    if (!(*store)->Commit(src, MakeBatch(src, BatchRows(k)), k).ok()) _exit(4);
  }
}

TEST(CrashTest, KilledWritersLeaveExactlyACommittedState) {
  int iterations = 200;
  if (const char* env = std::getenv("NORTHSTAR_CRASH_ITERATIONS")) iterations = std::atoi(env);
  std::mt19937 rng(20261123);
  // With fsync a commit takes tens of milliseconds on a busy machine; without, about
  // one. Half the writers sync (kills land in every step, fsyncs included), half do
  // not (many commits per writer, so kills land in every step of later commits).
  std::uniform_int_distribution<int> delay_sync_us(0, 150'000), delay_nosync_us(0, 20'000);
  std::unique_ptr<TempDir> dir;
  int64_t max_batches_seen = 0;
  int kills_with_leftovers = 0;
  for (int it = 0; it < iterations; ++it) {
    if (it % 25 == 0) dir = std::make_unique<TempDir>();  // keep segment counts small
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    const bool sync = it % 2 == 0;
    if (pid == 0) CommitForever(dir->path(), sync);
    std::this_thread::sleep_for(std::chrono::microseconds(sync ? delay_sync_us(rng) : delay_nosync_us(rng)));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "writer exited by itself with " << WEXITSTATUS(wstatus);

    auto names = ListDir(dir->path() + "/events");
    size_t files_before = names.ok() ? names->size() : 0;
    auto store = Store::Open(dir->path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    names = ListDir(dir->path() + "/events");
    if (names.ok() && names->size() < files_before) ++kills_with_leftovers;

    auto snap = (*store)->Snapshot("events");
    if (!snap.ok()) {
      ASSERT_EQ(snap.status().code(), StatusCode::kNotFound) << snap.status().ToString();
      continue;  // killed before the first commit finished
    }
    ASSERT_EQ((*snap)->rows() % kBatchRows, 0u) << "iteration " << it;
    int64_t k = static_cast<int64_t>((*snap)->rows()) / kBatchRows;
    max_batches_seen = std::max(max_batches_seen, k);
    std::map<int64_t, std::vector<Cell>> got;
    for (auto& row : ReadAll(**snap)) got[std::get<int64_t>(row[0])] = row;
    ASSERT_EQ(got, Expected(k)) << "iteration " << it << " after " << k << " batches";
    // The edit log holds exactly the superseded versions of those k batches.
    auto log = (*store)->EditLog("events");
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    int64_t expected_edits = 0;
    for (int64_t b = 1; b < k; ++b) {
      std::map<int64_t, bool> edited;
      for (int64_t j = 0; j < kEditsPerBatch; ++j) edited[(b * 7 + j * 13) % (b * kBatchRows)] = true;
      expected_edits += static_cast<int64_t>(edited.size());
    }
    ASSERT_EQ(static_cast<int64_t>((*log)->rows()), expected_edits) << "iteration " << it;
  }
  EXPECT_GT(max_batches_seen, 1) << "the writer never got far enough to test anything";
  std::printf("crash test: %d kills, %d left a half-written commit behind, up to %lld batches\n", iterations,
              kills_with_leftovers, static_cast<long long>(max_batches_seen));
}

// Streamed first loads (FirstLoad) of sources s0, s1, ... one after another, each
// kLoadRows rows in chunks of 37 over segments of 64 rows.
constexpr int64_t kLoadRows = 1000;

[[noreturn]] void LoadForever(const std::string& dir, bool sync) {
  StoreOptions options;
  options.sync = sync;
  options.max_segment_rows = 64;
  auto store = Store::Open(dir, options);
  if (!store.ok()) _exit(3);
  auto done = (*store)->Sources();
  if (!done.ok()) _exit(3);
  for (size_t s = done->size();; ++s) {
    auto src = Source();
    src.id = "s" + std::to_string(s);
    auto load = (*store)->BeginFirstLoad(src);
    if (!load.ok() || !*load) _exit(4);
    for (int64_t at = 0; at < kLoadRows; at += 37) {
      std::vector<std::vector<Cell>> rows;
      for (int64_t id = at; id < std::min(kLoadRows, at + 37); ++id)
        rows.push_back(
            {id, id * 1000, std::string("l") + std::to_string(id % 5), static_cast<double>(id) / 8});
      if (!(*load)->Add(MakeBatch(src, rows)).ok()) _exit(4);
    }
    auto finished = (*load)->Finish();
    if (!finished.ok() || !finished->has_value()) _exit(4);
  }
}

// A streamed first load killed at any moment leaves its source either absent or
// complete, and the next Open() removes the files a killed load left behind.
TEST(CrashTest, KilledFirstLoadsLeaveNothingOrEverything) {
  int iterations = 60;
  if (const char* env = std::getenv("NORTHSTAR_CRASH_ITERATIONS")) iterations = std::atoi(env) / 3 + 1;
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> delay_sync_us(0, 150'000), delay_nosync_us(0, 30'000);
  int kills_with_leftovers = 0;
  size_t max_sources = 0;
  for (int it = 0; it < iterations; ++it) {
    TempDir dir;
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    const bool sync = it % 2 == 0;
    if (pid == 0) LoadForever(dir.path(), sync);
    if (it + 1 < iterations) {
      std::this_thread::sleep_for(std::chrono::microseconds(sync ? delay_sync_us(rng) : delay_nosync_us(rng)));
    } else {
      // The last kill waits for a finished load, however slow the machine is, so that a
      // complete source is always among the states checked.
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!FileExists(dir.path() + "/s0/CURRENT") && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "loader exited by itself with " << WEXITSTATUS(wstatus);

    auto store = Store::Open(dir.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto sources = (*store)->Sources();
    ASSERT_TRUE(sources.ok());
    max_sources = std::max(max_sources, sources->size());
    for (const std::string& source : *sources) {
      auto snap = (*store)->Snapshot(source);
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ASSERT_EQ((*snap)->rows(), static_cast<uint64_t>(kLoadRows)) << source << ", iteration " << it;
      auto rows = ReadAll(**snap);
      for (int64_t id = 0; id < kLoadRows; ++id) ASSERT_EQ(std::get<int64_t>(rows[id][0]), id);
    }
    // The source being loaded when the kill came has no CURRENT (so it is not a
    // source); its files are removed by the next load or commit of it.
    auto src = Source();
    src.id = "s" + std::to_string(sources->size());
    const std::string next = dir.path() + "/" + src.id;
    auto names = ListDir(next);
    if (names.ok()) {
      EXPECT_EQ(std::count(names->begin(), names->end(), "CURRENT"), 0) << "iteration " << it;
      if (!names->empty()) ++kills_with_leftovers;
      (void)(*store)->BeginFirstLoad(src);  // started and abandoned at once
      names = ListDir(next);
      ASSERT_TRUE(names.ok());
      EXPECT_TRUE(names->empty()) << names->size() << " files left, iteration " << it;
    }
    for (const std::string& source : *sources) {
      auto left = ListDir(dir.path() + "/" + source);
      ASSERT_TRUE(left.ok());
      // LOCK lives in the store directory: a source holds CURRENT, one manifest and
      // its ceil(1000 / 64) = 16 segments, nothing else.
      EXPECT_EQ(left->size(), 18u) << source << ", iteration " << it;
    }
  }
  EXPECT_GT(max_sources, 0u) << "the loader never finished a load";
  std::printf("first-load crash test: %d kills, %d left a half-written load behind, up to %zu sources\n",
              iterations, kills_with_leftovers, max_sources);
}

}  // namespace
}  // namespace northstar::store
