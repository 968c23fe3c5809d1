// Parity of `northstar sql` with the native engine: every differential case
// (tests/logic/cases/differential_*.test) is compiled to SQLite SQL, run over the same random
// rows stored as a user would store them (ISO 8601 text timestamps, 0/1 booleans), and
// every (period, segment, value) row must equal compute's, in compute's order.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/loader.h"
#include "engine/differential_harness.h"
#include "sql/statement.h"
#include "sql/zone_table.h"
#include "sql_test_support.h"
#include "time/civil.h"
#include "time/timestamp.h"

namespace northstar::sql {
namespace {

using engine::ComputedValue;
using engine::testing::DiffCase;
using testing::Compare;
using testing::UserDatabase;

struct Loaded {
  catalog::Catalog catalog;
  formula::CompiledCatalog compiled;
};

std::unique_ptr<Loaded> Load(const std::string& zone, const std::vector<DiffCase>& cases) {
  Diagnostics diags;
  auto loaded =
      catalog::LoadWorkspaceFromMemory({{"northstar.yaml", engine::testing::WorkspaceYaml(zone)},
                                        {"catalog/metrics.yaml", engine::testing::CatalogYaml(cases)}},
                                       diags);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok()) return nullptr;
  auto out = std::make_unique<Loaded>();
  out->catalog = std::move(loaded).value();
  out->compiled = formula::CompileCatalog(out->catalog, diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  return out;
}

// Cases this compiler refuses; each must say so, not print SQL. None at present.
const std::set<std::string> kRefused = {};

class SqlParityTest : public ::testing::TestWithParam<std::tuple<std::string, uint64_t>> {};

TEST_P(SqlParityTest, SqliteStatementMatchesTheEngine) {
  const auto& [zone, seed] = GetParam();
  const auto cases = engine::testing::LoadCases(NORTHSTAR_SOURCE_DIR);
  ASSERT_GE(cases.size(), 20u);
  auto ws = Load(zone, cases);
  ASSERT_NE(ws, nullptr);
  auto data = engine::testing::GenerateData(ws->catalog, seed);
  auto native = engine::Compute(ws->catalog, ws->compiled, data->input);
  ASSERT_TRUE(native.ok()) << native.status().ToString();
  UserDatabase db;
  db.Load(ws->catalog, *data);
  size_t compared = 0;
  std::set<std::string> refused;
  for (const auto& c : cases) {
    SqlRequest request;
    request.dialect = Dialect::kSqlite;
    request.measures = {c.id};
    // Seed 2 runs the statement `compute --engine` sends: zone offsets for the data's time
    // range only, periods from the sources' known first and last days.
    if (seed == 2) {
      request.time_range = testing::TimeRangeOf(ws->catalog, data->input);
      request.source_days = testing::SourceDaysOf(ws->catalog, data->input);
    }
    auto statement = CompileStatement(ws->catalog, ws->compiled, request);
    if (!statement.ok()) {
      EXPECT_EQ(statement.status().code(), StatusCode::kUnsupported)
          << c.id << ": " << statement.status().ToString();
      EXPECT_NE(statement.status().message().find(c.id), std::string::npos) << statement.status().message();
      refused.insert(c.id);
      continue;
    }
    std::string error;
    const auto rows = db.Query(*statement, &error);
    ASSERT_TRUE(error.empty()) << c.id << ": " << error << "\n" << *statement;
    compared += rows.size();
    const std::string diff = Compare(c.id, *native, rows);
    EXPECT_TRUE(diff.empty()) << "case " << c.id << " (" << c.formula << "), zone " << zone << ", seed "
                              << seed << ":\n"
                              << diff;
  }
  EXPECT_EQ(refused, kRefused);
  EXPECT_GT(compared, 4000u);
  std::vector<std::string> ids;
  for (const auto& c : cases) ids.push_back(c.id);
  std::string name = "cases-" + zone + "-" + std::to_string(seed);
  std::replace(name.begin(), name.end(), '/', '-');
  testing::ExportForEngines(name, ws->catalog, ws->compiled, data->input, *native, ids);
}

INSTANTIATE_TEST_SUITE_P(ZonesAndSeeds, SqlParityTest,
                         ::testing::Combine(::testing::Values("Europe/Berlin", "America/New_York", "UTC"),
                                            ::testing::Values(1u, 2u)));

}  // namespace
}  // namespace northstar::sql

namespace northstar::sql {
namespace {

// Hostile names and literals in a catalog (quotes, backslashes, statement ends, comment
// starts) are data to the SQL, never syntax: the statement computes what the engine
// computes and leaves the database as it was.
TEST(SqlInjection, HostileNamesAndLiteralsKeepTheirMeaning) {
  const std::string workspace =
      "workspace: hostile\n"
      "timezone: Europe/Berlin\n"
      "sources:\n"
      "  tickets:\n"
      "    from: csv:data/tickets.csv\n"
      "    key: id\n"
      "    time: created_at\n"
      "    columns:\n"
      "      id: int\n"
      "      created_at: timestamp\n"
      "      'chan\"nel; DROP TABLE tickets; --': string\n"
      "      \"back\\\\slash'`x\": string\n"
      "      amount: float\n";
  const std::string metrics =
      "metrics:\n"
      "  - id: hostile\n"
      "    name: hostile\n"
      "    source: tickets\n"
      "    frequency: weekly\n"
      "    segments: ['chan\"nel; DROP TABLE tickets; --']\n"
      "    formula: |-\n"
      "      count(\"chan\"\"nel; DROP TABLE tickets; --\" = 'it''s\\' or \"back\\slash'`x\" in ('a\\', "
      "'x''); DROP TABLE tickets; --')) * 1000 + sum(amount where \"back\\slash'`x\" <> '\\\\')\n";
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", workspace}, {"catalog/metrics.yaml", metrics}}, diags);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  Loaded ws;
  ws.catalog = std::move(loaded).value();
  ws.compiled = formula::CompileCatalog(ws.catalog, diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  ASSERT_NE(ws.compiled.Find("hostile")->formula, nullptr);

  // Rows whose values are the hostile texts themselves.
  const std::vector<std::string> channel = {"it's\\", "x'); DROP TABLE tickets; --", "plain", "it's\\"};
  const std::vector<std::string> slash = {"a\\", "\\\\", "x'); DROP TABLE tickets; --", "b"};
  engine::testing::GeneratedData data;
  const catalog::SourceDef& src = ws.catalog.workspace.sources[0];
  std::vector<store::ColumnBuilder> builders;
  for (const auto& col : src.columns) builders.emplace_back(col.type);
  const time::Micros monday = time::Micros{1774828800} * time::kMicrosPerSecond;  // 2026-03-30 00:00 UTC
  for (size_t r = 0; r < 40; ++r) {
    builders[0].AppendInt(static_cast<int64_t>(r));
    builders[1].AppendInt(monday + static_cast<time::Micros>(r) * 9 * 3600 * time::kMicrosPerSecond);
    builders[2].AppendString(channel[r % channel.size()]);
    builders[3].AppendString(slash[(r / 3) % slash.size()]);
    builders[4].AppendFloat(static_cast<double>(r) * 1.5);
  }
  auto& cols = data.columns["tickets"];
  for (auto& b : builders) cols.push_back(b.Finish());
  engine::SourceTable table;
  table.rows = 40;
  for (const auto& c : cols) table.columns.push_back(&c);
  data.input.sources["tickets"] = table;

  auto native = engine::Compute(ws.catalog, ws.compiled, data.input);
  ASSERT_TRUE(native.ok()) << native.status().ToString();
  UserDatabase db;
  db.Load(ws.catalog, data, {{"tickets", "tick\"ets; --"}});
  SqlRequest request;
  request.dialect = Dialect::kSqlite;
  request.tables = {{"tickets", "tick\"ets; --"}};
  auto statement = CompileStatement(ws.catalog, ws.compiled, request);
  ASSERT_TRUE(statement.ok()) << statement.status().ToString();
  std::string error;
  const auto rows = db.Query(*statement, &error);
  ASSERT_TRUE(error.empty()) << error << "\n" << *statement;
  EXPECT_EQ(Compare("hostile", *native, rows), "");
  // Segments carry the hostile texts as values, and something was counted.
  bool hostile_segment = false, counted = false;
  for (const auto& r : rows) {
    hostile_segment |= r.segment == "chan\"nel; DROP TABLE tickets; --=x'); DROP TABLE tickets; --";
    counted |= r.value && *r.value >= 1000;
  }
  EXPECT_TRUE(hostile_segment);
  EXPECT_TRUE(counted);
  const auto still = db.Query("SELECT 'k', 'p', 's', COUNT(*) FROM \"tick\"\"ets; --\"", &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(still[0].value, 40.0);
  testing::ExportForEngines("hostile", ws.catalog, ws.compiled, data.input, *native, {"hostile"},
                            {{"tickets", "tick\"ets; --"}});

  // Every dialect compiles it, and its literals read back as the same texts.
  for (Dialect d : {Dialect::kPostgres, Dialect::kDuckdb, Dialect::kClickhouse}) {
    request.dialect = d;
    EXPECT_TRUE(CompileStatement(ws.catalog, ws.compiled, request).ok()) << DialectName(d);
  }
}

TEST(SqlDialectText, LiteralsAndNamesAreQuotedForEachDialect) {
  const std::string text = "a'b\\c";
  EXPECT_EQ(SqlDialect(Dialect::kPostgres).StringLiteral(text).value(), "E'a\\'b\\\\c'");
  EXPECT_EQ(SqlDialect(Dialect::kSqlite).StringLiteral(text).value(), "'a''b\\c'");
  EXPECT_EQ(SqlDialect(Dialect::kDuckdb).StringLiteral(text).value(), "'a''b\\c'");
  EXPECT_EQ(SqlDialect(Dialect::kClickhouse).StringLiteral(text).value(), "'a\\'b\\\\c'");
  EXPECT_EQ(SqlDialect(Dialect::kPostgres).Identifier("x\"y").value(), "\"x\"\"y\"");
  EXPECT_EQ(SqlDialect(Dialect::kClickhouse).Identifier("x`y").value(), "`x\\`y`");
  EXPECT_EQ(SqlDialect(Dialect::kPostgres).Identifier("analytics.tickets", true).value(),
            "\"analytics\".\"tickets\"");
  EXPECT_FALSE(SqlDialect(Dialect::kPostgres).Identifier("a.", true).ok());
  EXPECT_FALSE(SqlDialect(Dialect::kSqlite).StringLiteral(std::string("a\0b", 3)).ok());
  EXPECT_FALSE(SqlDialect(Dialect::kSqlite).Identifier("\xff").ok());
  EXPECT_EQ(SqlDialect(Dialect::kSqlite).IntLiteral(INT64_MIN), "(-9223372036854775807 - 1)");
}

}  // namespace
}  // namespace northstar::sql

namespace northstar::sql {
namespace {

// The offset trees in SQL convert exactly as ZoneConverter does, gaps and overlaps
// included, every 15 minutes over the days around each 2026 transition (Santiago
// changes at midnight, Lord Howe by 30 minutes).
TEST(SqlZoneTables, ConvertLikeTheZoneConverter) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe"}) {
    auto zone = time::ZoneConverter::Create(name).value();
    const SqlDialect d(Dialect::kSqlite);
    const std::vector<ZoneTransition> offsets = ZoneTransitions(zone, catalog::Limits{}).value();
    EXPECT_GT(offsets.size(), 100u) << name;  // 1970-2100: the trees are deep enough to matter
    UserDatabase db;
    int checked = 0, transitions = 0;
    const time::Micros year_start = time::Micros{time::DaysFromCivil(2026, 1, 1)} * time::kMicrosPerDay;
    int64_t previous = zone.OffsetSecondsAt(year_start);
    for (time::Micros t = year_start; t < year_start + 366 * time::kMicrosPerDay; t += time::kMicrosPerHour) {
      const int64_t offset = zone.OffsetSecondsAt(t);
      if (offset == previous) continue;
      previous = offset;
      ++transitions;
      std::string values;
      std::vector<std::pair<time::Micros, time::Micros>> expected;  // (local, utc), (utc, local)
      for (time::Micros x = t - 2 * time::kMicrosPerDay; x < t + 2 * time::kMicrosPerDay;
           x += 15 * time::kMicrosPerMinute)
        expected.emplace_back(x, 0);
      for (const auto& [x, unused] : expected)
        values += (values.empty() ? "(" : ", (") + std::to_string(x) + ")";
      std::string error;
      const auto rows = db.Query("WITH x(v) AS (VALUES " + values +
                                     ") SELECT 'k', CAST(v AS TEXT), "
                                     "CAST(v - (" +
                                     LocalOffsetExpr(offsets, d, "v") + ") AS TEXT), v + (" +
                                     UtcOffsetExpr(offsets, d, "v") + ") FROM x ORDER BY v",
                                 &error);
      ASSERT_TRUE(error.empty()) << error;
      ASSERT_EQ(rows.size(), expected.size());
      for (const auto& r : rows) {
        const time::Micros v = std::stoll(r.period);
        EXPECT_EQ(std::stoll(r.segment), zone.LocalToUtc(v))
            << name << " local " << time::FormatIso(v, nullptr);
        EXPECT_EQ(static_cast<time::Micros>(*r.value), zone.UtcToLocal(v)) << name << " utc " << v;
        ++checked;
      }
    }
    EXPECT_EQ(transitions, 2) << name;
    EXPECT_GT(checked, 700) << name;
  }
}

}  // namespace
}  // namespace northstar::sql

namespace northstar::sql {
namespace {

// `compute --engine` first asks for the data's time range; with it, the statement's zone
// offsets cover those instants only (ClickHouse then reads a short tree of transitions
// instead of lookups over 1970-2100), and the values stay the same (SqlParityTest, seed 2).
TEST(SqlTimeRange, TheRangeStatementFindsTheDataAndNarrowsTheOffsets) {
  const auto cases = engine::testing::LoadCases(NORTHSTAR_SOURCE_DIR);
  auto ws = Load("Europe/Berlin", cases);
  ASSERT_NE(ws, nullptr);
  auto data = engine::testing::GenerateData(ws->catalog, 3);
  UserDatabase db;
  db.Load(ws->catalog, *data);
  SqlRequest request;
  request.dialect = Dialect::kSqlite;
  std::vector<std::string> sources;
  for (const auto& src : ws->catalog.workspace.sources) sources.push_back(src.id);
  auto range_sql = CompileTimeRange(ws->catalog, ws->compiled, request, sources);
  ASSERT_TRUE(range_sql.ok()) << range_sql.status().ToString();
  std::string error;
  const auto first = db.Query("SELECT 'k', 'p', 's', first FROM (" + *range_sql + ")", &error);
  const auto last = db.Query("SELECT 'k', 'p', 's', last FROM (" + *range_sql + ")", &error);
  ASSERT_TRUE(error.empty()) << error << "\n" << *range_sql;
  const auto expected = testing::TimeRangeOf(ws->catalog, data->input);
  ASSERT_TRUE(expected.has_value());
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(first[0].value, static_cast<double>(expected->first));
  EXPECT_EQ(last[0].value, static_cast<double>(expected->second));

  request.dialect = Dialect::kClickhouse;
  request.measures = {cases.front().id};
  auto whole = CompileStatement(ws->catalog, ws->compiled, request);
  request.time_range = expected;
  auto narrow = CompileStatement(ws->catalog, ws->compiled, request);
  ASSERT_TRUE(whole.ok() && narrow.ok());
  EXPECT_NE(whole->find("transform("), std::string::npos);
  EXPECT_EQ(narrow->find("transform("), std::string::npos);
  EXPECT_LT(narrow->size() * 3, whole->size());
}

}  // namespace
}  // namespace northstar::sql
