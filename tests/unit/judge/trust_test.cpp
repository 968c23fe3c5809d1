// Judgments a KPI owner can trust (SPEC §5): periods still filling are never judged,
// a chronic miss is never `watch`, and an xmr tolerance never calls a miss noise when
// the process cannot reach the target. Every series has a planted, hand-checked answer,
// and the quiet stretches around it are checked for what must not fire.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "judge/judge.h"
#include "judge/masking.h"
#include "test_util.h"

namespace northstar::judge {
namespace {

using catalog::Direction;
using testing::Series;
using testing::TableResolver;

const PeriodResolver kNoPeriods = TableResolver({});

catalog::MeasureDef Threshold(double target, Direction direction, const char* formula = "x") {
  catalog::MeasureDef m;
  m.id = "k";
  m.formula = formula;
  m.direction = direction;
  m.target.kind = catalog::TargetRule::Kind::kValue;
  m.target.value = target;
  return m;
}

// Fourteen stable weeks around 100, then a week that had only three of its days.
std::vector<SeriesPoint> StableThenFilling(double filling_value) {
  std::vector<SeriesPoint> s =
      Series({100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100, 102, 98, filling_value});
  s.back().in_progress = true;
  s.back().elapsed = 3.0 / 7.0;
  return s;
}

TEST(CompletenessTest, FillingPeriodIsInProgressWithoutSignalsAndPaced) {
  // 45 after three of seven days: far below the limits, yet no signal and no alert.
  auto r =
      JudgeSeries(StableThenFilling(45), Threshold(95, Direction::kHigherIsBetter, "count()"), kNoPeriods);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const JudgedPoint& last = r->back();
  EXPECT_EQ(last.status, KpiStatus::kInProgress);
  EXPECT_STREQ(KpiStatusName(last.status), "in_progress");
  EXPECT_TRUE(last.signals.empty());
  EXPECT_FALSE(last.alert());
  ASSERT_TRUE(last.pace.has_value());
  EXPECT_DOUBLE_EQ(*last.pace, 45 * 7.0 / 3.0);  // a count scales to the whole week: 105
  // The complete weeks before it are untouched: all on track, no signal.
  for (size_t i = 0; i + 1 < r->size(); ++i) {
    EXPECT_EQ((*r)[i].status, KpiStatus::kOnTrack) << i;
    EXPECT_EQ((*r)[i].SignalIds(), "") << i;
  }
}

TEST(CompletenessTest, WithoutTheFlagTheSameDataAlerts) {
  // The failing case the flag fixes: the half-filled week judged as complete.
  std::vector<SeriesPoint> s = StableThenFilling(45);
  s.back().in_progress = false;
  auto r = JudgeSeries(s, Threshold(95, Direction::kHigherIsBetter, "count()"), kNoPeriods);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->back().status, KpiStatus::kOffTrack);
  EXPECT_TRUE(r->back().alert());
}

TEST(CompletenessTest, PaceOfAMeanIsTheValueSoFar) {
  auto r =
      JudgeSeries(StableThenFilling(45), Threshold(95, Direction::kHigherIsBetter, "avg(x)"), kNoPeriods);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->back().pace.has_value());
  EXPECT_DOUBLE_EQ(*r->back().pace, 45);
}

TEST(CompletenessTest, PartialFirstPeriodStaysOutOfTheBaseline) {
  // A first week observed from its Thursday: 40 instead of about 100.
  std::vector<SeriesPoint> s = Series({40, 100, 102, 98, 101, 99, 100, 103, 97, 100, 101});
  s.front().partial = true;
  auto r = JudgeSeries(s, Threshold(95, Direction::kHigherIsBetter, "count()"), kNoPeriods);
  ASSERT_TRUE(r.ok());
  const JudgedPoint& last = r->back();
  ASSERT_TRUE(last.limits.has_value());
  // Baseline = the nine complete weeks before the last: 100 102 98 101 99 100 103 97 100.
  const double mean = (100 + 102 + 98 + 101 + 99 + 100 + 103 + 97 + 100) / 9.0;
  const double mr = (2 + 4 + 3 + 2 + 1 + 3 + 6 + 3) / 8.0;
  EXPECT_NEAR(last.limits->center, mean, 1e-12);
  EXPECT_NEAR(last.limits->lower, mean - 2.66 * mr, 1e-9);
  EXPECT_EQ(last.baseline_values, 9);
  // The partial week itself is shown with its value but never signals.
  EXPECT_TRUE(r->front().signals.empty());
  EXPECT_EQ(*r->front().value, 40);
  // Its jump to 100 is no moving range: the week after has no mr_beyond_limit.
  EXPECT_EQ((*r)[1].SignalIds(), "");
}

TEST(XmrToleranceTest, TargetOutsideTheLimitsIsNeverNoise) {
  // A cost stable at about 6 against a target of at most 3: the limits (about 5.2-6.8)
  // hold the value but not the target. The process cannot meet it: off_track.
  std::vector<SeriesPoint> s = Series({6.0, 6.2, 5.9, 6.1, 6.0, 5.8, 6.2, 6.0, 6.1, 5.9, 6.0, 6.1, 6.0});
  auto r = JudgeSeries(s, Threshold(3, Direction::kLowerIsBetter), kNoPeriods);
  ASSERT_TRUE(r.ok());
  const JudgedPoint& last = r->back();
  ASSERT_TRUE(last.limits.has_value());
  EXPECT_GT(3.0, last.limits->lower - 10);  // sanity: limits exist
  EXPECT_LT(3.0, last.limits->lower);       // the target lies below the process
  EXPECT_EQ(last.status, KpiStatus::kOffTrack);
}

TEST(XmrToleranceTest, TargetInsideTheLimitsKeepsWatch) {
  // Same process, target 5.95: inside the limits, 6.0 is a miss the noise explains.
  std::vector<SeriesPoint> s = Series({6.0, 6.2, 5.9, 6.1, 6.0, 5.8, 6.2, 6.0, 6.1, 5.9, 6.0, 5.9, 6.0});
  auto r = JudgeSeries(s, Threshold(5.95, Direction::kLowerIsBetter), kNoPeriods);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->back().status, KpiStatus::kWatch);
  EXPECT_FALSE(r->back().chronic_miss);
}

catalog::MeasureDef PercentTolerance(double target, double percent) {
  catalog::MeasureDef m = Threshold(target, Direction::kHigherIsBetter);
  m.tolerance.kind = catalog::Tolerance::Kind::kPercent;
  m.tolerance.amount = percent;
  return m;
}

TEST(ChronicMissTest, ThreeMissesInFourCompletePeriodsAreOffTrack) {
  // Target 0.8 with a 5 % tolerance: 0.78 is within it, so each miss alone is `watch`.
  //            p0    p1    p2    p3    p4    p5    p6
  auto s = Series({0.82, 0.78, 0.81, 0.78, 0.78, 0.81, 0.78});
  auto r = JudgeSeries(s, PercentTolerance(0.8, 5), kNoPeriods);
  ASSERT_TRUE(r.ok());
  const auto& j = *r;
  EXPECT_EQ(j[1].status, KpiStatus::kWatch);     // 1 miss in p0..p1
  EXPECT_EQ(j[3].status, KpiStatus::kWatch);     // 2 misses in p0..p3
  EXPECT_EQ(j[4].status, KpiStatus::kOffTrack);  // p1, p3, p4: 3 of 4
  EXPECT_TRUE(j[4].chronic_miss);
  EXPECT_EQ(j[5].status, KpiStatus::kOnTrack);   // a hit stays on track
  EXPECT_EQ(j[6].status, KpiStatus::kOffTrack);  // p3, p4, p6 of p3..p6
  EXPECT_TRUE(j[6].chronic_miss);
}

TEST(ChronicMissTest, TwoMissesInFourStayWatch) {
  auto s = Series({0.82, 0.78, 0.81, 0.78, 0.81, 0.78, 0.82, 0.78});
  auto r = JudgeSeries(s, PercentTolerance(0.8, 5), kNoPeriods);
  ASSERT_TRUE(r.ok());
  for (const JudgedPoint& p : *r) {
    EXPECT_NE(p.status, KpiStatus::kOffTrack) << p.period;
    EXPECT_FALSE(p.chronic_miss);
  }
}

TEST(ChronicMissTest, IncompleteAndMissingPeriodsAreNotMisses) {
  // p2 is missing, p4 still filling: the misses at p1 and p3 are two of four.
  std::vector<SeriesPoint> s = {{0, 0.82, {}}, {1, 0.78, {}}, {3, 0.78, {}}, {4, 0.70, {}}};
  s.back().in_progress = true;
  s.back().elapsed = 0.5;
  auto r = JudgeSeries(s, PercentTolerance(0.8, 5), kNoPeriods);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[2].status, KpiStatus::kWatch);
  EXPECT_EQ((*r)[3].status, KpiStatus::kInProgress);
}

// A segment point as the judge would give it.
JudgedPoint SegmentPoint(int32_t period, KpiStatus status, bool signal) {
  JudgedPoint p;
  p.period = period;
  p.status = status;
  p.short_baseline = false;
  if (signal) {
    Signal s;
    s.rule = SignalRule::kBeyondLimits;
    s.effect = Effect::kUnfavourable;
    s.alert = true;
    p.signals.push_back(s);
  }
  return p;
}

JudgedPoint WithLimits(JudgedPoint p, double value) {
  p.value = value;
  p.limits = XmrLimits{};
  p.limits->lower = 0.78;
  p.limits->center = 0.84;
  p.limits->upper = 0.90;
  return p;
}

TEST(MaskingTest, ProblemLastsWhileTheSegmentStaysOffTrackBeyondItsOldLimits) {
  // Signals in periods 1-2 only (then the rolling baseline absorbs the problem), off
  // track and below the old lower limit 0.78 for five periods; then back on track,
  // then off track by chance once.
  std::vector<JudgedPoint> pts = {
      WithLimits(SegmentPoint(0, KpiStatus::kOnTrack, false), 0.84),
      WithLimits(SegmentPoint(1, KpiStatus::kOffTrack, true), 0.60),
      WithLimits(SegmentPoint(2, KpiStatus::kOffTrack, true), 0.61),
      WithLimits(SegmentPoint(3, KpiStatus::kOffTrack, false), 0.62),
      WithLimits(SegmentPoint(4, KpiStatus::kOffTrack, false), 0.59),
      WithLimits(SegmentPoint(5, KpiStatus::kOffTrack, false), 0.60),
      WithLimits(SegmentPoint(6, KpiStatus::kOnTrack, false), 0.84),
      WithLimits(SegmentPoint(7, KpiStatus::kOffTrack, false), 0.70),
  };
  std::vector<bool> problem = SustainedProblems(pts, Direction::kHigherIsBetter);
  EXPECT_EQ(problem, (std::vector<bool>{false, false, true, true, true, true, false, false}));
}

TEST(MaskingTest, BackInsideTheOldLimitsEndsTheProblem) {
  // A segment always below a target of 0.9 (off track throughout) with a chance pair
  // of signals: once it is back inside the limits it had, the problem is over.
  std::vector<JudgedPoint> pts = {
      WithLimits(SegmentPoint(0, KpiStatus::kOffTrack, false), 0.84),
      WithLimits(SegmentPoint(1, KpiStatus::kOffTrack, true), 0.76),
      WithLimits(SegmentPoint(2, KpiStatus::kOffTrack, true), 0.77),
      WithLimits(SegmentPoint(3, KpiStatus::kOffTrack, false), 0.83),
      WithLimits(SegmentPoint(4, KpiStatus::kOffTrack, false), 0.77),
  };
  EXPECT_EQ(SustainedProblems(pts, Direction::kHigherIsBetter),
            (std::vector<bool>{false, false, true, false, false}));
}

TEST(MaskingTest, GapEndsTheProblem) {
  std::vector<JudgedPoint> pts = {WithLimits(SegmentPoint(0, KpiStatus::kOffTrack, true), 0.6),
                                  WithLimits(SegmentPoint(1, KpiStatus::kOffTrack, true), 0.6),
                                  WithLimits(SegmentPoint(3, KpiStatus::kOffTrack, false), 0.6)};
  EXPECT_EQ(SustainedProblems(pts, Direction::kHigherIsBetter), (std::vector<bool>{false, true, false}));
}

}  // namespace
}  // namespace northstar::judge
