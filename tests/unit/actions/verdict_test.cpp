// The verdict rule of verdict.h on constructed series.
#include "actions/verdict.h"

#include <gtest/gtest.h>

namespace northstar::actions {
namespace {

std::vector<judge::SeriesPoint> Series(std::vector<double> after, int32_t opened = 10) {
  std::vector<judge::SeriesPoint> out;
  out.push_back({opened, 0.6, 100});
  for (size_t i = 0; i < after.size(); ++i)
    out.push_back({opened + 1 + static_cast<int32_t>(i), after[i], 100});
  return out;
}

VerdictInput Input() {
  VerdictInput in;
  in.direction = catalog::Direction::kHigherIsBetter;
  in.opened_period = 10;
  in.opening_value = 0.6;
  judge::XmrLimits l;
  l.center = 0.83;
  l.sigma = 0.01;
  l.lower = 0.80;
  l.upper = 0.86;
  in.before = l;
  in.window = 4;
  return in;
}

TEST(Verdict, SustainedReturnWorks) {
  Verdict v = JudgeAction(Series({0.6, 0.83, 0.84, 0.82}), Input());
  EXPECT_EQ(v.kind, VerdictKind::kWorked) << v.reason;
  EXPECT_EQ(v.values, 4);
  EXPECT_EQ(v.improved, 3);
  EXPECT_TRUE(v.last_improved);
}

TEST(Verdict, OnePointIsNotAShift) {
  Verdict v = JudgeAction(Series({0.6, 0.61, 0.6, 0.84}), Input());
  EXPECT_EQ(v.kind, VerdictKind::kNoEffect) << v.reason;
  EXPECT_EQ(v.improved, 1);
}

TEST(Verdict, StayingDownIsNoEffect) {
  Verdict v = JudgeAction(Series({0.6, 0.59, 0.61, 0.6, 0.9}), Input());  // 0.9 lies outside the window
  EXPECT_EQ(v.kind, VerdictKind::kNoEffect);
  EXPECT_EQ(v.values, 4);
  EXPECT_EQ(v.improved, 0);
}

TEST(Verdict, MixedOrRelapsingIsInconclusive) {
  EXPECT_EQ(JudgeAction(Series({0.83, 0.84, 0.6, 0.6}), Input()).kind, VerdictKind::kInconclusive);
  // Three improved but the last point fell back beyond the old lower limit.
  EXPECT_EQ(JudgeAction(Series({0.83, 0.84, 0.85, 0.7}), Input()).kind, VerdictKind::kInconclusive);
}

TEST(Verdict, TooFewValuesNoLimitsOrNoDirectionAreInconclusive) {
  Verdict few = JudgeAction(Series({0.83, 0.84}), Input());
  EXPECT_EQ(few.kind, VerdictKind::kInconclusive);
  EXPECT_EQ(few.values, 2);
  VerdictInput no_limits = Input();
  no_limits.before.reset();
  EXPECT_EQ(JudgeAction(Series({0.83, 0.84, 0.85, 0.83}), no_limits).kind, VerdictKind::kInconclusive);
  VerdictInput no_direction = Input();
  no_direction.direction = catalog::Direction::kUnspecified;
  EXPECT_EQ(JudgeAction(Series({0.83, 0.84, 0.85, 0.83}), no_direction).kind, VerdictKind::kInconclusive);
}

TEST(Verdict, LowerIsBetterMirrors) {
  VerdictInput in = Input();
  in.direction = catalog::Direction::kLowerIsBetter;
  in.opening_value = 0.3;
  in.before->center = 0.1;
  in.before->lower = 0.07;
  in.before->upper = 0.13;
  std::vector<judge::SeriesPoint> s = {
      {10, 0.3, 1}, {11, 0.1, 1}, {12, 0.11, 1}, {13, 0.09, 1}, {14, 0.1, 1}};
  EXPECT_EQ(JudgeAction(s, in).kind, VerdictKind::kWorked);
}

TEST(Verdict, WindowCoversTheReviewDateAndAtLeastFourPeriods) {
  EXPECT_EQ(VerdictWindow(10, 12), 4);
  EXPECT_EQ(VerdictWindow(10, 16), 6);
}

}  // namespace
}  // namespace northstar::actions
