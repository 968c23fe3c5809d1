#include "judge/xmr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "judge/baseline.h"
#include "judge/signals.h"
#include "test_util.h"

namespace northstar::judge {
namespace {

using testing::Series;

double Round2(double x) {
  return std::round(x * 100) / 100;
}

// Wheeler's published example: the limits are computed from all 16 values (the
// chart's own data), and the last value lies above the upper limit.
const std::vector<SeriesPoint> kWheeler =
    Series({5045, 4350, 4350, 3975, 4290, 4430, 4485, 4285, 3980, 3925, 3645, 3760, 3300, 3685, 3463, 5200});

TEST(XmrTest, ReproducesWheelerPublishedExample) {
  std::optional<XmrLimits> l = ComputeXmrLimits(std::span<const SeriesPoint>(kWheeler));
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->values, 16);
  EXPECT_EQ(l->moving_ranges, 15);
  EXPECT_DOUBLE_EQ(Round2(l->center), 4135.50);
  EXPECT_DOUBLE_EQ(Round2(l->avg_moving_range), 355.93);
  EXPECT_DOUBLE_EQ(Round2(l->lower), 3188.72);
  EXPECT_DOUBLE_EQ(Round2(l->upper), 5082.28);
  EXPECT_DOUBLE_EQ(Round2(l->mr_upper), 1163.19);
  EXPECT_NEAR(l->sigma, 355.9333333 / 1.128, 1e-6);
}

TEST(XmrTest, WheelerLastPointIsTheOnlySignal) {
  BaselinePlan plan;
  plan.locked = BaselinePlan::Window{0, 15};
  for (size_t i = 0; i < kWheeler.size(); ++i) {
    Baseline b = BaselineAt(kWheeler, plan, kWheeler[i].period);
    ASSERT_TRUE(b.limits.has_value());
    std::vector<Signal> s = DetectSignals(kWheeler, i, *b.limits, {});
    if (i + 1 < kWheeler.size()) {
      EXPECT_TRUE(s.empty()) << "point " << i << ": " << JoinSignalIds(s);
    } else {
      // 5200 > 5082.28, and the jump 5200 - 3463 = 1737 > 1163.19.
      EXPECT_EQ(JoinSignalIds(s), "beyond_limits;mr_beyond_limit");
      EXPECT_EQ(s[0].side, Side::kAbove);
    }
  }
}

TEST(XmrTest, PlainValuesMatchSeriesForm) {
  std::vector<double> values;
  for (const SeriesPoint& p : kWheeler) values.push_back(*p.value);
  std::optional<XmrLimits> a = ComputeXmrLimits(std::span<const double>(values));
  std::optional<XmrLimits> b = ComputeXmrLimits(std::span<const SeriesPoint>(kWheeler));
  ASSERT_TRUE(a && b);
  EXPECT_DOUBLE_EQ(a->center, b->center);
  EXPECT_DOUBLE_EQ(a->avg_moving_range, b->avg_moving_range);
}

TEST(XmrTest, NeedsOneMovingRange) {
  EXPECT_FALSE(ComputeXmrLimits(std::span<const SeriesPoint>()).has_value());
  std::vector<SeriesPoint> one = Series({5});
  EXPECT_FALSE(ComputeXmrLimits(std::span<const SeriesPoint>(one)).has_value());
  // Two values two periods apart: no adjacent pair, no range.
  std::vector<SeriesPoint> gap = {{0, 1.0, {}}, {2, 3.0, {}}};
  EXPECT_FALSE(ComputeXmrLimits(std::span<const SeriesPoint>(gap)).has_value());
  std::vector<SeriesPoint> two = Series({1, 3});
  std::optional<XmrLimits> l = ComputeXmrLimits(std::span<const SeriesPoint>(two));
  ASSERT_TRUE(l.has_value());
  EXPECT_DOUBLE_EQ(l->center, 2);
  EXPECT_DOUBLE_EQ(l->avg_moving_range, 2);
  EXPECT_DOUBLE_EQ(l->upper, 2 + 2.66 * 2);
}

TEST(XmrTest, NullsAndGapsDoNotMakeRangesAcrossThem) {
  // 10, null, 20, 21, (period 4 missing), 30: ranges only 20->21.
  std::vector<SeriesPoint> s = {
      {0, 10.0, {}}, {1, std::nullopt, {}}, {2, 20.0, {}}, {3, 21.0, {}}, {5, 30.0, {}}};
  std::optional<XmrLimits> l = ComputeXmrLimits(std::span<const SeriesPoint>(s));
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->values, 4);
  EXPECT_EQ(l->moving_ranges, 1);
  EXPECT_DOUBLE_EQ(l->center, (10 + 20 + 21 + 30) / 4.0);
  EXPECT_DOUBLE_EQ(l->avg_moving_range, 1);
}

TEST(XmrTest, ConstantBaselineCollapsesTheLimitsOntoTheCenter) {
  std::vector<SeriesPoint> s = Series({1, 1, 1, 1, 1, 1, 1, 1, 0.99});
  BaselinePlan plan;
  Baseline b = BaselineAt(s, plan, 8);
  ASSERT_TRUE(b.limits.has_value());
  EXPECT_EQ(b.limits->avg_moving_range, 0);
  EXPECT_EQ(b.limits->lower, 1);
  EXPECT_EQ(b.limits->upper, 1);
  EXPECT_EQ(JoinSignalIds(DetectSignals(s, 8, *b.limits, {})), "beyond_limits;mr_beyond_limit");
  EXPECT_EQ(JoinSignalIds(DetectSignals(s, 7, *b.limits, {})), "");  // equal to the center
}

}  // namespace
}  // namespace northstar::judge
