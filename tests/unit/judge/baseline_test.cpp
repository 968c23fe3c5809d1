#include "judge/baseline.h"

#include <gtest/gtest.h>

#include "judge/definition.h"
#include "test_util.h"

namespace northstar::judge {
namespace {

using testing::Series;
using testing::TableResolver;

std::vector<SeriesPoint> Ramp(int32_t n) {
  std::vector<SeriesPoint> s;
  for (int32_t p = 0; p < n; ++p) s.push_back({p, static_cast<double>(p % 3), {}});
  return s;
}

TEST(BaselineTest, RollingUsesThePeriodsBeforeThePoint) {
  BaselinePlan plan;  // 12 periods
  BaselineWindow w = WindowFor(plan, 20);
  EXPECT_EQ(w.from, 8);
  EXPECT_EQ(w.to, 19);
  std::vector<SeriesPoint> s = Ramp(30);
  Baseline b = BaselineAt(s, plan, 20);
  EXPECT_EQ(b.values, 12);
  EXPECT_FALSE(b.short_baseline);
  ASSERT_TRUE(b.limits.has_value());
  EXPECT_EQ(b.limits->values, 12);
}

TEST(BaselineTest, RollingUsesWhatExistsAndFlagsShortBelowEight) {
  std::vector<SeriesPoint> s = Ramp(30);
  BaselinePlan plan;
  Baseline first = BaselineAt(s, plan, 0);
  EXPECT_EQ(first.values, 0);
  EXPECT_TRUE(first.short_baseline);
  EXPECT_FALSE(first.limits.has_value());
  EXPECT_FALSE(BaselineAt(s, plan, 1).limits.has_value());  // one value, no range
  EXPECT_TRUE(BaselineAt(s, plan, 2).limits.has_value());
  Baseline seven = BaselineAt(s, plan, 7);
  EXPECT_EQ(seven.values, 7);
  EXPECT_TRUE(seven.short_baseline);
  Baseline eight = BaselineAt(s, plan, 8);
  EXPECT_EQ(eight.values, 8);
  EXPECT_FALSE(eight.short_baseline);
}

TEST(BaselineTest, NullsAndMissingPeriodsUseUpTheirSlot) {
  std::vector<SeriesPoint> s = Ramp(20);
  s[15].value.reset();
  s.erase(s.begin() + 17);  // period 17 missing
  BaselinePlan plan;
  Baseline b = BaselineAt(s, plan, 19);  // window 7..18 holds 12 periods, 10 values
  EXPECT_EQ(b.window.from, 7);
  EXPECT_EQ(b.values, 10);
}

TEST(BaselineTest, LockedWindowJudgesEveryPointAgainstTheSameLimits) {
  std::vector<SeriesPoint> s = Ramp(30);
  BaselinePlan plan;
  plan.locked = BaselinePlan::Window{0, 11};
  Baseline a = BaselineAt(s, plan, 3);
  Baseline b = BaselineAt(s, plan, 29);
  EXPECT_EQ(a.window.from, 0);
  EXPECT_EQ(b.window.to, 11);
  ASSERT_TRUE(a.limits && b.limits);
  EXPECT_DOUBLE_EQ(a.limits->center, b.limits->center);
  EXPECT_EQ(a.values, 12);
}

TEST(BaselineTest, ProcessChangeRestartsTheRollingWindow) {
  BaselinePlan plan;
  plan.process_changes = {20};
  EXPECT_EQ(WindowFor(plan, 19).from, 7);  // before the change: untouched
  BaselineWindow at = WindowFor(plan, 20);
  EXPECT_TRUE(at.empty());  // nothing after the change yet
  EXPECT_EQ(WindowFor(plan, 25).from, 20);
  EXPECT_EQ(WindowFor(plan, 25).to, 24);
  EXPECT_EQ(WindowFor(plan, 40).from, 28);  // a full window again

  // Limits after the change come from the new level only.
  std::vector<SeriesPoint> s;
  for (int32_t p = 0; p < 20; ++p) s.push_back({p, p % 2 ? 10.0 : 11.0, {}});
  for (int32_t p = 20; p < 30; ++p) s.push_back({p, p % 2 ? 50.0 : 51.0, {}});
  Baseline b = BaselineAt(s, plan, 29);
  ASSERT_TRUE(b.limits.has_value());
  EXPECT_DOUBLE_EQ(b.limits->center, (5 * 51.0 + 4 * 50.0) / 9);  // periods 20..28
  EXPECT_DOUBLE_EQ(b.limits->avg_moving_range, 1);
  EXPECT_EQ(b.values, 9);
}

TEST(BaselineTest, ProcessChangeMovesALockedWindow) {
  BaselinePlan plan;
  plan.locked = BaselinePlan::Window{0, 11};
  plan.process_changes = {30};
  EXPECT_EQ(WindowFor(plan, 29).from, 0);
  BaselineWindow after = WindowFor(plan, 35);
  EXPECT_EQ(after.from, 30);
  EXPECT_EQ(after.to, 41);
}

TEST(BaselineTest, DefinitionResolvesWindowAndChanges) {
  catalog::MeasureDef m;
  m.id = "first_response_30m";
  m.baseline.locked_from = "2026-W01";
  m.baseline.locked_to = "2026-W12";
  m.baseline.process_changes = {"2026-W30", "2026-W20"};
  PeriodResolver resolve =
      TableResolver({{"2026-W01", 1}, {"2026-W12", 12}, {"2026-W20", 20}, {"2026-W30", 30}});
  Result<JudgeDefinition> d = ResolveDefinition(m, resolve);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(d->baseline.locked.has_value());
  EXPECT_EQ(d->baseline.locked->from, 1);
  EXPECT_EQ(d->baseline.locked->to, 12);
  EXPECT_EQ(d->baseline.process_changes, (std::vector<int32_t>{20, 30}));

  m.baseline.locked_to = "2026-W99";
  m.baseline.where = {"catalog/kpis.yaml", 30, 15};
  d = ResolveDefinition(m, resolve);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("catalog/kpis.yaml:30:15"), std::string::npos);
  EXPECT_NE(d.status().message().find("first_response_30m"), std::string::npos);

  m.baseline = {};
  m.baseline.periods = 0;
  EXPECT_FALSE(ResolveDefinition(m, resolve).ok());
}

}  // namespace
}  // namespace northstar::judge
