#include "store/store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

catalog::SourceDef Tickets() {
  return MakeSource("tickets",
                    {{"id", ColumnType::kInt},
                     {"created_at", ColumnType::kTimestamp},
                     {"channel", ColumnType::kString},
                     {"is_spam", ColumnType::kBool},
                     {"csat", ColumnType::kFloat}},
                    "id", "created_at");
}

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(*store);
}

TEST(StoreTest, RoundTripsEveryTypeWithNullsAndEmptyStrings) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = Tickets();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<Cell>> rows = {
      {int64_t{1}, int64_t{1'700'000'000'000'000}, std::string("email"), int64_t{0}, 4.5},
      {int64_t{-7}, Null(), std::string(""), int64_t{1}, Null()},
      {int64_t{std::numeric_limits<int64_t>::max()}, int64_t{-5}, Null(), Null(), -0.0},
      {int64_t{std::numeric_limits<int64_t>::min()}, int64_t{0}, std::string("chat \xE2\x9C\x93"), int64_t{1},
       1e300},
      {int64_t{42}, int64_t{1'700'000'000'123'456}, std::string("email"), int64_t{0}, 0.1 + 0.2},
      {int64_t{43}, int64_t{1}, std::string("x,\"y\"\n"), int64_t{1}, nan},
  };
  auto outcome = store->Commit(src, MakeBatch(src, rows), 1000);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->inserted, 6);
  EXPECT_EQ(outcome->rows_stored, 6);
  EXPECT_EQ(outcome->batch_id, 1);

  // Reopen from disk to be sure nothing comes from memory.
  store = OpenStore(dir.path());
  auto snap = store->Snapshot("tickets");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ((*snap)->rows(), 6u);
  auto got = ReadAll(**snap);
  ASSERT_EQ(got.size(), rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (r == 5 && c == 4) {
        EXPECT_TRUE(std::isnan(std::get<double>(got[r][c])));
      } else if (r == 2 && c == 4) {
        EXPECT_TRUE(std::signbit(std::get<double>(got[r][c])));
      } else {
        EXPECT_EQ(got[r][c], rows[r][c]) << "row " << r << " column " << c;
      }
    }
  }
  auto channel = (*snap)->column("channel");
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ((*channel)->null_count(), 1);
  EXPECT_EQ((*channel)->dictionary().size(), 4u);  // "email" stored once
  EXPECT_EQ((*snap)->column("nope").status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, FloatsSurviveExactly) {
  // Decimal-looking values take the scaled encoding, others raw bits; both exact.
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = MakeSource("m", {{"v", ColumnType::kFloat}}, "", "");
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 500; ++i) rows.push_back({static_cast<double>(i) / 100.0});
  for (int i = 0; i < 50; ++i) rows.push_back({std::sqrt(static_cast<double>(i))});
  rows.push_back({std::numeric_limits<double>::infinity()});
  rows.push_back({std::numeric_limits<double>::denorm_min()});
  ASSERT_TRUE(store->Commit(src, MakeBatch(src, rows), 1).ok());
  auto snap = store->Snapshot("m");
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(ReadAll(**snap), rows);
}

TEST(StoreTest, UpsertReplacesEditedRowsAndLogsOldVersion) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = Tickets();
  const int64_t day = kMicrosPerDay;
  ASSERT_TRUE(store
                  ->Commit(src,
                           MakeBatch(src, {{int64_t{1}, 10 * day, std::string("email"), int64_t{0}, 4.0},
                                           {int64_t{2}, 11 * day, std::string("chat"), int64_t{0}, 5.0},
                                           {int64_t{3}, 12 * day, std::string("phone"), int64_t{1}, Null()}}),
                           100)
                  .ok());
  // Key 2 edited (moved to day 20), key 3 re-sent unchanged, key 4 new and sent twice.
  auto outcome =
      store->Commit(src,
                    MakeBatch(src, {{int64_t{2}, 20 * day, std::string("chat"), int64_t{0}, 3.0},
                                    {int64_t{4}, 30 * day, std::string("email"), int64_t{0}, 1.0},
                                    {int64_t{3}, 12 * day, std::string("phone"), int64_t{1}, Null()},
                                    {int64_t{4}, 31 * day, std::string("email"), int64_t{0}, 2.0}}),
                    200);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->batch_id, 2);
  EXPECT_EQ(outcome->inserted, 1);
  EXPECT_EQ(outcome->updated, 1);
  EXPECT_EQ(outcome->unchanged, 1);
  EXPECT_EQ(outcome->duplicates_in_batch, 1);
  EXPECT_EQ(outcome->rows_stored, 2);
  // Old version of key 2 (day 11), its new version (day 20), key 4's winner (day 31).
  EXPECT_EQ(outcome->touched_days, (std::vector<int32_t>{11, 20, 31}));
  EXPECT_FALSE(outcome->touched_null_time);

  auto snap = store->Snapshot("tickets");
  ASSERT_TRUE(snap.ok());
  auto rows = ReadAll(**snap);
  std::sort(rows.begin(), rows.end(),
            [](auto& a, auto& b) { return std::get<int64_t>(a[0]) < std::get<int64_t>(b[0]); });
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1], (std::vector<Cell>{int64_t{2}, 20 * day, std::string("chat"), int64_t{0}, 3.0}));
  EXPECT_EQ(rows[3], (std::vector<Cell>{int64_t{4}, 31 * day, std::string("email"), int64_t{0}, 2.0}));

  auto log = store->EditLog("tickets");
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  auto edits = ReadAll(**log);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0], (std::vector<Cell>{int64_t{2}, 11 * day, std::string("chat"), int64_t{0}, 5.0,
                                         int64_t{200}, int64_t{2}}));
  EXPECT_EQ((*log)->schema()[5].name, "_changed_at");
  EXPECT_EQ((*log)->schema()[6].name, "_batch_id");

  // Re-sending everything unchanged writes nothing.
  auto again = store->Commit(src,
                             MakeBatch(src, {{int64_t{2}, 20 * day, std::string("chat"), int64_t{0}, 3.0},
                                             {int64_t{4}, 31 * day, std::string("email"), int64_t{0}, 2.0}}),
                             300);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->rows_stored, 0);
  EXPECT_EQ(again->batch_id, 0);
  EXPECT_TRUE(again->touched_days.empty());
  auto after = store->Snapshot("tickets");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->version(), (*snap)->version());
}

TEST(StoreTest, SecondEditOfSameKeyLogsEachVersionAndWorksAcrossReopen) {
  TempDir dir;
  auto src = MakeSource("s", {{"k", ColumnType::kString}, {"v", ColumnType::kInt}}, "k", "");
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(
        store->Commit(src, MakeBatch(src, {{std::string("a"), int64_t{1}}, {std::string(""), int64_t{9}}}), 1)
            .ok());
  }
  for (int64_t v = 2; v <= 4; ++v) {
    auto store = OpenStore(dir.path());  // fresh key index each time
    auto o = store->Commit(src, MakeBatch(src, {{std::string("a"), v}}), v * 10);
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->updated, 1);
    EXPECT_TRUE(o->touched_days.empty());  // snapshot source: no time column
  }
  auto store = OpenStore(dir.path());
  auto snap = store->Snapshot("s");
  ASSERT_TRUE(snap.ok());
  auto rows = ReadAll(**snap);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<Cell>{std::string(""), int64_t{9}}));  // empty string is a real key
  EXPECT_EQ(rows[1], (std::vector<Cell>{std::string("a"), int64_t{4}}));
  auto log = store->EditLog("s");
  ASSERT_TRUE(log.ok());
  auto edits = ReadAll(**log);
  ASSERT_EQ(edits.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(edits[i], (std::vector<Cell>{std::string("a"), i + 1, (i + 2) * 10, i + 2}));
  }
}

TEST(StoreTest, TouchedDaysUseTheCallersDayBucketsForOldAndNewVersions) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = Tickets();
  // A zone two hours ahead of UTC: 23:00 UTC on day 99 is day 100 locally.
  DayOfFn plus_two = [](int64_t t) { return UtcDay(t + 2 * kMicrosPerHour); };
  const int64_t old_time = 99 * kMicrosPerDay + 23 * kMicrosPerHour;
  ASSERT_TRUE(store
                  ->Commit(src, MakeBatch(src, {{int64_t{7}, old_time, std::string("a"), int64_t{0}, 1.0}}),
                           1, plus_two)
                  .ok());
  // An edit of an old row that moves it to day 150, and a row with no time.
  auto o = store->Commit(src,
                         MakeBatch(src, {{int64_t{7}, 150 * kMicrosPerDay, std::string("a"), int64_t{0}, 1.0},
                                         {int64_t{8}, Null(), std::string("b"), int64_t{0}, 1.0}}),
                         2, plus_two);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->touched_days, (std::vector<int32_t>{100, 150}));
  EXPECT_TRUE(o->touched_null_time);

  auto stats = store->Stats("tickets", plus_two);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows, 2u);
  EXPECT_EQ(stats->edits, 1u);
  EXPECT_EQ(stats->batches, 2);
  EXPECT_EQ(stats->rows_without_time, 1u);
  EXPECT_EQ(stats->newest_time, 150 * kMicrosPerDay);
  EXPECT_EQ(stats->rows_per_day, (std::map<int32_t, int64_t>{{150, 1}}));
}

TEST(StoreTest, SnapshotKeepsSeeingTheStateItWasTakenAt) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = MakeSource("s", {{"k", ColumnType::kInt}, {"v", ColumnType::kString}}, "k", "");
  ASSERT_TRUE(store->Commit(src, MakeBatch(src, {{int64_t{1}, std::string("old")}}), 1).ok());
  auto before = store->Snapshot("s");
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(
      store
          ->Commit(src, MakeBatch(src, {{int64_t{1}, std::string("new")}, {int64_t{2}, std::string("x")}}), 2)
          .ok());
  // Another Store object (as another process would) and a reopen both see the new state.
  auto other = OpenStore(dir.path());
  auto after = other->Snapshot("s");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(ReadAll(**after).size(), 2u);
  // The old snapshot decodes its columns only now, after the commit: still the old state.
  auto old_rows = ReadAll(**before);
  ASSERT_EQ(old_rows.size(), 1u);
  EXPECT_EQ(old_rows[0][1], Cell(std::string("old")));
  EXPECT_LT((*before)->version(), (*after)->version());
}

TEST(StoreTest, SchemaMayGainColumnsButNotChangeTypes) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto v1 = MakeSource("s", {{"k", ColumnType::kInt}}, "k", "");
  ASSERT_TRUE(store->Commit(v1, MakeBatch(v1, {{int64_t{1}}}), 1).ok());
  auto v2 = MakeSource("s", {{"k", ColumnType::kInt}, {"extra", ColumnType::kString}}, "k", "");
  auto o = store->Commit(v2, MakeBatch(v2, {{int64_t{2}, std::string("e")}}), 2);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  auto snap = store->Snapshot("s");
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(ReadAll(**snap),
            (std::vector<std::vector<Cell>>{{int64_t{1}, Null()}, {int64_t{2}, std::string("e")}}));
  auto v3 = MakeSource("s", {{"k", ColumnType::kInt}, {"extra", ColumnType::kInt}}, "k", "");
  EXPECT_EQ(store->Commit(v3, MakeBatch(v3, {{int64_t{3}, int64_t{3}}}), 3).status().code(),
            StatusCode::kInvalidArgument);
  auto v4 = MakeSource("s", {{"k", ColumnType::kInt}}, "", "");
  EXPECT_EQ(store->Commit(v4, MakeBatch(v4, {{int64_t{3}}}), 3).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(StoreTest, RejectsMalformedBatchesAndSourceIds) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = MakeSource("s", {{"k", ColumnType::kInt}, {"b", ColumnType::kBool}}, "k", "");
  auto batch = MakeBatch(src, {{int64_t{1}, int64_t{1}}});
  batch.columns[1].ints[0] = 2;
  EXPECT_EQ(store->Commit(src, batch, 1).status().code(), StatusCode::kInvalidArgument);
  batch = MakeBatch(src, {{int64_t{1}, int64_t{1}}});
  batch.columns[0].valid.push_back(1);
  EXPECT_EQ(store->Commit(src, batch, 1).status().code(), StatusCode::kInvalidArgument);
  auto bad = MakeSource("../evil", {{"k", ColumnType::kInt}}, "k", "");
  EXPECT_EQ(store->Commit(bad, MakeBatch(bad, {{int64_t{1}}}), 1).status().code(),
            StatusCode::kInvalidArgument);
  auto reserved = MakeSource("r", {{"_batch_id", ColumnType::kInt}}, "", "");
  EXPECT_EQ(store->Commit(reserved, MakeBatch(reserved, {}), 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Snapshot("missing").status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, NullKeysAreStoredAndNeverMatch) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto src = MakeSource("s", {{"k", ColumnType::kInt}, {"v", ColumnType::kInt}}, "k", "");
  for (int i = 0; i < 2; ++i) {
    auto o = store->Commit(src, MakeBatch(src, {{Null(), int64_t{5}}, {Null(), int64_t{5}}}), 1);
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->null_keys, 2);
    EXPECT_EQ(o->inserted, 2);
  }
  EXPECT_EQ(*store->RowCount("s"), 4u);
}

TEST(StoreTest, LargeBatchesSplitIntoSegmentsAndListSources) {
  TempDir dir;
  StoreOptions options;
  options.max_segment_rows = 1000;
  auto opened = Store::Open(dir.path(), options);
  ASSERT_TRUE(opened.ok());
  auto& store = *opened;
  auto src = MakeSource("big", {{"k", ColumnType::kInt}, {"s", ColumnType::kString}}, "k", "");
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < 4500; ++i) rows.push_back({i, std::string("v") + std::to_string(i % 7)});
  ASSERT_TRUE(store->Commit(src, MakeBatch(src, rows), 1).ok());
  // Edit rows that live in different segments.
  auto o = store->Commit(
      src, MakeBatch(src, {{int64_t{10}, std::string("e")}, {int64_t{4400}, std::string("e")}}), 2);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->updated, 2);
  rows[10][1] = std::string("e");
  rows[4400][1] = std::string("e");
  auto snap = store->Snapshot("big");
  ASSERT_TRUE(snap.ok());
  auto got = ReadAll(**snap);
  std::sort(got.begin(), got.end(),
            [](auto& a, auto& b) { return std::get<int64_t>(a[0]) < std::get<int64_t>(b[0]); });
  EXPECT_EQ(got, rows);
  auto other = MakeSource("alpha", {{"k", ColumnType::kInt}}, "k", "");
  ASSERT_TRUE(store->Commit(other, MakeBatch(other, {}), 1).ok());  // empty batch still creates it
  EXPECT_EQ(*store->Sources(), (std::vector<std::string>{"alpha", "big"}));
  EXPECT_EQ(*store->RowCount("alpha"), 0u);
}

TEST(StoreTest, SecondWriterGetsAClearLockError) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto lock = FileLock::Acquire(dir.path() + "/LOCK", 0);  // stands in for another process
  ASSERT_TRUE(lock.ok());
  auto src = MakeSource("s", {{"k", ColumnType::kInt}}, "k", "");
  auto o = store->Commit(src, MakeBatch(src, {{int64_t{1}}}), 1);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), StatusCode::kConflict) << o.status().ToString();
  EXPECT_NE(o.status().message().find("locked by process"), std::string::npos) << o.status().ToString();
  lock->reset();
  EXPECT_TRUE(store->Commit(src, MakeBatch(src, {{int64_t{1}}}), 1).ok());
}

TEST(StoreTest, OpenRemovesFilesOfAnUnfinishedCommit) {
  TempDir dir;
  auto src = MakeSource("s", {{"k", ColumnType::kInt}}, "k", "");
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(store->Commit(src, MakeBatch(src, {{int64_t{1}}}), 1).ok());
  }
  for (const char* name : {"SEG-000999.nss", "EDIT-000998.nss", "MANIFEST-000997", "CURRENT.tmp"}) {
    ASSERT_TRUE(WriteFileDurably(dir.path() + "/s/" + name, "half-written", false).ok());
  }
  auto store = OpenStore(dir.path());
  EXPECT_FALSE(FileExists(dir.path() + "/s/SEG-000999.nss"));
  EXPECT_FALSE(FileExists(dir.path() + "/s/MANIFEST-000997"));
  EXPECT_FALSE(FileExists(dir.path() + "/s/CURRENT.tmp"));
  EXPECT_EQ(*store->RowCount("s"), 1u);
}

}  // namespace
}  // namespace northstar::store
