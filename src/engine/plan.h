// The compute plan: which aggregates to compute, grouped into shared scans, and
// which measures read them. The plan is plain data so that another backend (a SQL
// generator) can compile the same plan: each ScanPlan is one pass over one source
// with one filter, each AggregatePlan one aggregate column of that pass, grouped by
// (local day, segment) and rolled up to coarser periods.
//
// Planning rules:
// - Every kAggregate node of every selected measure, and of every measure those
//   reference (kMeasureRef is evaluated inline, see engine.h), maps to exactly one
//   AggregatePlan. Aggregates with the same source, the same applicable KPI filter,
//   the same snapshot flag and the same expression are computed once.
// - The KPI `filter:` of the measure that owns an aggregate applies when the
//   aggregate reads that measure's own source (SPEC §3), never otherwise.
// - Aggregates of one source with the same filter and snapshot flag share a scan:
//   the filter is evaluated once per row for all of them.
// - Each aggregate is grouped by the segment dimensions that any measure using it
//   asks for and its source has as columns, and computed at the finest grain any
//   such measure needs (coarser grains are rolled up).
// - Every measure also gets a `count()` over its own source under its filter: the
//   number of rows behind each value (results::ValueRow::rows).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "formula/ast.h"
#include "formula/compiler.h"

namespace northstar::engine {

struct AggregatePlan {
  int32_t id = 0;
  const formula::Expr* expr = nullptr;  // the kAggregate node (its first occurrence)
  std::string source_id;
  const formula::Expr* filter = nullptr;  // the KPI filter that applies, or null
  bool snapshot = false;
  catalog::Grain finest_grain = catalog::Grain::kYear;
  std::vector<std::string> dims;  // segment columns of source_id it is grouped by
  std::string signature;          // canonical text of aggregate + filter
};

struct ScanPlan {
  std::string source_id;
  const formula::Expr* filter = nullptr;
  std::string filter_signature;     // "" = no filter
  bool snapshot = false;            // evaluated over all rows once per period
  std::vector<int32_t> aggregates;  // AggregatePlan ids
  std::vector<std::string> dims;    // union of the aggregates' dims, sorted
  catalog::Grain finest_grain = catalog::Grain::kYear;
};

struct MeasurePlan {
  const formula::CompiledMeasure* measure = nullptr;
  int32_t rows_aggregate = -1;            // count() over its own source under its filter
  std::vector<std::string> sources_read;  // own source + every aggregate's, transitively; sorted
  std::vector<std::string> dims;          // its `segments:` that are columns of its source
};

struct Plan {
  std::vector<AggregatePlan> aggregates;
  std::vector<ScanPlan> scans;
  std::vector<MeasurePlan> measures;                               // the measures to output, in catalog order
  std::unordered_map<const formula::Expr*, int32_t> aggregate_of;  // every kAggregate node
  std::vector<formula::ExprPtr> synthesized;                       // owns the rows count() nodes

  // A readable listing of scans and aggregates (for `--explain`-style output and tests).
  std::string Describe() const;
};

// Plans `selected` measure ids (empty = every measure that compiled). Measures whose
// formula failed to compile are skipped; an unknown selected id is NotFound.
Result<Plan> BuildPlan(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                       const std::vector<std::string>& selected);

// Per source id, the columns (indexes into its SourceDef::columns, sorted) that
// computing `plan` reads: every column an aggregate, its `where` or a scan filter
// mentions, the source's `time` column and the segment dimensions it is grouped by.
std::map<std::string, std::vector<int32_t>> ColumnsRead(const Plan& plan,
                                                        const catalog::Workspace& workspace);

// The columns (indexes into the scan source's SourceDef::columns, sorted) that the
// row expressions of `scan` read: its filter and its aggregates' arguments and `where`.
std::vector<int32_t> ScanColumns(const Plan& plan, const ScanPlan& scan);

// Per source id, the segment dimensions (columns of that source, sorted) that any
// aggregate of `plan` is grouped by or any measure over the source asks for.
std::map<std::string, std::vector<std::string>> SegmentDims(const Plan& plan,
                                                            const catalog::Workspace& workspace);

// How many periods back a value of `plan` can look through series functions
// (prev, growth, rolling_avg), measure references followed.
int64_t SeriesReach(const Plan& plan, const formula::CompiledCatalog& compiled);

// Canonical text of a bound expression: equal texts mean equal computations.
std::string Signature(const formula::Expr& e);

}  // namespace northstar::engine
