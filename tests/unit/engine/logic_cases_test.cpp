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

namespace northstar::engine {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  std::vector<std::string> kpis;
  std::string grain;
  std::string csv;
};

struct LogicCase {
  std::map<std::string, std::string> files;
  std::vector<Expectation> expected;
};

LogicCase ParseCase(const fs::path& path) {
  std::ifstream in(path);
  LogicCase c;
  std::string line, section;
  std::string* body = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      std::istringstream words(line.substr(4));
      std::string name;
      words >> name;
      if (name == "expected") {
        c.expected.emplace_back();
        Expectation& e = c.expected.back();
        std::string flag, value;
        while (words >> flag >> value) {
          if (flag == "--kpi") e.kpis.push_back(value);
          if (flag == "--grain") e.grain = value;
        }
        body = &e.csv;
      } else {
        body = &c.files[name];
      }
      continue;
    }
    if (body == nullptr || (line.rfind("#", 0) == 0 && c.files.empty())) continue;
    *body += line + "\n";
  }
  return c;
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(NORTHSTAR_SOURCE_DIR) / "tests/logic/cases")) {
    if (e.path().extension() == ".test") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LogicCases, EveryCaseComputesItsExpectedRows) {
  const auto files = CaseFiles();
  ASSERT_GE(files.size(), 3u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    LogicCase c = ParseCase(path);
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
