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
  std::vector<SegmentState> segments = {{"region=EU", KpiStatus::kOnTrack, 500, 0.9, false},
                                        {"region=APAC", KpiStatus::kOffTrack, 200, 0.6, true},
                                        {"region=XX", KpiStatus::kOffTrack, 99, 0.1, true},
                                        {"region=NA", KpiStatus::kWatch, 201, 0.78, true}};
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

TEST(MaskedSegment, OffTrackByChanceIsNotMasking) {
  // The total sits near its target, so a segment is off track in many periods by
  // chance: without a signal on its own limits it is not reported.
  std::vector<SegmentState> segments = {{"region=APAC", KpiStatus::kOffTrack, 200, 0.78, false},
                                        {"region=EU", KpiStatus::kOffTrack, 500, 0.79, false}};
  EXPECT_TRUE(FindMaskedSegments(KpiStatus::kOnTrack, 1000, segments).empty());
  segments[0].signalled = true;
  ASSERT_EQ(FindMaskedSegments(KpiStatus::kOnTrack, 1000, segments).size(), 1u);
}

TEST(MaskedSegment, ASignalMeansAnUnfavourableAlertingRuleOnTrustedLimits) {
  JudgedPoint p;
  p.value = 0.6;
  p.short_baseline = false;
  p.signals = {S(SignalRule::kBeyondLimits, Side::kBelow, Effect::kUnfavourable)};
  EXPECT_TRUE(HasMaskingSignal(p));
  p.signals = {S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kNeutral)};
  EXPECT_TRUE(HasMaskingSignal(p));
  // A favourable signal, a moving range alone: no.
  p.signals = {S(SignalRule::kBeyondLimits, Side::kAbove, Effect::kFavourable)};
  EXPECT_FALSE(HasMaskingSignal(p));
  p.signals = {S(SignalRule::kMrBeyondLimit, Side::kBelow, Effect::kUnfavourable)};
  EXPECT_FALSE(HasMaskingSignal(p));
  // Limits from fewer than 8 values, or a segment below the minimum volume: no.
  p.signals = {S(SignalRule::kRunOf8, Side::kBelow, Effect::kUnfavourable)};
  EXPECT_TRUE(HasMaskingSignal(p));
  p.short_baseline = true;
  EXPECT_FALSE(HasMaskingSignal(p));
  p.short_baseline = false;
  p.low_volume = true;
  EXPECT_FALSE(HasMaskingSignal(p));
}

TEST(MaskedSegment, SustainedMeansOffTrackWithASignalTwoPeriodsInARow) {
  JudgedPoint before;
  before.period = 9;
  before.value = 0.6;
  before.short_baseline = false;
  before.status = KpiStatus::kOffTrack;
  before.signals = {S(SignalRule::kBeyondLimits, Side::kBelow, Effect::kUnfavourable)};
  JudgedPoint now = before;
  now.period = 10;
  EXPECT_TRUE(SustainedMaskingSignal(&before, now));
  // A single period (no point before, a gap, an on-track or signal-free period before) is not.
  EXPECT_FALSE(SustainedMaskingSignal(nullptr, now));
  before.period = 8;
  EXPECT_FALSE(SustainedMaskingSignal(&before, now));
  before.period = 9;
  before.status = KpiStatus::kOnTrack;
  EXPECT_FALSE(SustainedMaskingSignal(&before, now));
  before.status = KpiStatus::kOffTrack;
  before.signals.clear();
  EXPECT_FALSE(SustainedMaskingSignal(&before, now));
  before.signals = now.signals;
  now.status = KpiStatus::kWatch;
  EXPECT_FALSE(SustainedMaskingSignal(&before, now));
}

}  // namespace
}  // namespace northstar::judge
