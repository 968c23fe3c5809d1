// Input columns for the drift check, the remembered ingest state, the stored-state
// report and its JSON form.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "quality/analyze.h"
#include "quality/ingest_state.h"
#include "quality/input_columns.h"
#include "quality/report_format.h"
#include "quality_test_util.h"
#include "time/clock.h"

namespace northstar::quality {
namespace {

using testing::kMonday;
using testing::Noon;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

catalog::SourceDef SourceReading(catalog::SourceKind kind, const std::string& path) {
  catalog::SourceDef s = testing::TicketSource();
  s.kind = kind;
  s.path = path;
  return s;
}

TEST(InputColumnsTest, CsvHeaderWithBomPaddingAndQuotes) {
  testing::TempDir dir;
  WriteFile(dir.path() + "/t.csv", "\xEF\xBB\xBF id ,\"t\",\"Customer, Name\"\r\n1,2,3\r\n");
  catalog::Workspace ws;
  ws.root_dir = dir.path();
  auto cols = ReadInputColumns(SourceReading(catalog::SourceKind::kCsv, "t.csv"), ws, {});
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  ASSERT_TRUE(cols->has_value());
  EXPECT_EQ(**cols, (std::vector<std::string>{"id", "t", "Customer, Name"}));
}

TEST(InputColumnsTest, BatchFileOverridesTheSourcePath) {
  testing::TempDir dir;
  WriteFile(dir.path() + "/batch.csv", "a;b\n");
  catalog::Workspace ws;
  ws.root_dir = dir.path();
  auto source = SourceReading(catalog::SourceKind::kCsv, "missing.csv");
  source.delimiter = ';';
  ingest::ReadOptions options;
  options.file = dir.path() + "/batch.csv";
  auto cols = ReadInputColumns(source, ws, options);
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ(**cols, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(ReadInputColumns(source, ws, {}).ok());
}

TEST(InputColumnsTest, JsonlUnionOfKeysInOrderOfAppearance) {
  testing::TempDir dir;
  WriteFile(dir.path() + "/t.jsonl", "{\"id\":1,\"t\":\"x\"}\n\nnot json\n{\"id\":2,\"v\":3,\"t\":null}\n");
  catalog::Workspace ws;
  ws.root_dir = dir.path();
  auto cols = ReadInputColumns(SourceReading(catalog::SourceKind::kJsonl, "t.jsonl"), ws, {});
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ(**cols, (std::vector<std::string>{"id", "t", "v"}));
}

TEST(IngestStateTest, RoundTripsBesideTheStore) {
  testing::TempDir dir;
  const std::string store_dir = dir.path() + "/.northstar/store";
  EXPECT_EQ(IngestStatePath(store_dir, "tickets"), dir.path() + "/.northstar/quality/tickets.json");
  EXPECT_EQ(LoadIngestState(store_dir, "tickets").status().code(), StatusCode::kNotFound);
  IngestState state;
  state.columns = std::vector<std::string>{"id", "t"};
  state.ingested_at = "2026-03-02T12:00:00Z";
  state.input = "data/t.csv";
  state.rows_read = 12;
  state.rows_rejected = 2;
  state.reject_file = ".northstar/rejects/tickets-x.csv";
  state.batch_findings.push_back({FindingKind::kEdits, 3, "3 stored rows were replaced", {"4", "7"}});
  ASSERT_TRUE(SaveIngestState(store_dir, "tickets", state).ok());
  auto loaded = LoadIngestState(store_dir, "tickets");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->columns, state.columns);
  EXPECT_EQ(loaded->rows_read, 12);
  EXPECT_EQ(loaded->rows_rejected, 2);
  EXPECT_EQ(loaded->reject_file, state.reject_file);
  ASSERT_EQ(loaded->batch_findings.size(), 1u);
  EXPECT_EQ(loaded->batch_findings[0].kind, FindingKind::kEdits);
  EXPECT_EQ(loaded->batch_findings[0].examples, (std::vector<std::string>{"4", "7"}));

  WriteFile(IngestStatePath(store_dir, "tickets"), "{not json");
  EXPECT_EQ(LoadIngestState(store_dir, "tickets").status().code(), StatusCode::kCorruption);
}

TEST(StoredReportTest, ShowsTheLastIngestAndJudgesTheWholeRange) {
  store::SourceStats stats;
  for (int d = 0; d < 56; ++d) stats.rows_per_day[kMonday + d] = d == 30 ? 0 : 100;
  stats.rows_per_day.erase(kMonday + 30);
  stats.rows = 5500;
  stats.newest_time = Noon(kMonday + 55);
  time::FixedClock clock(Noon(kMonday + 60));
  std::vector<Finding> last = {{FindingKind::kLateRows, 4, "4 rows landed late", {}},
                               {FindingKind::kStale, 1, "old staleness is recomputed, not copied", {}}};
  SourceQuality q = AnalyzeStored("tickets", true, stats, last, clock.Now(), {});
  std::vector<std::string> kinds;
  for (const auto& f : q.findings) kinds.push_back(FindingKindName(f.kind));
  EXPECT_EQ(kinds, (std::vector<std::string>{"late_rows", "gap", "stale"}));

  const nlohmann::json json = SourceQualityToJson(q);
  const auto reparsed = nlohmann::json::parse(json.dump());
  EXPECT_EQ(reparsed["source"], "tickets");
  EXPECT_EQ(reparsed["rows"], 5500);
  EXPECT_EQ(reparsed["first_day"], "2026-03-02");
  EXPECT_EQ(reparsed["last_day"], "2026-04-26");
  EXPECT_EQ(reparsed["newest_time"], "2026-04-26T12:00:00Z");
  EXPECT_EQ(reparsed["findings"][1]["kind"], "gap");
  EXPECT_EQ(reparsed["findings"][1]["examples"][0], "2026-04-01");

  const std::string text = FormatQualityText(q);
  EXPECT_NE(text.find("  warning: gap: 1 day without rows"), std::string::npos) << text;
  EXPECT_NE(text.find("    e.g. 2026-04-01"), std::string::npos) << text;
}

TEST(StoredReportTest, SnapshotSourceSaysWhatIsNotChecked) {
  store::SourceStats stats;
  stats.rows = 3;
  SourceQuality q = AnalyzeStored("survey", false, stats, {}, 0, {});
  EXPECT_TRUE(q.findings.empty());
  ASSERT_EQ(q.notes.size(), 1u);
  EXPECT_NE(FormatQualityText(q).find("no findings"), std::string::npos);
}

TEST(FindingJsonTest, UnknownKindIsCorruption) {
  EXPECT_FALSE(FindingFromJson(nlohmann::json{{"kind", "nope"}}).ok());
  auto f = FindingFromJson(FindingToJson({FindingKind::kSchemaDrift, 2, "m", {"+a", "-b"}}));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, FindingKind::kSchemaDrift);
  EXPECT_EQ(f->count, 2);
}

}  // namespace
}  // namespace northstar::quality
