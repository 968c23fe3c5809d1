// The declarative KPI cases (tests/logic/cases/*.test: a workspace, CSV data and the
// exact CSV `compute` must print) run through `northstar sql`: each compute step's
// rows on the files as written must come out of the SQLite statement too, keys
// exactly, values within 1e-9.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/loader.h"
#include "engine/workspace_input.h"
#include "formula/compiler.h"
#include "sql/statement.h"
#include "sql_test_support.h"
#include "testing/logic_case.h"

namespace northstar::sql {
namespace {

namespace fs = std::filesystem;

// One CSV record (RFC 4180 quoting).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// The data rows of an expected block: kpi, period, segment, value ("" = null).
std::vector<std::vector<std::string>> ExpectedRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // kpi,period,segment,value
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(CsvFields(line));
  }
  return rows;
}

TEST(SqlLogicCases, EveryCaseComputesItsExpectedRowsInSql) {
  const auto paths = northstar::testing::LogicCaseFiles(NORTHSTAR_SOURCE_DIR);
  ASSERT_GE(paths.size(), 3u);
  size_t checked = 0, refused = 0;
  for (const auto& path : paths) {
    SCOPED_TRACE(path.filename().string());
    const northstar::testing::LogicCase c = northstar::testing::ParseLogicCase(path);
    ASSERT_TRUE(c.error.empty()) << c.error;
    // Differential cases bring their own data and SQL (sql_parity_test runs them).
    if (northstar::testing::ComputeStepsOnInitialFiles(c).empty()) continue;
    const fs::path dir = fs::temp_directory_path() /
                         ("northstar-sql-logic-" + path.stem().string() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    for (const auto& [name, text] : c.files) {
      fs::create_directories((dir / name).parent_path());
      std::ofstream(dir / name) << text;
    }
    Diagnostics diags;
    auto catalog = catalog::LoadWorkspace(dir.string(), diags);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    formula::CompiledCatalog compiled = formula::CompileCatalog(*catalog, diags);
    std::vector<std::string> sources;
    for (const auto& s : catalog->workspace.sources) sources.push_back(s.id);
    auto input = engine::LoadSources(*catalog, sources, nullptr);
    ASSERT_TRUE(input.ok()) << input.status().ToString();
    testing::UserDatabase db;
    db.Load(*catalog, (*input)->input);
    for (const auto& e : northstar::testing::ComputeStepsOnInitialFiles(c)) {
      if (!e.segment.empty() || e.quiet) continue;  // the statement computes every segment
      const auto expected_rows = ExpectedRows(e.body);
      SqlRequest request;
      request.dialect = Dialect::kSqlite;
      request.measures = e.kpis;
      if (!e.grain.empty()) request.grain = catalog::ParseGrain(e.grain);
      auto statement = CompileStatement(*catalog, compiled, request);
      // theme() and sentiment() run in the native engine only: SPEC §9 asks for a
      // refusal there, never SQL that gives other numbers.
      if (!statement.ok() &&
          statement.status().message().find("runs in the native engine only") != std::string::npos) {
        ++refused;
        continue;
      }
      ASSERT_TRUE(statement.ok()) << statement.status().ToString();
      std::string error;
      const auto rows = db.Query(*statement, &error);
      ASSERT_TRUE(error.empty()) << error;
      ASSERT_EQ(rows.size(), expected_rows.size()) << *statement;
      for (size_t i = 0; i < rows.size(); ++i) {
        const auto& want = expected_rows[i];
        ASSERT_EQ(want.size(), 4u);
        const auto& got = rows[i];
        EXPECT_EQ(got.kpi + " " + got.period + " " + got.segment, want[0] + " " + want[1] + " " + want[2]);
        EXPECT_EQ(got.value.has_value(), !want[3].empty()) << want[0] << " " << want[1] << " " << want[2];
        if (got.value && !want[3].empty()) {
          const double w = std::stod(want[3]);
          EXPECT_NEAR(*got.value, w, 1e-9 * std::fabs(w) + 1e-12)
              << want[0] << " " << want[1] << " " << want[2];
        }
        ++checked;
      }
    }
    fs::remove_all(dir);
  }
  EXPECT_GT(checked, 50u);
  EXPECT_EQ(refused, 4u)
      << "the three text steps of text_themes_and_sentiment.test, one of text_example_quotes.test";
}

}  // namespace
}  // namespace northstar::sql
