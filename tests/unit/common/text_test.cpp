#include "common/text.h"
#include "common/status.h"

#include <gtest/gtest.h>

namespace northstar {
namespace {

TEST(EditDistanceTest, CountsEditsAndAdjacentSwaps) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("csta", "csat"), 1u);  // one swap, not two substitutions
  EXPECT_EQ(EditDistance("formula", "fromula"), 1u);
}

TEST(DidYouMeanTest, SuggestsOnlyPlausibleTypos) {
  std::vector<std::string> keys{"formula", "filter", "frequency", "csat"};
  EXPECT_EQ(DidYouMean("fromula", keys), " (did you mean 'formula'?)");
  EXPECT_EQ(DidYouMean("csta", keys), " (did you mean 'csat'?)");
  EXPECT_EQ(DidYouMean("zzzzzz", keys), "");
}

TEST(StatusTest, OkIsCheapAndErrorsCarryContext) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status bad = Status::NotFound("tickets.csv").WithContext("source tickets");
  EXPECT_EQ(bad.code(), StatusCode::kNotFound);
  EXPECT_EQ(bad.ToString(), "Not found: source tickets: tickets.csv");
  Result<int> r = Status::InvalidArgument("x");
  EXPECT_FALSE(r.ok());
  Result<int> v = 7;
  EXPECT_EQ(*v, 7);
}

}  // namespace
}  // namespace northstar

namespace northstar {
namespace {

// CSV injection: a reject file's cells come from untrusted data and are opened in
// spreadsheets, where "=HYPERLINK(...)" or "@SUM(...)" would run as a formula.
TEST(SpreadsheetCsvFieldTest, FormulaStartsAreNeutralisedWithAQuote) {
  EXPECT_EQ(SpreadsheetCsvField("=1+2"), "'=1+2");
  EXPECT_EQ(SpreadsheetCsvField("+1"), "'+1");
  EXPECT_EQ(SpreadsheetCsvField("-2"), "'-2");
  EXPECT_EQ(SpreadsheetCsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(SpreadsheetCsvField("\tx"), "'\tx");
  EXPECT_EQ(SpreadsheetCsvField("=HYPERLINK(\"http://x\",\"a,b\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"");
  EXPECT_EQ(SpreadsheetCsvField("plain"), "plain");
  EXPECT_EQ(SpreadsheetCsvField("a=b"), "a=b");
  EXPECT_EQ(SpreadsheetCsvField(""), "");
  EXPECT_EQ(SpreadsheetCsvField("x,=y"), "\"x,=y\"");
}

}  // namespace
}  // namespace northstar
