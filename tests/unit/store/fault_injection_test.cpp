// Fault injection for the store: a realistic sequence of commits (a streamed first load,
// appends and edits, a reopen) runs on a FaultInjectionFileSystem that fails, or stops
// after, each of its mutating operations in turn. After every one the store is opened
// on the real file system and must hold exactly the rows of the commits that returned
// OK, plus the interrupted commit either whole or not at all; `verify` must find it
// sound; and the next commits must succeed.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fault_injection_file_system.h"
#include "store/first_load.h"
#include "store/verify.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

using Row = std::vector<Cell>;
using Rows = std::map<int64_t, Row>;  // live rows by key

catalog::SourceDef Source() {
  return MakeSource("orders",
                    {{"id", ColumnType::kInt},
                     {"at", ColumnType::kTimestamp},
                     {"channel", ColumnType::kString},
                     {"amount", ColumnType::kFloat}},
                    "id", "at");
}

Row MakeRow(int64_t id, int64_t day, const std::string& channel, double amount) {
  return {id, day * kMicrosPerDay + id * kMicrosPerHour, channel, amount};
}

// The batches, in commit order. Batch 0 is the first load (ten rows: three segments of
// at most four rows); then appends with edits, one edit repeating a value already
// stored (unchanged), and a last batch used only to show the store still commits.
constexpr int kSequenceBatches = 3;  // batches the faulty sequence commits
constexpr int kAllBatches = 4;

std::vector<Row> Batch(int k) {
  std::vector<Row> rows;
  switch (k) {
    case 0:
      for (int64_t id = 1; id <= 10; ++id) rows.push_back(MakeRow(id, 1, id % 2 ? "web" : "store", id * 1.5));
      break;
    case 1:
      for (int64_t id = 11; id <= 15; ++id) rows.push_back(MakeRow(id, 2, "web", id * 2.25));
      rows.push_back(MakeRow(3, 2, "phone", 99.5));  // edits
      rows.push_back(MakeRow(8, 2, "phone", 0.25));
      break;
    case 2:
      rows.push_back(MakeRow(3, 3, "web", 7.0));                // edit of an edited row
      rows.push_back(MakeRow(12, 2, "web", 12 * 2.25));         // unchanged
      rows.push_back(MakeRow(16, 3, "store", -4.5));            // new
      rows.push_back(MakeRow(1, 3, std::string("mail"), 1.0));  // edit
      break;
    default:
      rows.push_back(MakeRow(17, 4, "web", 17.0));
      rows.push_back(MakeRow(5, 4, "phone", 5.5));
      break;
  }
  return rows;
}

// The live rows and the edit-log row count after batches [0, k).
struct State {
  Rows rows;
  size_t edits = 0;
};
State Expected(int k) {
  State s;
  for (int b = 0; b < k; ++b) {
    for (const Row& row : Batch(b)) {
      const int64_t id = std::get<int64_t>(row[0]);
      auto it = s.rows.find(id);
      if (it != s.rows.end() && it->second != row) ++s.edits;
      s.rows[id] = row;
    }
  }
  return s;
}

std::string Describe(const State& s) {
  return std::to_string(s.rows.size()) + " rows, " + std::to_string(s.edits) + " edits";
}

StoreOptions Options(FileSystem* fs) {
  StoreOptions options;
  options.file_system = fs;
  options.threads = 1;  // one order of operations, so operation n is the same every run
  options.max_segment_rows = 4;
  return options;
}

// Commits batch k on `store`: as `ingest` does, a source without rows gets a first load
// streamed in two chunks, one with rows a whole commit.
Status CommitBatch(Store& store, int k) {
  const catalog::SourceDef src = Source();
  const std::vector<Row> rows = Batch(k);
  ASSIGN_OR_RETURN(std::unique_ptr<FirstLoad> load, store.BeginFirstLoad(src));
  if (load != nullptr) {
    RETURN_IF_ERROR(
        load->Add(MakeBatch(src, std::vector<Row>(rows.begin(), rows.begin() + rows.size() / 2))));
    RETURN_IF_ERROR(load->Add(MakeBatch(src, std::vector<Row>(rows.begin() + rows.size() / 2, rows.end()))));
    ASSIGN_OR_RETURN(std::optional<IngestOutcome> done, load->Finish());
    if (!done) return Status::Internal("the first load committed nothing");
    return Status::Ok();
  }
  return store.Commit(src, MakeBatch(src, rows), 1000 + k).status();
}

// Opens the store through `fs` and commits batches [0, kSequenceBatches) with a reopen
// after batch 1 (Store::Open removes leftovers). Returns how many batches returned OK
// before the first failure (`store` is the store they were committed on, or null).
int RunSequence(const std::string& dir, FileSystem* fs, std::unique_ptr<Store>& store) {
  for (int k = 0; k < kSequenceBatches; ++k) {
    if (k == 0 || k == 2) {
      store.reset();
      Result<std::unique_ptr<Store>> opened = Store::Open(dir, Options(fs));
      if (!opened.ok()) return k;
      store = std::move(*opened);
    }
    if (!CommitBatch(*store, k).ok()) return k;
  }
  return kSequenceBatches;
}

// After a fault, the store is read and written on a FaultInjectionFileSystem that
// injects nothing (`recovery` below): the real files, the same code paths (fsyncs
// included), but no wait for the disk, as the wrapper only records what a sync would
// make durable.

// The live rows and edit count the store in `dir` holds now; a source never committed
// reads as empty.
Result<State> ReadState(const std::string& dir) {
  FaultInjectionFileSystem recovery;
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir, Options(&recovery)));
  State s;
  Result<std::shared_ptr<const Table>> table = store->Snapshot("orders");
  if (!table.ok() && table.status().code() == StatusCode::kNotFound) return s;
  RETURN_IF_ERROR(table.status());
  for (Row& row : ReadAll(**table)) {
    if (row.empty()) return Status::Internal("a column could not be read");
    const int64_t id = std::get<int64_t>(row[0]);
    if (!s.rows.emplace(id, std::move(row)).second)
      return Status::Internal("key " + std::to_string(id) + " is live twice");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const Table> edits, store->EditLog("orders"));
  s.edits = edits->rows();
  return s;
}

// What a failure point must leave on disk: the `ok_batches` that returned OK and the
// interrupted one whole or not at all, and nothing `verify` finds damaged. Returns the
// number of batches the store holds.
int CheckCommittedState(const std::string& dir, int ok_batches) {
  Result<StoreVerification> verified = VerifyStore(dir);
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
  if (!verified.ok()) return -1;
  for (const DamagedFile& damaged : verified->damaged)
    ADD_FAILURE() << "verify: " << damaged.path << ": " << damaged.problem;

  Result<State> state = ReadState(dir);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  if (!state.ok()) return -1;
  const State before = Expected(ok_batches);
  if (state->rows == before.rows && state->edits == before.edits) return ok_batches;
  const State after = Expected(ok_batches + 1);
  if (ok_batches < kSequenceBatches && state->rows == after.rows && state->edits == after.edits)
    return ok_batches + 1;
  ADD_FAILURE() << "the store holds " << Describe(*state) << "; after " << ok_batches
                << " committed batches expected " << Describe(before)
                << (ok_batches < kSequenceBatches ? " or " + Describe(after) : std::string());
  return -1;
}

// The store (on the real file system) takes the batches from `held` on and ends with
// every batch's rows; `verify` still finds it sound.
void CheckTakesTheRest(const std::string& dir, int held) {
  {
    FaultInjectionFileSystem recovery;
    Result<std::unique_ptr<Store>> store = Store::Open(dir, Options(&recovery));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int k = held; k < kAllBatches; ++k) {
      Status s = CommitBatch(**store, k);
      ASSERT_TRUE(s.ok()) << "batch " << k << " after recovery: " << s.ToString();
    }
  }
  Result<State> state = ReadState(dir);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  const State all = Expected(kAllBatches);
  EXPECT_EQ(state->rows, all.rows);
  EXPECT_EQ(state->edits, all.edits);
  Result<StoreVerification> verified = VerifyStore(dir);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->damaged.empty()) << verified->damaged.front().problem;
}

std::string Log(const FaultInjectionFileSystem& fs) {
  std::string out;
  for (const std::string& line : fs.log()) out += "  " + line + "\n";
  return out;
}

// The number of mutating operations the whole sequence performs without faults.
int CountOperations() {
  TempDir tmp;
  FaultInjectionFileSystem fs;
  std::unique_ptr<Store> store;
  EXPECT_EQ(RunSequence(tmp.path() + "/store", &fs, store), kSequenceBatches);
  store.reset();
  return fs.operations();
}

TEST(StoreFaultInjectionTest, EveryFailedOperationLeavesACommittedStateAndTheStoreRecovers) {
  const int total = CountOperations();
  ASSERT_GT(total, 30) << "the sequence should write segments, manifests, CURRENT, markers";
  for (int n = 1; n <= total; ++n) {
    TempDir tmp;
    const std::string dir = tmp.path() + "/store";
    FaultInjectionFileSystem fs;
    fs.FailAt(n);
    std::unique_ptr<Store> store;
    const int ok_batches = RunSequence(dir, &fs, store);
    SCOPED_TRACE("failure of operation " + std::to_string(n) + " of " + std::to_string(total) + ", " +
                 std::to_string(ok_batches) + " batches committed before it:\n" + Log(fs));
    // Only the removal of a file the new state no longer needs (the previous manifest,
    // the LOADING marker) may fail without failing its commit: the next commit removes it.
    if (ok_batches == kSequenceBatches) {
      EXPECT_NE(fs.log()[n - 1].find(" remove "), std::string::npos) << "the failure went unnoticed";
    }
    int held = CheckCommittedState(dir, ok_batches);
    ASSERT_GE(held, 0);
    // The same store object, on the same file system, takes the failed batch again: a
    // failed commit leaves nothing in the process that trips the next one.
    if (store != nullptr && ok_batches < kSequenceBatches) {
      Status retried = CommitBatch(*store, ok_batches);
      ASSERT_TRUE(retried.ok()) << "retry of batch " << ok_batches << ": " << retried.ToString();
      store.reset();
      held = CheckCommittedState(dir, ok_batches + 1);
      ASSERT_EQ(held, ok_batches + 1);
    }
    CheckTakesTheRest(dir, held);
    if (::testing::Test::HasFailure()) return;
  }
  std::printf("store fault injection: %d failure points\n", total);
}

void CrashAtEveryOperation(Crash crash) {
  const int total = CountOperations();
  ASSERT_GT(total, 30);
  for (int n = 1; n <= total; ++n) {
    TempDir tmp;
    const std::string dir = tmp.path() + "/store";
    FaultInjectionFileSystem fs;
    fs.CrashAfter(n);
    std::unique_ptr<Store> store;
    const int ok_batches = RunSequence(dir, &fs, store);
    store.reset();
    ASSERT_TRUE(fs.ApplyCrash(crash).ok());
    SCOPED_TRACE(std::string(CrashName(crash)) + " after operation " + std::to_string(n) + " of " +
                 std::to_string(total) + ", " + std::to_string(ok_batches) +
                 " batches committed before it:\n" + Log(fs));
    const int held = CheckCommittedState(dir, ok_batches);
    ASSERT_GE(held, 0);
    CheckTakesTheRest(dir, held);
    if (::testing::Test::HasFailure()) return;
  }
  std::printf("store %s: %d crash points\n", CrashName(crash), total);
}

TEST(StoreFaultInjectionTest, ProcessKilledAfterEveryOperation) {
  CrashAtEveryOperation(Crash::kProcessKill);
}

TEST(StoreFaultInjectionTest, PowerLossAfterEveryOperationDropsOnlyWhatWasNotSynced) {
  CrashAtEveryOperation(Crash::kPowerLoss);
}

TEST(StoreFaultInjectionTest, PowerLossWithRenamesWrittenBeforeOtherDirectoryChanges) {
  CrashAtEveryOperation(Crash::kPowerLossRenamesFirst);
}

// The model itself: what a power loss keeps and drops.
TEST(FaultInjectionFileSystemTest, PowerLossKeepsExactlyWhatWasSynced) {
  TempDir tmp;
  const std::string& d = tmp.path();
  FaultInjectionFileSystem fs;
  ASSERT_TRUE(fs.WriteFile(d + "/durable", "0123456789", true).ok());
  ASSERT_TRUE(fs.WriteFile(d + "/old", "old bytes", true).ok());
  ASSERT_TRUE(fs.SyncDir(d).ok());
  ASSERT_TRUE(fs.WriteFile(d + "/synced-no-dirsync", "abcdef", true).ok());
  ASSERT_TRUE(fs.WriteFile(d + "/durable", "rewritten!", false).ok());  // data not synced
  ASSERT_TRUE(fs.WriteFile(d + "/tmp", "new bytes", true).ok());
  ASSERT_TRUE(fs.Rename(d + "/tmp", d + "/old").ok());
  ASSERT_TRUE(fs.CreateDir(d + "/sub").ok());
  EXPECT_EQ(fs.operations(), 12);
  fs.CrashAfter(12);
  EXPECT_FALSE(fs.SyncDir(d).ok()) << "operations after the crash fail";
  ASSERT_TRUE(fs.ApplyCrash(Crash::kPowerLoss).ok());

  EXPECT_EQ(*ReadWholeFile(d + "/durable"), "rewri") << "unsynced data is torn";
  EXPECT_FALSE(FileExists(d + "/synced-no-dirsync")) << "its directory entry was never synced";
  EXPECT_EQ(*ReadWholeFile(d + "/old"), "old bytes") << "the rename is undone";
  EXPECT_FALSE(FileExists(d + "/tmp")) << "and so is the creation of its source";
  EXPECT_FALSE(FileExists(d + "/sub"));
}

TEST(FaultInjectionFileSystemTest, FailedWriteLeavesHalfAndFailedFsyncLeavesDataUnsynced) {
  TempDir tmp;
  const std::string& d = tmp.path();
  FaultInjectionFileSystem fs;
  fs.FailAt(1);
  Status s = fs.WriteFile(d + "/a", "12345678", true);
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(*ReadWholeFile(d + "/a"), "1234");
  EXPECT_EQ(fs.operations(), 1) << "no fsync after a failed write";

  FaultInjectionFileSystem fsync_fails;
  fsync_fails.FailAt(2);
  EXPECT_FALSE(fsync_fails.WriteFile(d + "/b", "abcd", true).ok());
  ASSERT_TRUE(fsync_fails.SyncDir(d).ok());
  fsync_fails.CrashAfter(3);
  ASSERT_TRUE(fsync_fails.ApplyCrash(Crash::kPowerLoss).ok());
  EXPECT_EQ(*ReadWholeFile(d + "/b"), "ab") << "the data whose fsync failed is not durable";
}

}  // namespace
}  // namespace northstar::store
