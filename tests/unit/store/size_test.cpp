// Size and write speed on realistic data: the store must take at most 40 % of the
// CSV the same rows come from. Rows: NORTHSTAR_STORE_SIZE_ROWS (default 200000).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

std::string IsoTime(int64_t micros) {
  std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

TEST(StoreSizeTest, StoreIsAtMostFortyPercentOfTheCsv) {
  int64_t rows = 200'000;
  if (const char* env = std::getenv("NORTHSTAR_STORE_SIZE_ROWS")) rows = std::atoll(env);
  TempDir dir;
  auto src = MakeSource("tickets",
                        {{"ticket_id", ColumnType::kInt},
                         {"created_at", ColumnType::kTimestamp},
                         {"first_reply_at", ColumnType::kTimestamp},
                         {"channel", ColumnType::kString},
                         {"region", ColumnType::kString},
                         {"agent", ColumnType::kString},
                         {"is_spam", ColumnType::kBool},
                         {"csat", ColumnType::kInt},
                         {"amount", ColumnType::kFloat},
                         {"handle_minutes", ColumnType::kFloat}},
                        "ticket_id", "created_at");
  const char* channels[] = {"email", "chat", "phone", "web"};
  const char* regions[] = {"emea", "amer", "apac", "latam", "dach", "nordics"};
  std::mt19937_64 rng(42);
  std::string csv =
      "ticket_id,created_at,first_reply_at,channel,region,agent,is_spam,csat,amount,handle_minutes\n";
  std::vector<std::vector<Cell>> table;
  table.reserve(rows);
  int64_t t = 1'767'225'600'000'000;  // 2026-01-01
  for (int64_t i = 0; i < rows; ++i) {
    t += static_cast<int64_t>(rng() % 120) * 1'000'000;  // a ticket every minute or so
    bool replied = rng() % 10 != 0;
    int64_t reply = t + static_cast<int64_t>(rng() % 7200) * 1'000'000;
    std::string channel = channels[rng() % 4], region = regions[rng() % 6];
    std::string agent = "agent" + std::to_string(rng() % 50);
    int64_t spam = rng() % 50 == 0;
    bool has_csat = rng() % 10 < 7;
    int64_t csat = 1 + static_cast<int64_t>(rng() % 5);
    double amount = static_cast<double>(rng() % 100000) / 100.0;
    double minutes = static_cast<double>(rng() % 3000) / 10.0;
    table.push_back({100000 + i, t, replied ? Cell(reply) : Null(), channel, region, agent, spam,
                     has_csat ? Cell(csat) : Null(), amount, minutes});
    char num[64];
    csv += std::to_string(100000 + i) + "," + IsoTime(t) + "," + (replied ? IsoTime(reply) : "") + "," +
           channel + "," + region + "," + agent + "," + (spam ? "true" : "false") + "," +
           (has_csat ? std::to_string(csat) : "");
    std::snprintf(num, sizeof(num), ",%.2f,%.1f\n", amount, minutes);
    csv += num;
  }
  ingest::Batch batch = MakeBatch(src, table);

  auto store = Store::Open(dir.path() + "/store");
  ASSERT_TRUE(store.ok());
  auto start = std::chrono::steady_clock::now();
  auto outcome = (*store)->Commit(src, batch, 1);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->inserted, rows);

  uint64_t store_bytes = DirBytes(dir.path() + "/store");
  double ratio = static_cast<double>(store_bytes) / static_cast<double>(csv.size());
  std::printf(
      "store size: %llu rows, csv %.1f MB, store %.2f MB, ratio %.1f %%, commit %.3f s = %.1f MB/s of csv\n",
      static_cast<long long>(rows), csv.size() / 1e6, store_bytes / 1e6, 100 * ratio, seconds,
      csv.size() / 1e6 / seconds);
  EXPECT_LE(ratio, 0.40);

  // The same commit without fsync: the store's own cost, apart from the disk's.
  StoreOptions no_sync;
  no_sync.sync = false;
  auto fast = Store::Open(dir.path() + "/nosync", no_sync);
  ASSERT_TRUE(fast.ok());
  start = std::chrono::steady_clock::now();
  ASSERT_TRUE((*fast)->Commit(src, batch, 1).ok());
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("store write without fsync: %.3f s = %.1f MB/s of csv\n", seconds, csv.size() / 1e6 / seconds);

  // And it all reads back.
  auto snap = (*store)->Snapshot("tickets");
  ASSERT_TRUE(snap.ok());
  auto got = ReadAll(**snap);
  ASSERT_EQ(got.size(), table.size());
  for (size_t r = 0; r < table.size(); r += 997) EXPECT_EQ(got[r], table[r]) << "row " << r;
}

}  // namespace
}  // namespace northstar::store
