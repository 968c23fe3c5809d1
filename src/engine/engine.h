// The engine: computes every selected KPI/metric for every period and segment
// (SPEC §3) from the rows of its sources, in shared scans (engine/plan.h).
//
// Semantics (details and reasons in docs/engine.md):
// - Grains: each measure at its `frequency` and every coarser grain (day, ISO week,
//   month, quarter, year in the workspace zone). A measure whose own source has no
//   `time` has one period, `all`.
// - Periods that exist: every period from the one holding the earliest row to the one
//   holding the latest row of any source the measure reads (transitively), empty
//   periods in between included. Rows whose time is null belong to no period (they
//   count only in `all`).
// - Segments: `*` plus, for each `segments:` dimension that is a column of the
//   measure's source, every value of that column among the source's rows
//   (`DIM=value`; null -> `DIM=(null)`). An aggregate over a source that lacks the
//   dimension column is null in that segment; an aggregate over another source that
//   has the column is grouped by it.
// - Aggregates follow SQL: nulls are skipped; count of no rows is 0, count_distinct 0,
//   everything else null. share(C where F) = count(C and F) / count(F). Aggregates
//   over a source without `time` (or in an `all` period) read all of its rows.
// - Snapshot aggregates are evaluated over all rows once per period, with
//   period.start/period.end of that period.
// - KPIs of KPIs: a reference is evaluated inline, at the same period and segment, as
//   if the referenced formula were written in place (its own filter applies to its
//   aggregates over its own source).
// - Series: prev(x, n) is x n periods earlier (same grain and segment), null before
//   the measure's first period; growth(x) = x / prev(x) - 1; rolling_avg(x, n) is the
//   mean of the n periods ending here, null unless all n are inside the measure's
//   periods and non-null.
// - Division by zero, overflow, inf and nan all give null.
//
// Thread safety: Compute() is re-entrant; it uses up to `threads` worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/data_shape.h"
#include "engine/plan.h"
#include "engine/source_table.h"
#include "formula/compiler.h"
#include "time/period.h"

namespace northstar::engine {

struct ComputeOptions {
  std::vector<std::string> measures;  // ids to compute; empty = all that compiled
  int threads = 2;                    // worker threads per scan
  // Grains to compute (each measure still only at its frequency and coarser ones);
  // empty = all. Computing fewer grains saves the holistic aggregates most.
  std::vector<catalog::Grain> grains;

  // Incremental refresh (docs/engine.md, "Incremental refresh"): only rows of the
  // local `days` changed since the last compute. The input then needs to hold only
  // the rows of the days the refresh window reads (engine/refresh_window.h), and
  // Compute returns only the values of the periods it recomputes. Which periods and
  // segments exist comes from `shape`, the shape of all the data now; should a row
  // have a segment value `shape` lacks, Compute returns no values and sets
  // *full_needed.
  struct Refresh {
    std::vector<int32_t> days;  // sorted local days whose rows changed or the data grew by
    DataShape shape;
  };
  std::optional<Refresh> refresh;
  DataShape* shape = nullptr;   // out (without refresh): the shape of the data read
  bool* full_needed = nullptr;  // out (with refresh)
};

// Whether `plan` can be refreshed incrementally: no snapshot aggregates, and no
// measure without a time column reading a source that has one.
bool CanRefresh(const Plan& plan, const catalog::Catalog& catalog);

struct ComputedValue {
  std::string kpi;
  catalog::Grain grain = catalog::Grain::kDay;  // for `all`: the measure's frequency
  bool all = false;                             // the single period of a source without time
  time::PeriodKey period;                       // valid unless `all`
  std::string segment;                          // "*" or "dim=value"
  std::optional<double> value;
  int64_t rows = 0;  // rows of the own source behind the value

  std::string PeriodText() const { return all ? "all" : time::PeriodLabel(period); }
};

// Output order: kpi id; then grain from finest to coarsest; then period
// chronologically; then segment with `*` first, the rest in byte order.
bool OutputOrder(const ComputedValue& a, const ComputedValue& b);

// Computes the measures of `plan`, which the caller built once (BuildPlan over the
// same catalog and compiled catalog; `options.measures` is not read) and may also use
// to choose what to read. Errors: InvalidArgument for a bad workspace zone or calendar.
Result<std::vector<ComputedValue>> Compute(const catalog::Catalog& catalog,
                                           const formula::CompiledCatalog& compiled, const Plan& plan,
                                           const EngineInput& input, const ComputeOptions& options = {});

// The same, planning `options.measures` first (NotFound for an unknown id).
Result<std::vector<ComputedValue>> Compute(const catalog::Catalog& catalog,
                                           const formula::CompiledCatalog& compiled, const EngineInput& input,
                                           const ComputeOptions& options = {});

}  // namespace northstar::engine
