// A streamed source (rows decoded part by part, each part with its own string
// dictionary, as `compute` reads the store) gives the values a whole table gives, on
// the differential workspace's generated rows, with one and two threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "catalog/loader.h"
#include "differential_harness.h"
#include "engine/plan.h"

namespace northstar::engine::testing {
namespace {

// Rows [begin, end) of `col`, strings re-coded into a dictionary of only this part's
// values, in reverse order of first appearance (so codes differ from the whole table's).
store::ColumnValues Slice(const store::ColumnValues& col, size_t begin, size_t end) {
  store::ColumnValues out;
  out.type = col.type;
  out.valid.assign(col.valid.begin() + begin, col.valid.begin() + end);
  if (store::UsesInts(col.type)) out.ints.assign(col.ints.begin() + begin, col.ints.begin() + end);
  if (col.type == catalog::ColumnType::kFloat)
    out.floats.assign(col.floats.begin() + begin, col.floats.begin() + end);
  if (col.type == catalog::ColumnType::kString) {
    std::vector<uint32_t> order;  // whole-table codes in order of first appearance
    std::map<uint32_t, uint32_t> seen;
    for (size_t r = begin; r < end; ++r) {
      if (col.valid[r] && seen.emplace(col.codes[r], 0).second) order.push_back(col.codes[r]);
    }
    for (size_t k = 0; k < order.size(); ++k) {
      seen[order[order.size() - 1 - k]] = static_cast<uint32_t>(k);
      out.dictionary.push_back(col.dictionary[order[order.size() - 1 - k]]);
    }
    for (size_t r = begin; r < end; ++r) out.codes.push_back(col.valid[r] ? seen[col.codes[r]] : 0);
  }
  return out;
}

// `whole` as a streamed table of parts of random sizes.
SourceTable Streamed(const SourceTable& whole, std::mt19937_64& rng) {
  SourceTable out;
  out.rows = whole.rows;
  std::vector<size_t> starts;
  for (size_t at = 0; at < whole.rows;) {
    starts.push_back(at);
    const size_t n = std::uniform_int_distribution<size_t>(1, 40000)(rng);
    out.part_rows.push_back(std::min(n, whole.rows - at));
    at += out.part_rows.back();
  }
  out.decode_part = [whole, starts, sizes = out.part_rows](
                        size_t part,
                        const std::vector<int32_t>& wanted) -> Result<std::shared_ptr<const DecodedPart>> {
    auto p = std::make_shared<DecodedPart>();
    p->table.rows = sizes[part];
    p->table.columns.assign(whole.columns.size(), nullptr);
    for (int32_t c : wanted) {
      if (whole.columns[c] == nullptr) continue;
      p->owned.push_back(std::make_shared<const store::ColumnValues>(
          Slice(*whole.columns[c], starts[part], starts[part] + sizes[part])));
      p->table.columns[c] = p->owned.back().get();
    }
    return std::shared_ptr<const DecodedPart>(std::move(p));
  };
  return out;
}

TEST(StreamedInput, PartsGiveTheValuesOfTheWholeTable) {
  const auto cases = LoadCases(NORTHSTAR_SOURCE_DIR);
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", WorkspaceYaml("Europe/Berlin")}, {"catalog/metrics.yaml", CatalogYaml(cases)}},
      diags);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const formula::CompiledCatalog compiled = formula::CompileCatalog(*loaded, diags);
  auto data = GenerateData(*loaded, 13, /*scale=*/100);
  auto plan = BuildPlan(*loaded, compiled, {});
  ASSERT_TRUE(plan.ok());
  std::set<std::string> snapshot;  // sources snapshot aggregates read stay whole
  for (const auto& scan : plan->scans) {
    if (scan.snapshot) snapshot.insert(scan.source_id);
  }
  std::mt19937_64 rng(5);
  EngineInput streamed;
  size_t streamed_sources = 0;
  for (const auto& [id, table] : data->input.sources) {
    if (snapshot.count(id)) {
      streamed.sources[id] = table;
    } else {
      streamed.sources[id] = Streamed(table, rng);
      streamed_sources += streamed.sources[id].part_rows.size() > 1;
    }
  }
  ASSERT_GE(streamed_sources, 2u);
  auto whole = Compute(*loaded, compiled, data->input);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  for (int threads : {1, 2}) {
    ComputeOptions options;
    options.threads = threads;
    auto parts = Compute(*loaded, compiled, streamed, options);
    ASSERT_TRUE(parts.ok()) << parts.status().ToString();
    ASSERT_EQ(parts->size(), whole->size());
    for (size_t i = 0; i < whole->size(); ++i) {
      const ComputedValue& a = (*whole)[i];
      const ComputedValue& b = (*parts)[i];
      ASSERT_EQ(a.kpi + " " + a.PeriodText() + " " + a.segment,
                b.kpi + " " + b.PeriodText() + " " + b.segment);
      ASSERT_EQ(a.value.has_value(), b.value.has_value())
          << a.kpi << " " << a.PeriodText() << " " << a.segment;
      if (a.value) {
        EXPECT_NEAR(*a.value, *b.value, 1e-9 * std::fabs(*a.value) + 1e-12)
            << a.kpi << " " << a.PeriodText() << " " << a.segment;
      }
      EXPECT_EQ(a.rows, b.rows) << a.kpi << " " << a.PeriodText() << " " << a.segment;
    }
  }
}

}  // namespace
}  // namespace northstar::engine::testing
