// Random formulas: valid KPI formulas drawn from a grammar that covers the language
// (aggregates with `where`, KPI filters, percentiles, distinct counts, row arithmetic,
// date parts, working time, snapshots, series functions, other sources, segments) are
// computed by the engine and by their SQLite statement over the same random rows;
// every value must agree. NORTHSTAR_RANDOM_FORMULAS sets how many (default 120);
// NORTHSTAR_RANDOM_SEED the seed (default: fixed, so a failure reproduces).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "catalog/loader.h"
#include "engine/differential_harness.h"
#include "sql/statement.h"
#include "sql_test_support.h"

namespace northstar::sql {
namespace {

class FormulaGenerator {
 public:
  explicit FormulaGenerator(uint64_t seed) : rng_(seed) {}

  std::string Measure(int depth = 0) {
    switch (Pick(depth > 1 ? 3 : 6)) {
      case 0:
      case 1:
      case 2: return Aggregate();
      case 3:
        return "(" + Measure(depth + 1) + " " + One({"+", "-", "*", "/"}) + " " + Measure(depth + 1) + ")";
      case 4: return Series(depth);
      default: return Aggregate() + " " + One({"+", "*"}) + " " + std::to_string(Pick(5) + 1);
    }
  }
  std::string Condition(int depth = 0) {
    switch (Pick(depth > 1 ? 6 : 9)) {
      case 0:
        return Number(depth + 1) + " " + One({"<", "<=", ">", ">=", "=", "<>"}) + " " +
               std::to_string(Pick(6));
      case 1:
        return "channel " +
               One({"= 'email'", "<> 'phone'", "in ('chat', 'phone')", "not in ('email', null)"});
      case 2: return One({"region", "csat", "first_reply_at", "channel"}) + One({" is null", " is not null"});
      case 3: return One({"is_spam", "not is_spam"});
      case 4:
        return "created_at " + One({">=", "<"}) + " '" +
               One({"2026-03-15", "2026-03-29 02:30", "2026-04-01"}) + "'";
      case 5:
        return "minutes_between(created_at, first_reply_at) " + One({"<=", ">"}) + " " +
               One({"30", "600", "1440"});
      case 6: return "(" + Condition(depth + 1) + " " + One({"and", "or"}) + " " + Condition(depth + 1) + ")";
      case 7: return "not (" + Condition(depth + 1) + ")";
      default: return "coalesce(region, 'none') " + One({"= 'none'", "<> 'north'"});
    }
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::string One(std::initializer_list<const char*> options) {
    return *(options.begin() + Pick(options.size()));
  }

  std::string Number(int depth = 0) {
    switch (Pick(depth > 1 ? 6 : 10)) {
      case 0: return "csat";
      case 1: return "amount";
      case 2: return "minutes_between(created_at, first_reply_at)";
      case 3:
        return One({"hour", "weekday", "day", "month", "quarter", "year"}) + std::string("(created_at)");
      case 4:
        return One({"hours_between(created_at, first_reply_at, support)",
                    "days_between(created_at, first_reply_at, night)"});
      case 5: return "coalesce(csat, " + std::to_string(Pick(4)) + ")";
      case 6:
        return "(" + Number(depth + 1) + " " + One({"+", "-", "*", "/"}) + " " + Number(depth + 1) + ")";
      case 7: return "if(" + Condition(depth + 1) + ", " + Number(depth + 1) + ", " + Number(depth + 1) + ")";
      case 8: return "-" + Number(depth + 1);
      default: return "(csat - " + std::to_string(Pick(5)) + ")";
    }
  }
  std::string Where() { return Pick(3) == 0 ? " where " + Condition(1) : ""; }
  std::string Aggregate() {
    switch (Pick(13)) {
      case 0: return "count()";
      case 1: return "count(" + Condition() + Where() + ")";
      case 2: return "sum(" + Number() + Where() + ")";
      case 3: return "avg(" + Number() + Where() + ")";
      case 4: return One({"min", "max"}) + std::string("(") + Number() + Where() + ")";
      case 5:
        return "count_distinct(" +
               One({"channel", "region", "csat", "coalesce(region, 'none')", "day(created_at)"}) + Where() +
               ")";
      case 6: return "median(" + Number() + Where() + ")";
      case 7: return "percentile(" + Number() + ", " + One({"0", "0.1", "0.25", "0.9", "1"}) + Where() + ")";
      case 8: return "share(" + Condition() + Where() + ")";
      case 9:
        return One(
            {"sum(spend.cost)", "count(spend where cost > 100)", "avg(survey.score)", "count(survey)"});
      case 10:
        return One(
            {"count(first_reply_at in period)",
             "count(created_at < period.end and (first_reply_at is null or first_reply_at >= period.end))",
             "count(customers where started_at < period.start and (ended_at is null or ended_at >= "
             "period.start))"});
      case 11: return "count(created_at >= '2026-03-29' and date(created_at) = '2026-03-29')";
      default: return "sum(amount / (csat - 3))";
    }
  }
  std::string Series(int depth) {
    const std::string x = Aggregate();
    switch (Pick(3)) {
      case 0: return "prev(" + x + (Pick(2) ? ", " + std::to_string(Pick(3) + 1) : "") + ")";
      case 1: return "growth(" + x + ")";
      default:
        return "rolling_avg(" + (depth == 0 ? Measure(depth + 1) : x) + ", " + std::to_string(Pick(4) + 1) +
               ")";
    }
  }

  std::mt19937_64 rng_;
};

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(SqlRandomFormulas, EngineAndSqliteAgree) {
  const uint64_t seed = EnvNumber("NORTHSTAR_RANDOM_SEED", 20261204);
  const size_t count = EnvNumber("NORTHSTAR_RANDOM_FORMULAS", 120);
  FormulaGenerator gen(seed);
  std::vector<engine::testing::DiffCase> cases;
  const char* frequencies[] = {"daily", "weekly", "monthly", "quarterly"};
  const char* segments[] = {"", "channel", "region", "channel, is_spam", "region, channel"};
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
  for (size_t i = 0; i < count; ++i) {
    engine::testing::DiffCase c;
    c.id = "f" + std::to_string(i);
    c.source = "tickets";
    c.frequency = frequencies[rng() % 4];
    c.segments = segments[rng() % 5];
    if (rng() % 4 == 0) c.filter = gen.Condition(1);
    c.formula = gen.Measure();
    cases.push_back(c);
  }
  for (const char* zone : {"Europe/Berlin", "America/New_York", "UTC"}) {
    Diagnostics diags;
    auto loaded =
        catalog::LoadWorkspaceFromMemory({{"northstar.yaml", engine::testing::WorkspaceYaml(zone)},
                                          {"catalog/metrics.yaml", engine::testing::CatalogYaml(cases)}},
                                         diags);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog::Catalog catalog = std::move(loaded).value();
    formula::CompiledCatalog compiled = formula::CompileCatalog(catalog, diags);
    for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
    auto data = engine::testing::GenerateData(catalog, seed);
    auto native = engine::Compute(catalog, compiled, data->input);
    ASSERT_TRUE(native.ok()) << native.status().ToString();
    testing::UserDatabase db;
    db.Load(catalog, *data);
    size_t values = 0;
    for (const auto& c : cases) {
      SqlRequest request;
      request.dialect = Dialect::kSqlite;
      request.measures = {c.id};
      auto statement = CompileStatement(catalog, compiled, request);
      ASSERT_TRUE(statement.ok()) << c.id << " " << c.formula << ": " << statement.status().ToString();
      std::string error;
      const auto rows = db.Query(*statement, &error);
      ASSERT_TRUE(error.empty()) << c.formula << ": " << error;
      values += rows.size();
      EXPECT_EQ(testing::Compare(c.id, *native, rows), "")
          << "formula " << c.formula << " (filter: " << c.filter << ", segments: " << c.segments
          << ", frequency: " << c.frequency << "), zone " << zone << ", seed " << seed;
    }
    EXPECT_GT(values, count * 20) << zone;
    std::vector<std::string> ids;
    for (const auto& c : cases) ids.push_back(c.id);
    std::string name = std::string("random-") + zone;
    std::replace(name.begin(), name.end(), '/', '-');
    testing::ExportForEngines(name, catalog, compiled, data->input, *native, ids);
  }
}

}  // namespace
}  // namespace northstar::sql
