// Numbers for people: each unit's spelling, digits, signs and the values that must
// never reach a reader (nan, "-0", scientific notation).
#include "common/number_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace northstar {
namespace {

std::string Q(double v, const char* unit) {
  return FormatQuantity(v, ParseUnit(unit));
}

TEST(NumberFormatTest, RatioIsAPercentage) {
  EXPECT_EQ(Q(0.853, "ratio"), "85.3 %");
  EXPECT_EQ(Q(0.8126, "ratio"), "81.3 %");
  EXPECT_EQ(Q(1, "ratio"), "100 %");
  EXPECT_EQ(Q(0.5, "share"), "50 %");
  EXPECT_EQ(Q(0.0012, "ratio"), "0.12 %");
  EXPECT_EQ(Q(0.99996, "ratio"), "100 %");
  EXPECT_EQ(Q(-0.013, "ratio"), "-1.3 %");
  EXPECT_EQ(Q(3.2, "ratio"), "320 %");
}

TEST(NumberFormatTest, PercentIsAlreadyInPercent) {
  EXPECT_EQ(Q(85.3, "percent"), "85.3 %");
  EXPECT_EQ(Q(7, "%"), "7 %");
}

TEST(NumberFormatTest, MoneyCarriesItsCurrency) {
  EXPECT_EQ(Q(1234.5, "EUR"), "€1,234.50");
  EXPECT_EQ(Q(1234.5, "eur"), "€1,234.50");
  EXPECT_EQ(Q(-1234.5, "USD"), "-$1,234.50");
  EXPECT_EQ(Q(0.5, "GBP"), "£0.50");
  EXPECT_EQ(Q(4304347.826086957, "EUR"), "€4,304,348");
  EXPECT_EQ(Q(1234.5, "CHF"), "1,234.50 CHF");
  EXPECT_EQ(Q(12345.678, "EUR/day"), "€12,345.68/day");
  EXPECT_EQ(Q(-0.001, "EUR"), "€0.00");  // no "-€0.00"
}

TEST(NumberFormatTest, DurationsInTheirUnit) {
  EXPECT_EQ(Q(42, "minutes"), "42 min");
  EXPECT_EQ(Q(42.35, "min"), "42.4 min");
  EXPECT_EQ(Q(3.5, "hours"), "3.5 h");
  EXPECT_EQ(Q(3.4567, "h"), "3.5 h");
  EXPECT_EQ(Q(754.4, "working minutes"), "754 min");
  EXPECT_EQ(Q(2.14, "days"), "2.1 days");
  EXPECT_EQ(Q(0.25, "hours"), "0.25 h");
}

TEST(NumberFormatTest, CountsAreGroupedAndNamed) {
  EXPECT_EQ(Q(4304347.826086957, "tickets"), "4,304,348 tickets");
  EXPECT_EQ(Q(999, "users"), "999 users");
  EXPECT_EQ(Q(1000, "users"), "1,000 users");
  EXPECT_EQ(Q(142.57, "tickets"), "143 tickets");
}

TEST(NumberFormatTest, PlainNumbersKeepThreeSignificantDigits) {
  EXPECT_EQ(Q(500000, ""), "500,000");  // was "5e+05"
  EXPECT_EQ(Q(4.1234, "score"), "4.12");
  EXPECT_EQ(Q(42.35, "score"), "42.4");
  EXPECT_EQ(Q(4.1, "score"), "4.1");
  EXPECT_EQ(Q(0.01234, ""), "0.0123");
  EXPECT_EQ(Q(-27.5, "score"), "-27.5");
  EXPECT_EQ(Q(12, ""), "12");
}

TEST(NumberFormatTest, NegativeZeroNeverShows) {
  EXPECT_EQ(Q(-0.0, "ratio"), "0 %");
  EXPECT_EQ(Q(-0.0, ""), "0");
  EXPECT_EQ(Q(-0.00001, "ratio"), "-0.001 %");
  EXPECT_EQ(Q(-1e-12, "ratio"), "0 %");
  EXPECT_EQ(Q(-0.04, "minutes"), "-0.04 min");
  EXPECT_EQ(Q(-0.004, "hours"), "-0.004 h");
  EXPECT_EQ(FormatChange(-0.0, ParseUnit("ratio")), "0 pp");
  EXPECT_EQ(FormatChange(-1e-15, ParseUnit("EUR")), "€0.00");
}

TEST(NumberFormatTest, HugeAndTinyValuesAreNeverScientific) {
  EXPECT_EQ(Q(1e20, ""), "100,000,000,000,000,000,000");
  EXPECT_EQ(Q(-2.5e15, "EUR"), "-€2,500,000,000,000,000");
  EXPECT_EQ(Q(1.2e-7, ""), "0.00000012");
  EXPECT_EQ(Q(1e-12, ""), "0");
  EXPECT_EQ(Q(std::numeric_limits<double>::denorm_min(), ""), "0");
  for (double v : {1e300, 1e-300, 5e5, 1.5e-5}) {
    const std::string text = Q(v, "");
    EXPECT_EQ(text.find('e'), std::string::npos) << text;
    EXPECT_EQ(text.find('E'), std::string::npos) << text;
  }
}

TEST(NumberFormatTest, NanAndInfinityPrintAsAGap) {
  EXPECT_EQ(Q(std::nan(""), "ratio"), "-");
  EXPECT_EQ(Q(INFINITY, "EUR"), "-");
  EXPECT_EQ(Q(-INFINITY, ""), "-");
  EXPECT_EQ(FormatQuantity(std::nullopt, ParseUnit("ratio")), "-");
  EXPECT_EQ(FormatChange(std::nan(""), ParseUnit("ratio")), "-");
  EXPECT_EQ(FormatRelativeChange(std::nan("")), "-");
}

TEST(NumberFormatTest, ChangesAreSignedInTheUnit) {
  EXPECT_EQ(FormatChange(0.012, ParseUnit("ratio")), "+1.2 pp");
  EXPECT_EQ(FormatChange(-0.05, ParseUnit("ratio")), "-5 pp");
  EXPECT_EQ(FormatChange(-3.5, ParseUnit("EUR")), "-€3.50");
  EXPECT_EQ(FormatChange(4.5, ParseUnit("minutes")), "+4.5 min");
  EXPECT_EQ(FormatChange(1200, ParseUnit("tickets")), "+1,200 tickets");
  EXPECT_EQ(FormatRelativeChange(0.125), "+12.5 %");
  EXPECT_EQ(FormatRelativeChange(-0.003), "-0.3 %");
}

TEST(NumberFormatTest, UnitSpellings) {
  EXPECT_EQ(ParseUnit("ratio").kind, UnitKind::kRatio);
  EXPECT_EQ(ParseUnit(" Ratio ").kind, UnitKind::kRatio);
  EXPECT_EQ(ParseUnit("EUR").kind, UnitKind::kCurrency);
  EXPECT_EQ(ParseUnit("EUR/day").kind, UnitKind::kCurrency);
  EXPECT_EQ(ParseUnit("hours").kind, UnitKind::kDuration);
  EXPECT_EQ(ParseUnit("score").kind, UnitKind::kNumber);
  EXPECT_EQ(ParseUnit("score").suffix, "");
  EXPECT_EQ(ParseUnit("tickets").suffix, " tickets");
  EXPECT_EQ(ParseUnit("abc").kind, UnitKind::kNumber);  // lower case: not a currency code
  EXPECT_EQ(FormatPlainNumber(1234567.8), "1,234,568");
}

}  // namespace
}  // namespace northstar
