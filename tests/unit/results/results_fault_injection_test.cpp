// Fault injection for the results database: a first compute (the database created, a
// transaction of values, coverage and metadata) and a second one (restatements, new
// periods) run on FaultVfs, which fails, or stops after, each write, sync, truncate and
// delete in turn. Afterwards the database must pass PRAGMA integrity_check, hold the
// state before or after the interrupted transaction (nothing in between), and take the
// next transactions.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fault_vfs.h"
#include "results/integrity.h"
#include "results/results_db.h"
#include "testing/temp_dir.h"

namespace northstar::results {
namespace {

using northstar::testing::TempDir;
using testing::FaultVfs;

constexpr int kTransactions = 2;

ValueRow Row(const std::string& period, const std::string& segment, std::optional<double> value,
             int64_t rows) {
  return ValueRow{"frt", catalog::Grain::kWeek, period, segment, value, rows};
}

// Transaction k (1-based) of the sequence, as compute writes it: one Begin .. Commit.
Status Transaction(ResultsDb& db, int k) {
  RETURN_IF_ERROR(db.Begin());
  auto body = [&]() -> Status {
    ASSIGN_OR_RETURN(int32_t version, db.EnsureVersion("frt", "h1", "avg(first_response_minutes)", "",
                                                       "2026-01-01T00:00:00Z"));
    std::vector<ValueRow> rows;
    if (k == 1) {
      for (int w = 1; w <= 30; ++w) {
        const std::string period = "2026-W" + std::string(w < 10 ? "0" : "") + std::to_string(w);
        rows.push_back(Row(period, "*", 10.0 + w, 100 + w));
        rows.push_back(
            Row(period, "channel=email", w % 3 == 0 ? std::nullopt : std::optional<double>(w * 0.5), w));
      }
    } else {
      for (int w = 3; w <= 34; w += 3) {
        const std::string period = "2026-W" + std::string(w < 10 ? "0" : "") + std::to_string(w);
        rows.push_back(Row(period, "*", 20.0 + w, 200 + w));
      }
    }
    const std::string now = k == 1 ? "2026-07-27T08:00:00Z" : "2026-08-03T08:00:00Z";
    RETURN_IF_ERROR(db.Write(version, rows, now, k == 1 ? "compute" : "late rows").status());
    RETURN_IF_ERROR(db.SetCoverage("frt", DataSpan{20454 + k, 20660 + 7 * k}));
    return db.SetMeta("store_commit", std::to_string(100 + k));
  };
  Status s = body();
  if (!s.ok()) {
    db.Rollback();
    return s;
  }
  return db.Commit();
}

// Everything a reader can see, as text.
std::string Dump(ResultsDb& db) {
  std::string out;
  auto values = db.LatestValues();
  if (!values.ok()) return "LatestValues: " + values.status().ToString();
  for (const ValueRow& v : *values) {
    out += v.period + " " + v.segment + " " + (v.value ? std::to_string(*v.value) : "null") + " " +
           std::to_string(v.rows) + "\n";
  }
  auto restated = db.Restatements("frt");
  if (!restated.ok()) return "Restatements: " + restated.status().ToString();
  for (const Restatement& r : *restated) out += "restated " + r.period + " at " + r.restated_at + "\n";
  auto coverage = db.Coverage();
  if (!coverage.ok()) return "Coverage: " + coverage.status().ToString();
  for (const auto& [kpi, span] : *coverage)
    out += "coverage " + kpi + " " + std::to_string(span.first_day) + ".." + std::to_string(span.last_day) +
           "\n";
  auto meta = db.GetMeta("store_commit");
  if (!meta.ok()) return "GetMeta: " + meta.status().ToString();
  out += "meta " + meta->value_or("-") + "\n";
  auto versions = db.Versions("frt");
  if (!versions.ok()) return "Versions: " + versions.status().ToString();
  out += "versions " + std::to_string(versions->size()) + "\n";
  return out;
}

// What a reader sees after 0, 1, 2 transactions (on the default VFS).
std::vector<std::string> States() {
  TempDir tmp;
  auto db = ResultsDb::Open(tmp.path() + "/results.db");
  EXPECT_TRUE(db.ok());
  std::vector<std::string> states{Dump(**db)};
  for (int k = 1; k <= kTransactions; ++k) {
    EXPECT_TRUE(Transaction(**db, k).ok());
    states.push_back(Dump(**db));
  }
  return states;
}

// Opens the database through `vfs` and runs the transactions; how many returned OK
// before the first failure. `db` is left open (null when Open failed).
int RunSequence(const std::string& path, const std::string& vfs, std::unique_ptr<ResultsDb>& db) {
  auto opened = ResultsDb::Open(path, vfs);
  if (!opened.ok()) return 0;
  db = std::move(*opened);
  for (int k = 1; k <= kTransactions; ++k) {
    if (!Transaction(*db, k).ok()) return k - 1;
  }
  return kTransactions;
}

std::string Log() {
  std::string out;
  for (const std::string& line : FaultVfs::Get().log()) out += "  " + line + "\n";
  return out;
}

// The database at `path`, on the default VFS, passes integrity_check and reads as one
// of `allowed` states; returns its index (-1 after a failure).
int CheckState(const std::string& path, const std::vector<std::string>& states, int lowest, int highest) {
  // Opened for writing first: a hot rollback journal left by the interruption is rolled
  // back on the first read-write open (a read-only integrity check cannot do that and
  // reports "attempt to write a readonly database").
  auto db = ResultsDb::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return -1;
  auto problems = CheckResultsIntegrity(path);
  EXPECT_TRUE(problems.ok()) << problems.status().ToString();
  if (!problems.ok()) return -1;
  for (const std::string& p : *problems) ADD_FAILURE() << "integrity_check: " << p;
  const std::string seen = Dump(**db);
  for (int k = highest; k >= lowest; --k) {
    if (seen == states[k]) return k;
  }
  ADD_FAILURE() << "the database holds a state between transactions (allowed: after " << lowest << " to "
                << highest << "):\n"
                << seen;
  return -1;
}

// The database takes the transactions after `held` and ends in the final state.
void CheckTakesTheRest(const std::string& path, const std::vector<std::string>& states, int held) {
  auto db = ResultsDb::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  for (int k = held + 1; k <= kTransactions; ++k) {
    Status s = Transaction(**db, k);
    ASSERT_TRUE(s.ok()) << "transaction " << k << " after recovery: " << s.ToString();
  }
  EXPECT_EQ(Dump(**db), states[kTransactions]);
  db->reset();
  auto problems = CheckResultsIntegrity(path);
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty());
}

int CountOperations() {
  TempDir tmp;
  FaultVfs::Get().Reset();
  std::unique_ptr<ResultsDb> db;
  EXPECT_EQ(RunSequence(tmp.path() + "/results.db", FaultVfs::kName, db), kTransactions);
  db.reset();
  return FaultVfs::Get().operations();
}

TEST(ResultsFaultInjectionTest, EveryFailedOperationLeavesTheOldOrTheNewState) {
  const std::vector<std::string> states = States();
  const int total = CountOperations();
  ASSERT_GT(total, 5);
  for (int n = 1; n <= total; ++n) {
    for (bool retry_on_same_connection : {false, true}) {
      TempDir tmp;
      const std::string path = tmp.path() + "/results.db";
      FaultVfs& vfs = FaultVfs::Get();
      vfs.Reset();
      vfs.FailAt(n);
      std::unique_ptr<ResultsDb> db;
      const int ok = RunSequence(path, FaultVfs::kName, db);
      SCOPED_TRACE("failure of operation " + std::to_string(n) + " of " + std::to_string(total) + ", " +
                   std::to_string(ok) + " transactions committed before it" +
                   (retry_on_same_connection ? ", retried on the same connection" : "") + ":\n" + Log());
      int held = ok;
      if (retry_on_same_connection && db != nullptr && ok < kTransactions) {
        // The failed transaction again, on the connection that saw the failure.
        Status retried = Transaction(*db, ok + 1);
        ASSERT_TRUE(retried.ok()) << "retry: " << retried.ToString();
        held = ok + 1;
        db.reset();
        ASSERT_EQ(CheckState(path, states, held, held), held);
      } else {
        db.reset();
        held = CheckState(path, states, ok, std::min(ok + 1, kTransactions));
        ASSERT_GE(held, 0);
      }
      CheckTakesTheRest(path, states, held);
      if (::testing::Test::HasFailure()) return;
    }
  }
  std::printf("results fault injection: %d failure points\n", total);
}

void CrashAtEveryOperation(bool power_loss) {
  const std::vector<std::string> states = States();
  const int total = CountOperations();
  ASSERT_GT(total, 5);
  for (int n = 1; n <= total; ++n) {
    TempDir tmp;
    const std::string path = tmp.path() + "/results.db";
    FaultVfs& vfs = FaultVfs::Get();
    vfs.Reset();
    vfs.CrashAfter(n);
    std::unique_ptr<ResultsDb> db;
    const int ok = RunSequence(path, FaultVfs::kName, db);
    db.reset();
    SCOPED_TRACE(std::string(power_loss ? "power loss" : "process kill") + " after operation " +
                 std::to_string(n) + " of " + std::to_string(total) + ", " + std::to_string(ok) +
                 " transactions committed before it:\n" + Log());
    if (power_loss) {
      ASSERT_TRUE(vfs.DropUnsynced().ok());
      std::filesystem::remove(path + "-shm");  // shared memory does not survive a power loss
    }
    // With `PRAGMA synchronous = NORMAL` a commit in WAL mode is durable only at the
    // next checkpoint: a power loss may take back committed transactions (never part
    // of one). A killed process loses nothing committed.
    const int held = CheckState(path, states, power_loss ? 0 : ok, std::min(ok + 1, kTransactions));
    ASSERT_GE(held, 0);
    CheckTakesTheRest(path, states, held);
    if (::testing::Test::HasFailure()) return;
  }
  std::printf("results %s: %d crash points\n", power_loss ? "power loss" : "process kill", total);
}

TEST(ResultsFaultInjectionTest, ProcessKilledAfterEveryOperation) {
  CrashAtEveryOperation(false);
}

TEST(ResultsFaultInjectionTest, PowerLossAfterEveryOperationKeepsAConsistentState) {
  CrashAtEveryOperation(true);
}

}  // namespace
}  // namespace northstar::results
