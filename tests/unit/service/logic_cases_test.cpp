// The declarative cases (tests/logic/cases/*.test; format in tests/unit/testing/
// logic_case.h), each its own test, run through service::Workspace as the command line
// runs them: compute records its values and refreshes after an ingest, status judges
// what the results database holds. Each step's output must equal its block exactly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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
  const northstar::testing::LogicCase c = northstar::testing::ParseLogicCase(GetParam());
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
            "line 3: unknown step 'comptue' (steps: compute, refresh, ingest, append, status)");
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
