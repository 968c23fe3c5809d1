// Differential test: every metric of tests/logic/cases/differential_*.test is computed by the
// engine and by SQL in SQLite over the same random rows, in two time zones and
// several seeds; every (grain, period, segment) value must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "catalog/loader.h"
#include "differential_harness.h"

namespace northstar::engine::testing {
namespace {

struct Workspace {
  catalog::Catalog catalog;
  formula::CompiledCatalog compiled;
};

std::unique_ptr<Workspace> LoadDifferentialWorkspace(const std::string& zone,
                                                     const std::vector<DiffCase>& cases) {
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", WorkspaceYaml(zone)}, {"catalog/metrics.yaml", CatalogYaml(cases)}}, diags);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok()) return nullptr;
  auto ws = std::make_unique<Workspace>();
  ws->catalog = std::move(loaded).value();
  ws->compiled = formula::CompileCatalog(ws->catalog, diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  return ws;
}

class DifferentialTest : public ::testing::TestWithParam<std::tuple<std::string, uint64_t>> {};

TEST_P(DifferentialTest, EngineMatchesSql) {
  const auto& [zone, seed] = GetParam();
  const auto cases = LoadCases(NORTHSTAR_SOURCE_DIR);
  ASSERT_GE(cases.size(), 20u);
  auto ws = LoadDifferentialWorkspace(zone, cases);
  ASSERT_NE(ws, nullptr);
  auto data = GenerateData(ws->catalog, seed);
  auto computed = Compute(ws->catalog, ws->compiled, data->input);
  ASSERT_TRUE(computed.ok()) << computed.status().ToString();
  SqlReference sql(ws->catalog, *data);
  size_t compared = 0;
  for (const auto& c : cases) {
    std::string error;
    const auto expected = sql.Expected(c, &error);
    ASSERT_TRUE(error.empty()) << c.id << ": " << error;
    EXPECT_FALSE(expected.empty()) << c.id;
    // Every case but the one about division by zero must produce real numbers to compare.
    const size_t non_null =
        std::count_if(expected.begin(), expected.end(), [](const auto& v) { return v.value.has_value(); });
    if (c.id != "div_zero") EXPECT_GT(non_null, 0u) << c.id;
    compared += expected.size();
    const std::string diff = CompareRows(c.id, *computed, expected);
    EXPECT_TRUE(diff.empty()) << "case " << c.id << " (" << c.formula << "), zone " << zone << ", seed "
                              << seed << ":\n"
                              << diff;
  }
  EXPECT_GT(compared, 5000u);  // values compared in this run
}

INSTANTIATE_TEST_SUITE_P(ZonesAndSeeds, DifferentialTest,
                         ::testing::Combine(::testing::Values("Europe/Berlin", "America/New_York"),
                                            ::testing::Values(1u, 2u, 3u)));

// Two threads (rows split in two ranges, accumulators merged) give the same values as one.
TEST(EngineThreads, TwoThreadsMatchOne) {
  const auto cases = LoadCases(NORTHSTAR_SOURCE_DIR);
  auto ws = LoadDifferentialWorkspace("Europe/Berlin", cases);
  ASSERT_NE(ws, nullptr);
  auto data = GenerateData(ws->catalog, 7, /*scale=*/200);  // 80k tickets: above the split threshold
  ComputeOptions one;
  one.threads = 1;
  one.measures = {"n_tickets", "csat_median", "fast_share", "amount_spread", "distinct_channels"};
  ComputeOptions two = one;
  two.threads = 2;
  auto a = Compute(ws->catalog, ws->compiled, data->input, one);
  auto b = Compute(ws->catalog, ws->compiled, data->input, two);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    ASSERT_EQ((*a)[i].kpi, (*b)[i].kpi);
    ASSERT_EQ((*a)[i].segment, (*b)[i].segment);
    ASSERT_EQ((*a)[i].value.has_value(), (*b)[i].value.has_value());
    if ((*a)[i].value) EXPECT_NEAR(*(*a)[i].value, *(*b)[i].value, 1e-9 * std::fabs(*(*a)[i].value) + 1e-12);
  }
}

}  // namespace
}  // namespace northstar::engine::testing

namespace northstar::engine::testing {
namespace {

// Computing only some grains gives exactly the values a full compute gives for them,
// and nothing else.
TEST(EngineGrains, SelectedGrainsMatchFullCompute) {
  const auto cases = LoadCases(NORTHSTAR_SOURCE_DIR);
  auto ws = LoadDifferentialWorkspace("Europe/Berlin", cases);
  ASSERT_NE(ws, nullptr);
  auto data = GenerateData(ws->catalog, 11);
  auto full = Compute(ws->catalog, ws->compiled, data->input);
  ComputeOptions monthly;
  monthly.grains = {catalog::Grain::kMonth};
  auto part = Compute(ws->catalog, ws->compiled, data->input, monthly);
  ASSERT_TRUE(full.ok() && part.ok());
  std::vector<ComputedValue> expected;
  for (const auto& v : *full) {
    if (v.all || v.grain == catalog::Grain::kMonth) expected.push_back(v);
  }
  ASSERT_GT(expected.size(), 100u);
  ASSERT_EQ(part->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const ComputedValue& a = expected[i];
    const ComputedValue& b = (*part)[i];
    ASSERT_EQ(a.kpi + a.PeriodText() + a.segment, b.kpi + b.PeriodText() + b.segment);
    ASSERT_EQ(a.value.has_value(), b.value.has_value()) << a.kpi << " " << a.PeriodText() << " " << a.segment;
    if (a.value) {
      EXPECT_EQ(*a.value, *b.value) << a.kpi << " " << a.PeriodText() << " " << a.segment;
    }
    EXPECT_EQ(a.rows, b.rows);
  }
}

}  // namespace
}  // namespace northstar::engine::testing
