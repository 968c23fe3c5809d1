// The review on the planted workspace: charts, tables and the summary sections.
#include "review/review.h"

#include <gtest/gtest.h>

#include "../actions/fixture.h"
#include "actions/alert_run.h"
#include "review/markdown_text.h"
#include "review/svg_chart.h"

namespace northstar::review {
namespace {

using actions::testing::Week;

class ReviewTest : public actions::testing::PlantedWorkspace {};

TEST_F(ReviewTest, GamingWeekShowsTheRiskAndSignalsInHtmlAndMarkdown) {
  auto a = Assess();
  ReviewOptions options;
  options.period = Week(30);
  options.today = time::LastDay(time::ParsePeriod(Week(30)).value());
  auto doc = BuildReview(*a, *log_, options);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->period, Week(30));
  EXPECT_EQ(doc->html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(doc->html.find("<svg"), std::string::npos);
  EXPECT_NE(doc->html.find("class=\"band\""), std::string::npos);
  EXPECT_NE(doc->html.find("class=\"signal\""), std::string::npos);
  EXPECT_NE(doc->html.find("class=\"target\""), std::string::npos);
  EXPECT_EQ(doc->html.find("<script"), std::string::npos);  // self-contained, static
  const std::string& md = doc->markdown;
  const size_t gaming = md.find("## Gaming risks");
  const size_t masked = md.find("## Masked segments");
  ASSERT_NE(gaming, std::string::npos);
  ASSERT_NE(masked, std::string::npos);
  const std::string gaming_section = md.substr(gaming, masked - gaming);
  EXPECT_NE(gaming_section.find("speed improved"), std::string::npos) << md;
  EXPECT_NE(gaming_section.find("quality worsened"), std::string::npos) << md;
  EXPECT_NE(md.substr(masked).find("- none"), std::string::npos) << md;
}

TEST_F(ReviewTest, MaskedWeekAndVerdictsAfterAnAlertRun) {
  auto a = Assess();
  actions::AlertRunOptions run;
  run.all_periods = true;
  run.today = time::LastDay(time::ParsePeriod(Week(47)).value()) + 1;
  run.now_iso = "2026-01-01T00:00:00Z";
  ASSERT_TRUE(actions::RunAlerts(*a, *log_, {}, {}, run).ok());
  ReviewOptions options;
  options.period = Week(41);  // APAC off track with a signal since week 40: masked
  options.today = run.today;
  auto doc = BuildReview(*a, *log_, options);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::string& md = doc->markdown;
  EXPECT_NE(md.find("region=APAC (20 % of rows)"), std::string::npos) << md;
  EXPECT_NE(md.find("→ **worked**"), std::string::npos) << md;
  EXPECT_NE(md.find("→ **no_effect**"), std::string::npos) << md;
  // Off track: speed's total is on track (that is the point of masking).
  const size_t off = md.find("## Off track"), sig = md.find("## Signals");
  EXPECT_EQ(md.substr(off, sig - off).find("**speed**"), std::string::npos) << md;
  // In the week of the dip both speed and csat are off track.
  options.period = Week(20);
  auto dip = BuildReview(*a, *log_, options);
  ASSERT_TRUE(dip.ok());
  const std::string& md20 = dip->markdown;
  const size_t off20 = md20.find("## Off track");
  const std::string off20_section = md20.substr(off20, md20.find("## Signals") - off20);
  EXPECT_NE(off20_section.find("**speed**"), std::string::npos) << md20;
  EXPECT_NE(off20_section.find("**csat**"), std::string::npos) << md20;
}

// Catalog and data text is escaped in the Markdown (and HTML) review: an owner of
// `<!channel>` or `<script>` once went into review.md raw.
TEST_F(ReviewTest, HostileTextIsEscapedInMarkdownAndHtml) {
  for (catalog::MeasureDef& m : catalog_.measures) m.owner = "<!channel> <script>x</script> **b** [l](u)";
  auto a = Assess();
  ReviewOptions options;
  options.period = Week(20);  // speed and csat off track: the owner is printed
  options.today = time::LastDay(time::ParsePeriod(Week(20)).value());
  auto doc = BuildReview(*a, *log_, options);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::string& md = doc->markdown;
  EXPECT_NE(md.find("owner &lt;!channel&gt; &lt;script&gt;x&lt;/script&gt; \\*\\*b\\*\\* \\[l\\](u))"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<!channel>"), std::string::npos) << md;
  EXPECT_EQ(md.find("<script"), std::string::npos) << md;
  EXPECT_NE(md.find("**speed**"), std::string::npos) << "the review's own emphasis stays: " << md;
  EXPECT_EQ(doc->html.find("<script"), std::string::npos);
  EXPECT_EQ(doc->html.find("<!channel>"), std::string::npos);
}

TEST(MarkdownEscapeTest, EscapesHtmlAndMarkdownButKeepsIdsReadable) {
  EXPECT_EQ(MarkdownEscape("first_response_30m"), "first_response_30m");
  EXPECT_EQ(MarkdownEscape("_x_ a*b `c` a|b ~d~ \\"), "\\_x\\_ a\\*b \\`c\\` a\\|b \\~d\\~ \\\\");
  EXPECT_EQ(MarkdownEscape("a & <b>"), "a &amp; &lt;b&gt;");
  EXPECT_EQ(MarkdownEscape("one\n# two"), "one # two");
}

TEST(SvgChart, DrawsBandTargetPriorAndSignals) {
  std::vector<ChartPoint> pts = {{"a", 1.0, 0.9, 1.2, 0.8, 1.4, false}, {"b", 2.0, 1.0, 1.2, 0.8, 1.4, true}};
  const std::string svg = LineChart(pts, "t <1>");
  EXPECT_NE(svg.find("t &lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("class=\"band\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"prior\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"signal\""), std::string::npos);
  EXPECT_NE(LineChart({}, "empty").find("no data"), std::string::npos);
}

}  // namespace
}  // namespace northstar::review
