// The executor seam: measures evaluate over an aggregate table, whoever filled it.
// - A table filled by hand (no rows, no scans) gives KPIs of KPIs, series functions,
//   segments and refresh windows their documented values.
// - The native executor's table with every segment value renumbered (labels in
//   another order, as a SQL engine returning grouped rows would number them) gives
//   exactly the values engine::Compute gives on the differential workspace.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "differential_harness.h"
#include "engine/aggregate_table.h"
#include "engine/executor.h"
#include "engine/measure_evaluator.h"
#include "engine/native_executor.h"
#include "engine/plan.h"
#include "time/timestamp.h"

namespace northstar::engine::testing {
namespace {

using catalog::Grain;

struct Loaded {
  catalog::Catalog catalog;
  formula::CompiledCatalog compiled;
  Plan plan;
};

std::unique_ptr<Loaded> Load(const std::string& workspace_yaml, const std::string& catalog_yaml) {
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", workspace_yaml}, {"catalog/metrics.yaml", catalog_yaml}}, diags);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok()) return nullptr;
  auto out = std::make_unique<Loaded>();
  out->catalog = std::move(*loaded);
  out->compiled = formula::CompileCatalog(out->catalog, diags);
  auto plan = BuildPlan(out->catalog, out->compiled, {});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  if (!plan.ok()) return nullptr;
  out->plan = std::move(*plan);
  return out;
}

int32_t Day(const char* date) {
  return *time::ParseLocalDate(date);
}

// The aggregate id of `measure`'s formula when it is a single aggregate.
int32_t AggregateOf(const Loaded& l, const std::string& measure) {
  return l.plan.aggregate_of.at(l.compiled.Find(measure)->formula.get());
}

std::string Text(const std::vector<ComputedValue>& values) {
  std::string out;
  for (const auto& v : values) {
    out += v.kpi + " " + v.PeriodText() + " " + v.segment + " " +
           (v.value ? std::to_string(*v.value) : "null") + " rows=" + std::to_string(v.rows) + "\n";
  }
  return out;
}

constexpr const char* kWorkspace =
    "workspace: seam\n"
    "timezone: UTC\n"
    "sources:\n"
    "  t:\n"
    "    from: csv:data/t.csv\n"
    "    key: id\n"
    "    time: at\n"
    "    columns: {id: int, at: timestamp, x: int, channel: string}\n";

constexpr const char* kCatalog =
    "metrics:\n"
    "  - id: n\n"
    "    name: n\n"
    "    source: t\n"
    "    frequency: weekly\n"
    "    segments: [channel]\n"
    "    formula: count()\n"
    "  - id: x\n"
    "    name: x\n"
    "    source: t\n"
    "    frequency: weekly\n"
    "    segments: [channel]\n"
    "    formula: sum(x)\n"
    "  - id: x_per_n\n"
    "    name: x per n\n"
    "    source: t\n"
    "    frequency: weekly\n"
    "    segments: [channel]\n"
    "    formula: x / n\n"
    "  - id: n_growth\n"
    "    name: n growth\n"
    "    source: t\n"
    "    frequency: weekly\n"
    "    formula: growth(n)\n";

// Weeks 2026-W02 and W03 (days 2026-01-05 .. 2026-01-18); channel takes `web` and `mail`.
// count: W02 * 4, web 3, mail 1; W03 * 2, web 0, mail 2. sum(x): W02 * 10, web 6, mail 4;
// W03 * 5, web null, mail 5.
AggregateTable HandTable(const Loaded& l) {
  AggregateTable table;
  table.SetDays(Day("2026-01-05"), Day("2026-01-18"));
  SourceFrame& frame = table.sources["t"];
  frame.timed = true;
  frame.has_days = true;
  frame.min_day = table.min_day;
  frame.max_day = table.max_day;
  auto channel = std::make_shared<SegmentValues>();
  channel->Add("web");
  channel->Add("mail");
  frame.dims["channel"] = channel;
  table.columns.resize(l.plan.aggregates.size());
  const auto week = static_cast<size_t>(Grain::kWeek);
  auto fill = [&](int32_t id, double empty, std::vector<double> w02, std::vector<double> w03) {
    AggregateColumn& c = table.columns[static_cast<size_t>(id)];
    c.present = true;
    c.per_period = true;
    c.empty = empty;
    c.AddDimension("channel", channel);
    c.by_grain[week] = w02;  // [period offset * nslots + slot]: slots *, web, mail
    c.by_grain[week].insert(c.by_grain[week].end(), w03.begin(), w03.end());
    c.all = {empty, empty, empty};
  };
  fill(AggregateOf(l, "n"), 0, {4, 3, 1}, {2, 0, 2});
  fill(AggregateOf(l, "x"), kNull, {10, 6, 4}, {5, kNull, 5});
  return table;
}

TEST(MeasureEvaluator, HandFilledTableGivesKpiOfKpiSeriesAndSegments) {
  auto l = Load(kWorkspace, kCatalog);
  ASSERT_NE(l, nullptr);
  const AggregateTable table = HandTable(*l);
  const auto values = EvaluateMeasures(l->compiled, l->plan, table, {Grain::kWeek});
  // Every measure has its own rows count; those of n and x read the same count().
  EXPECT_EQ(Text(values),
            "n 2026-W02 * 4.000000 rows=4\n"
            "n 2026-W02 channel=mail 1.000000 rows=1\n"
            "n 2026-W02 channel=web 3.000000 rows=3\n"
            "n 2026-W03 * 2.000000 rows=2\n"
            "n 2026-W03 channel=mail 2.000000 rows=2\n"
            "n 2026-W03 channel=web 0.000000 rows=0\n"
            "n_growth 2026-W02 * null rows=4\n"
            "n_growth 2026-W03 * -0.500000 rows=2\n"
            "x 2026-W02 * 10.000000 rows=4\n"
            "x 2026-W02 channel=mail 4.000000 rows=1\n"
            "x 2026-W02 channel=web 6.000000 rows=3\n"
            "x 2026-W03 * 5.000000 rows=2\n"
            "x 2026-W03 channel=mail 5.000000 rows=2\n"
            "x 2026-W03 channel=web null rows=0\n"
            "x_per_n 2026-W02 * 2.500000 rows=4\n"
            "x_per_n 2026-W02 channel=mail 4.000000 rows=1\n"
            "x_per_n 2026-W02 channel=web 2.000000 rows=3\n"
            "x_per_n 2026-W03 * 2.500000 rows=2\n"
            "x_per_n 2026-W03 channel=mail 2.500000 rows=2\n"
            "x_per_n 2026-W03 channel=web null rows=0\n");
}

TEST(MeasureEvaluator, RefreshWindowOutputsOnlyItsPeriods) {
  auto l = Load(kWorkspace, kCatalog);
  ASSERT_NE(l, nullptr);
  AggregateTable table = HandTable(*l);
  RefreshWindow window;
  window.out[static_cast<size_t>(Grain::kWeek)] = {0, 1};  // only W03 is recomputed
  table.window = window;
  const auto values = EvaluateMeasures(l->compiled, l->plan, table, {Grain::kWeek});
  ASSERT_FALSE(values.empty());
  for (const auto& v : values) EXPECT_EQ(v.PeriodText(), "2026-W03") << v.kpi << " " << v.segment;
  // growth still reads W02 from the table: the window limits what is output, not read.
  auto growth = std::find_if(values.begin(), values.end(), [](const auto& v) { return v.kpi == "n_growth"; });
  ASSERT_NE(growth, values.end());
  EXPECT_EQ(growth->value, -0.5);
}

TEST(MeasureEvaluator, AbsentSourceAndMissingDimensionAreNull) {
  auto l = Load(kWorkspace, kCatalog);
  ASSERT_NE(l, nullptr);
  AggregateTable table = HandTable(*l);
  ValuePoint point;
  point.grain = Grain::kWeek;
  point.index = time::PeriodOfDay(Day("2026-01-05"), Grain::kWeek).index;
  const std::string region = "region", north = "north", channel = "channel", phone = "phone";
  point.dim = &region;
  point.label = &north;
  EXPECT_TRUE(std::isnan(table.At(AggregateOf(*l, "n"), point)));  // t has no column `region`
  point.dim = &channel;
  point.label = &phone;
  EXPECT_EQ(table.At(AggregateOf(*l, "n"), point), 0);             // no row has channel=phone
  EXPECT_TRUE(std::isnan(table.At(AggregateOf(*l, "x"), point)));  // sum of no rows
  point.index += 5;                                                // after the data
  point.dim = nullptr;
  EXPECT_EQ(table.At(AggregateOf(*l, "n"), point), 0);
  table.columns[static_cast<size_t>(AggregateOf(*l, "n"))].present = false;
  EXPECT_TRUE(std::isnan(table.At(AggregateOf(*l, "n"), point)));
}

// An executor that numbers every segment value in reverse order of the native one,
// moving each column's slots to match.
class RenumberingExecutor final : public Executor {
 public:
  explicit RenumberingExecutor(Executor& inner) : inner_(inner) {}

  Result<AggregateTable> Execute(const Plan& plan) override {
    ASSIGN_OR_RETURN(AggregateTable table, inner_.Execute(plan));
    std::map<const SegmentValues*, std::shared_ptr<const SegmentValues>> renumbered;
    for (auto& [id, frame] : table.sources) {
      for (auto& [dim, values] : frame.dims) {
        auto reversed = std::make_shared<SegmentValues>();
        for (auto it = values->labels.rbegin(); it != values->labels.rend(); ++it) reversed->Add(*it);
        renumbered[values.get()] = reversed;
        values = reversed;
      }
    }
    for (AggregateColumn& c : table.columns) {
      if (!c.present) continue;
      AggregateColumn moved;
      moved.present = true;
      moved.per_period = c.per_period;
      moved.empty = c.empty;
      for (size_t k = 0; k < c.dims.size(); ++k)
        moved.AddDimension(c.dim_names[k], renumbered.at(c.dims[k].get()));
      // Native slot -> renumbered slot.
      std::vector<uint32_t> slot(c.nslots, 0);
      for (size_t k = 0; k < c.dims.size(); ++k) {
        const auto n = static_cast<uint32_t>(c.dims[k]->labels.size());
        for (uint32_t v = 0; v < n; ++v) slot[c.base[k] + v] = moved.base[k] + (n - 1 - v);
      }
      auto move_slots = [&](const std::vector<double>& from) {
        std::vector<double> to(from.size());
        for (size_t i = 0; i < from.size(); ++i) to[i / c.nslots * c.nslots + slot[i % c.nslots]] = from[i];
        return to;
      };
      for (size_t g = 0; g < c.by_grain.size(); ++g) moved.by_grain[g] = move_slots(c.by_grain[g]);
      moved.all = move_slots(c.all);
      c = std::move(moved);
    }
    return table;
  }

 private:
  Executor& inner_;
};

TEST(Executor, MeasuresDoNotDependOnHowAnExecutorNumbersSegments) {
  const auto cases = LoadCases(NORTHSTAR_SOURCE_DIR);
  auto l = Load(WorkspaceYaml("Europe/Berlin"), CatalogYaml(cases));
  ASSERT_NE(l, nullptr);
  auto data = GenerateData(l->catalog, 21, /*scale=*/10);
  auto expected = Compute(l->catalog, l->compiled, l->plan, data->input);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ComputeOptions options;
  NativeExecutor native(l->catalog, l->compiled, data->input, options);
  RenumberingExecutor renumbering(native);
  auto table = renumbering.Execute(l->plan);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  size_t segmented = 0;
  for (const auto& [id, frame] : table->sources) {
    for (const auto& [dim, values] : frame.dims) segmented += values->labels.size() > 1;
  }
  ASSERT_GE(segmented, 3u);  // the renumbering moved something
  const auto values = EvaluateMeasures(l->compiled, l->plan, *table, {});
  ASSERT_EQ(values.size(), expected->size());
  size_t non_null = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const ComputedValue& a = (*expected)[i];
    const ComputedValue& b = values[i];
    const std::string where = a.kpi + " " + a.PeriodText() + " " + a.segment;
    ASSERT_EQ(where, b.kpi + " " + b.PeriodText() + " " + b.segment);
    EXPECT_EQ(a.value, b.value) << where;  // bit for bit: the same numbers, looked up by label
    EXPECT_EQ(a.rows, b.rows) << where;
    non_null += a.value.has_value();
  }
  EXPECT_GT(non_null, values.size() / 2);
}

}  // namespace
}  // namespace northstar::engine::testing
