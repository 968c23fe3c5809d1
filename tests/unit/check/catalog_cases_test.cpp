// Runs load + compile + check on every workspace under tests/catalogs/ and asserts
// that each line of its expect.txt ("file:line: severity [rule]") is reported, so
// every lint rule is proven to fire at the right place. `clean` must report nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "catalog/loader.h"
#include "check/check.h"
#include "formula/compiler.h"

namespace northstar::check {
namespace {

namespace fs = std::filesystem;

const fs::path kCasesDir = fs::path(NORTHSTAR_SOURCE_DIR) / "tests" / "catalogs";

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCasesDir)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// "catalog/kpis.yaml:12: error [missing-owner]"
std::string Key(const Diagnostic& d) {
  return d.where.file + ":" + std::to_string(d.where.line) + ": " +
         (d.severity == Severity::kError ? "error" : "warning") + " [" + d.rule + "]";
}

Diagnostics CheckWorkspace(const std::string& name) {
  Diagnostics diags;
  Result<catalog::Catalog> catalog = catalog::LoadWorkspace((kCasesDir / name).string(), diags);
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  if (!catalog.ok()) return diags;
  formula::CompiledCatalog compiled = formula::CompileCatalog(*catalog, diags);
  RunChecks(*catalog, compiled, diags);
  diags.Sort();
  return diags;
}

std::string Dump(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += d.ToString() + "\n";
  return out;
}

class CatalogCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogCaseTest, ReportsExpectedDiagnostics) {
  const std::string name = GetParam();
  Diagnostics diags = CheckWorkspace(name);
  std::set<std::string> got;
  for (const auto& d : diags.items()) {
    got.insert(Key(d));
    // Every message names a file and a line, and says how to fix it.
    EXPECT_FALSE(d.where.file.empty()) << d.ToString();
    EXPECT_GT(d.where.line, 0) << d.ToString();
    EXPECT_FALSE(d.message.empty()) << d.ToString();
    if (d.rule != "formula-syntax") EXPECT_FALSE(d.hint.empty()) << d.ToString();
  }
  const fs::path expect = kCasesDir / name / "expect.txt";
  if (!fs::exists(expect)) {
    EXPECT_TRUE(diags.items().empty()) << name << " has no expect.txt, so it must be clean:\n" << Dump(diags);
    return;
  }
  std::vector<std::string> wanted = ReadLines(expect);
  ASSERT_FALSE(wanted.empty()) << expect;
  for (const auto& line : wanted) {
    EXPECT_TRUE(got.count(line)) << name << ": expected `" << line << "`, got:\n" << Dump(diags);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CatalogCaseTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string id = info.param;
                           std::replace(id.begin(), id.end(), '-', '_');
                           return id;
                         });

// Every rule RunChecks or the loader can emit has a case that proves it fires.
TEST(CatalogCasesCoverage, EveryRuleHasACase) {
  std::set<std::string> covered;
  for (const auto& name : CaseNames()) {
    for (const auto& line : ReadLines(kCasesDir / name / "expect.txt")) {
      auto open = line.find('[');
      auto close = line.find(']', open);
      covered.insert(line.substr(open + 1, close - open - 1));
    }
  }
  for (const char* rule :
       {"unknown-key",         "invalid-value",  "yaml-syntax",           "duplicate-id",     "missing-key",
        "unknown-id",          "cycle",          "unknown-column",        "missing-goal",     "missing-owner",
        "missing-target",      "missing-action", "missing-change-reason", "not-smart",        "too-many-kpis",
        "unguarded-speed-kpi", "bare-count-kpi", "short-baseline",        "review-lags-data", "invalid-utf8",
        "unknown-theme"}) {
    EXPECT_TRUE(covered.count(rule)) << "no tests/catalogs case proves rule " << rule;
  }
}

}  // namespace
}  // namespace northstar::check
