// service::Workspace, the application under every front end: compute (full, then
// nothing to do, then a refresh after new rows), the results it records with the
// environment's clock, the scorecard, catalog errors as values with a hint, and two
// threads sharing one workspace.
#include "service/workspace.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "formula/definition_identity.h"
#include "results/results_db.h"
#include "service/report_json.h"
#include "testing/temp_dir.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

constexpr const char* kWorkspaceYaml = R"(workspace: svc
timezone: UTC
sources:
  t:
    from: csv:data/t.csv
    key: id
    time: at
    columns: {id: int, at: timestamp, ok: bool, region: string}
)";

constexpr const char* kCatalogYaml = R"(goals:
  - id: fast
    statement: Answer fast by 2027-01-01
    level: team
    owner: head
    deadline: 2027-01-01
kpis:
  - id: ok_share
    name: Share answered in time
    goal: fast
    source: t
    formula: count(where ok) / count()
    unit: ratio
    direction: higher_is_better
    frequency: daily
    review: daily
    owner: head
    target: {value: 0.5}
    segments: [region]
metrics:
  - id: tickets
    name: Tickets
    source: t
    formula: count()
    frequency: daily
)";

// Day d of March 2026 has d + 1 rows; rows alternate ok true/false starting with true,
// regions alternate EU/NA.
std::string Rows(int first_day, int last_day, int& next_id) {
  std::string csv;
  for (int d = first_day; d <= last_day; ++d) {
    for (int r = 0; r <= d; ++r) {
      char line[96];
      std::snprintf(line, sizeof line, "%d,2026-03-%02dT10:%02d:00Z,%s,%s\n", next_id++, d, r,
                    r % 2 == 0 ? "true" : "false", r % 2 == 0 ? "EU" : "NA");
      csv += line;
    }
  }
  return csv;
}

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/catalog");
    std::filesystem::create_directories(dir_.path() + "/data");
    dir_.Write("northstar.yaml", kWorkspaceYaml);
    dir_.Write("catalog/kpis.yaml", kCatalogYaml);
    WriteDays(1, 5);
    env_.clock = &clock_;
  }
  void WriteDays(int first, int last) {
    data_ += Rows(first, last, next_id_);
    dir_.Write("data/t.csv", "id,at,ok,region\n" + data_);
  }
  std::unique_ptr<Workspace> Open() {
    auto ws = Workspace::Open(dir_.path(), env_);
    EXPECT_TRUE(ws.ok()) << ws.status().ToString();
    return ws.ok() ? std::move(ws).value() : nullptr;
  }
  static const engine::ComputedValue* Find(const ComputeReport& report, const std::string& kpi,
                                           const std::string& period, const std::string& segment) {
    for (const auto& v : report.values) {
      if (v.kpi == kpi && v.PeriodText() == period && v.segment == segment) return &v;
    }
    return nullptr;
  }

  testing::TempDir dir_;
  std::string data_;
  int next_id_ = 1;
  time::FixedClock clock_{
      time::ParseIsoTimestamp("2026-03-20T12:00:00Z", time::ZoneConverter::Utc()).value()};
  Environment env_ = Environment::System();
};

TEST_F(WorkspaceTest, ComputesRecordsAndRefreshes) {
  auto ws = Open();
  ASSERT_NE(ws, nullptr);
  auto first = ws->Compute({});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->refresh.kind, RefreshSummary::Kind::kFull);
  // Day 3 has 4 rows: ok, not, ok, not -> 0.5; EU holds the two ok rows.
  const auto* day3 = Find(*first, "ok_share", "2026-03-03", "*");
  ASSERT_NE(day3, nullptr);
  EXPECT_EQ(day3->value, 0.5);
  EXPECT_EQ(day3->rows, 4);
  const auto* eu = Find(*first, "ok_share", "2026-03-03", "region=EU");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->value, 1.0);
  // Day 4 has 5 rows, 3 of them ok.
  EXPECT_EQ(Find(*first, "ok_share", "2026-03-04", "*")->value, 0.6);
  EXPECT_EQ(Find(*first, "tickets", "2026-03-05", "*")->value, 6.0);

  // The results carry the environment's clock.
  auto db = results::ResultsDb::Open(dir_.path() + "/.northstar/results.db");
  ASSERT_TRUE(db.ok());
  auto versions = (*db)->Versions("ok_share");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].created_at, "2026-03-20T12:00:00Z");
  db->reset();

  // A source read straight from its file (never ingested) is computed in full each
  // time, with the same values.
  auto second = ws->Compute({});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->refresh.kind, RefreshSummary::Kind::kFull);
  EXPECT_EQ(DescribeRefresh(second->refresh), "full compute (source 't' is not in the store)");
  EXPECT_EQ(ComputeJson(*second), ComputeJson(*first));

  // --no-write computes in full and records nothing.
  ComputeRequest read_only;
  read_only.write = false;
  auto third = ws->Compute(read_only);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->refresh.kind, RefreshSummary::Kind::kFull);
  EXPECT_EQ(third->refresh.why_full, "--no-write");
  EXPECT_EQ(ComputeJson(*third), ComputeJson(*first));
}

TEST_F(WorkspaceTest, OutputFiltersSelectWithoutChangingWhatIsRecorded) {
  auto ws = Open();
  ComputeRequest request;
  request.kpis = {"tickets"};
  request.grain = catalog::Grain::kDay;
  request.from = time::ParsePeriod("2026-03-02").value();
  request.to = time::ParsePeriod("2026-03-03").value();
  auto report = ws->Compute(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->values.size(), 2u);
  EXPECT_EQ(report->values[0].PeriodText(), "2026-03-02");
  EXPECT_EQ(report->values[0].value, 3.0);
  EXPECT_EQ(report->values[1].value, 4.0);
  ComputeRequest segment;
  segment.segment = "region";
  segment.kpis = {"ok_share"};
  auto by_region = ws->Compute(segment);
  ASSERT_TRUE(by_region.ok());
  for (const auto& v : by_region->values) EXPECT_TRUE(v.segment == "*" || v.segment.rfind("region=", 0) == 0);
}

TEST_F(WorkspaceTest, ScorecardJudgesTheLatestCompletePeriod) {
  auto ws = Open();
  ASSERT_TRUE(ws->Compute({}).ok());
  ScorecardRequest request;
  request.with_rows = true;
  auto card = ws->Scorecard(request);
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_TRUE(card->errors.empty());
  ASSERT_EQ(card->goals.size(), 1u);
  EXPECT_EQ(card->goals[0].goal, "fast");
  ASSERT_EQ(card->goals[0].kpis.size(), 1u);
  const KpiCard& kpi = card->goals[0].kpis[0];
  EXPECT_EQ(kpi.kpi, "ok_share");
  ASSERT_TRUE(kpi.latest.has_value());
  // The data ends on day 5, so day 5 may still fill: the latest complete day is day 4
  // (5 rows, 3 ok: 0.6 beats the 0.5 target), and day 5 is in progress.
  EXPECT_EQ(kpi.latest->label, "2026-03-04");
  EXPECT_EQ(kpi.latest->input.value, 0.6);
  EXPECT_EQ(judge::KpiStatusName(kpi.latest->judged.status), std::string("on_track"));
  ASSERT_TRUE(kpi.filling.has_value());
  EXPECT_EQ(kpi.filling->label, "2026-03-05");
  EXPECT_EQ(kpi.trend.size(), 5u);
  // Rows: `*`, then each region, of the latest period.
  ASSERT_EQ(card->rows.size(), 3u);
  EXPECT_EQ(card->rows[0].segment, "*");
  EXPECT_EQ(card->rows[1].segment, "region=EU");
  EXPECT_EQ(card->rows[1].point.label, "2026-03-04");
  EXPECT_EQ(card->rows[2].point.input.value, 0.0);  // NA holds the rows not answered in time
  const nlohmann::json json = ScorecardJson(*card);
  EXPECT_EQ(json[0]["kpis"][0]["status"], "on_track");
  EXPECT_EQ(json[0]["kpis"][0]["period"], "2026-03-04");
  EXPECT_EQ(json[0]["kpis"][0]["in_progress"]["period"], "2026-03-05");

  ScorecardRequest someone_else;
  someone_else.owner = "nobody";
  auto empty = ws->Scorecard(someone_else);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->goals.empty());
}

TEST_F(WorkspaceTest, ScorecardBeforeAnyComputeIsNotFound) {
  auto ws = Open();
  auto card = ws->Scorecard({});
  ASSERT_FALSE(card.ok());
  EXPECT_EQ(card.status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceTest, CatalogErrorsFailComputeWithAHint) {
  dir_.Write("catalog/bad.yaml",
             "metrics:\n  - id: broken\n    name: B\n    source: t\n    formula: count(\n");
  auto ws = Open();
  ASSERT_NE(ws, nullptr);
  EXPECT_TRUE(ws->diagnostics().has_errors());
  auto report = ws->Compute({});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("error(s)"), std::string::npos);
  EXPECT_NE(report.status().hint().find("northstar check"), std::string::npos);
}

TEST_F(WorkspaceTest, OpeningAFolderWithoutAWorkspaceFails) {
  testing::TempDir empty;
  auto ws = Workspace::Open(empty.path(), env_);
  EXPECT_FALSE(ws.ok());
}

TEST_F(WorkspaceTest, ThreadsShareOneWorkspace) {
  auto ws = Open();
  auto reference = ws->Compute({});
  ASSERT_TRUE(reference.ok());
  WriteDays(6, 7);  // new rows read straight from the file by every compute below
  std::vector<std::string> outputs(4);
  std::vector<std::thread> threads;
  threads.reserve(outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    threads.emplace_back([&, i] {
      auto report = ws->Compute({});
      outputs[i] = report.ok() ? ComputeJson(*report) : report.status().ToString();
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& out : outputs) {
    EXPECT_EQ(out, outputs[0]);
    EXPECT_NE(out.find("\"2026-03-07\""), std::string::npos);
  }
  auto card = ws->Scorecard({});
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->goals[0].kpis[0].latest->label, "2026-03-06");
  EXPECT_EQ(card->goals[0].kpis[0].filling->label, "2026-03-07");
}

TEST_F(WorkspaceTest, IngestThenComputeRefreshesOnlyWhatChanged) {
  auto ws = Open();
  auto ingested = ws->Ingest({});
  ASSERT_TRUE(ingested.ok()) << ingested.status().ToString();
  ASSERT_EQ(ingested->sources.size(), 1u);
  const SourceIngest& first = ingested->sources[0];
  ASSERT_TRUE(first.error.ok()) << first.error.ToString();
  EXPECT_EQ(first.rows_read, 2 + 3 + 4 + 5 + 6);
  EXPECT_EQ(first.rows_read, first.rows_stored + first.rows_rejected);
  EXPECT_EQ(first.outcome.inserted, 20);

  auto full = ws->Compute({});
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->refresh.kind, RefreshSummary::Kind::kFull);
  auto again = ws->Compute({});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->refresh.kind, RefreshSummary::Kind::kUnchanged);
  EXPECT_EQ(ComputeJson(*again), ComputeJson(*full));

  // Two new days: a refresh of those days, and every value as a full compute gives.
  WriteDays(6, 7);
  auto more = ws->Ingest({});
  ASSERT_TRUE(more.ok());
  ASSERT_TRUE(more->sources[0].error.ok()) << more->sources[0].error.ToString();
  EXPECT_EQ(more->sources[0].outcome.inserted, 7 + 8);
  EXPECT_EQ(more->sources[0].outcome.unchanged, 20);
  auto refreshed = ws->Compute({});
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(refreshed->refresh.kind, RefreshSummary::Kind::kRefresh) << DescribeRefresh(refreshed->refresh);
  EXPECT_EQ(refreshed->refresh.changed_days, 2u);
  ComputeRequest full_request;
  full_request.full = true;
  auto recomputed = ws->Compute(full_request);
  ASSERT_TRUE(recomputed.ok());
  EXPECT_EQ(ComputeJson(*refreshed), ComputeJson(*recomputed));
  EXPECT_EQ(Find(*refreshed, "tickets", "2026-03-07", "*")->value, 8.0);

  // The stored state, without reading anything.
  auto state = ws->StoreState({});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  ASSERT_EQ(state->sources.size(), 1u);
  EXPECT_TRUE(state->sources[0].ingested);
  EXPECT_EQ(state->sources[0].quality.rows, 35u);
  EXPECT_EQ(state->sources[0].batches, 2);
  ASSERT_TRUE(state->sources[0].last_ingest.has_value());
  EXPECT_EQ(state->sources[0].last_ingest->ingested_at, "2026-03-20T12:00:00Z");
}

TEST_F(WorkspaceTest, IngestReportsAnUnreadableSourceAndCommitsNothing) {
  std::filesystem::remove(dir_.path() + "/data/t.csv");
  auto ws = Open();
  auto report = ws->Ingest({});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->sources.size(), 1u);
  EXPECT_EQ(report->sources[0].error.code(), StatusCode::kNotFound) << report->sources[0].error.ToString();
  EXPECT_EQ(IngestJson(*report)["sources"][0]["error"], report->sources[0].error.message());
  IngestRequest unknown;
  unknown.source = "nope";
  auto none = ws->Ingest(unknown);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("sources: t"), std::string::npos);
}

// A results database written before the one identity carries the old hashes: the next
// compute re-keys the versions instead of starting version 2 of every KPI. The hashes
// below are what Northstar recorded for this workspace before the change (0923407).
TEST_F(WorkspaceTest, VersionsOfTheFormerIdentityAreReKeyed) {
  auto ws = Open();
  ASSERT_NE(ws, nullptr);
  ASSERT_TRUE(ws->Compute({}).ok());
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/.northstar/results.db").c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw,
                           "UPDATE definition_versions SET hash = '9ce431b7a324ec50' WHERE kpi = 'ok_share';"
                           "UPDATE definition_versions SET hash = '19bf5b43171ef4e6' WHERE kpi = 'tickets';",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  ASSERT_TRUE(ws->Compute({}).ok());
  auto db = results::ResultsDb::Open(dir_.path() + "/.northstar/results.db");
  ASSERT_TRUE(db.ok());
  for (const char* kpi : {"ok_share", "tickets"}) {
    auto versions = (*db)->Versions(kpi);
    ASSERT_TRUE(versions.ok());
    ASSERT_EQ(versions->size(), 1u) << kpi;
    EXPECT_EQ((*versions)[0].hash,
              formula::DefinitionHash(*ws->catalog().FindMeasure(kpi), ws->compiled().Find(kpi)));
  }
}

// One identity for a definition (formula/definition_identity.h): the results' version
// carries the hash northstar.lock records; a change of `segments:` is not a new version,
// and the values of the dropped dimension are removed; a formula change is one.
TEST_F(WorkspaceTest, DefinitionVersionsFollowTheLockIdentity) {
  auto ws = Open();
  ASSERT_NE(ws, nullptr);
  ASSERT_TRUE(ws->Compute({}).ok());
  const catalog::MeasureDef* def = ws->catalog().FindMeasure("ok_share");
  ASSERT_NE(def, nullptr);
  const std::string lock_hash = formula::DefinitionHash(*def, ws->compiled().Find("ok_share"));
  auto versions_of = [&](const std::string& kpi) {
    auto db = results::ResultsDb::Open(dir_.path() + "/.northstar/results.db");
    EXPECT_TRUE(db.ok());
    auto v = (*db)->Versions(kpi);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::vector<results::DefinitionVersion>{};
  };
  auto segments_of = [&](const std::string& kpi) {
    auto db = results::ResultsDb::Open(dir_.path() + "/.northstar/results.db");
    std::set<std::string> out;
    auto values = (*db)->LatestValues();
    EXPECT_TRUE(values.ok());
    for (const auto& v : *values) {
      if (v.kpi == kpi) out.insert(v.segment);
    }
    return out;
  };
  ASSERT_EQ(versions_of("ok_share").size(), 1u);
  EXPECT_EQ(versions_of("ok_share")[0].hash, lock_hash);
  EXPECT_EQ(segments_of("ok_share"), (std::set<std::string>{"*", "region=EU", "region=NA"}));

  // segments: [region] -> [] keeps version 1 and leaves no region values behind.
  std::string catalog = kCatalogYaml;
  catalog.replace(catalog.find("    segments: [region]\n"), std::string("    segments: [region]\n").size(),
                  "");
  dir_.Write("catalog/kpis.yaml", catalog);
  ws = Open();
  ASSERT_TRUE(ws->Compute({}).ok());
  ASSERT_EQ(versions_of("ok_share").size(), 1u);
  EXPECT_EQ(segments_of("ok_share"), (std::set<std::string>{"*"}));

  // A formula change is a new version, with the lock's new hash.
  catalog.replace(catalog.find("count(where ok) / count()"), std::string("count(where ok) / count()").size(),
                  "count(where not ok) / count()");
  dir_.Write("catalog/kpis.yaml", catalog);
  ws = Open();
  ASSERT_TRUE(ws->Compute({}).ok());
  const auto versions = versions_of("ok_share");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_NE(versions[1].hash, lock_hash);
  EXPECT_EQ(versions[1].hash,
            formula::DefinitionHash(*ws->catalog().FindMeasure("ok_share"), ws->compiled().Find("ok_share")));
}

}  // namespace
}  // namespace northstar::service
