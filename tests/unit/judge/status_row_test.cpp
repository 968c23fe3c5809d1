#include "judge/status_row.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace northstar::judge {
namespace {

TEST(StatusRowTest, PrintsTheStatusCsvFields) {
  JudgeDefinition def;
  def.direction = catalog::Direction::kHigherIsBetter;
  TargetRule rule;
  rule.direction = def.direction;
  rule.value = 0.8;
  def.targets.base = rule;
  def.baseline.locked = BaselinePlan::Window{0, 3};
  std::vector<SeriesPoint> s = testing::Series({0.8, 0.9, 0.8, 0.9, 0.1});
  s.push_back({5, std::nullopt, {}});
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, def);
  ASSERT_TRUE(r.ok());

  StatusRow first = ToStatusRow((*r)[0]);
  EXPECT_EQ(first.value, "0.8");
  EXPECT_EQ(first.target, "0.8");
  EXPECT_EQ(first.status, "on_track");
  // Window 0..3: mean 0.85, mR̄ 0.1 -> limits 0.85 -/+ 0.266.
  EXPECT_EQ(first.center, FormatNumber((0.8 + 0.9 + 0.8 + 0.9) / 4));
  EXPECT_EQ(first.lower_limit, FormatNumber((*r)[0].limits->lower));
  EXPECT_NEAR(std::stod(first.lower_limit), 0.85 - 0.266, 1e-12);
  EXPECT_NEAR(std::stod(first.upper_limit), 0.85 + 0.266, 1e-12);
  EXPECT_EQ(first.signals, "");

  StatusRow drop = ToStatusRow((*r)[4]);
  EXPECT_EQ(drop.status, "off_track");
  EXPECT_EQ(drop.signals, "beyond_limits;mr_beyond_limit");

  StatusRow null = ToStatusRow((*r)[5]);
  EXPECT_EQ(null.value, "");
  EXPECT_EQ(null.status, "no_data");
  EXPECT_EQ(null.target, "0.8");
  EXPECT_EQ(null.signals, "");
}

TEST(StatusRowTest, EmptyLimitsAndTargetForAMetricWithoutBaseline) {
  JudgeDefinition def;  // no target
  std::vector<SeriesPoint> s = testing::Series({3});
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, def);
  ASSERT_TRUE(r.ok());
  StatusRow row = ToStatusRow((*r)[0]);
  EXPECT_EQ(row.value, "3");
  EXPECT_EQ(row.target, "");
  EXPECT_EQ(row.status, "no_target");
  EXPECT_EQ(row.lower_limit, "");
  EXPECT_EQ(row.center, "");
  EXPECT_EQ(row.upper_limit, "");
}

}  // namespace
}  // namespace northstar::judge
