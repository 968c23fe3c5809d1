// The values a KPI can take, read from its formula and unit, and limits clipped to them.
#include "actions/value_domain.h"

#include <gtest/gtest.h>

#include "actions/measure_format.h"

namespace northstar::actions {
namespace {

catalog::MeasureDef Measure(const std::string& id, const std::string& formula, const std::string& unit = "") {
  catalog::MeasureDef m;
  m.id = id;
  m.formula = formula;
  m.unit = unit;
  return m;
}

class ValueDomainTest : public ::testing::Test {
 protected:
  ValueDomain Of(const std::string& formula, const std::string& unit = "") {
    return DomainOf(Measure("x", formula, unit), catalog_);
  }
  catalog::Catalog catalog_;
};

TEST_F(ValueDomainTest, ShareIsBetweenZeroAndOne) {
  const ValueDomain d = Of("share(reopened)", "ratio");
  EXPECT_EQ(d.low, 0.0);
  EXPECT_EQ(d.high, 1.0);
  EXPECT_EQ(d.Clip(-0.013), 0.0);
  EXPECT_EQ(d.Clip(1.2), 1.0);
  EXPECT_EQ(d.Clip(0.4), 0.4);
  const ValueDomain complement = Of("1 - share(score <= 6 where score is not null)");
  EXPECT_EQ(complement.low, 0.0);
  EXPECT_EQ(complement.high, 1.0);
}

TEST_F(ValueDomainTest, CountsAndDurationsAreNeverNegative) {
  for (const char* f : {"count()", "count_distinct(user_id)", "count(customers where is_new) / 7",
                        "avg(minutes_between(created_at, first_reply_at, support_hours))",
                        "median(hours_between(created_at, resolved_at))",
                        "count(a where x in period) / count(b where y < period.start)"}) {
    const ValueDomain d = Of(f);
    EXPECT_EQ(d.low, 0.0) << f;
    EXPECT_FALSE(d.high.has_value()) << f;
  }
  // A duration unit is enough, whatever the formula.
  EXPECT_EQ(Of("avg(resolution)", "hours").low, 0.0);
}

TEST_F(ValueDomainTest, SignedQuantitiesStayUnbounded) {
  for (const char* f :
       {"sum(amount)", "avg(score) - 3", "(count(score >= 9) - count(score <= 6)) * 100 / count()",
        "1 - sum(amount where t = 'cogs') / sum(amount where t = 'revenue')", "not a formula ("}) {
    const ValueDomain d = Of(f, "ratio");
    EXPECT_FALSE(d.low.has_value()) << f;
    EXPECT_FALSE(d.high.has_value()) << f;
    EXPECT_EQ(d.Clip(-5.0), -5.0) << f;
  }
}

TEST_F(ValueDomainTest, MeasuresNamedInTheFormulaLendTheirRange) {
  catalog_.measures.push_back(Measure("resolved", "share(resolved_first_contact)"));
  catalog_.measures.push_back(Measure("tickets", "count()"));
  catalog_.measures.push_back(Measure("loop", "loop + 1"));  // a cycle ends unbounded
  const ValueDomain both = Of("resolved * tickets");
  EXPECT_EQ(both.low, 0.0);
  EXPECT_FALSE(both.high.has_value());
  EXPECT_EQ(Of("rolling_avg(resolved, 4)").high, 1.0);
  EXPECT_EQ(Of("growth(tickets)").low, -1.0);
  EXPECT_FALSE(Of("loop").low.has_value());
}

TEST_F(ValueDomainTest, HumanLimitsOfAShareAreClipped) {
  const MeasureFormat format(Measure("s", "share(x)", "ratio"), catalog_);
  judge::XmrLimits limits;
  limits.lower = -0.013;
  limits.center = 0.02;
  limits.upper = 0.053;
  EXPECT_EQ(format.LimitRange(limits), "0 % .. 5.3 %");
  EXPECT_EQ(format.Value(-0.013), "-1.3 %");  // values are never altered, only limits
}

}  // namespace
}  // namespace northstar::actions
