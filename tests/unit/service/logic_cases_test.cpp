// The declarative cases (tests/logic/cases/*.test; format in tests/unit/testing/
// logic_case.h), each its own test, run through service::Workspace as the command line
// runs them: compute records its values and refreshes after an ingest, status judges
// what the results database holds. Each step's output must equal its block exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../engine/differential_harness.h"
#include "engine/output.h"
#include "service/scorecard.h"
#include "service/workspace.h"
#include "testing/logic_case.h"
#include "testing/temp_dir.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

namespace fs = std::filesystem;

std::optional<catalog::Grain> GrainOf(const northstar::testing::LogicStep& step) {
  if (step.grain.empty()) return std::nullopt;
  auto grain = catalog::ParseGrain(step.grain);
  EXPECT_TRUE(grain.has_value()) << "line " << step.line << ": unknown grain '" << step.grain << "'";
  return grain;
}

class LogicCaseTest : public ::testing::TestWithParam<fs::path> {
 protected:
  // Runs one step against the workspace; returns what it printed.
  std::string Run(const northstar::testing::LogicStep& step) {
    if (step.command == "append") {
      std::ofstream(fs::path(dir_.path()) / step.path, std::ios::app) << step.body;
      workspace_.reset();  // a catalog file may have changed
      return step.body;
    }
    if (step.command == "refresh") return last_refresh_;
    if (step.command == "differential") return RunDifferential(step);
    if (!workspace_) {
      auto opened = Workspace::Open(dir_.path(), env_);
      if (!opened.ok()) return "error: " + opened.status().ToString() + "\n";
      workspace_ = std::move(opened).value();
      for (const Diagnostic& d : workspace_->diagnostics().items()) {
        if (d.severity == Severity::kError) ADD_FAILURE() << "catalog: " << d.ToString();
      }
    }
    if (step.command == "compute") {
      ComputeRequest request;
      request.kpis = step.kpis;
      request.grain = GrainOf(step);
      request.segment = step.segment;
      auto report = workspace_->Compute(request);
      last_refresh_ = "no compute\n";
      if (!report.ok()) return "error: " + report.status().ToString() + "\n";
      last_refresh_ = DescribeRefresh(report->refresh) + "\n";
      return step.quiet ? std::string() : engine::FormatCsv(report->values);
    }
    if (step.command == "ingest") {
      auto report = workspace_->Ingest({});
      if (!report.ok()) return "error: " + report.status().ToString() + "\n";
      std::string out;
      for (const SourceIngest& s : report->sources) {
        out += s.source + ": " +
               (s.error.ok()
                    ? "read " + std::to_string(s.rows_read) + " = stored " + std::to_string(s.rows_stored) +
                          " + rejected " + std::to_string(s.rows_rejected)
                    : "error: " + s.error.ToString()) +
               "\n";
      }
      return out;
    }
    if (step.command == "quotes") {
      ExplainRequest request;
      request.kpi = step.kpis.front();
      request.period = step.period;
      request.grain = GrainOf(step);
      if (!step.segment.empty()) request.segment = step.segment;
      auto report = workspace_->Explain(request);
      if (!report.ok()) return "error: " + report.status().ToString() + "\n";
      return ExplainQuotesText(*report);
    }
    ScorecardRequest request;  // status
    request.grain = GrainOf(step);
    request.with_rows = true;
    request.all_periods = true;
    auto report = workspace_->Scorecard(request);
    if (!report.ok()) return "error: " + report.status().ToString() + "\n";
    std::string out;
    for (const Status& e : report->errors) out += "error: " + e.ToString() + "\n";
    return out + ScorecardCsv(*report);
  }

  // The `differential` step (tests/unit/testing/logic_case.h): a workspace of its own
  // over generated rows, computed twice, every value checked against the case's SQL.
  std::string RunDifferential(const northstar::testing::LogicStep& step) {
    namespace et = engine::testing;
    std::string error;
    const std::vector<et::DiffCase> cases = et::CasesOf(case_, &error);
    if (!error.empty()) return "error: " + error + "\n";
    northstar::testing::TempDir dir;
    dir.Write("northstar.yaml", et::WorkspaceYaml(step.zone));
    fs::create_directories(fs::path(dir.path()) / "data");
    for (const auto& [name, text] : case_.files) {
      if (name.rfind("catalog/", 0) == 0) dir.Write(name, text);
    }
    auto opened = Workspace::Open(dir.path(), env_);
    if (!opened.ok()) return "error: " + opened.status().ToString() + "\n";
    const catalog::Catalog& catalog = (*opened)->catalog();
    const std::unique_ptr<et::GeneratedData> all = et::GenerateData(catalog, std::stoull(step.seed));
    // First the rows before 2026-04-16 (and those without a time), then the last five
    // days of data arrive, as a daily export grows.
    const auto cutoff = time::ParseIsoTimestamp("2026-04-16T00:00:00Z", time::ZoneConverter::Utc()).value();
    const auto before = et::RowsBefore(catalog, *all, cutoff);
    const std::unique_ptr<et::GeneratedData> head = et::Subset(*all, before);
    std::string out;
    // Writes the rows of `rows` not yet written (a header first), ingests, computes and
    // compares every value with SQL over `rows`.
    auto phase = [&](const et::GeneratedData& rows, bool first) {
      for (const auto& src : catalog.workspace.sources) {
        std::vector<size_t> write;
        const std::vector<size_t>& old = before.at(src.id);
        for (size_t r = 0; r < all->input.sources.at(src.id).rows; ++r) {
          if (std::binary_search(old.begin(), old.end(), r) == first) write.push_back(r);
        }
        std::ofstream(fs::path(dir.path()) / "data" / (src.id + ".csv"),
                      first ? std::ios::binary : std::ios::binary | std::ios::app)
            << et::CsvRows(src, all->columns.at(src.id), write, first);
      }
      auto ingested = (*opened)->Ingest({});
      if (!ingested.ok()) return out += "error: " + ingested.status().ToString() + "\n", false;
      for (const SourceIngest& s : ingested->sources) {
        if (!s.error.ok() || s.rows_rejected != 0)
          return out += s.source + ": " + s.error.ToString() + ", rejected " +
                        std::to_string(s.rows_rejected) + "\n",
                 false;
      }
      auto computed = (*opened)->Compute({});
      if (!computed.ok()) return out += "error: " + computed.status().ToString() + "\n", false;
      last_refresh_ = DescribeRefresh(computed->refresh) + "\n";
      et::SqlReference sql(catalog, rows);
      size_t compared = 0;
      std::string kpis, differ;
      for (const et::DiffCase& c : cases) {
        std::string sql_error;
        const auto expected = sql.Expected(c, &sql_error);
        if (!sql_error.empty()) return out += c.id + ": " + sql_error + "\n", false;
        const std::string diff = et::CompareRows(c.id, computed->values, expected);
        if (!diff.empty()) differ += c.id + " differs from SQL:\n" + diff;
        compared += expected.size();
        kpis += " " + c.id + " " + std::to_string(expected.size());
      }
      const std::string title =
          first ? "rows before 2026-04-16" : "all rows (" + DescribeRefresh(computed->refresh) + ")";
      out += title + ": " + std::to_string(compared) +
             (differ.empty() ? " values agree" : " values compared") + " with SQL (" +
             (kpis.empty() ? "" : kpis.substr(1)) + ")\n" + differ;
      return differ.empty();
    };
    if (phase(*head, true)) phase(*all, false);
    return out;
  }

  northstar::testing::LogicCase case_;
  northstar::testing::TempDir dir_;
  // A fixed "now", after every case's data: times recorded in the results never vary.
  time::FixedClock clock_{
      time::ParseIsoTimestamp("2030-01-01T00:00:00Z", time::ZoneConverter::Utc()).value()};
  Environment env_ = [this] {
    Environment env = Environment::System();
    env.clock = &clock_;
    return env;
  }();
  std::unique_ptr<Workspace> workspace_;
  std::string last_refresh_;
};

TEST_P(LogicCaseTest, EveryStepPrintsItsBlock) {
  case_ = northstar::testing::ParseLogicCase(GetParam());
  const northstar::testing::LogicCase& c = case_;
  ASSERT_TRUE(c.error.empty()) << GetParam().filename().string() << ": " << c.error;
  for (const auto& [name, text] : c.files) dir_.Write(name, text);
  std::vector<std::string> outputs;
  for (const northstar::testing::LogicStep& step : c.steps) {
    outputs.push_back(Run(step));
    if (step.command == "append") continue;
    EXPECT_EQ(outputs.back(), step.body)
        << GetParam().filename().string() << " line " << step.line << ": " << step.command;
  }
  // NORTHSTAR_LOGIC_REWRITE=1 writes what the steps printed into the file (check the
  // diff before committing it: the blocks are the expected answers).
  if (const char* rewrite = std::getenv("NORTHSTAR_LOGIC_REWRITE"); rewrite && std::string(rewrite) == "1")
    std::ofstream(GetParam(), std::ios::binary) << northstar::testing::FormatLogicCase(c, outputs);
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, LogicCaseTest,
                         ::testing::ValuesIn(northstar::testing::LogicCaseFiles(NORTHSTAR_SOURCE_DIR)),
                         CaseName);

// The parser refuses what would otherwise pass silently.
TEST(LogicCaseFormatTest, UnknownStepsAndFlagsAreErrors) {
  northstar::testing::TempDir dir;
  auto parse = [&](const std::string& text) {
    return northstar::testing::ParseLogicCase(dir.Write("case.test", text)).error;
  };
  EXPECT_EQ(parse("--- data/t.csv\nid\n--- comptue\nkpi\n"),
            "line 3: unknown step 'comptue' (steps: compute, refresh, ingest, append, status, quotes, "
            "differential)");
  EXPECT_EQ(parse("--- data/t.csv\nid\n--- quotes kpi\n"), "line 3: quotes needs a KPI and a PERIOD");
  EXPECT_EQ(parse("--- compute --kpis n\n"), "line 1: unknown flag '--kpis' for compute");
  EXPECT_EQ(parse("--- compute --grain\n"), "line 1: --grain needs a value");
  EXPECT_EQ(parse("--- status\n--- data/t.csv\n"),
            "line 2: file 'data/t.csv' after the first step (use append)");
  EXPECT_EQ(parse("stray text\n--- compute\n"), "line 1: text before the first `--- ` block");
  EXPECT_EQ(parse("--- data/t.csv\nid\n--- data/t.csv\nid\n--- compute\n"),
            "line 3: file 'data/t.csv' given twice");
  EXPECT_EQ(parse("# a comment\n--- data/t.csv\nid\n"),
            "no steps: add a `--- compute` or `--- status` block");
  EXPECT_EQ(parse("# a comment\n--- data/t.csv\nid\n--- compute --kpi n\nkpi\n\n"), "");
}

}  // namespace
}  // namespace northstar::service
