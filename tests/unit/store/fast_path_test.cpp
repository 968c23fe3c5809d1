// The commit's fast paths must give exactly what the general paths give: the hash
// tables, the per-quarter-hour day cache, strictly increasing keys, the first load
// into an empty source (no key index) followed by edits, and segments written on
// several threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <unordered_map>

#include "store/day_cache.h"
#include "store/flat_maps.h"
#include "test_util.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

TEST(FlatMapsTest, Int64MapAgreesWithUnorderedMap) {
  std::mt19937_64 rng(7);
  Int64Map<int64_t> flat;
  std::unordered_map<int64_t, int64_t> reference;
  for (int i = 0; i < 200'000; ++i) {
    // Few distinct keys so inserts hit existing ones; extremes included.
    int64_t key = (i % 5 == 0) ? static_cast<int64_t>(rng()) : static_cast<int64_t>(rng() % 5000) - 2500;
    if (i == 11) key = std::numeric_limits<int64_t>::min();
    if (i == 12) key = std::numeric_limits<int64_t>::max();
    auto [slot, inserted] = flat.Insert(key, i);
    auto [it, ref_inserted] = reference.try_emplace(key, i);
    ASSERT_EQ(inserted, ref_inserted) << key;
    ASSERT_EQ(*slot, it->second);
    if (i % 3 == 0) {
      flat.Put(key, -i);
      it->second = -i;
    }
  }
  EXPECT_EQ(flat.size(), reference.size());
  for (auto& [k, v] : reference) {
    const int64_t* got = flat.Find(k);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(*got, v);
  }
  EXPECT_EQ(flat.Find(123'456'789'012), nullptr);
  Int64Map<int> empty;
  EXPECT_EQ(empty.Find(0), nullptr);
}

TEST(FlatMapsTest, StringCoderGivesDenseCodesInFirstSeenOrder) {
  std::vector<std::string> dictionary;
  StringCoder coder;
  std::map<std::string, uint32_t> seen;
  for (int i = 0; i < 50'000; ++i) {
    std::string s = (i % 3 == 0) ? std::string() : "value-" + std::to_string((i * 7919) % 3001);
    if (i % 10 == 0) s += std::string(40, 'x');  // long strings too
    uint32_t code = coder.Code(dictionary, s);
    auto [it, inserted] = seen.try_emplace(s, static_cast<uint32_t>(seen.size()));
    ASSERT_EQ(code, it->second) << s;
    ASSERT_EQ(dictionary[code], s);
  }
  EXPECT_EQ(dictionary.size(), seen.size());
  // A moved coder keeps working with the same dictionary.
  StringCoder moved = std::move(coder);
  EXPECT_EQ(moved.Code(dictionary, "value-5"), seen.at("value-5"));
}

// Every minute of a year, in zones with daylight saving time (St. John's moved its
// clocks at 00:01 local time, so the day changed twice within an hour), mapped by the
// cache and directly.
TEST(DayCacheTest, EqualsTheDirectFunctionAcrossDaylightSavingChanges) {
  for (const char* name : {"Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe"}) {
    auto zone = time::ZoneConverter::Create(name);
    ASSERT_TRUE(zone.ok()) << name;
    DayOfFn day_of = [z = *zone](int64_t utc) { return time::LocalDay(utc, z); };
    DayCache cached(day_of);
    const int64_t start = 1'262'304'000'000'000;  // 2010-01-01 UTC
    for (int64_t m = 0; m < 366 * 24 * 60; m += 1) {
      int64_t t = start + m * 60'000'000 + (m % 7) * 1'000'000;
      ASSERT_EQ(cached(t), day_of(t)) << name << " at " << t;
    }
  }
  // Unsorted input, negative times and the far ends of the range.
  DayCache utc(UtcDay);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100'000; ++i) {
    int64_t t = static_cast<int64_t>(rng() % 4'000'000'000'000'000) - 2'000'000'000'000'000;
    ASSERT_EQ(utc(t), UtcDay(t)) << t;
  }
  for (int64_t t :
       {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), int64_t{-1}, int64_t{0}})
    EXPECT_EQ(utc(t), UtcDay(t)) << t;
}

std::vector<std::vector<Cell>> SortedByKey(std::vector<std::vector<Cell>> rows) {
  std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a[0] < b[0]; });
  return rows;
}

// Source `t`: one column of every type, keyed by `id`, timed by `at`.
catalog::SourceDef MixedSource() {
  return MakeSource("t",
                    {{"id", ColumnType::kInt},
                     {"at", ColumnType::kTimestamp},
                     {"name", ColumnType::kString},
                     {"x", ColumnType::kFloat},
                     {"ok", ColumnType::kBool}},
                    "id", "at");
}

// A first load (increasing keys, several segments on two threads), then in the same
// process a batch with unsorted keys, duplicates and edits, then the same again from a
// fresh Store: counts and contents equal what the rules say.
TEST(FastPathTest, FirstLoadThenEditsInTheSameProcessAndAfterReopen) {
  TempDir dir;
  StoreOptions options;
  options.max_segment_rows = 700;
  options.threads = 2;
  auto src = MixedSource();
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < 5000; ++i) {
    Cell name = i % 11 == 0 ? Null() : Cell(std::string("n") + std::to_string(i % 37));
    Cell x = i % 13 == 0 ? Null() : Cell(static_cast<double>(i) / 4);
    rows.push_back({i * 3, i * kMicrosPerHour, name, x, int64_t{i % 2}});
  }
  rows.push_back({Null(), int64_t{5}, std::string("nokey"), 1.0, int64_t{1}});
  {
    auto store = Store::Open(dir.path(), options);
    ASSERT_TRUE(store.ok());
    auto first = (*store)->Commit(src, MakeBatch(src, rows), 1);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first->inserted, 5001);
    EXPECT_EQ(first->null_keys, 1);
    EXPECT_EQ(first->duplicates_in_batch, 0);
    EXPECT_EQ(first->touched_days.size(), 5000u / 24 + 1);
    auto snap = (*store)->Snapshot("t");
    ASSERT_TRUE(snap.ok());
    EXPECT_EQ(SortedByKey(ReadAll(**snap)), SortedByKey(rows));

    // Unsorted keys with a duplicate: key 30 edited twice (last wins), key 60 unchanged,
    // key 1 new.
    std::vector<std::vector<Cell>> second = {
        {int64_t{30}, int64_t{0}, std::string("first"), 1.0, int64_t{0}},
        {int64_t{60}, rows[20][1], rows[20][2], rows[20][3], rows[20][4]},
        {int64_t{1}, int64_t{0}, std::string("new"), 2.0, int64_t{1}},
        {int64_t{30}, int64_t{0}, std::string("last"), 1.0, int64_t{0}},
    };
    auto o = (*store)->Commit(src, MakeBatch(src, second), 2);
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    EXPECT_EQ(o->inserted, 1);
    EXPECT_EQ(o->updated, 1);
    EXPECT_EQ(o->unchanged, 1);
    EXPECT_EQ(o->duplicates_in_batch, 1);
    rows[10] = second[3];
    rows.push_back(second[2]);
  }
  auto reopened = Store::Open(dir.path(), options);
  ASSERT_TRUE(reopened.ok());
  auto again = (*reopened)->Commit(src, MakeBatch(src, {rows[10], rows[4999]}), 3);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2);
  auto snap = (*reopened)->Snapshot("t");
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(SortedByKey(ReadAll(**snap)), SortedByKey(rows));
  auto log = (*reopened)->EditLog("t");
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->rows(), 1u);
  auto stats = (*reopened)->Stats("t");
  ASSERT_TRUE(stats.ok());
  int64_t counted = 0;
  for (auto& [day, n] : stats->rows_per_day) counted += n;
  EXPECT_EQ(counted, static_cast<int64_t>(rows.size()));
  EXPECT_EQ(stats->rows_per_day.at(0), 24 + 2);  // hours 0..23 (key 30 stays there), null key, key 1
  EXPECT_EQ(*stats->oldest_time, 0);
  EXPECT_EQ(*stats->newest_time, 4999 * kMicrosPerHour);
}

// The segments a first load writes do not depend on how many threads write them:
// every file of the source directory is byte for byte the same on one and two threads.
TEST(FastPathTest, OneAndTwoThreadsWriteTheSameFiles) {
  auto src = MixedSource();
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < 3000; ++i) {
    Cell name = i % 7 == 0 ? Null() : Cell(std::string("name-") + std::to_string(i % 23));
    Cell at = i % 19 == 0 ? Null() : Cell(i * 7 * kMicrosPerHour / 3);
    rows.push_back({i, at, name, static_cast<double>(i % 100) / 8, int64_t{i % 3 == 0}});
  }
  std::map<std::string, std::string> files[2];
  for (int threads : {1, 2}) {
    TempDir dir;
    StoreOptions options;
    options.max_segment_rows = 256;
    options.threads = threads;
    options.sync = false;
    auto store = Store::Open(dir.path(), options);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, rows), 1).ok());
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/t")) {
      std::ifstream in(entry.path(), std::ios::binary);
      files[threads - 1][entry.path().filename().string()] =
          std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  EXPECT_GT(std::count_if(files[0].begin(), files[0].end(),
                          [](const auto& f) { return f.first.rfind("SEG-", 0) == 0; }),
            10);
  EXPECT_EQ(files[0], files[1]);
}

}  // namespace
}  // namespace northstar::store
