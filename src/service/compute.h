// Computing a workspace's KPIs: what `northstar compute` and the API's compute run.
//
// Reads every source the selected measures need (the store snapshot, or the source's
// `from:` before its first ingest), decides between a full compute, a refresh of the
// days whose rows changed, and nothing at all (engine/refresh.h), computes, and records
// the values in the results database in one transaction: a definition version per
// measure, restatements for changed values, each measure's data span, and what this
// compute saw (so the next one can refresh).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/engine.h"
#include "formula/compiler.h"
#include "results/results_db.h"
#include "time/period.h"

namespace northstar::service {

struct ComputeRequest {
  std::vector<std::string> kpis;        // empty: every KPI and metric
  std::optional<catalog::Grain> grain;  // only this grain is computed and written
  // Output filters (everything selected is still computed and recorded):
  std::string segment;  // only `*` and the values of this dimension
  std::optional<time::PeriodKey> from, to;
  bool write = true;  // false: record nothing (a full compute, read-only)
  // Where to compute: "" or "native" (the store), or "postgres" (the compiled SQL on
  // `engines.postgres` in northstar.yaml, over the data in place; SPEC §9).
  std::string engine;
  bool full = false;  // recompute every period even when a refresh would do
};

// How the values were obtained.
struct RefreshSummary {
  enum class Kind { kFull, kRefresh, kUnchanged };
  Kind kind = Kind::kFull;
  std::string why_full;   // kFull: "--full", "--no-write", "segment values changed", ...
  int32_t first_day = 0;  // kRefresh: the changed days (days since the epoch)
  int32_t last_day = 0;
  size_t changed_days = 0;
  size_t values_recomputed = 0;
  uint64_t rows_read = 0;  // kRefresh: rows the refresh read, of rows_stored
  uint64_t rows_stored = 0;
};

// Wall and CPU seconds of each phase of one compute (catalog, read, plan, decode,
// compute, write).
struct Phase {
  const char* name;
  double wall, cpu;
};

struct ComputeReport {
  std::vector<engine::ComputedValue> values;  // after the output filters, OutputOrder
  std::vector<std::string> notes;             // what was read from where
  RefreshSummary refresh;
  std::vector<Phase> phases;
};

// Records each measure of `plan` with its values among `values`: a definition version
// (a new one when formula::DefinitionHash changed), the values, restatements included,
// and no values left in segments the measure no longer has.
// Part of the caller's transaction.
Status WriteValues(results::ResultsDb& db, const engine::Plan& plan,
                   const std::vector<engine::ComputedValue>& values, const std::string& now,
                   const std::string& reason);

// compute's output filters (grain, segment, from, to) over `values`, in their order.
std::vector<engine::ComputedValue> FilterForOutput(std::vector<engine::ComputedValue> values,
                                                   const ComputeRequest& request);

// "nothing changed since the last compute" / "N days changed (A .. B); V values
// recomputed from R of S rows" / "full compute (why)".
std::string DescribeRefresh(const RefreshSummary& refresh);

}  // namespace northstar::service
