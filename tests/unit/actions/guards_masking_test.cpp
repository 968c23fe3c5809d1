// The cross-series rules of SPEC §5 on hand-made judged points.
#include <gtest/gtest.h>

#include "judge/guards.h"
#include "judge/masking.h"

namespace northstar::judge {
namespace {

JudgedPoint Point(int32_t period, std::vector<Signal> signals, bool low_volume = false) {
  JudgedPoint p;
  p.period = period;
  p.value = 1.0;
  p.signals = std::move(signals);
  p.low_volume = low_volume;
  return p;
}

Signal S(SignalRule rule, Side side, Effect effect) {
  return Signal{rule, side, effect, effect != Effect::kFavourable};
}

TEST(GamingRisk, KpiImprovesWhileGuardWorsensInTheSamePeriod) {
  std::vector<JudgedPoint> kpi = {
      Point(1, {}), Point(2, {S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kFavourable)}),
      Point(3, {S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kFavourable)})};
  std::vector<JudgedPoint> guard = {
      Point(2, {S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kUnfavourable)}),
      Point(3, {S(SignalRule::kBeyondLimits, Side::kBelow, Effect::kFavourable)})};
  auto risks = FindGamingRisks("speed", kpi, "reopen_rate", guard);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].period, 2);
  EXPECT_EQ(risks[0].kpi, "speed");
  EXPECT_EQ(risks[0].guard, "reopen_rate");
  EXPECT_EQ(DescribeGamingRisk(risks[0]),
            "speed improved (beyond_limits above) while reopen_rate worsened (beyond_limits above)");
}

TEST(GamingRisk, NeedsSignalsOnBothSidesAndEnoughVolume) {
  const Signal up = S(SignalRule::kThreeOfFour, Side::kAbove, Effect::kFavourable);
  const Signal bad = S(SignalRule::kRunOf8, Side::kAbove, Effect::kUnfavourable);
  const Signal neutral = S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kNeutral);
  // Guard worsens, KPI only moves inside its limits -> nothing.
  EXPECT_TRUE(FindGamingRisks("k", std::vector<JudgedPoint>{Point(1, {})}, "g",
                              std::vector<JudgedPoint>{Point(1, {bad})})
                  .empty());
  // A guard without direction (neutral signals) never reports.
  EXPECT_TRUE(FindGamingRisks("k", std::vector<JudgedPoint>{Point(1, {up})}, "g",
                              std::vector<JudgedPoint>{Point(1, {neutral})})
                  .empty());
  // Different periods do not pair.
  EXPECT_TRUE(FindGamingRisks("k", std::vector<JudgedPoint>{Point(1, {up})}, "g",
                              std::vector<JudgedPoint>{Point(2, {bad})})
                  .empty());
  // Low volume KPI point: no risk.
  EXPECT_TRUE(FindGamingRisks("k", std::vector<JudgedPoint>{Point(1, {up}, true)}, "g",
                              std::vector<JudgedPoint>{Point(1, {bad})})
                  .empty());
  EXPECT_EQ(FindGamingRisks("k", std::vector<JudgedPoint>{Point(1, {up})}, "g",
                            std::vector<JudgedPoint>{Point(1, {bad})})
                .size(),
            1u);
}

TEST(MaskedSegment, OffTrackSegmentWithTenPercentOfRowsUnderAnOnTrackTotal) {
  std::vector<SegmentState> segments = {{"region=EU", KpiStatus::kOnTrack, 500, 0.9},
                                        {"region=APAC", KpiStatus::kOffTrack, 200, 0.6},
                                        {"region=XX", KpiStatus::kOffTrack, 99, 0.1},
                                        {"region=NA", KpiStatus::kWatch, 201, 0.78}};
  auto masked = FindMaskedSegments(KpiStatus::kOnTrack, 1000, segments);
  ASSERT_EQ(masked.size(), 1u);
  EXPECT_EQ(masked[0].segment, "region=APAC");
  EXPECT_DOUBLE_EQ(masked[0].share, 0.2);
  // Exactly 10 % counts.
  segments[2].rows = 100;
  EXPECT_EQ(FindMaskedSegments(KpiStatus::kOnTrack, 1000, segments).size(), 2u);
  // A total that is itself off track or watch masks nothing.
  EXPECT_TRUE(FindMaskedSegments(KpiStatus::kOffTrack, 1000, segments).empty());
  EXPECT_TRUE(FindMaskedSegments(KpiStatus::kWatch, 1000, segments).empty());
  EXPECT_TRUE(FindMaskedSegments(KpiStatus::kOnTrack, 0, segments).empty());
}

}  // namespace
}  // namespace northstar::judge
