// Alerts a KPI owner can trust (SPEC §5) on the planted workspace (fixture.h): a
// period still filling never alerts and is never the default period, and a KPI that
// becomes off track alerts once, not every period it stays there.
#include <gtest/gtest.h>

#include <algorithm>

#include "actions/alert_run.h"
#include "actions/verdict.h"
#include "fixture.h"

namespace northstar::actions {
namespace {

using testing::PlantedWorkspace;
using testing::Week;

class CollectingSink final : public AlertSink {
 public:
  Status Send(const Alert& alert) override {
    alerts.push_back(alert);
    return Status::Ok();
  }
  std::string Name() const override { return "collecting"; }
  std::vector<Alert> alerts;
};

bool HasRule(const Alert& a, const std::string& rule) {
  return std::find(a.rules.begin(), a.rules.end(), rule) != a.rules.end();
}

class TrustTest : public PlantedWorkspace {
 protected:
  // The data of every measure ends `days_into_last_week` days into the last week.
  void EndDataInsideLastWeek(int days_into_last_week) {
    const int32_t first = time::FirstDay(time::ParsePeriod(Week(0)).value());
    const int32_t last_week_start = time::FirstDay(time::ParsePeriod(Week(testing::kWeeks - 1)).value());
    for (const char* kpi : {"speed", "quality", "csat", "volume"}) {
      ASSERT_TRUE(
          db_->SetCoverage(kpi, time::DaySpan{first, last_week_start + days_into_last_week - 1}).ok());
    }
  }
  std::vector<Alert> Run(bool all_periods) {
    CollectingSink sink;
    auto assessment = Assess();
    AlertRunOptions options;
    options.all_periods = all_periods;
    options.today = time::LastDay(time::ParsePeriod(Week(testing::kWeeks - 1)).value()) + 1;
    options.now_iso = "2026-01-01T00:00:00Z";
    std::vector<AlertSink*> sinks = {&sink};
    auto report = RunAlerts(*assessment, *log_, {}, sinks, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return sink.alerts;
  }
};

TEST_F(TrustTest, FillingWeekIsInProgressAndNotTheLatestComplete) {
  EndDataInsideLastWeek(3);
  auto a = Assess();
  auto series = a->Series("speed", "*");
  ASSERT_TRUE(series.ok() && *series);
  const AssessedPoint& last = (*series)->points.back();
  EXPECT_EQ(last.label, Week(testing::kWeeks - 1));
  EXPECT_TRUE(last.input.in_progress);
  EXPECT_DOUBLE_EQ(last.input.elapsed, 3.0 / 7.0);
  EXPECT_EQ(last.judged.status, judge::KpiStatus::kInProgress);
  ASSERT_NE((*series)->LatestComplete(), nullptr);
  EXPECT_EQ((*series)->LatestComplete()->label, Week(testing::kWeeks - 2));
}

TEST_F(TrustTest, DataEndingOnTheLastDayStillLeavesTheWeekFilling) {
  EndDataInsideLastWeek(7);  // Sunday: Monday's rows have not arrived yet
  auto a = Assess();
  auto series = a->Series("speed", "*");
  ASSERT_TRUE(series.ok() && *series);
  EXPECT_TRUE((*series)->points.back().input.in_progress);
  EXPECT_FALSE((*series)->points[testing::kWeeks - 2].input.in_progress);
}

TEST_F(TrustTest, PartialFirstWeekIsMarked) {
  const int32_t first = time::FirstDay(time::ParsePeriod(Week(0)).value());
  const int32_t after = time::LastDay(time::ParsePeriod(Week(testing::kWeeks - 1)).value()) + 1;
  ASSERT_TRUE(db_->SetCoverage("speed", time::DaySpan{first + 3, after}).ok());
  auto a = Assess();
  auto series = a->Series("speed", "*");
  ASSERT_TRUE(series.ok() && *series);
  EXPECT_TRUE((*series)->points[0].input.partial);
  EXPECT_FALSE((*series)->points[1].input.partial);
  EXPECT_FALSE((*series)->points.back().input.in_progress);
}

TEST_F(TrustTest, FillingWeekNeverAlertsEvenWhenItLooksTerrible) {
  // The last week has three days of rows: a count KPI at 3/7 of its level.
  std::vector<results::ValueRow> rows = testing::PlantedRows();
  for (auto& r : rows) {
    if (r.period == Week(testing::kWeeks - 1) && r.value) *r.value *= 3.0 / 7.0;
  }
  WriteRows(rows);
  EndDataInsideLastWeek(3);
  for (bool all : {false, true}) {
    for (const Alert& alert : Run(all)) {
      EXPECT_NE(alert.period, Week(testing::kWeeks - 1)) << alert.Headline();
    }
  }
}

TEST_F(TrustTest, WithoutCoverageTheSameWeekAlerts) {
  // The failing case completeness fixes: the scaled-down week judged as complete.
  std::vector<results::ValueRow> rows = testing::PlantedRows();
  for (auto& r : rows) {
    if (r.period == Week(testing::kWeeks - 1) && r.value) *r.value *= 3.0 / 7.0;
  }
  WriteRows(rows);
  bool alerted = false;
  for (const Alert& alert : Run(false)) alerted |= alert.period == Week(testing::kWeeks - 1);
  EXPECT_TRUE(alerted);
}

TEST_F(TrustTest, BecomingOffTrackAlertsOnce) {
  // csat falls from 4.1 to 3.6 at week 20 against a target of 4.0 and stays there.
  std::vector<Alert> alerts = Run(true);
  int off_track = 0;
  for (const Alert& a : alerts) {
    if (a.kpi != "csat" || a.segment != "*" || !HasRule(a, "off_track")) continue;
    ++off_track;
    EXPECT_EQ(a.period, Week(20)) << a.Headline();
    EXPECT_NE(a.detail.find("became off track"), std::string::npos) << a.detail;
  }
  EXPECT_EQ(off_track, 1);
  // speed's two-week dip (weeks 20-21) turns off track once, at week 20.
  int speed_off = 0;
  for (const Alert& a : alerts) speed_off += a.kpi == "speed" && a.segment == "*" && HasRule(a, "off_track");
  EXPECT_EQ(speed_off, 1);
}

TEST_F(TrustTest, GamingRiskOpensTheGuardsActionsJudgedOnTheGuard) {
  std::vector<Alert> alerts = Run(true);
  const Alert* gaming = nullptr;
  for (const Alert& a : alerts) {
    if (a.kind == AlertKind::kGamingRisk && a.kpi == "speed" && a.period == Week(30)) gaming = &a;
  }
  ASSERT_NE(gaming, nullptr);
  ASSERT_FALSE(gaming->items.empty());
  auto item = log_->Item(gaming->items.front());
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->subject, "quality");
  // quality's own action, not speed's "Add a shift during peak hours".
  EXPECT_EQ((*item)->what, "Coach agents on reopened tickets");
  EXPECT_EQ((*item)->who, "quality-lead");
}

TEST(VerdictSubjectTest, ReasonNamesTheGuard) {
  VerdictInput input;
  input.subject = "the guard quality";
  Verdict v = JudgeAction({}, input);
  EXPECT_NE(v.reason.find("the guard quality"), std::string::npos) << v.reason;
}

}  // namespace
}  // namespace northstar::actions
