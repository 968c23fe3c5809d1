// A workspace with planted effects, written straight into a ResultsDb, for the
// actions and review tests. Weekly KPIs from 2025-W01 (index kStart):
//   speed    higher_is_better, target 0.8, guard quality, segments region (EU 50 %,
//            NA 30 %, APAC 20 %): noise around 0.83; weeks 20-21 drop to 0.60 (a
//            deviation), back to 0.83 from week 22 (recovery); weeks 30-31 jump to 0.97
//            (template replies) while quality jumps too (gaming); from week 40 APAC
//            falls to 0.60 while EU/NA rise so the total stays on track (masked).
//   quality  lower_is_better, target 0.15: noise around 0.08; weeks 30-31 at 0.24.
//   csat     higher_is_better, target 4.0: noise around 4.1; from week 20 at 3.6 for
//            good (no recovery). A leading indicator (type.timing).
// speed and quality are ratios (unit: ratio), csat a score.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "actions/action_log.h"
#include "actions/assessment.h"
#include "catalog/loader.h"
#include "results/results_db.h"
#include "time/period.h"

namespace northstar::actions::testing {

inline constexpr int kWeeks = 48;

inline int32_t StartWeek() {
  return time::ParsePeriod("2025-W01").value().index;
}
inline std::string Week(int i) {
  return time::PeriodLabel({catalog::Grain::kWeek, StartWeek() + i});
}

// Deterministic noise in [-a, a] that alternates enough to never form runs of 8.
inline double Noise(int i, double a) {
  return a * std::sin(i * 2.1 + 0.3);
}

inline const char* kWorkspaceYaml = R"(workspace: planted
timezone: UTC
sources:
  t:
    from: csv:data/t.csv
    key: id
    time: at
    columns: {id: int, at: timestamp, region: string}
)";

inline const char* kCatalogYaml = R"(goals:
  - id: fast
    statement: Answer fast without losing quality by 2027-01-01
    level: team
    owner: head
    deadline: 2027-01-01
kpis:
  - id: speed
    name: Share answered in time
    goal: fast
    source: t
    formula: count()
    unit: ratio
    direction: higher_is_better
    frequency: weekly
    review: weekly
    owner: head
    target: {value: 0.8}
    constraints: Spam excluded
    segments: [region]
    guards: [quality]
    drivers: [volume]
    on_deviation:
      - do: Add a shift during peak hours
        who: lead
        review_after: 14d
  - id: quality
    name: Reopen rate
    goal: fast
    source: t
    formula: count()
    unit: ratio
    direction: lower_is_better
    frequency: weekly
    review: weekly
    owner: quality-lead
    target: {value: 0.15}
    on_deviation:
      - do: Coach agents on reopened tickets
        who: quality-lead
        review_after: 14d
  - id: csat
    name: Satisfaction
    goal: fast
    source: t
    type: {horizon: operational, timing: leading, nature: quantitative}
    formula: count()
    unit: score
    direction: higher_is_better
    frequency: weekly
    review: weekly
    owner: quality-lead
    target: {value: 4.0}
    on_deviation:
      - do: Call back every unhappy customer
        who: quality-lead
        review_after: 14d
metrics:
  - id: volume
    name: Tickets
    source: t
    formula: count()
    frequency: weekly
)";

inline std::vector<results::ValueRow> PlantedRows(int weeks = kWeeks) {
  std::vector<results::ValueRow> rows;
  auto add = [&](const std::string& kpi, int i, const std::string& segment, double v, int64_t n) {
    rows.push_back({kpi, catalog::Grain::kWeek, Week(i), segment, v, n});
  };
  for (int i = 0; i < weeks; ++i) {
    double speed = 0.83 + Noise(i, 0.01);
    if (i == 20 || i == 21) speed = 0.60;
    if (i == 30 || i == 31) speed = 0.97;
    std::map<std::string, std::pair<double, int64_t>> regions = {
        {"region=EU", {speed, 500}}, {"region=NA", {speed, 300}}, {"region=APAC", {speed, 200}}};
    if (i >= 40) {
      regions["region=APAC"].first = 0.60 + Noise(i, 0.01);
      regions["region=EU"].first = 0.90 + Noise(i + 1, 0.01);
      regions["region=NA"].first = 0.90 + Noise(i + 2, 0.01);
      speed = (0.5 * regions["region=EU"].first + 0.3 * regions["region=NA"].first +
               0.2 * regions["region=APAC"].first);
    }
    add("speed", i, "*", speed, 1000);
    for (const auto& [segment, v] : regions) add("speed", i, segment, v.first, v.second);
    double quality = 0.08 + Noise(i + 3, 0.005);
    if (i == 30 || i == 31) quality = 0.24;
    add("quality", i, "*", quality, 1000);
    add("csat", i, "*", i >= 20 ? 3.6 + Noise(i, 0.02) : 4.1 + Noise(i, 0.02), 300);
    add("volume", i, "*", 1000 + 10 * Noise(i, 1), 1000);
  }
  return rows;
}

class PlantedWorkspace : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ns_actions_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Diagnostics diags;
    auto catalog = catalog::LoadWorkspaceFromMemory(
        {{"northstar.yaml", kWorkspaceYaml}, {"catalog/kpis.yaml", kCatalogYaml}}, diags, dir_.string());
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    ASSERT_FALSE(diags.has_errors()) << diags.items().front().ToString();
    catalog_ = std::move(catalog).value();
    db_path_ = (dir_ / "results.db").string();
    auto db = results::ResultsDb::Open(db_path_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    WriteRows(PlantedRows());
    auto log = ActionLog::Open(db_path_);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
  }
  void TearDown() override {
    log_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void WriteRows(const std::vector<results::ValueRow>& rows) {
    std::map<std::string, std::vector<results::ValueRow>> by_kpi;
    for (const auto& r : rows) by_kpi[r.kpi].push_back(r);
    for (const auto& [kpi, kr] : by_kpi) {
      auto v = db_->EnsureVersion(kpi, "h1", "count()", "", "2026-01-01T00:00:00Z");
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      auto w = db_->Write(*v, kr, "2026-01-01T00:00:00Z", "test");
      ASSERT_TRUE(w.ok()) << w.status().ToString();
    }
  }
  std::unique_ptr<Assessment> Assess(AssessOptions options = {}) {
    auto a = Assessment::Build(catalog_, *db_, options);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(a).value() : nullptr;
  }

  std::filesystem::path dir_;
  std::string db_path_;
  catalog::Catalog catalog_;
  std::unique_ptr<results::ResultsDb> db_;
  std::unique_ptr<ActionLog> log_;
};

}  // namespace northstar::actions::testing
