#include "judge/status.h"

#include <gtest/gtest.h>

#include <cmath>

namespace northstar::judge {
namespace {

using catalog::Direction;
using catalog::Tolerance;

const PeriodTarget kAtLeast08{PeriodTarget::Kind::kThreshold, Direction::kHigherIsBetter, 0.8};
const PeriodTarget kAtMost30{PeriodTarget::Kind::kThreshold, Direction::kLowerIsBetter, 30};
const PeriodTarget kBetween{PeriodTarget::Kind::kRange, Direction::kUnspecified, 0, 0.7, 0.9};

Tolerance Xmr() {
  return Tolerance{};
}
Tolerance Percent(double p) {
  return Tolerance{Tolerance::Kind::kPercent, p, {}};
}
Tolerance Absolute(double a) {
  return Tolerance{Tolerance::Kind::kAbsolute, a, {}};
}

XmrLimits Limits(double lower, double upper) {
  XmrLimits l;
  l.lower = lower;
  l.upper = upper;
  l.center = (lower + upper) / 2;
  return l;
}

TEST(StatusTest, Names) {
  EXPECT_STREQ(KpiStatusName(KpiStatus::kOnTrack), "on_track");
  EXPECT_STREQ(KpiStatusName(KpiStatus::kWatch), "watch");
  EXPECT_STREQ(KpiStatusName(KpiStatus::kOffTrack), "off_track");
  EXPECT_STREQ(KpiStatusName(KpiStatus::kNoData), "no_data");
}

TEST(StatusTest, NullIsNoDataAndNoRuleIsNoTarget) {
  EXPECT_EQ(StatusOf(std::nullopt, kAtLeast08, Xmr(), Limits(0.7, 0.9)), KpiStatus::kNoData);
  EXPECT_EQ(StatusOf(std::nullopt, std::nullopt, Xmr(), std::nullopt), KpiStatus::kNoData);
  EXPECT_EQ(StatusOf(0.5, std::nullopt, Xmr(), std::nullopt), KpiStatus::kNoTarget);
}

TEST(StatusTest, OnTrackWhenTheRuleHolds) {
  EXPECT_EQ(StatusOf(0.8, kAtLeast08, Xmr(), std::nullopt), KpiStatus::kOnTrack);
  EXPECT_EQ(StatusOf(30, kAtMost30, Absolute(0), std::nullopt), KpiStatus::kOnTrack);
  EXPECT_EQ(StatusOf(0.9, kBetween, Percent(0), std::nullopt), KpiStatus::kOnTrack);
}

TEST(StatusTest, XmrToleranceWatchesMissesInsideTheLimits) {
  const XmrLimits l = Limits(0.74, 0.84);
  EXPECT_EQ(StatusOf(0.75, kAtLeast08, Xmr(), l), KpiStatus::kWatch);
  EXPECT_EQ(StatusOf(0.74, kAtLeast08, Xmr(), l), KpiStatus::kWatch);  // on the limit = inside
  EXPECT_EQ(StatusOf(std::nextafter(0.74, 0.0), kAtLeast08, Xmr(), l), KpiStatus::kOffTrack);
  EXPECT_EQ(StatusOf(0.71, kAtLeast08, Xmr(), l), KpiStatus::kOffTrack);
  // No limits yet: a miss cannot be called noise.
  EXPECT_EQ(StatusOf(0.79, kAtLeast08, Xmr(), std::nullopt), KpiStatus::kOffTrack);
}

TEST(StatusTest, PercentToleranceIsOfTheTarget) {
  EXPECT_EQ(StatusOf(0.76, kAtLeast08, Percent(5), std::nullopt), KpiStatus::kWatch);  // miss = 5 %
  EXPECT_EQ(StatusOf(0.7599, kAtLeast08, Percent(5), std::nullopt), KpiStatus::kOffTrack);
  EXPECT_EQ(StatusOf(31.5, kAtMost30, Percent(5), std::nullopt), KpiStatus::kWatch);
  EXPECT_EQ(StatusOf(31.51, kAtMost30, Percent(5), std::nullopt), KpiStatus::kOffTrack);
  // A range: percent of the bound that was missed.
  EXPECT_EQ(StatusOf(0.665, kBetween, Percent(5), std::nullopt), KpiStatus::kWatch);  // 0.7 - 5 %
  EXPECT_EQ(StatusOf(0.945, kBetween, Percent(5), std::nullopt), KpiStatus::kWatch);  // 0.9 + 5 %
  EXPECT_EQ(StatusOf(0.9451, kBetween, Percent(5), std::nullopt), KpiStatus::kOffTrack);
}

TEST(StatusTest, AbsoluteToleranceIsInTheKpiUnit) {
  EXPECT_EQ(StatusOf(0.78, kAtLeast08, Absolute(0.02), std::nullopt), KpiStatus::kWatch);
  EXPECT_EQ(StatusOf(0.7799, kAtLeast08, Absolute(0.02), std::nullopt), KpiStatus::kOffTrack);
  EXPECT_EQ(StatusOf(32, kAtMost30, Absolute(2), std::nullopt), KpiStatus::kWatch);
  EXPECT_EQ(StatusOf(32.001, kAtMost30, Absolute(2), std::nullopt), KpiStatus::kOffTrack);
  // Limits play no part outside the xmr tolerance.
  EXPECT_EQ(StatusOf(0.75, kAtLeast08, Absolute(0.02), Limits(0.7, 0.9)), KpiStatus::kOffTrack);
}

}  // namespace
}  // namespace northstar::judge
