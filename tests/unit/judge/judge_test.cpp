#include "judge/judge.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "test_util.h"

namespace northstar::judge {
namespace {

using catalog::Direction;
using testing::Series;
using testing::TableResolver;

catalog::MeasureDef FirstResponse() {
  catalog::MeasureDef m;
  m.id = "first_response_30m";
  m.direction = Direction::kHigherIsBetter;
  m.target.kind = catalog::TargetRule::Kind::kValue;
  m.target.value = 0.8;
  return m;
}

const PeriodResolver kNoPeriods = TableResolver({});

TEST(JudgeSeriesTest, RejectsUnorderedOrNonFiniteSeries) {
  std::vector<SeriesPoint> s = {{2, 1.0, {}}, {1, 1.0, {}}};
  EXPECT_FALSE(JudgeSeries(s, FirstResponse(), kNoPeriods).ok());
  s = {{1, 1.0, {}}, {1, 1.0, {}}};
  EXPECT_FALSE(JudgeSeries(s, FirstResponse(), kNoPeriods).ok());
  s = {{1, std::nan(""), {}}};
  EXPECT_FALSE(JudgeSeries(s, FirstResponse(), kNoPeriods).ok());
}

TEST(JudgeSeriesTest, EveryPointGetsTargetStatusLimitsAndSignals) {
  // Twelve stable weeks around 0.82, then a drop to 0.71.
  std::vector<SeriesPoint> s =
      Series({0.82, 0.81, 0.83, 0.82, 0.80, 0.83, 0.82, 0.81, 0.84, 0.82, 0.81, 0.83, 0.79, 0.71});
  s.push_back({14, std::nullopt, {}});
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, FirstResponse(), kNoPeriods, "*");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<JudgedPoint>& j = *r;
  ASSERT_EQ(j.size(), s.size());

  EXPECT_EQ(j[0].status, KpiStatus::kOnTrack);
  EXPECT_FALSE(j[0].limits.has_value());
  EXPECT_TRUE(j[0].short_baseline);
  ASSERT_TRUE(j[0].target.has_value());
  EXPECT_EQ(FormatTarget(*j[0].target), "0.8");

  // 0.79 misses 0.8 but is inside the limits of the 12 weeks before: noise, watch.
  const JudgedPoint& w12 = j[12];
  ASSERT_TRUE(w12.limits.has_value());
  EXPECT_FALSE(w12.short_baseline);
  EXPECT_EQ(w12.baseline_values, 12);
  EXPECT_EQ(w12.status, KpiStatus::kWatch);
  EXPECT_EQ(w12.SignalIds(), "");
  EXPECT_LT(w12.limits->lower, 0.79);

  // 0.71 is below the lower limit and jumps by more than the range limit.
  const JudgedPoint& w13 = j[13];
  EXPECT_EQ(w13.status, KpiStatus::kOffTrack);
  EXPECT_EQ(w13.SignalIds(), "beyond_limits;mr_beyond_limit");
  EXPECT_TRUE(w13.alert());
  EXPECT_EQ(w13.signals[0].effect, Effect::kUnfavourable);

  EXPECT_EQ(j[14].status, KpiStatus::kNoData);
  EXPECT_TRUE(j[14].signals.empty());
}

TEST(JudgeSeriesTest, FavourableJumpIsASignalButNoAlert) {
  std::vector<SeriesPoint> s =
      Series({0.82, 0.81, 0.83, 0.82, 0.80, 0.83, 0.82, 0.81, 0.84, 0.82, 0.81, 0.83, 0.95});
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, FirstResponse(), kNoPeriods);
  ASSERT_TRUE(r.ok());
  const JudgedPoint& last = r->back();
  EXPECT_EQ(last.status, KpiStatus::kOnTrack);
  EXPECT_EQ(last.SignalIds(), "beyond_limits;mr_beyond_limit");
  EXPECT_FALSE(last.alert());
  JudgeOptions o;
  o.alert_on_favourable = true;
  EXPECT_TRUE(JudgeSeries(s, FirstResponse(), kNoPeriods, "*", o)->back().alert());
}

TEST(JudgeSeriesTest, TinySegmentsDoNotAlert) {
  std::vector<SeriesPoint> s =
      Series({0.82, 0.81, 0.83, 0.82, 0.80, 0.83, 0.82, 0.81, 0.84, 0.82, 0.81, 0.83, 0.5});
  s.back().rows = 4;
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, FirstResponse(), kNoPeriods, "region=antarctica");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->back().low_volume);
  EXPECT_EQ(r->back().SignalIds(), "beyond_limits;mr_beyond_limit");
  EXPECT_FALSE(r->back().alert());
  EXPECT_EQ(r->back().status, KpiStatus::kOffTrack);  // the status still tells the truth
}

TEST(JudgeSeriesTest, SegmentTargetAndPlanFlowThrough) {
  catalog::MeasureDef m = FirstResponse();
  m.target.kind = catalog::TargetRule::Kind::kPlan;
  m.target.plan_from_period = "W0";
  m.target.plan_to_period = "W10";
  m.target.plan_from_value = 0.5;
  m.target.plan_to_value = 1.0;
  m.segment_targets["channel=email"].kind = catalog::TargetRule::Kind::kValue;
  m.segment_targets["channel=email"].value = 0.6;
  PeriodResolver resolve = TableResolver({{"W0", 0}, {"W10", 10}});
  std::vector<SeriesPoint> s = Series({0.5, 0.5, 0.61, 0.66});
  Result<std::vector<JudgedPoint>> all = JudgeSeries(s, m, resolve, "*");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_DOUBLE_EQ((*all)[2].target->value, 0.6);
  EXPECT_EQ((*all)[0].status, KpiStatus::kOnTrack);   // 0.5 >= 0.5
  EXPECT_EQ((*all)[1].status, KpiStatus::kOffTrack);  // 0.5 < 0.55, no limits yet
  EXPECT_EQ((*all)[2].status, KpiStatus::kOnTrack);   // 0.61 >= 0.6
  Result<std::vector<JudgedPoint>> email = JudgeSeries(s, m, resolve, "channel=email");
  ASSERT_TRUE(email.ok());
  EXPECT_DOUBLE_EQ((*email)[3].target->value, 0.6);
  EXPECT_EQ((*email)[1].status, KpiStatus::kOffTrack);
  EXPECT_EQ((*email)[3].status, KpiStatus::kOnTrack);
}

TEST(JudgeSeriesTest, ResolutionErrorsSurface) {
  catalog::MeasureDef m = FirstResponse();
  m.direction = Direction::kUnspecified;
  std::vector<SeriesPoint> s = Series({1, 2});
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, m, kNoPeriods);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(JudgeSeriesTest, RollingBaselineFindsASustainedShiftByItsRun) {
  // Twenty periods alternating 10/11, then a shift to 11.5/12.5: every shifted value
  // is inside the old limits (10.5 +/- 2.66), so only the run can reveal it. The
  // rolling center rises as shifted values enter the baseline; at the 8th shifted
  // point it is 10.5 * 5/12 + 12 * 7/12 ~ 11.4, still below all eight.
  std::vector<SeriesPoint> s;
  for (int32_t p = 0; p < 20; ++p) s.push_back({p, p % 2 ? 11.0 : 10.0, {}});
  for (int32_t p = 20; p < 28; ++p) s.push_back({p, p % 2 ? 12.5 : 11.5, {}});
  JudgeDefinition def;
  def.direction = Direction::kLowerIsBetter;
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, def);
  ASSERT_TRUE(r.ok());
  for (int32_t p = 0; p < 27; ++p) EXPECT_EQ((*r)[p].SignalIds(), "") << "period " << p;
  const JudgedPoint& last = (*r)[27];
  EXPECT_EQ(last.SignalIds(), "run_of_8");
  EXPECT_EQ(last.signals[0].side, Side::kAbove);
  EXPECT_EQ(last.signals[0].effect, Effect::kUnfavourable);
  EXPECT_TRUE(last.alert());
}

// A fixed-seed generator of standard normal values (splitmix64 + Box-Muller), so the
// simulation is the same on every machine.
class NormalSource {
 public:
  explicit NormalSource(uint64_t seed) : state_(seed) {}
  double Next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = Uniform(), u2 = Uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 2.0 * M_PI * u2;
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  uint64_t NextBits() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return (static_cast<double>(NextBits() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  uint64_t state_;
  double spare_ = 0;
  bool has_spare_ = false;
};

struct AlarmRates {
  double beyond_limits = 0;
  int64_t points = 0;
};

AlarmRates SimulateStableSeries(const JudgeDefinition& def, int32_t series_count, int32_t length) {
  NormalSource normal(20261123);
  int64_t beyond = 0, points = 0;
  for (int32_t k = 0; k < series_count; ++k) {
    std::vector<SeriesPoint> s;
    for (int32_t p = 0; p < length; ++p) s.push_back({p, 100.0 + 5.0 * normal.Next(), {}});
    Result<std::vector<JudgedPoint>> r = JudgeSeries(s, def);
    EXPECT_TRUE(r.ok());
    for (const JudgedPoint& j : *r) {
      if (!j.limits || j.short_baseline) continue;
      ++points;
      for (const Signal& sig : j.signals) beyond += sig.rule == SignalRule::kBeyondLimits;
    }
  }
  return {static_cast<double>(beyond) / static_cast<double>(points), points};
}

TEST(JudgeSeriesTest, FewFalseAlarmsOnStableSeriesWithLockedLimits) {
  // Limits from each series' own 100 values, as on a classic XmR chart: the
  // theoretical false-alarm rate of beyond_limits is ~0.27 %.
  JudgeDefinition def;
  def.direction = Direction::kHigherIsBetter;
  def.baseline.locked = BaselinePlan::Window{0, 99};
  AlarmRates rates = SimulateStableSeries(def, 1000, 100);
  EXPECT_EQ(rates.points, 100000);
  RecordProperty("beyond_limits_rate_locked", std::to_string(rates.beyond_limits));
  EXPECT_GT(rates.beyond_limits, 0.0015);
  EXPECT_LT(rates.beyond_limits, 0.0050);
}

TEST(JudgeSeriesTest, RollingTwelvePeriodLimitsStayQuiet) {
  // Limits from only 8-12 earlier values are themselves noisy, so a new point falls
  // outside them more often than 0.27 %: about 2 % for 12 values (3 % for 8). Points
  // with a short baseline (< 8 values) are left out, as they are flagged.
  JudgeDefinition def;
  def.direction = Direction::kHigherIsBetter;
  AlarmRates rates = SimulateStableSeries(def, 1000, 40);
  RecordProperty("beyond_limits_rate_rolling", std::to_string(rates.beyond_limits));
  EXPECT_GT(rates.beyond_limits, 0.01);
  EXPECT_LT(rates.beyond_limits, 0.03);
}

}  // namespace
}  // namespace northstar::judge
