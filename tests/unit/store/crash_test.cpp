// The kill -9 test: a child process commits batches (inserts and edits) in a loop
// and is SIGKILLed at random moments; after every kill the store must open with
// exactly the content of some fully committed prefix of the batches.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include "store/file_io.h"
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

}  // namespace
}  // namespace northstar::store
