// `northstar sql` (SPEC §9): one SQL statement that computes the selected KPIs and
// metrics where the data lives, returning `kpi, period, segment, value` with the same
// periods, segments, nulls and order as `compute --format csv`.
//
// The statement is compiled from the engine's plan (engine/plan.h), not from a template
// per KPI. Its shape, per measure and grain (a "block"; docs/scale.md draws it):
//   __ns_src<i>        one per source: its table plus the local day of its time column,
//                      by the workspace zone's offsets from the tz database Northstar
//                      itself uses (sql/zone_table.h), so every engine buckets alike
//   __b<n>_a<id>       one per aggregate: (period, segment, value) rows, grouped once per
//                      segment dimension; each aggregate at its own source's grain, so
//                      cross-source measures never fan out in a join
//   __b<n>_b/_p/_s     the periods (every one from the first to the last row of any
//                      source read, empty ones too) and the segments (`*` + values)
//   __b<n>_l0..        the period × segment frame with each aggregate joined on, then one
//                      layer per depth of series functions (window functions over the frame)
// and a final UNION ALL of the blocks in compute's order.
//
// What is compiled: every aggregate (percentiles exactly, by `percentile_cont` or by
// ranking rows where a dialect has none), snapshot aggregates (period bounds), `where`
// and KPI filters, row expressions, date parts in the workspace zone, working time of
// calendars (sql/working_time.h), KPIs of KPIs (inlined, as the engine does), prev,
// growth and rolling_avg, segments with `DIM=(null)`, null and division-by-zero rules.
// What is not (yet): segments over float or timestamp columns, and calendars on
// ClickHouse. Those give Unsupported naming the KPI and the feature; nothing is printed
// that could compute another number. ClickHouse 18.16 gets its own shapes where it
// lacks a feature (docs/scale.md has the table): CTEs inlined, one join per SELECT,
// periods by arrayJoin, series from arrays sorted by period.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/plan.h"
#include "formula/compiler.h"
#include "sql/dialect.h"

namespace northstar::sql {

struct SqlRequest {
  Dialect dialect = Dialect::kPostgres;
  std::vector<std::string> measures;          // ids; empty = every measure that compiled
  std::optional<catalog::Grain> grain;        // only this grain (`all` periods always)
  std::map<std::string, std::string> tables;  // source id -> table name ("schema.table" allowed)
  // Adds a fifth column, `rows`: the rows of the measure's own source behind each value
  // (what compute records with it; `compute --engine` asks for it).
  bool with_rows = false;
  // UTC microseconds every timestamp the statement reads lies within (both ends), when
  // the caller knows them (`compute --engine` asks the engine first, CompileTimeRange):
  // the zone's offsets are then written for those instants, with 400 days either side
  // for period bounds, instead of for every year the workspace accepts. ClickHouse
  // analyses such a statement about three times faster.
  std::optional<std::pair<int64_t, int64_t>> time_range;
  // Each timed source's first and last local day (CompileSourceSpans; a source without
  // rows is absent), when the caller knows them: the periods are then written from
  // these instead of scanning every source for each grain.
  std::optional<std::map<std::string, std::pair<int32_t, int32_t>>> source_days;
};

// The statement. Errors: NotFound for an unknown measure or source in `tables`,
// InvalidArgument for a name no SQL quoting can hold (NUL, invalid UTF-8) or a bad zone,
// Unsupported for what the dialect (or this compiler) cannot express.
Result<std::string> CompileStatement(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const SqlRequest& request);

// The same for a plan the caller built once (engine::BuildPlan over `request.measures`;
// the native engine runs the same plan).
Result<std::string> CompileStatement(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const engine::Plan& plan,
                                     const SqlRequest& request);

// A statement returning `source, first_day, last_day`: per timed source in `sources`,
// the local days (since 1970-01-01) of its oldest and newest time value (nulls when it
// has none). What `compute --engine` records as each measure's data span.
// A statement returning one row `first, last`: the UTC microseconds of the oldest and
// newest value of every timestamp column of `sources` (nulls when there is none). What
// `compute --engine` sets as SqlRequest::time_range. Empty when no source has a
// timestamp column.
Result<std::string> CompileTimeRange(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const SqlRequest& request,
                                     const std::vector<std::string>& sources);

Result<std::string> CompileSourceSpans(const catalog::Catalog& catalog,
                                       const formula::CompiledCatalog& compiled, const SqlRequest& request,
                                       const std::vector<std::string>& sources);

}  // namespace northstar::sql
