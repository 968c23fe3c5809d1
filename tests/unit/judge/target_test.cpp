#include "judge/target.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

namespace northstar::judge {
namespace {

using catalog::Direction;
using testing::TableResolver;

catalog::TargetRule Value(double v) {
  catalog::TargetRule r;
  r.kind = catalog::TargetRule::Kind::kValue;
  r.value = v;
  return r;
}

catalog::TargetRule Range(double lo, double hi) {
  catalog::TargetRule r;
  r.kind = catalog::TargetRule::Kind::kRange;
  r.low = lo;
  r.high = hi;
  return r;
}

catalog::TargetRule Plan(const char* from, double from_value, const char* to, double to_value) {
  catalog::TargetRule r;
  r.kind = catalog::TargetRule::Kind::kPlan;
  r.plan_from_period = from;
  r.plan_from_value = from_value;
  r.plan_to_period = to;
  r.plan_to_value = to_value;
  return r;
}

const PeriodResolver kWeeks = TableResolver({{"2026-W01", 1},
                                             {"2026-W05", 5},
                                             {"2026-W10", 10},
                                             {"2026-W26", 26},
                                             {"2026-02-01", 5},     // a date inside W05
                                             {"2026-03-05", 10}});  // a date inside W10

TargetSchedule Schedule(const catalog::MeasureDef& m) {
  Result<TargetSchedule> s = ResolveTargetSchedule(m, kWeeks);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : TargetSchedule{};
}

TEST(TargetTest, ThresholdHigherIsBetterIncludesEquality) {
  PeriodTarget t{PeriodTarget::Kind::kThreshold, Direction::kHigherIsBetter, 0.8};
  EXPECT_TRUE(TargetHolds(t, 0.8));
  EXPECT_TRUE(TargetHolds(t, 0.9));
  EXPECT_FALSE(TargetHolds(t, std::nextafter(0.8, 0.0)));
  EXPECT_DOUBLE_EQ(TargetMiss(t, 0.7), 0.8 - 0.7);
  EXPECT_EQ(TargetMiss(t, 0.8), 0);
}

TEST(TargetTest, ThresholdLowerIsBetterIncludesEquality) {
  PeriodTarget t{PeriodTarget::Kind::kThreshold, Direction::kLowerIsBetter, 30};
  EXPECT_TRUE(TargetHolds(t, 30));
  EXPECT_TRUE(TargetHolds(t, 12));
  EXPECT_FALSE(TargetHolds(t, std::nextafter(30.0, 31.0)));
  EXPECT_DOUBLE_EQ(TargetMiss(t, 33), 3);
}

TEST(TargetTest, RangeIsInclusiveAtBothEnds) {
  PeriodTarget t{PeriodTarget::Kind::kRange, Direction::kUnspecified, 0, 0.7, 0.9};
  EXPECT_TRUE(TargetHolds(t, 0.7));
  EXPECT_TRUE(TargetHolds(t, 0.9));
  EXPECT_FALSE(TargetHolds(t, std::nextafter(0.7, 0.0)));
  EXPECT_FALSE(TargetHolds(t, std::nextafter(0.9, 1.0)));
  EXPECT_DOUBLE_EQ(TargetMiss(t, 0.5), 0.7 - 0.5);
  EXPECT_DOUBLE_EQ(TargetMiss(t, 1.0), 1.0 - 0.9);
  EXPECT_DOUBLE_EQ(MissReference(t, 0.5), 0.7);
  EXPECT_DOUBLE_EQ(MissReference(t, 1.0), 0.9);
}

TEST(TargetTest, PlanInterpolatesAndClamps) {
  catalog::MeasureDef m;
  m.direction = Direction::kHigherIsBetter;
  m.target = Plan("2026-W01", 0.62, "2026-W26", 0.80);
  TargetSchedule s = Schedule(m);
  auto at = [&](int32_t p) { return TargetFor(s, "*", p)->value; };
  EXPECT_DOUBLE_EQ(at(1), 0.62);
  EXPECT_DOUBLE_EQ(at(26), 0.80);
  EXPECT_NEAR(at(10), 0.62 + 9.0 / 25.0 * 0.18, 1e-15);
  EXPECT_NEAR(at(13), 0.62 + 12.0 / 25.0 * 0.18, 1e-15);
  EXPECT_DOUBLE_EQ(at(-3), 0.62);  // before the path: its start
  EXPECT_DOUBLE_EQ(at(40), 0.80);  // after the path: its end
  // Read off, the plan is a threshold in the KPI's direction.
  PeriodTarget t = *TargetFor(s, "*", 10);
  EXPECT_EQ(t.kind, PeriodTarget::Kind::kThreshold);
  EXPECT_TRUE(TargetHolds(t, at(10)));
  EXPECT_FALSE(TargetHolds(t, at(10) - 1e-9));
}

TEST(TargetTest, PlanOfOnePeriodIsConstant) {
  TargetRule r;
  r.kind = TargetRule::Kind::kPlan;
  r.direction = Direction::kLowerIsBetter;
  r.plan_from = r.plan_to = 4;
  r.plan_from_value = 10;
  r.plan_to_value = 20;
  EXPECT_DOUBLE_EQ(ReadOff(r, 3).value, 10);
  EXPECT_DOUBLE_EQ(ReadOff(r, 4).value, 10);
  EXPECT_DOUBLE_EQ(ReadOff(r, 5).value, 20);
}

TEST(TargetTest, DatedChangesApplyFromTheirPeriodOn) {
  catalog::MeasureDef m;
  m.direction = Direction::kHigherIsBetter;
  m.target = Value(0.8);
  m.target_changes.push_back({"2026-03-05", Value(0.9)});   // W10, listed first
  m.target_changes.push_back({"2026-02-01", Value(0.85)});  // W05
  TargetSchedule s = Schedule(m);
  EXPECT_DOUBLE_EQ(TargetFor(s, "*", 4)->value, 0.8);
  EXPECT_DOUBLE_EQ(TargetFor(s, "*", 5)->value, 0.85);
  EXPECT_DOUBLE_EQ(TargetFor(s, "*", 9)->value, 0.85);
  EXPECT_DOUBLE_EQ(TargetFor(s, "*", 10)->value, 0.9);
  EXPECT_DOUBLE_EQ(TargetFor(s, "channel=email", 11)->value, 0.9);
}

TEST(TargetTest, DatedChangeCanDropTheTarget) {
  catalog::MeasureDef m;
  m.direction = Direction::kHigherIsBetter;
  m.target = Value(0.8);
  m.target_changes.push_back({"2026-03-05", catalog::TargetRule{}});
  TargetSchedule s = Schedule(m);
  EXPECT_TRUE(TargetFor(s, "*", 9).has_value());
  EXPECT_FALSE(TargetFor(s, "*", 10).has_value());
}

TEST(TargetTest, SegmentTargetOverridesDefaultAndChanges) {
  catalog::MeasureDef m;
  m.direction = Direction::kHigherIsBetter;
  m.target = Value(0.8);
  m.target_changes.push_back({"2026-02-01", Value(0.85)});
  m.segment_targets["channel=email"] = Range(0.6, 0.7);
  TargetSchedule s = Schedule(m);
  for (int32_t p : {1, 5, 20}) {
    std::optional<PeriodTarget> t = TargetFor(s, "channel=email", p);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->kind, PeriodTarget::Kind::kRange);
    EXPECT_DOUBLE_EQ(t->low, 0.6);
  }
  EXPECT_DOUBLE_EQ(TargetFor(s, "channel=chat", 1)->value, 0.8);
  EXPECT_DOUBLE_EQ(TargetFor(s, "*", 5)->value, 0.85);
}

TEST(TargetTest, NoTargetForAMetric) {
  catalog::MeasureDef m;
  m.is_kpi = false;
  TargetSchedule s = Schedule(m);
  EXPECT_FALSE(TargetFor(s, "*", 3).has_value());
}

TEST(TargetTest, ResolutionErrorsNameTheProblem) {
  catalog::MeasureDef m;
  m.target = Value(0.8);  // no direction
  m.target.where = {"catalog/kpis.yaml", 12, 5};
  Result<TargetSchedule> r = ResolveTargetSchedule(m, kWeeks);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("catalog/kpis.yaml:12:5"), std::string::npos);
  EXPECT_NE(r.status().message().find("direction"), std::string::npos);

  m.direction = Direction::kHigherIsBetter;
  m.target = Plan("2026-W26", 0.8, "2026-W01", 0.6);
  r = ResolveTargetSchedule(m, kWeeks);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("before it starts"), std::string::npos);

  m.target = Plan("2026-W01", 0.6, "2027-W99", 0.8);
  r = ResolveTargetSchedule(m, kWeeks);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2027-W99"), std::string::npos);

  m.target = Range(0.9, 0.7);
  r = ResolveTargetSchedule(m, kWeeks);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  // A range needs no direction.
  m.direction = Direction::kUnspecified;
  m.target = Range(0.7, 0.9);
  EXPECT_TRUE(ResolveTargetSchedule(m, kWeeks).ok());
}

TEST(TargetTest, FormatsShortestNumbers) {
  EXPECT_EQ(FormatTarget({PeriodTarget::Kind::kThreshold, Direction::kHigherIsBetter, 0.8}), "0.8");
  EXPECT_EQ(FormatTarget({PeriodTarget::Kind::kRange, Direction::kUnspecified, 0, 0.7, 0.9}), "0.7..0.9");
  EXPECT_EQ(FormatNumber(4135.5), "4135.5");
  EXPECT_EQ(FormatNumber(-2), "-2");
}

}  // namespace
}  // namespace northstar::judge
