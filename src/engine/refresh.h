// Incremental refresh: what a compute saw of the store, what changed since, and which
// rows a refresh must read. Derived from the store itself (no separate log that could
// drift): segments are immutable and the edit log is append-only, so the rows that
// changed since a state are the rows of segments that did not exist then (inserts and
// new versions) plus the edit-log rows added since (the superseded old versions,
// whose days lost a row).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/data_shape.h"
#include "engine/engine.h"
#include "engine/plan.h"
#include "engine/workspace_input.h"
#include "formula/compiler.h"
#include "store/store.h"
#include "store/table.h"

namespace northstar::engine {

// The time values (UTC microseconds) a segment's rows span. A segment whose rows all
// lack a time has none.
struct TimeRange {
  int64_t min = 0, max = 0;
};

// One source as a compute saw it.
struct SeenSource {
  uint64_t version = 0;            // manifest number
  std::vector<uint64_t> segments;  // live segment file numbers, sorted
  uint64_t edit_rows = 0;          // rows in the edit log
  // Segment -> the time range of its rows (nullopt: no row has a time). A segment
  // missing here has an unknown range: a refresh always reads it.
  std::map<uint64_t, std::optional<TimeRange>> ranges;
};
using SeenState = std::map<std::string, SeenSource>;  // source id -> what was seen

SeenSource SeeSource(const store::Table& live, const store::Table& edits);
std::string EncodeSeen(const SeenState& seen);
// InvalidArgument for text not written by EncodeSeen.
Result<SeenState> DecodeSeen(const std::string& text);

// Adds the time range of every segment of `table` that `seen` has no range for,
// from the table's time column (decoded if it is not yet).
Status AddSegmentRanges(const catalog::SourceDef& source, const store::Table& table, SeenSource& seen);

// Adds the ranges noted while streaming `table` (parts whose time column was decoded).
void AddPartRanges(const store::Table& table, const PartTimeRanges& times, SeenSource& seen);

// How `northstar compute` brings the results up to date.
struct RefreshDecision {
  bool unchanged = false;                          // nothing the plan reads changed: no compute needed
  std::optional<ComputeOptions::Refresh> refresh;  // set: refresh these days only
  // With `refresh`: per timed source, the part of its table the refresh reads (the
  // segments holding the days of the refresh window).
  std::map<std::string, std::shared_ptr<const store::Table>> read;
  std::string why_full;  // when neither: why a full compute
  SeenState now;         // what this compute sees (store it after writing)
};

// `previous_seen` / `previous_shape` are what the last compute of the same
// configuration stored (EncodeSeen, EncodeShape), if any; `grains` the grains it
// computes (empty = all). A refresh is possible when the plan allows it (CanRefresh),
// every source the plan reads comes from the store, and the changed rows add or
// remove no segment value and move no source's first day; otherwise `why_full`
// says why not.
Result<RefreshDecision> DecideRefresh(const catalog::Catalog& catalog,
                                      const formula::CompiledCatalog& compiled, const Plan& plan,
                                      const std::vector<catalog::Grain>& grains, store::Store* store,
                                      const std::vector<std::shared_ptr<const store::Table>>& tables,
                                      const std::optional<std::string>& previous_seen,
                                      const std::optional<std::string>& previous_shape);

}  // namespace northstar::engine
