// The aggregate table: what an executor hands to measure evaluation. Per aggregate of
// a plan, its value at each (grain, period, segment); per source, which days and
// segment values exist. It is keyed by period indexes and segment labels, never by an
// executor's own row codes, so KPIs of KPIs, series functions and refresh windows
// (engine/measure_evaluator.h) evaluate the same way over every executor.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/model.h"
#include "engine/accumulator.h"  // kNull: an aggregate's null is NaN inside the table
#include "engine/refresh_window.h"
#include "time/period.h"

namespace northstar::engine {

// The values one segment dimension of one source takes ("(null)" for null), each
// numbered by its position in `labels`.
struct SegmentValues {
  std::vector<std::string> labels;
  std::unordered_map<std::string, uint32_t> by_label;

  // Appends `label` unless present; its number either way.
  uint32_t Add(const std::string& label);
};

// One source as the executor saw it: which days hold rows, which segment values exist.
struct SourceFrame {
  bool timed = false;     // the source has a `time` column
  bool has_days = false;  // some row has a time
  int32_t min_day = 0, max_day = 0;
  std::map<std::string, std::shared_ptr<const SegmentValues>> dims;  // dimension -> its values
};

// One aggregate's values. Slot 0 is the segment `*`; dimension k's value v is slot
// base[k] + v. Values per grain are laid out [period offset * nslots + slot], the
// offset counted from the table's first period at that grain.
struct AggregateColumn {
  bool present = false;     // false: its source is not in the workspace (always null)
  bool per_period = false;  // false: only `all` (a source without time)
  double empty = kNull;     // the value of a group without rows (count: 0)
  std::vector<std::string> dim_names;
  std::vector<std::shared_ptr<const SegmentValues>> dims;
  std::vector<uint32_t> base;
  uint32_t nslots = 1;
  std::array<std::vector<double>, time::kAllGrains.size()> by_grain;
  std::vector<double> all;  // [slot]

  // Adds dimension `name` with `values` after those already added.
  void AddDimension(const std::string& name, std::shared_ptr<const SegmentValues> values);
};

// Where one value is looked up: a period at a grain (or `all`), and a segment.
struct ValuePoint {
  catalog::Grain grain = catalog::Grain::kDay;
  bool all = false;
  int32_t index = 0;                   // period index at `grain`
  const std::string* dim = nullptr;    // null = `*`
  const std::string* label = nullptr;  // the dimension's value
};

struct AggregateTable {
  // The day range of every timed source together, and its periods per grain.
  bool has_days = false;
  int32_t min_day = 0, max_day = 0;
  std::array<int32_t, time::kAllGrains.size()> first_period{}, period_count{};

  std::map<std::string, SourceFrame> sources;  // every source the plan reads that exists
  std::vector<AggregateColumn> columns;        // [AggregatePlan::id]
  // A refresh: the periods this table holds recomputed values for (the rest are not
  // computed). Empty for a full compute.
  std::optional<RefreshWindow> window;
  // A refresh met a segment value the data's shape lacks: nothing was computed, and
  // the caller computes in full.
  bool refresh_needs_full = false;

  // Sets the day range and each grain's first period and count from min_day..max_day.
  void SetDays(int32_t first_day, int32_t last_day);

  // Aggregate `id` at `point`: null when its source is absent or lacks the point's
  // dimension; its empty value for a segment value or period without rows.
  double At(int32_t id, const ValuePoint& point) const;
};

}  // namespace northstar::engine
