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
