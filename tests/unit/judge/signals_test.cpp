#include "judge/signals.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace northstar::judge {
namespace {

using catalog::Direction;
using testing::Series;

// Hand-made limits: center 0, sigma 1 (1.5 sigma = 1.5), limits ±3, range limit 3.
XmrLimits Limits() {
  XmrLimits l;
  l.center = 0;
  l.sigma = 1;
  l.avg_moving_range = 1.128;
  l.lower = -3;
  l.upper = 3;
  l.mr_upper = 3;
  return l;
}

std::string IdsAtLast(const std::vector<SeriesPoint>& s, const SignalOptions& o = {}) {
  return JoinSignalIds(DetectSignals(s, s.size() - 1, Limits(), o));
}

TEST(SignalsTest, RuleIds) {
  EXPECT_STREQ(SignalRuleId(SignalRule::kBeyondLimits), "beyond_limits");
  EXPECT_STREQ(SignalRuleId(SignalRule::kMrBeyondLimit), "mr_beyond_limit");
  EXPECT_STREQ(SignalRuleId(SignalRule::kRunOf8), "run_of_8");
  EXPECT_STREQ(SignalRuleId(SignalRule::kThreeOfFour), "3_of_4");
}

TEST(SignalsTest, BeyondLimitsIsStrict) {
  EXPECT_EQ(IdsAtLast(Series({3.0})), "");
  EXPECT_EQ(IdsAtLast(Series({-3.0})), "");
  EXPECT_EQ(IdsAtLast(Series({3.0001})), "beyond_limits");
  EXPECT_EQ(IdsAtLast(Series({-3.0001})), "beyond_limits");
  std::vector<Signal> s = DetectSignals(Series({-3.5}), 0, Limits(), {});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].side, Side::kBelow);
}

TEST(SignalsTest, NullPointHasNoSignals) {
  std::vector<SeriesPoint> s = {{0, std::nullopt, {}}};
  EXPECT_TRUE(DetectSignals(s, 0, Limits(), {}).empty());
}

TEST(SignalsTest, MovingRangeBeyondLimit) {
  EXPECT_EQ(IdsAtLast(Series({-1, 2})), "");  // jump of exactly 3
  EXPECT_EQ(IdsAtLast(Series({-1, 2.01})), "mr_beyond_limit");
  std::vector<Signal> down = DetectSignals(Series({2, -1.01}), 1, Limits(), {});
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0].rule, SignalRule::kMrBeyondLimit);
  EXPECT_EQ(down[0].side, Side::kBelow);
  // No range across a missing period or a null.
  std::vector<SeriesPoint> gap = {{0, -1.0, {}}, {2, 2.5, {}}};
  EXPECT_EQ(IdsAtLast(gap), "");
  std::vector<SeriesPoint> null = {{0, -1.0, {}}, {1, std::nullopt, {}}, {2, 2.5, {}}};
  EXPECT_EQ(IdsAtLast(null), "");
}

TEST(SignalsTest, RunOfEightNeedsExactlyEight) {
  EXPECT_EQ(IdsAtLast(Series({-0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5})), "");  // 7 above
  EXPECT_EQ(IdsAtLast(Series({0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5})), "run_of_8");
  EXPECT_EQ(IdsAtLast(Series({-0.1, -0.2, -0.3, -0.1, -0.2, -0.3, -0.1, -0.2})), "run_of_8");
  // A value on the center line is on neither side.
  EXPECT_EQ(IdsAtLast(Series({0.5, 0.5, 0.5, 0.0, 0.5, 0.5, 0.5, 0.5})), "");
  // Nine on one side: fires at the 8th and the 9th.
  std::vector<SeriesPoint> nine = Series({1, 1, 1, 1, 1, 1, 1, 1, 1});
  EXPECT_EQ(JoinSignalIds(DetectSignals(nine, 6, Limits(), {})), "");
  EXPECT_EQ(JoinSignalIds(DetectSignals(nine, 7, Limits(), {})), "run_of_8");
  EXPECT_EQ(JoinSignalIds(DetectSignals(nine, 8, Limits(), {})), "run_of_8");
  // A missing period inside the run breaks it.
  std::vector<SeriesPoint> gap = Series({1, 1, 1, 1});
  for (int32_t p = 5; p < 9; ++p) gap.push_back({p, 1.0, {}});
  EXPECT_EQ(IdsAtLast(gap), "");
}

TEST(SignalsTest, ThreeOfFourBeyondOneAndAHalfSigma) {
  EXPECT_EQ(IdsAtLast(Series({1.6, 0, 1.6, 1.6})), "3_of_4");
  EXPECT_EQ(IdsAtLast(Series({1.6, 1.6, 1.6, 1.6})), "3_of_4");
  EXPECT_EQ(IdsAtLast(Series({1.6, 0, 0, 1.6})), "");    // 2 of 4
  EXPECT_EQ(IdsAtLast(Series({1.6, 0, 1.5, 1.6})), "");  // exactly 1.5 sigma is not beyond
  EXPECT_EQ(IdsAtLast(Series({1.6, 1.6, 1.6, 0})), "");  // the pattern must end here
  // Beyond on both sides, two each: no 3_of_4 (the jumps do break the range limit).
  EXPECT_EQ(IdsAtLast(Series({1.6, -1.6, 1.6, -1.6})), "mr_beyond_limit");
  EXPECT_EQ(IdsAtLast(Series({-2, -1.6, 0, -1.6})), "3_of_4");
  std::vector<Signal> below = DetectSignals(Series({-2, -1.6, 0, -1.6}), 3, Limits(), {});
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0].side, Side::kBelow);
  // Only three successive points exist: no window of four yet.
  EXPECT_EQ(IdsAtLast(Series({1.6, 1.6, 1.6})), "");
}

TEST(SignalsTest, FavourableSignalsDoNotAlertUnlessAsked) {
  std::vector<SeriesPoint> up = Series({4});
  std::vector<SeriesPoint> down = Series({-4});
  SignalOptions higher{Direction::kHigherIsBetter, false, 0};
  SignalOptions lower{Direction::kLowerIsBetter, false, 0};
  SignalOptions none{Direction::kUnspecified, false, 0};

  Signal s = DetectSignals(up, 0, Limits(), higher).at(0);
  EXPECT_EQ(s.effect, Effect::kFavourable);
  EXPECT_FALSE(s.alert);
  s = DetectSignals(down, 0, Limits(), higher).at(0);
  EXPECT_EQ(s.effect, Effect::kUnfavourable);
  EXPECT_TRUE(s.alert);
  s = DetectSignals(up, 0, Limits(), lower).at(0);
  EXPECT_EQ(s.effect, Effect::kUnfavourable);
  EXPECT_TRUE(s.alert);
  s = DetectSignals(down, 0, Limits(), lower).at(0);
  EXPECT_EQ(s.effect, Effect::kFavourable);
  EXPECT_FALSE(s.alert);
  s = DetectSignals(up, 0, Limits(), none).at(0);
  EXPECT_EQ(s.effect, Effect::kNeutral);
  EXPECT_TRUE(s.alert);

  SignalOptions also_good{Direction::kHigherIsBetter, true, 0};
  EXPECT_TRUE(DetectSignals(up, 0, Limits(), also_good).at(0).alert);
}

TEST(SignalsTest, LowVolumePointsKeepSignalsButDoNotAlert) {
  SignalOptions o{Direction::kHigherIsBetter, false, 10};
  std::vector<SeriesPoint> s = {{0, -4.0, 9}};
  std::vector<Signal> got = DetectSignals(s, 0, Limits(), o);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].alert);
  EXPECT_TRUE(IsLowVolume(s[0], 10));
  s[0].rows = 10;
  EXPECT_TRUE(DetectSignals(s, 0, Limits(), o).at(0).alert);
  EXPECT_FALSE(IsLowVolume(s[0], 10));
  s[0].rows.reset();  // unknown volume: no volume rule
  EXPECT_TRUE(DetectSignals(s, 0, Limits(), o).at(0).alert);
}

}  // namespace
}  // namespace northstar::judge
