// The assessment: judged series from the results store plus gaming and masking.
#include "actions/assessment.h"

#include <gtest/gtest.h>

#include "actions/alert_config.h"
#include "actions/mix_rate.h"
#include "actions/text_format.h"
#include "fixture.h"

namespace northstar::actions {
namespace {

using testing::PlantedWorkspace;
using testing::Week;

class AssessmentTest : public PlantedWorkspace {};

TEST_F(AssessmentTest, JudgesAtTheReviewGrainWithSignalsWhereTheStepIs) {
  auto a = Assess();
  auto s = a->Series("speed", "*");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_NE(*s, nullptr);
  EXPECT_EQ((*s)->grain, catalog::Grain::kWeek);
  ASSERT_EQ((*s)->points.size(), static_cast<size_t>(testing::kWeeks));
  // Once the baseline holds 8 values, the noise before the dip raises no signal.
  for (int i = 8; i < 20; ++i) EXPECT_EQ((*s)->points[i].SignalIds(), "") << Week(i);
  const AssessedPoint* dip = (*s)->Find(Week(20));
  ASSERT_NE(dip, nullptr);
  EXPECT_EQ(dip->judged.status, judge::KpiStatus::kOffTrack);
  EXPECT_TRUE(dip->alerting());
  EXPECT_NE(dip->SignalIds().find("beyond_limits"), std::string::npos);
}

TEST_F(AssessmentTest, GamingRiskOnTheKpiWhenItsGuardWorsens) {
  auto a = Assess();
  auto s = a->Series("speed", "*");
  ASSERT_TRUE(s.ok() && *s);
  const AssessedPoint* p = (*s)->Find(Week(30));
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->gaming.size(), 1u);
  EXPECT_EQ(p->gaming[0].guard, "quality");
  EXPECT_NE(p->SignalIds().find("gaming_risk"), std::string::npos);
  // The dip of week 20 is not gaming: the KPI got worse.
  EXPECT_TRUE((*s)->Find(Week(20))->gaming.empty());
}

TEST_F(AssessmentTest, MaskedSegmentWhenTheTotalIsOnTrack) {
  auto a = Assess();
  auto s = a->Series("speed", "*");
  ASSERT_TRUE(s.ok() && *s);
  // APAC falls off track with a signal in week 40: one period is not yet a problem
  // the average hides; the second one is.
  const AssessedPoint* first = (*s)->Find(Week(40));
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(first->masked.empty());
  const AssessedPoint* p = (*s)->Find(Week(41));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->judged.status, judge::KpiStatus::kOnTrack);
  ASSERT_EQ(p->masked.size(), 1u);
  EXPECT_EQ(p->masked[0].segment, "region=APAC");
  EXPECT_DOUBLE_EQ(p->masked[0].share, 0.2);
  EXPECT_NE(p->SignalIds().find("masked_segment"), std::string::npos);
  for (int i = 0; i < 41; ++i) EXPECT_TRUE((*s)->points[i].masked.empty()) << Week(i);
}

TEST_F(AssessmentTest, GrainOverrideAndSegmentsList) {
  AssessOptions o;
  o.grain = catalog::Grain::kMonth;  // no monthly values written: falls back to the frequency
  auto a = Assess(o);
  EXPECT_EQ(a->DefaultGrain(*catalog_.FindMeasure("speed")), catalog::Grain::kMonth);
  EXPECT_EQ(*a->Series("speed", catalog::Grain::kMonth, "*"), nullptr);
  auto s = a->Series("speed", "*");
  ASSERT_TRUE(s.ok() && *s);
  EXPECT_EQ((*s)->grain, catalog::Grain::kWeek);
  auto b = Assess();
  EXPECT_EQ(b->Segments("speed", catalog::Grain::kWeek),
            (std::vector<std::string>{"*", "region=APAC", "region=EU", "region=NA"}));
}

TEST_F(AssessmentTest, MinimumVolumeSilencesAlerts) {
  AssessOptions o;
  o.judge.min_rows = 5000;  // every point has 1000 rows or fewer
  auto a = Assess(o);
  auto s = a->Series("speed", "*");
  ASSERT_TRUE(s.ok() && *s);
  const AssessedPoint* dip = (*s)->Find(Week(20));
  EXPECT_FALSE(dip->judged.signals.empty());
  EXPECT_FALSE(dip->alerting());
}

TEST(PeriodResolver, MapsLabelsAndDatesToTheSeriesGrain) {
  auto week = ResolverFor(catalog::Grain::kWeek);
  EXPECT_EQ(*week("2026-W10"), time::ParsePeriod("2026-W10")->index);
  EXPECT_EQ(*week("2026-03-05"), time::ParsePeriod("2026-W10")->index);
  auto month = ResolverFor(catalog::Grain::kMonth);
  EXPECT_EQ(*month("2026-W10"), time::ParsePeriod("2026-03")->index);
  EXPECT_FALSE(week("garbage").ok());
}

TEST(MixRate, RateAndMixSumToTheChangeOfAWeightedMean) {
  std::vector<SegmentValue> before = {{"c=a", 0.8, 500}, {"c=b", 0.6, 500}};
  std::vector<SegmentValue> after = {{"c=a", 0.8, 800}, {"c=b", 0.5, 200}};
  const double t0 = 0.5 * 0.8 + 0.5 * 0.6, t1 = 0.8 * 0.8 + 0.2 * 0.5;
  MixRate mr = DecomposeChange(before, after, t0, t1);
  ASSERT_TRUE(mr.change);
  EXPECT_NEAR(*mr.change, t1 - t0, 1e-12);
  EXPECT_NEAR(mr.rate + mr.mix, t1 - t0, 1e-12);
  EXPECT_NEAR(mr.residual, 0, 1e-12);
  EXPECT_NEAR(mr.rate, -0.1 * 0.35, 1e-12);  // only b's own value moved
  ASSERT_EQ(mr.segments.size(), 2u);
  EXPECT_EQ(mr.segments[0].segment, "c=a");  // a gained share: the biggest effect
  EXPECT_NEAR(mr.segments[0].rate, 0, 1e-12);
  EXPECT_NEAR(mr.segments[0].mix, 0.3 * 0.8, 1e-12);
}

TEST(TextFormat, SparklineAndCsv) {
  std::vector<std::optional<double>> v = {1, 2, std::nullopt, 8};
  EXPECT_EQ(Sparkline(v), "▁▂ █");
  std::vector<std::optional<double>> flat = {3, 3};
  EXPECT_EQ(Sparkline(flat), "▄▄");
  EXPECT_EQ(CsvField("region=a,b"), "\"region=a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("plain"), "plain");
}

TEST(AlertConfig, ParsesEveryKeyAndRejectsMistakes) {
  auto c = ParseAlertConfig(R"(workspace: x
alerts:
  favourable: true
  min_rows: 30
  segments: true
  file: out/alerts.jsonl
  webhooks:
    - url: http://127.0.0.1:9/hook
    - {url: "http://localhost/slack", format: slack}
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->favourable);
  EXPECT_EQ(c->min_rows, 30);
  EXPECT_TRUE(c->segments);
  EXPECT_EQ(c->file, "out/alerts.jsonl");
  ASSERT_EQ(c->webhooks.size(), 2u);
  EXPECT_EQ(c->webhooks[1].format, WebhookConfig::Format::kSlack);
  auto defaults = ParseAlertConfig("workspace: x\n");
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->favourable);
  EXPECT_EQ(defaults->file, ".northstar/alerts.jsonl");
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  favorable: true\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  webhooks:\n    - url: https://x\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  webhooks:\n    - {url: 'http://x', format: teams}\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  min_rows: many\n").ok());
}

}  // namespace
}  // namespace northstar::actions
