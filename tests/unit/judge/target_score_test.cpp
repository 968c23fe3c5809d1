// A KPI's 0..1 score against its target (judge/target_score.h): 1 when met, else one
// minus the relative shortfall.
#include "judge/target_score.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace northstar::judge {
namespace {

PeriodTarget Threshold(double value, catalog::Direction direction) {
  PeriodTarget t;
  t.kind = PeriodTarget::Kind::kThreshold;
  t.direction = direction;
  t.value = value;
  return t;
}

PeriodTarget Range(double low, double high) {
  PeriodTarget t;
  t.kind = PeriodTarget::Kind::kRange;
  t.low = low;
  t.high = high;
  return t;
}

constexpr auto kHigher = catalog::Direction::kHigherIsBetter;
constexpr auto kLower = catalog::Direction::kLowerIsBetter;

TEST(TargetScoreTest, MetTargetsScoreOneWithTheBoundaryIncluded) {
  EXPECT_EQ(TargetScore(Threshold(0.8, kHigher), 0.8), 1.0);
  EXPECT_EQ(TargetScore(Threshold(0.8, kHigher), 0.95), 1.0);
  EXPECT_EQ(TargetScore(Threshold(20, kLower), 20), 1.0);
  EXPECT_EQ(TargetScore(Threshold(20, kLower), 3), 1.0);
  EXPECT_EQ(TargetScore(Range(2, 4), 2), 1.0);
  EXPECT_EQ(TargetScore(Range(2, 4), 4), 1.0);
}

TEST(TargetScoreTest, AShortfallCostsItsShareOfTheTarget) {
  // 0.6 against 0.8: 0.2 short of 0.8 -> 1 - 0.25.
  EXPECT_DOUBLE_EQ(*TargetScore(Threshold(0.8, kHigher), 0.6), 0.75);
  // 30 minutes against at most 20: 10 over -> 1 - 0.5.
  EXPECT_DOUBLE_EQ(*TargetScore(Threshold(20, kLower), 30), 0.5);
  // Below a range [2, 4] by 0.5 -> 1 - 0.5/2; above it by 1 -> 1 - 1/4.
  EXPECT_DOUBLE_EQ(*TargetScore(Range(2, 4), 1.5), 0.75);
  EXPECT_DOUBLE_EQ(*TargetScore(Range(2, 4), 5), 0.75);
  // A negative target scales by its size: -10 wanted (higher), -15 reached.
  EXPECT_DOUBLE_EQ(*TargetScore(Threshold(-10, kHigher), -15), 0.5);
}

TEST(TargetScoreTest, ScoresStayWithinZeroAndOne) {
  EXPECT_EQ(TargetScore(Threshold(0.8, kHigher), -5), 0.0);
  EXPECT_EQ(TargetScore(Threshold(20, kLower), 1000), 0.0);
  // A zero reference has no scale: any shortfall is 0, meeting it is 1.
  EXPECT_EQ(TargetScore(Threshold(0, kLower), 0.001), 0.0);
  EXPECT_EQ(TargetScore(Threshold(0, kLower), 0), 1.0);
}

TEST(TargetScoreTest, NoDirectionOrNoNumberGivesNoScore) {
  EXPECT_FALSE(TargetScore(Threshold(0.8, catalog::Direction::kUnspecified), 0.5));
  EXPECT_FALSE(TargetScore(Threshold(0.8, kHigher), std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(TargetScore(Threshold(0.8, kHigher), std::numeric_limits<double>::infinity()));
}

}  // namespace
}  // namespace northstar::judge
