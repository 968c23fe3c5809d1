#include "formula/compiler.h"

#include <gtest/gtest.h>

#include "formula/parser.h"
#include "formula/printer.h"
#include "test_catalog.h"

namespace northstar::formula {
namespace {

using testing::AddKpi;
using testing::MakeCatalog;

// Compiles a catalog whose KPI `k` (source tickets, formula at kpis.yaml:10:14) has `formula`.
struct One {
  catalog::Catalog cat = MakeCatalog();
  CompiledCatalog compiled;
  Diagnostics diags;
  explicit One(const std::string& formula, const std::string& filter = "",
               const std::string& source = "tickets") {
    AddKpi(cat, "signups", "count(customers where is_new)", "customers", 30);
    AddKpi(cat, "spend_total", "sum(spend.amount)", "", 31);
    catalog::MeasureDef& k = AddKpi(cat, "k", formula, source);
    k.filter = filter;
    compiled = CompileCatalog(cat, diags);
  }
  const CompiledMeasure& k() const { return *compiled.Find("k"); }
  const Expr& f() const { return *k().formula; }
  bool ok() const { return !diags.has_errors() && k().formula != nullptr; }
  const Diagnostic& error() const {
    static Diagnostic none;
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::kError) return d;
    }
    return none;
  }
  // "rule@line:col: message"
  std::string E() const {
    const Diagnostic& d = error();
    return d.rule + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
           d.message;
  }
};

TEST(CompilerTest, CountAndShareOverTheKpiSource) {
  One c("share(minutes_between(created_at, first_reply_at, support_hours) <= 30)",
        "not is_spam and not is_duplicate");
  ASSERT_TRUE(c.ok()) << c.E();
  EXPECT_EQ(c.k().type, ValueType::kFloat);
  const Expr& agg = c.f();
  EXPECT_EQ(agg.kind, ExprKind::kAggregate);
  EXPECT_EQ(agg.aggregate, Aggregate::kShare);
  EXPECT_EQ(agg.source_id, "tickets");
  EXPECT_FALSE(agg.snapshot);
  const Expr& cmp = *agg.args[0];
  EXPECT_EQ(cmp.kind, ExprKind::kCompare);
  const Expr& between = *cmp.args[0];
  EXPECT_EQ(between.kind, ExprKind::kFunction);
  EXPECT_EQ(between.function, Function::kMinutesBetween);
  EXPECT_EQ(between.calendar_id, "support_hours");
  ASSERT_EQ(between.args.size(), 2u);
  EXPECT_EQ(between.args[1]->kind, ExprKind::kColumnRef);
  EXPECT_EQ(between.args[1]->column_index, 2);
  EXPECT_EQ(between.args[1]->column_type, catalog::ColumnType::kTimestamp);
  ASSERT_NE(c.k().filter, nullptr);
  EXPECT_EQ(c.k().filter->type, ValueType::kBool);
  EXPECT_FALSE(c.k().is_bare_count);
}

TEST(CompilerTest, ResultTypes) {
  EXPECT_EQ(One("count()").k().type, ValueType::kInt);
  EXPECT_EQ(One("sum(csat)").k().type, ValueType::kInt);
  EXPECT_EQ(One("sum(amount)").k().type, ValueType::kFloat);
  EXPECT_EQ(One("sum(csat) + 1").k().type, ValueType::kInt);
  EXPECT_EQ(One("sum(csat) / 2").k().type, ValueType::kFloat);  // division is always float
  EXPECT_EQ(One("sum(csat) * 1.0").k().type, ValueType::kFloat);
  EXPECT_EQ(One("avg(csat)").k().type, ValueType::kFloat);
  EXPECT_EQ(One("count_distinct(channel)").k().type, ValueType::kInt);
  EXPECT_EQ(One("max(csat) - min(csat)").k().type, ValueType::kInt);
  EXPECT_EQ(One("median(amount) + percentile(csat, 0.9)").k().type, ValueType::kFloat);
  EXPECT_EQ(One("if(count() > 0, sum(csat), 0)").k().type, ValueType::kInt);
  EXPECT_EQ(One("coalesce(avg(csat), 0)").k().type, ValueType::kFloat);
  EXPECT_EQ(One("prev(count())").k().type, ValueType::kFloat);
  EXPECT_EQ(One("-count()").k().type, ValueType::kInt);
}

TEST(CompilerTest, BareCountIsFlagged) {
  EXPECT_TRUE(One("count()").k().is_bare_count);
  EXPECT_TRUE(One("count(channel = 'email')").k().is_bare_count);
  EXPECT_FALSE(One("count() / 7").k().is_bare_count);
  EXPECT_FALSE(One("share(is_spam)").k().is_bare_count);
}

TEST(CompilerTest, ChurnIsTwoSnapshotAggregatesOverCustomers) {
  One c(
      "count(customers where ended_at in period) / count(customers where started_at < period.start and "
      "(ended_at "
      "is null or ended_at >= period.start))");
  ASSERT_TRUE(c.ok()) << c.E();
  EXPECT_TRUE(c.k().has_snapshot);
  const Expr& div = c.f();
  ASSERT_EQ(div.kind, ExprKind::kBinary);
  EXPECT_EQ(div.type, ValueType::kFloat);
  for (const auto& side : div.args) {
    EXPECT_EQ(side->kind, ExprKind::kAggregate);
    EXPECT_EQ(side->aggregate, Aggregate::kCount);
    EXPECT_EQ(side->source_id, "customers");
    EXPECT_TRUE(side->explicit_source);
    EXPECT_TRUE(side->args.empty());
    ASSERT_NE(side->where, nullptr);
    EXPECT_TRUE(side->snapshot);
  }
  EXPECT_EQ(div.args[0]->where->kind, ExprKind::kInPeriod);
  EXPECT_EQ(div.args[0]->where->args[0]->source_id, "customers");
  EXPECT_EQ(div.args[0]->where->args[0]->column_index, 2);
}

TEST(CompilerTest, SnapshotOnlyWhenThePeriodIsMentioned) {
  One plain("count(customers where is_new) / count()");
  ASSERT_TRUE(plain.ok()) << plain.E();
  EXPECT_FALSE(plain.k().has_snapshot);
  EXPECT_FALSE(plain.f().args[0]->snapshot);
  One mixed("count(customers where ended_at in period) / count()");
  ASSERT_TRUE(mixed.ok()) << mixed.E();
  EXPECT_TRUE(mixed.k().has_snapshot);
  EXPECT_TRUE(mixed.f().args[0]->snapshot);
  EXPECT_FALSE(mixed.f().args[1]->snapshot);
  One in_arg("count(created_at < period.end)");
  EXPECT_TRUE(in_arg.f().snapshot);
  One via_filter("count()", "created_at >= period.start");
  ASSERT_TRUE(via_filter.ok()) << via_filter.E();
  EXPECT_TRUE(via_filter.f().snapshot);
  EXPECT_TRUE(via_filter.k().has_snapshot);
  One other_source("sum(spend.amount)", "created_at >= period.start");
  EXPECT_FALSE(other_source.f().snapshot);
}

TEST(CompilerTest, ShareWithWhereAndQualifiedSources) {
  One share("share(csat >= 4 where channel = 'email')");
  ASSERT_TRUE(share.ok()) << share.E();
  EXPECT_EQ(share.f().aggregate, Aggregate::kShare);
  ASSERT_EQ(share.f().args.size(), 1u);
  EXPECT_EQ(share.f().where->kind, ExprKind::kCompare);

  One spend("sum(spend.amount) / count(customers where is_new)");
  ASSERT_TRUE(spend.ok()) << spend.E();
  EXPECT_EQ(spend.f().args[0]->source_id, "spend");
  EXPECT_FALSE(spend.f().args[0]->explicit_source);
  EXPECT_EQ(spend.f().args[0]->args[0]->column_index, 2);
  EXPECT_EQ(spend.f().args[1]->source_id, "customers");

  One where_other("sum(amount where spend.day >= '2026-01-01')");  // tickets has `amount` too
  ASSERT_TRUE(where_other.ok()) << where_other.E();
  EXPECT_EQ(where_other.f().source_id, "spend");

  One quoted("share(\"Ticket Status\" = 'Open')");
  ASSERT_TRUE(quoted.ok()) << quoted.E();
  EXPECT_EQ(quoted.f().args[0]->args[0]->column_index, 8);

  One no_source("sum(spend.amount) / 3", "", "");
  ASSERT_TRUE(no_source.ok()) << no_source.E();
}

TEST(CompilerTest, TimestampComparedWithDateLiteral) {
  One c("count(created_at >= '2026-01-01' and created_at < '2026-02-01 08:30')");
  ASSERT_TRUE(c.ok()) << c.E();
  const Expr& lit = *c.f().args[0]->args[0]->args[1];
  EXPECT_EQ(lit.type, ValueType::kTimestamp);
  EXPECT_EQ(std::get<std::string>(lit.value), "2026-01-01");
  One bad("count(created_at >= '2026-13-01')");
  EXPECT_EQ(bad.E(), "formula-type@10:34: '2026-13-01' is not a date or timestamp");
}

TEST(CompilerTest, SeriesFunctionsAndMeasureReferences) {
  One c("growth(signups) + prev(spend_total, 4) - rolling_avg(count(), 3)");
  ASSERT_TRUE(c.ok()) << c.E();
  EXPECT_EQ(c.k().depends_on, (std::vector<std::string>{"signups", "spend_total"}));
  const Expr& growth = *c.f().args[0]->args[0];
  EXPECT_EQ(growth.kind, ExprKind::kSeries);
  EXPECT_EQ(growth.series, Series::kGrowth);
  EXPECT_EQ(growth.args[0]->kind, ExprKind::kMeasureRef);
  const Expr& prev = *c.f().args[0]->args[1];
  EXPECT_EQ(prev.series, Series::kPrev);
  EXPECT_EQ(prev.periods, 4);
  EXPECT_EQ(prev.args.size(), 1u);
  const Expr& rolling = *c.f().args[1];
  EXPECT_EQ(rolling.series, Series::kRollingAvg);
  EXPECT_EQ(rolling.periods, 3);
  EXPECT_EQ(rolling.args[0]->kind, ExprKind::kAggregate);
  EXPECT_EQ(c.compiled.evaluation_order, (std::vector<std::string>{"signups", "spend_total", "k"}));
}

TEST(CompilerTest, DateParts) {
  One c(
      "count(weekday(created_at) in (6, 7) and hour(created_at) >= 18 and year(date(created_at)) = 2026 and "
      "quarter(created_at) = 1 and month(created_at) < 4 and day(created_at) > 0)");
  ASSERT_TRUE(c.ok()) << c.E();
  One bad("count(year(channel) = 2026)");
  EXPECT_EQ(bad.E(), "formula-type@10:25: 'year(' needs a timestamp, but this is string");
}

TEST(CompilerTest, PercentileFraction) {
  One c("percentile(amount, 0.9)");
  ASSERT_TRUE(c.ok()) << c.E();
  EXPECT_EQ(c.f().percentile, 0.9);
  EXPECT_EQ(c.f().args.size(), 1u);
  EXPECT_EQ(One("percentile(amount, 1)").f().percentile, 1.0);
  EXPECT_EQ(One("percentile(amount, 1.5)").E(),
            "formula-type@10:33: the percentile must be a constant between 0 and 1");
  EXPECT_EQ(One("percentile(amount, csat)").error().rule, "formula-type");
}

// ---- errors, each with its exact position (formula starts at kpis.yaml:10:14) ----

TEST(CompilerErrorsTest, Syntax) {
  One c("share(count(x > 1)");
  EXPECT_EQ(
      c.E(),
      "formula-syntax@10:32: expected ')' to close 'share(' opened at column 14, but the formula ended");
  EXPECT_EQ(c.error().where.file, "catalog/kpis.yaml");
  EXPECT_EQ(c.error().excerpt, "    share(count(x > 1)\n                      ^");
  EXPECT_EQ(c.k().formula, nullptr);
}

TEST(CompilerErrorsTest, UnknownColumnWithDidYouMean) {
  One c("avg(csatt)");
  EXPECT_EQ(c.E(), "unknown-column@10:18: source 'tickets' has no column 'csatt' (did you mean 'csat'?)");
  EXPECT_NE(c.error().hint.find("columns of 'tickets': ticket_id, created_at"), std::string::npos);
  EXPECT_EQ(c.error().excerpt, "    avg(csatt)\n        ^^^^^");
}

TEST(CompilerErrorsTest, ColumnOutsideAggregate) {
  One c("csat / count()");
  EXPECT_EQ(
      c.E(),
      "formula-type@10:14: 'csat' is a column of source 'tickets'; outside an aggregate a name must be a KPI "
      "or metric id");
  EXPECT_NE(c.error().hint.find("sum(csat)"), std::string::npos);
}

TEST(CompilerErrorsTest, UnknownId) {
  One c("signup / 2");
  EXPECT_EQ(c.E(), "unknown-id@10:14: unknown KPI or metric 'signup' (did you mean 'signups'?)");
}

TEST(CompilerErrorsTest, UnknownSource) {
  EXPECT_EQ(One("sum(spends.amount)").E(),
            "unknown-source@10:18: unknown source 'spends' (did you mean 'spend'?)");
  EXPECT_EQ(One("count()", "", "tickts").E(),
            "unknown-source@10:14: source 'tickts' of 'k' is not defined (did you mean 'tickets'?)");
  EXPECT_EQ(One("count()", "", "").E(), "unknown-source@10:14: 'k' has no source for this to read");
}

TEST(CompilerErrorsTest, ColumnOfAnotherSourceInsideOneAggregate) {
  EXPECT_EQ(
      One("sum(spend.amount where customers.is_new)").E(),
      "unknown-column@10:37: 'customers.is_new' is a column of source 'customers', but this aggregate reads "
      "source 'spend'");
}

TEST(CompilerErrorsTest, UnknownFunctionListsValidOnes) {
  One c("medain(csat)");
  EXPECT_EQ(c.E(), "unknown-function@10:14: unknown function 'medain' (did you mean 'median'?)");
  EXPECT_NE(c.error().hint.find("valid functions: count, count_distinct, sum, avg"), std::string::npos);
  EXPECT_EQ(c.error().excerpt, "    medain(csat)\n    ^^^^^^");
}

TEST(CompilerErrorsTest, UnknownCalendar) {
  One c("avg(minutes_between(created_at, first_reply_at, support_hour))");
  EXPECT_EQ(c.E(), "unknown-calendar@10:62: unknown calendar 'support_hour' (did you mean 'support_hours'?)");
  EXPECT_EQ(c.error().hint, "calendars: support_hours");
}

TEST(CompilerErrorsTest, Types) {
  EXPECT_EQ(One("count(channel)").E(),
            "formula-type@10:20: 'count(' needs a condition (bool), but this is string");
  EXPECT_EQ(One("share(csat)").E(), "formula-type@10:20: 'share(' needs a condition (bool), but this is int");
  EXPECT_EQ(One("sum(channel)").E(), "formula-type@10:18: 'sum(' needs a number, but this is string");
  EXPECT_EQ(One("count(csat = 'high')").E(), "formula-type@10:20: cannot compare int with string");
  EXPECT_EQ(One("count(is_spam + 1 > 0)").E(), "formula-type@10:20: '+' needs numbers, but this is bool");
  EXPECT_EQ(One("count(csat and is_spam)").E(),
            "formula-type@10:20: 'and' needs conditions (bool), but this is int");
  EXPECT_EQ(One("count() > 3").E(),
            "formula-type@10:14: a formula must produce a number, but this one produces bool");
  EXPECT_EQ(One("count()", "channel").E(),
            "formula-type@11:13: a filter must be a condition (bool), but this is string");
  EXPECT_EQ(One("count()", "count() > 1").E(),
            "formula-type@11:13: a filter is a row condition and cannot contain the aggregate 'count('");
  EXPECT_EQ(One("sum(count())").E(),
            "formula-type@10:18: aggregates cannot be nested: 'count(' is inside another aggregate");
  EXPECT_EQ(One("count(x where y)").error().rule, "unknown-column");
  EXPECT_EQ(One("count() + period.start").E(),
            "formula-type@10:24: period.start is a row condition and can only be used inside an aggregate");
  EXPECT_EQ(One("count(prev(csat) > 1)").E(),
            "formula-type@10:20: 'prev(' works on KPI values per period and cannot be used on rows");
  EXPECT_EQ(One("rolling_avg(count())").E(), "formula-type@10:14: 'rolling_avg(' takes 2 arguments, got 1");
  EXPECT_EQ(One("prev(count(), 0)").E(),
            "formula-type@10:28: the number of periods must be a whole number from 1 to 1000");
  EXPECT_EQ(One("if(count(), 1, 2)").E(),
            "formula-type@10:17: the first argument of 'if(' must be a condition (bool), but this is int");
  EXPECT_EQ(One("year(count())").E(), "formula-type@10:19: 'year(' needs a timestamp, but this is int");
  EXPECT_EQ(One("coalesce(count(), 'x')").E(),
            "formula-type@10:32: coalesce arguments must share a type; this one is string");
  EXPECT_EQ(One("sum(amount where channel)").E(),
            "formula-type@10:31: 'where' needs a condition (bool), but this is string");
  EXPECT_EQ(One("minutes_between(created_at, 1)").error().rule, "formula-type");
  EXPECT_EQ(One("if(count() > 1, 1 where x, 2)").error().rule, "formula-syntax");
}

TEST(CompilerErrorsTest, KeepsReportingAfterTheFirstError) {
  One c("avg(nope) + sum(nada)");
  EXPECT_EQ(c.diags.error_count(), 2u);
  EXPECT_EQ(c.diags.items()[0].where.column, 18);
  EXPECT_EQ(c.diags.items()[1].where.column, 30);
}

TEST(CompilerErrorsTest, MultiLineFormulaCountsLines) {
  catalog::Catalog cat = MakeCatalog();
  catalog::MeasureDef& k = AddKpi(cat, "k", "count()\n  / count(nope)\n", "tickets", 20, 7);
  k.formula_is_single_line = false;
  Diagnostics diags;
  CompileCatalog(cat, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].where.line, 21);
  EXPECT_EQ(diags.items()[0].where.column, 17);
  EXPECT_EQ(diags.items()[0].excerpt, "      / count(nope)\n              ^^^^");
}

// ---- dependency graph ----

TEST(CompilerCyclesTest, ReportsThePathAtTheFirstMember) {
  catalog::Catalog cat = MakeCatalog();
  AddKpi(cat, "base", "count()", "tickets", 5);
  AddKpi(cat, "a", "b + base", "tickets", 10);
  AddKpi(cat, "b", "c * 2", "tickets", 20);
  AddKpi(cat, "c", "a / 2", "tickets", 30);
  AddKpi(cat, "selfish", "selfish + 1", "tickets", 40);
  Diagnostics diags;
  CompiledCatalog compiled = CompileCatalog(cat, diags);
  ASSERT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(diags.items()[0].rule, "cycle");
  EXPECT_EQ(diags.items()[0].message, "KPIs and metrics reference each other in a cycle: a -> b -> c -> a");
  EXPECT_EQ(diags.items()[0].where.line, 10);
  EXPECT_EQ(diags.items()[0].where.column, 14);
  EXPECT_EQ(diags.items()[1].message, "KPIs and metrics reference each other in a cycle: selfish -> selfish");
  EXPECT_TRUE(compiled.evaluation_order.empty());
  // The formulas themselves still compiled.
  EXPECT_NE(compiled.Find("a")->formula, nullptr);
}

TEST(CompilerCyclesTest, OrdersDependenciesFirst) {
  catalog::Catalog cat = MakeCatalog();
  AddKpi(cat, "ltv_cac", "ltv / cac");
  AddKpi(cat, "ltv", "arpa / churn");
  AddKpi(cat, "cac", "sum(spend.amount) / count(customers where is_new)");
  AddKpi(cat, "arpa", "avg(customers.mrr)");
  AddKpi(cat, "churn",
         "count(customers where ended_at in period) / count(customers where started_at < period.start)");
  Diagnostics diags;
  CompiledCatalog compiled = CompileCatalog(cat, diags);
  ASSERT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  const auto& order = compiled.evaluation_order;
  ASSERT_EQ(order.size(), 5u);
  auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  EXPECT_LT(pos("ltv"), pos("ltv_cac"));
  EXPECT_LT(pos("cac"), pos("ltv_cac"));
  EXPECT_LT(pos("arpa"), pos("ltv"));
  EXPECT_LT(pos("churn"), pos("ltv"));
  EXPECT_EQ(order.back(), "ltv_cac");
}

TEST(CompilerTest, BoundTreesPrintCanonically) {
  One c(
      "SHARE( minutes_between(created_at,first_reply_at,support_hours)<=30 )  + PREV(count(customers where "
      "is_new)) + percentile(csat, 0.5)");
  ASSERT_TRUE(c.ok()) << c.E();
  EXPECT_EQ(
      ToCanonicalString(c.f()),
      "share(minutes_between(created_at, first_reply_at, support_hours) <= 30) + prev(count(customers where "
      "is_new)) + percentile(csat, 0.5)");
}

// Binding and type checking recurse over the tree: a formula at the nesting limit
// compiles (under ASan's larger frames too), one level more is a clear error.
TEST(CompilerTest, FormulaAtTheNestingLimitCompiles) {
  std::string at = "sum(";
  for (int i = 1; i < kMaxNestingDepth; ++i) at += "(";
  at += "amount";
  for (int i = 1; i < kMaxNestingDepth; ++i) at += ")";
  at += ")";
  One ok(at);
  EXPECT_TRUE(ok.ok()) << ok.E();
  One over("sum((" + at.substr(4) + "))");
  EXPECT_FALSE(over.ok());
  EXPECT_NE(over.E().find("more than 200 levels"), std::string::npos) << over.E();
}

}  // namespace
}  // namespace northstar::formula
