#include "formula/functions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "formula/compiler.h"
#include "test_catalog.h"

namespace northstar::formula {
namespace {

std::string DocsFormula() {
  std::ifstream in(std::string(NORTHSTAR_SOURCE_DIR) + "/docs/formula.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first error of compiling KPI `k` (source tickets) with `formula`.
std::string FirstError(const std::string& formula) {
  catalog::Catalog cat = testing::MakeCatalog();
  testing::AddKpi(cat, "k", formula, "tickets");
  Diagnostics diags;
  CompileCatalog(cat, diags);
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::kError) return d.message;
  }
  return "";
}

TEST(FunctionsTest, EveryKindOfCallHasOneEntryWithItsOwnName) {
  std::set<std::string_view> names;
  for (const FunctionInfo& f : Functions()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name << " is in the table twice";
    EXPECT_EQ(FindFunction(f.name), &f);
    EXPECT_EQ(f.usage.substr(0, f.name.size() + 1), std::string(f.name) + "(") << f.usage;
    EXPECT_LE(f.min_args, f.max_args) << f.name;
    EXPECT_FALSE(f.result.empty() || f.nulls.empty()) << f.name;
  }
  for (int i = 1; i <= static_cast<int>(Function::kSentiment); ++i) {
    EXPECT_EQ(InfoOf(static_cast<Function>(i)).function, static_cast<Function>(i)) << i;
  }
  for (int i = 1; i <= static_cast<int>(Aggregate::kShare); ++i) {
    EXPECT_EQ(InfoOf(static_cast<Aggregate>(i)).aggregate, static_cast<Aggregate>(i)) << i;
  }
  for (int i = 1; i <= static_cast<int>(Series::kRollingAvg); ++i) {
    EXPECT_EQ(InfoOf(static_cast<Series>(i)).series, static_cast<Series>(i)) << i;
  }
  EXPECT_EQ(FindFunction("median")->state, AggregateState::kOrdered);
  EXPECT_EQ(FindFunction("count_distinct")->state, AggregateState::kDistinct);
  EXPECT_EQ(FindFunction("sum")->state, AggregateState::kRunning);
  EXPECT_EQ(FindFunction("nope"), nullptr);
}

TEST(FunctionsTest, TheFormulaReferenceDocumentsEveryFunction) {
  const std::string docs = DocsFormula();
  ASSERT_FALSE(docs.empty());
  for (const FunctionInfo& f : Functions()) {
    EXPECT_NE(docs.find("`" + std::string(f.name) + "("), std::string::npos)
        << "docs/formula.md does not list " << f.name << "(";
  }
}

TEST(FunctionsTest, EveryCallWithTooManyArgumentsNamesTheCountAndTheUsage) {
  for (const FunctionInfo& f : Functions()) {
    std::string call = std::string(f.name) + "(";
    for (int i = 0; i <= f.max_args; ++i) call += i == 0 ? "1" : ", 1";
    call += ")";
    const std::string expected = "'" + std::string(f.name) + "(' takes " + ArgumentCountText(f) +
                                 (f.max_args == 1 ? " argument" : " arguments") + ", got " +
                                 std::to_string(f.max_args + 1);
    EXPECT_EQ(FirstError(call), expected) << call;
  }
  EXPECT_EQ(ArgumentCountText(*FindFunction("coalesce")), "1 to 64");
  EXPECT_EQ(ArgumentCountText(*FindFunction("count")), "0 or 1");
  EXPECT_EQ(ArgumentCountText(*FindFunction("if")), "3");
}

TEST(FunctionsTest, DatePartsReadTheWorkspaceZoneAcrossDaylightSaving) {
  auto zone = time::ZoneConverter::Create("Europe/Berlin");
  ASSERT_TRUE(zone.ok());
  // 2026-03-29 01:30 UTC is 03:30 in Berlin, the first hour of summer time, a Sunday.
  const time::Micros utc = int64_t{1774747800} * time::kMicrosPerSecond;
  auto part = [&](std::string_view name) { return FindFunction(name)->date_part(utc, *zone); };
  EXPECT_EQ(part("year"), 2026);
  EXPECT_EQ(part("quarter"), 1);
  EXPECT_EQ(part("month"), 3);
  EXPECT_EQ(part("day"), 29);
  EXPECT_EQ(part("hour"), 3);
  EXPECT_EQ(part("weekday"), 7);
  // Local midnight of that day was still winter time: 2026-03-28 23:00 UTC.
  EXPECT_EQ(part("date"), int64_t{1774738800} * time::kMicrosPerSecond);
  // One microsecond before the epoch is the last hour of 1969-12-31, a Wednesday.
  const auto utc_zone = time::ZoneConverter::Utc();
  EXPECT_EQ(FindFunction("hour")->date_part(-1, utc_zone), 23);
  EXPECT_EQ(FindFunction("weekday")->date_part(-1, utc_zone), 3);
  EXPECT_EQ(FindFunction("year")->date_part(-1, utc_zone), 1969);
}

}  // namespace
}  // namespace northstar::formula
