// The standard KPIs of docs/formula.md compile against a catalog with the sources
// the page assumes.
#include <gtest/gtest.h>

#include "formula/compiler.h"
#include "test_catalog.h"

namespace northstar::formula {
namespace {

using catalog::ColumnType;
using testing::AddKpi;
using testing::Column;

catalog::SourceDef Source(std::string id, std::vector<catalog::ColumnDef> columns) {
  catalog::SourceDef s;
  s.id = std::move(id);
  s.columns = std::move(columns);
  return s;
}

TEST(StandardKpisTest, AllCompile) {
  using T = ColumnType;
  catalog::Catalog cat;
  cat.workspace.sources = {
      Source("customers", {Column("started_at", T::kTimestamp), Column("ended_at", T::kTimestamp),
                           Column("is_new", T::kBool), Column("mrr", T::kFloat), Column("plan", T::kString)}),
      Source("spend", {Column("day", T::kTimestamp), Column("amount", T::kFloat)}),
      Source("visits", {Column("visitor", T::kString), Column("converted", T::kBool)}),
      Source("survey", {Column("score", T::kInt)}),
      Source("tickets", {Column("created_at", T::kTimestamp), Column("first_reply_at", T::kTimestamp),
                         Column("closed_at", T::kTimestamp), Column("contacts", T::kInt),
                         Column("is_spam", T::kBool), Column("csat", T::kInt)}),
      Source("users", {Column("user_id", T::kString), Column("seen_at", T::kTimestamp)}),
      Source("ledger",
             {Column("day", T::kTimestamp), Column("revenue", T::kFloat), Column("costs", T::kFloat)}),
      Source("deals", {Column("amount", T::kFloat), Column("won", T::kBool),
                       Column("opened_at", T::kTimestamp), Column("closed_at", T::kTimestamp)}),
  };
  catalog::CalendarDef hours;
  hours.id = "support_hours";
  cat.workspace.calendars = {hours};

  AddKpi(cat, "cac", "sum(spend.amount) / count(customers where is_new)", "");
  AddKpi(cat, "ltv", "avg(customers.mrr) / churn_rate", "");
  AddKpi(cat, "ltv_cac", "ltv / cac", "");
  AddKpi(cat, "conversion", "share(converted)", "visits");
  AddKpi(cat, "churn_rate",
         "count(customers where ended_at in period) / count(customers where started_at < period.start and "
         "(ended_at is null or ended_at >= period.start))",
         "");
  AddKpi(cat, "nps", "(count(score >= 9) - count(score <= 6)) / count(score is not null) * 100", "survey");
  AddKpi(cat, "csat", "share(csat >= 4 where csat is not null)", "tickets");
  AddKpi(cat, "fcr", "share(contacts = 1 where closed_at is not null)", "tickets");
  AddKpi(cat, "first_response", "avg(minutes_between(created_at, first_reply_at, support_hours))", "tickets")
      .filter = "not is_spam";
  AddKpi(cat, "arr",
         "sum(customers.mrr where started_at < period.end and (ended_at is null or ended_at >= period.end)) "
         "* 12",
         "");
  AddKpi(cat, "mau", "count_distinct(user_id)", "users");
  AddKpi(cat, "mau_growth", "growth(mau)", "");
  AddKpi(cat, "net_profit_margin", "(sum(revenue) - sum(costs)) / sum(revenue)", "ledger");
  AddKpi(cat, "pipeline_velocity",
         "count(closed_at is null)\n  * avg(amount where won)\n  * share(won where closed_at is not null)\n"
         "  / avg(days_between(opened_at, closed_at) where closed_at is not null)",
         "deals")
      .formula_is_single_line = false;

  Diagnostics diags;
  CompiledCatalog compiled = CompileCatalog(cat, diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  for (const auto& m : compiled.measures) {
    EXPECT_NE(m.formula, nullptr) << m.def->id;
    EXPECT_EQ(m.type, m.def->id == "mau" ? ValueType::kInt : ValueType::kFloat) << m.def->id;
  }
  EXPECT_TRUE(compiled.Find("churn_rate")->has_snapshot);
  EXPECT_TRUE(compiled.Find("arr")->has_snapshot);
  EXPECT_FALSE(compiled.Find("cac")->has_snapshot);
  EXPECT_EQ(compiled.Find("ltv_cac")->depends_on, (std::vector<std::string>{"ltv", "cac"}));
  ASSERT_EQ(compiled.evaluation_order.size(), compiled.measures.size());
}

}  // namespace
}  // namespace northstar::formula
