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
  // The verdicts on the week-20 dip were reached in week 24 (four weeks after it):
  // a review of week 41 does not repeat them, the review of week 24 lists them.
  const size_t verdicts41 = md.find("## Verdicts");
  ASSERT_NE(verdicts41, std::string::npos);
  EXPECT_EQ(md.substr(verdicts41).find(Week(20)), std::string::npos) << md;
  options.period = Week(24);
  auto w24 = BuildReview(*a, *log_, options);
  ASSERT_TRUE(w24.ok());
  const std::string verdicts24 = w24->markdown.substr(w24->markdown.find("## Verdicts"));
  // The whole population's `*` is escaped in Markdown.
  EXPECT_NE(verdicts24.find("speed \\* " + Week(20) + " — Add a shift during peak hours → **worked**"),
            std::string::npos)
      << w24->markdown;
  EXPECT_NE(verdicts24.find("csat \\* " + Week(20)), std::string::npos) << w24->markdown;
  EXPECT_NE(verdicts24.find("→ **no_effect**"), std::string::npos) << w24->markdown;
  // Nothing opened after week 24 (the gaming alert of week 30, the masked APAC of 40+).
  EXPECT_EQ(w24->markdown.find(Week(30)), std::string::npos) << w24->markdown;
  EXPECT_EQ(w24->markdown.find("region=APAC"), std::string::npos) << w24->markdown;
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
  // speed is a ratio: its value and target read as percentages, csat (a score) plainly.
  EXPECT_NE(off20_section.find("**speed** " + Week(20) + " = 60 % (target 80 %, owner head)"),
            std::string::npos)
      << md20;
  EXPECT_NE(off20_section.find("(target 4, owner quality-lead)"), std::string::npos) << md20;
  EXPECT_NE(dip->html.find("60 %"), std::string::npos);
  // Masked: the segment's value in percent too.
  EXPECT_NE(md.find("region=APAC (20 % of rows) off track at 59 % while the total is on track at "),
            std::string::npos)
      << md;
}

TEST_F(ReviewTest, TitleFollowsThePeriodsGrain) {
  auto a = Assess();
  ReviewOptions options;
  options.period = Week(30);
  auto weekly = BuildReview(*a, *log_, options);
  ASSERT_TRUE(weekly.ok());
  EXPECT_EQ(weekly->markdown.rfind("# Weekly review — " + Week(30) + "\n", 0), 0u) << weekly->markdown;
  options.period = "2025-06";
  auto monthly = BuildReview(*a, *log_, options);
  ASSERT_TRUE(monthly.ok()) << monthly.status().ToString();
  EXPECT_EQ(monthly->markdown.rfind("# Monthly review — 2025-06\n", 0), 0u) << monthly->markdown;
  EXPECT_NE(monthly->html.find("<h1>Monthly review — 2025-06</h1>"), std::string::npos);
  options.period = "2025-Q2";
  auto quarterly = BuildReview(*a, *log_, options);
  ASSERT_TRUE(quarterly.ok());
  EXPECT_EQ(quarterly->markdown.rfind("# Quarterly review", 0), 0u) << quarterly->markdown;
}

TEST_F(ReviewTest, MaskedSegmentGetsASegmentTable) {
  auto a = Assess();
  ReviewOptions options;
  options.period = Week(41);
  auto doc = BuildReview(*a, *log_, options);
  ASSERT_TRUE(doc.ok());
  // APAC: 200 of 1000 rows, at 0.59 (fixture: 0.60 + noise), masked by the total.
  const std::string& md = doc->markdown;
  const size_t section = md.find("## Segments off track");
  ASSERT_NE(section, std::string::npos) << md;
  EXPECT_NE(
      md.find("- **speed** " + Week(41) + " region=APAC: 59 %, off_track (masked by the total), 20 % of rows",
              section),
      std::string::npos)
      << md;
  EXPECT_EQ(md.find("region=EU", section), std::string::npos) << md;  // on track: not listed
  const size_t card = doc->html.find("<section class=\"kpi\" id=\"speed\"");
  ASSERT_NE(card, std::string::npos);
  const std::string speed_card = doc->html.substr(card, doc->html.find("</section>", card) - card);
  EXPECT_NE(speed_card.find("<table class=\"segments\">"), std::string::npos) << speed_card;
  EXPECT_NE(speed_card.find("<td>region=APAC</td><td>20 %</td><td>59 %</td>"), std::string::npos)
      << speed_card;
  // A week without problem segments has no table.
  options.period = Week(10);
  auto quiet = BuildReview(*a, *log_, options);
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(quiet->html.find("class=\"segments\""), std::string::npos);
}

TEST_F(ReviewTest, CardsShowTypeUnitConstraintsAndLeadingIndicatorsComeFirst) {
  auto a = Assess();
  ReviewOptions options;
  options.period = Week(30);
  auto doc = BuildReview(*a, *log_, options);
  ASSERT_TRUE(doc.ok());
  const std::string& html = doc->html;
  const size_t csat = html.find("<section class=\"kpi\" id=\"csat\"");
  const size_t speed = html.find("<section class=\"kpi\" id=\"speed\"");
  const size_t quality = html.find("<section class=\"kpi\" id=\"quality\"");
  ASSERT_NE(csat, std::string::npos);
  ASSERT_NE(speed, std::string::npos);
  ASSERT_NE(quality, std::string::npos);
  EXPECT_LT(csat, speed);  // csat is the only leading indicator; catalog order otherwise
  EXPECT_LT(speed, quality);
  EXPECT_NE(html.find("operational · leading · quantitative · unit: score", csat), std::string::npos);
  EXPECT_NE(html.substr(speed, quality - speed).find("unit: ratio · constraints: Spam excluded"),
            std::string::npos);
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
  // The legend names what is drawn.
  const size_t legend = svg.find("class=\"legend\"");
  ASSERT_NE(legend, std::string::npos);
  for (const char* name : {">value<", ">target<", ">process limits<", ">prior year<", ">signal<"})
    EXPECT_NE(svg.find(name, legend), std::string::npos) << name;
  // Without a prior year there is no prior-year entry.
  pts[0].prior = pts[1].prior = std::nullopt;
  const std::string no_prior = LineChart(pts, "t");
  EXPECT_EQ(no_prior.find(">prior year<"), std::string::npos);
}

// The x labels of the chart: (x, text) in drawing order.
std::vector<std::pair<double, std::string>> XLabels(const std::string& svg) {
  std::vector<std::pair<double, std::string>> out;
  const std::string tag = "<text class=\"xlabel\" x=\"";
  for (size_t pos = svg.find(tag); pos != std::string::npos; pos = svg.find(tag, pos + 1)) {
    const double x = std::stod(svg.substr(pos + tag.size()));
    const size_t open = svg.find('>', pos) + 1;
    out.push_back({x, svg.substr(open, svg.find('<', open) - open)});
  }
  return out;
}

TEST(SvgChart, XLabelsAreThinnedAndStayInsideTheChart) {
  std::vector<ChartPoint> months;
  for (int m = 1; m <= 12; ++m) {
    ChartPoint p;
    p.label = "2025-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
    p.value = 0.8 + 0.01 * m;
    months.push_back(p);
  }
  const int width = 460;
  const auto labels = XLabels(LineChart(months, "m", ParseUnit("ratio"), width));
  ASSERT_GE(labels.size(), 3u);
  EXPECT_LT(labels.size(), 12u);               // 12 labels of 7 characters do not fit side by side
  EXPECT_EQ(labels.back().second, "2025-12");  // the period under review is always labelled
  const double half = 7 * 6.0 / 2;             // 7 characters of about 6 px, centred
  for (size_t i = 0; i < labels.size(); ++i) {
    EXPECT_GE(labels[i].first - half, 0) << labels[i].second;
    EXPECT_LE(labels[i].first + half, width) << labels[i].second;
    if (i > 0) EXPECT_GE(labels[i].first - labels[i - 1].first, 2 * half) << labels[i].second;
  }
  // Six weeks all fit.
  std::vector<ChartPoint> weeks(months.begin(), months.begin() + 6);
  EXPECT_EQ(XLabels(LineChart(weeks, "w", ParseUnit("ratio"), width)).size(), 6u);
}

TEST(SvgChart, AxisTicksCarryTheUnit) {
  std::vector<ChartPoint> pts = {{"a", 0.80, {}, 0.85, {}, {}, false}, {"b", 0.90, {}, 0.85, {}, {}, false}};
  const std::string ratio = LineChart(pts, "r", ParseUnit("ratio"));
  EXPECT_NE(ratio.find("class=\"ytick\""), std::string::npos);
  EXPECT_NE(ratio.find(">85 %</text>"), std::string::npos) << ratio;  // the middle tick
  pts[0].value = 1200;
  pts[1].value = 1800;
  pts[0].target = pts[1].target = 1500;
  const std::string money = LineChart(pts, "e", ParseUnit("EUR"));
  EXPECT_NE(money.find(">€1,500.00</text>"), std::string::npos) << money;
  EXPECT_EQ(money.find("e+"), std::string::npos);
}

}  // namespace
}  // namespace northstar::review
