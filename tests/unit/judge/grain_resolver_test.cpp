#include "judge/grain_resolver.h"

#include <gtest/gtest.h>

#include "judge/judge.h"
#include "time/period.h"

namespace northstar::judge {
namespace {

using catalog::Grain;

int32_t Index(const PeriodResolver& r, std::string_view text) {
  Result<int32_t> i = r(text);
  EXPECT_TRUE(i.ok()) << text << ": " << i.status().ToString();
  return i.ok() ? *i : -1;
}

TEST(GrainResolverTest, SameGrainLabelsNameThemselves) {
  PeriodResolver weeks = ResolverForGrain(Grain::kWeek);
  EXPECT_EQ(Index(weeks, "2026-W10"), time::ParsePeriod("2026-W10")->index);
  EXPECT_EQ(Index(weeks, "2026-W11") - Index(weeks, "2026-W10"), 1);
  PeriodResolver months = ResolverForGrain(Grain::kMonth);
  EXPECT_EQ(Index(months, "2026-03"), 2026 * 12 + 2);
}

TEST(GrainResolverTest, DatesNameThePeriodTheyFallIn) {
  PeriodResolver weeks = ResolverForGrain(Grain::kWeek);
  // 2026-03-05 is a Thursday of ISO week 10; 2021-01-03 belongs to 2020-W53.
  EXPECT_EQ(Index(weeks, "2026-03-05"), Index(weeks, "2026-W10"));
  EXPECT_EQ(Index(weeks, "2021-01-03"), Index(weeks, "2020-W53"));
  PeriodResolver months = ResolverForGrain(Grain::kMonth);
  EXPECT_EQ(Index(months, "2026-03-31"), Index(months, "2026-03"));
  PeriodResolver quarters = ResolverForGrain(Grain::kQuarter);
  EXPECT_EQ(Index(quarters, "2026-05-15"), 2026 * 4 + 1);
}

TEST(GrainResolverTest, CoarserLabelsNameThePeriodOfTheirFirstDay) {
  PeriodResolver weeks = ResolverForGrain(Grain::kWeek);
  EXPECT_EQ(Index(weeks, "2026-Q2"), Index(weeks, "2026-04-01"));
  PeriodResolver days = ResolverForGrain(Grain::kDay);
  EXPECT_EQ(Index(days, "2026-W10"), Index(days, "2026-03-02"));  // its Monday
}

TEST(GrainResolverTest, RejectsTextThatIsNoPeriod) {
  PeriodResolver weeks = ResolverForGrain(Grain::kWeek);
  EXPECT_FALSE(weeks("next tuesday").ok());
  EXPECT_FALSE(weeks("2025-W53").ok());  // 2025 has 52 ISO weeks
}

TEST(GrainResolverTest, DrivesAPlanOverWeeks) {
  catalog::MeasureDef m;
  m.id = "first_response_30m";
  m.direction = catalog::Direction::kHigherIsBetter;
  m.target.kind = catalog::TargetRule::Kind::kPlan;
  m.target.plan_from_period = "2026-W01";
  m.target.plan_from_value = 0.62;
  m.target.plan_to_period = "2026-W26";
  m.target.plan_to_value = 0.80;
  PeriodResolver weeks = ResolverForGrain(Grain::kWeek);
  const int32_t w10 = Index(weeks, "2026-W10");
  std::vector<SeriesPoint> s = {{w10, 0.70, std::nullopt}};
  Result<std::vector<JudgedPoint>> r = JudgeSeries(s, m, weeks);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR((*r)[0].target->value, 0.6848, 1e-12);
  EXPECT_EQ((*r)[0].status, KpiStatus::kOnTrack);
}

}  // namespace
}  // namespace northstar::judge
