// Limits widened for low-volume points of a mean-over-rows KPI, the moving-range rule
// that never alerts alone, and which formulas count as a mean over the rows.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "judge/definition.h"
#include "judge/judge.h"
#include "test_util.h"

namespace northstar::judge {
namespace {

using catalog::Direction;

// Twelve busy weeks (1 000 rows) around 0.80 with a small week-to-week range, then
// `last` with `last_rows` rows.
std::vector<SeriesPoint> BusyThenOne(double last, int64_t last_rows) {
  const double values[] = {0.80, 0.81, 0.80, 0.79, 0.80, 0.81, 0.80, 0.79, 0.80, 0.81, 0.80, 0.79};
  std::vector<SeriesPoint> s;
  for (int32_t i = 0; i < 12; ++i) s.push_back({i, values[i], 1000});
  s.push_back({12, last, last_rows});
  return s;
}

JudgeDefinition Share() {
  JudgeDefinition def;
  def.direction = Direction::kHigherIsBetter;
  def.mean_over_rows = true;
  return def;
}

TEST(VolumeTest, QuietWeekOfAShareIsJudgedAgainstWiderLimits) {
  // Baseline: center 0.8, mR̄ = 0.01, lower limit 0.7734. 0.765 is beyond it, but
  // with a quarter of the rows its sampling noise is twice as large: lower 0.7468.
  auto before = JudgeSeries(BusyThenOne(0.765, 250), JudgeDefinition{Direction::kHigherIsBetter, {}, {}, {}});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->back().SignalIds(), "beyond_limits");
  EXPECT_DOUBLE_EQ(before->back().volume_factor, 1.0);

  auto after = JudgeSeries(BusyThenOne(0.765, 250), Share());
  ASSERT_TRUE(after.ok());
  const JudgedPoint& p = after->back();
  EXPECT_DOUBLE_EQ(p.volume_factor, 2.0);
  ASSERT_TRUE(p.limits.has_value());
  EXPECT_NEAR(p.limits->center, 0.8, 1e-12);
  EXPECT_NEAR(p.limits->lower, 0.8 - 2 * 2.66 * 0.01, 1e-12);
  EXPECT_NEAR(p.limits->sigma, 2 * 0.01 / 1.128, 1e-12);
  EXPECT_EQ(p.SignalIds(), "");
  // A real collapse is still a signal at low volume.
  auto collapse = JudgeSeries(BusyThenOne(0.60, 250), Share());
  ASSERT_TRUE(collapse.ok());
  EXPECT_EQ(collapse->back().SignalIds(), "beyond_limits;mr_beyond_limit");
}

TEST(VolumeTest, BusyOrUnknownVolumeKeepsTheBaselineLimits) {
  auto busy = JudgeSeries(BusyThenOne(0.765, 4000), Share());
  ASSERT_TRUE(busy.ok());
  EXPECT_DOUBLE_EQ(busy->back().volume_factor, 1.0);
  EXPECT_EQ(busy->back().SignalIds(), "beyond_limits");
  std::vector<SeriesPoint> unknown = BusyThenOne(0.765, 250);
  unknown[3].rows.reset();
  auto u = JudgeSeries(unknown, Share());
  ASSERT_TRUE(u.ok());
  EXPECT_DOUBLE_EQ(u->back().volume_factor, 1.0);
  EXPECT_EQ(u->back().SignalIds(), "beyond_limits");
}

TEST(VolumeTest, BaselineReferenceRowsIsTheHarmonicMean) {
  std::vector<SeriesPoint> s = {{0, 1.0, 100}, {1, 2.0, 300}, {2, std::nullopt, 0}, {3, 1.5, {}}};
  BaselinePlan plan;
  Baseline b = BaselineAt(s, plan, 3);
  ASSERT_TRUE(b.reference_rows.has_value());
  EXPECT_DOUBLE_EQ(*b.reference_rows, 150.0);                       // 2 / (1/100 + 1/300)
  EXPECT_FALSE(BaselineAt(s, plan, 4).reference_rows.has_value());  // row count of 1.5 unknown
}

TEST(VolumeTest, ThreeOfFourInATroughIsNoise) {
  // Three low values in a row at half the baseline's volume: against the busy
  // baseline's limits they are 3 of 4 beyond 1.5 sigma; at their own volume they are not.
  std::vector<SeriesPoint> s = BusyThenOne(0.80, 1000);
  for (int32_t i = 13; i < 16; ++i) s.push_back({i, 0.78, 500});
  JudgeDefinition plain = Share();
  plain.mean_over_rows = false;
  auto before = JudgeSeries(s, plain);
  ASSERT_TRUE(before.ok());
  EXPECT_NE(before->back().SignalIds().find("3_of_4"), std::string::npos);
  EXPECT_TRUE(before->back().alert());
  auto after = JudgeSeries(s, Share());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->back().SignalIds().find("3_of_4"), std::string::npos) << after->back().SignalIds();
  EXPECT_FALSE(after->back().alert());
}

TEST(VolumeTest, MeanOverRowsFormulas) {
  EXPECT_TRUE(IsMeanOverRows("share(minutes_between(created_at, first_reply_at, support_hours) <= 30)"));
  EXPECT_TRUE(IsMeanOverRows(" avg(score) "));
  EXPECT_TRUE(IsMeanOverRows("share(\"Ticket Status\" = ')')"));
  EXPECT_FALSE(IsMeanOverRows("sum(amount)"));
  EXPECT_FALSE(IsMeanOverRows("avg(score) * 20"));
  EXPECT_FALSE(IsMeanOverRows("share(a) / share(b)"));
  EXPECT_FALSE(IsMeanOverRows("average_deal_value"));
  EXPECT_FALSE(IsMeanOverRows("growth(mau)"));
}

TEST(SignalsAlertTest, MovingRangeAloneNeverAlerts) {
  // A jump of 3.5 (> 3.268 mR̄) to a value inside the limits.
  XmrLimits l;
  l.center = 0;
  l.avg_moving_range = 1;
  l.lower = -2.66;
  l.upper = 2.66;
  l.mr_upper = 3.268;
  l.sigma = 1 / 1.128;
  std::vector<SeriesPoint> s = testing::Series({-1.5, 2.0});
  std::vector<Signal> got = DetectSignals(s, 1, l, {Direction::kLowerIsBetter, false, 0});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rule, SignalRule::kMrBeyondLimit);
  EXPECT_EQ(got[0].effect, Effect::kUnfavourable);
  EXPECT_FALSE(got[0].alert);
  // Landing beyond the limits alerts through beyond_limits.
  s = testing::Series({-1.5, 3.0});
  got = DetectSignals(s, 1, l, {Direction::kLowerIsBetter, false, 0});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[0].alert);
  EXPECT_FALSE(got[1].alert);
  EXPECT_TRUE(RuleAlerts(SignalRule::kRunOf8));
  EXPECT_TRUE(RuleAlerts(SignalRule::kThreeOfFour));
  EXPECT_FALSE(RuleAlerts(SignalRule::kMrBeyondLimit));
}

}  // namespace
}  // namespace northstar::judge

namespace northstar::judge {
namespace {

// A proportion whose 12-week baseline barely moved (mR̄ = 0.001) at 500 rows a week:
// XmR alone would put the limits 0.0027 from the center, far inside the binomial
// sampling noise of 500 rows (sigma 0.0179 at p = 0.8).
std::vector<SeriesPoint> StillShareThenOne(double last) {
  std::vector<SeriesPoint> s;
  for (int32_t i = 0; i < 12; ++i) s.push_back({i, i % 2 ? 0.801 : 0.800, 500});
  s.push_back({12, last, 500});
  return s;
}

TEST(VolumeTest, ProportionLimitsAreNeverNarrowerThanBinomialNoise) {
  JudgeDefinition plain{Direction::kHigherIsBetter, {}, {}, {}};
  auto xmr_only = JudgeSeries(StillShareThenOne(0.77), plain);
  ASSERT_TRUE(xmr_only.ok());
  EXPECT_EQ(xmr_only->back().SignalIds(), "beyond_limits;mr_beyond_limit");

  JudgeDefinition share = plain;
  share.mean_over_rows = true;
  share.share_of_rows = true;
  auto judged = JudgeSeries(StillShareThenOne(0.77), share);
  ASSERT_TRUE(judged.ok());
  const JudgedPoint& p = judged->back();
  ASSERT_TRUE(p.limits.has_value());
  const double binomial = std::sqrt(0.8005 * 0.1995 / 500);
  EXPECT_NEAR(p.limits->sigma, binomial, 1e-12);
  EXPECT_NEAR(p.limits->lower, 0.8005 - 2.66 * 1.128 * binomial, 1e-9);
  EXPECT_EQ(p.SignalIds(), "");  // 1.7 binomial sigmas: sampling, not a signal
  // A real drop is still a signal.
  auto drop = JudgeSeries(StillShareThenOne(0.70), share);
  ASSERT_TRUE(drop.ok());
  EXPECT_NE(drop->back().SignalIds().find("beyond_limits"), std::string::npos);
}

TEST(VolumeTest, ShareOfRowsIsDetectedFromTheFormula) {
  EXPECT_TRUE(IsShareOfRows("share(reopened)"));
  EXPECT_TRUE(IsShareOfRows("  share(minutes_between(a, b) <= 30 where b is not null)"));
  EXPECT_FALSE(IsShareOfRows("avg(score)"));
  EXPECT_FALSE(IsShareOfRows("share(a) * 100"));
}

}  // namespace
}  // namespace northstar::judge
