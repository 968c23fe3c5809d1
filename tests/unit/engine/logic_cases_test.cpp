// Declarative KPI cases (tests/logic/cases/*.test): each file holds a workspace
// (northstar.yaml, catalog files, CSV data) and one or more `--- expected [filters]`
// blocks with the exact CSV `northstar compute --format csv` must print for it.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/loader.h"
#include "engine/engine.h"
#include "engine/output.h"
#include "engine/workspace_input.h"
#include "formula/compiler.h"
#include "testing/logic_case.h"

namespace northstar::engine {
namespace {

namespace fs = std::filesystem;

TEST(LogicCases, EveryCaseComputesItsExpectedRows) {
  const auto files = northstar::testing::LogicCaseFiles(NORTHSTAR_SOURCE_DIR);
  ASSERT_GE(files.size(), 3u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    const northstar::testing::LogicCase c = northstar::testing::ParseLogicCase(path);
    ASSERT_FALSE(c.expected.empty());
    const fs::path dir = fs::temp_directory_path() /
                         ("northstar-logic-" + path.stem().string() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    for (const auto& [name, text] : c.files) {
      fs::create_directories((dir / name).parent_path());
      std::ofstream(dir / name) << text;
    }
    Diagnostics diags;
    auto catalog = catalog::LoadWorkspace(dir.string(), diags);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    formula::CompiledCatalog compiled = formula::CompileCatalog(*catalog, diags);
    for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
    std::vector<std::string> sources;
    for (const auto& s : catalog->workspace.sources) sources.push_back(s.id);
    auto input = LoadSources(*catalog, sources, nullptr);
    ASSERT_TRUE(input.ok()) << input.status().ToString();
    auto values = Compute(*catalog, compiled, (*input)->input);
    ASSERT_TRUE(values.ok()) << values.status().ToString();
    for (const auto& e : c.expected) {
      std::vector<ComputedValue> shown;
      for (const auto& v : *values) {
        if (!e.kpis.empty() && std::find(e.kpis.begin(), e.kpis.end(), v.kpi) == e.kpis.end()) continue;
        if (!e.grain.empty() && !v.all && e.grain != catalog::GrainName(v.grain)) continue;
        shown.push_back(v);
      }
      EXPECT_EQ(FormatCsv(shown), e.csv);
    }
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace northstar::engine
