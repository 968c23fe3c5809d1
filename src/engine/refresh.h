// Change detection for incremental refresh: what a compute saw of the store, and
// which local days hold rows that changed since. Derived from the store itself (no
// separate log that could drift): segments are immutable and the edit log is
// append-only, so the rows that changed since a state are the rows of segments that
// did not exist then (inserts and new versions) plus the edit-log rows added since
// (the superseded old versions, whose days lost a row).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/engine.h"
#include "engine/plan.h"
#include "store/store.h"
#include "store/table.h"
#include "time/timestamp.h"

namespace northstar::engine {

// One source as a compute saw it.
struct SeenSource {
  uint64_t version = 0;            // manifest number
  std::vector<uint64_t> segments;  // live segment file numbers, sorted
  uint64_t edit_rows = 0;          // rows in the edit log
};
using SeenState = std::map<std::string, SeenSource>;  // source id -> what was seen

SeenSource SeeSource(const store::Table& live, const store::Table& edits);
std::string EncodeSeen(const SeenState& seen);
// InvalidArgument for text not written by EncodeSeen.
Result<SeenState> DecodeSeen(const std::string& text);

// Local days (in `zone`) of the rows of `source` that changed between `seen` and
// the tables now. Rows without a time value are not listed: they belong to no period.
Result<std::vector<int32_t>> ChangedDays(const catalog::SourceDef& source, const store::Table& live,
                                         const store::Table& edits, const SeenSource& seen,
                                         const time::ZoneConverter& zone);

}  // namespace northstar::engine

namespace northstar::engine {

// How `northstar compute` brings the results up to date.
struct RefreshDecision {
  bool unchanged = false;                          // nothing the plan reads changed: no compute needed
  std::optional<ComputeOptions::Refresh> refresh;  // set: refresh these days only
  std::string why_full;                            // when neither: why a full compute
  SeenState now;                                   // what this compute sees (store it after writing)
};

// `previous_seen` / `previous_shape` are what the last compute of the same
// configuration stored (EncodeSeen, ComputeOptions::shape), if any. A refresh is
// possible when the plan allows it (CanRefresh) and every source the plan reads comes
// from the store; otherwise `why_full` says why not.
Result<RefreshDecision> DecideRefresh(const catalog::Catalog& catalog, const Plan& plan, store::Store* store,
                                      const std::vector<std::shared_ptr<const store::Table>>& tables,
                                      const std::optional<std::string>& previous_seen,
                                      const std::optional<std::string>& previous_shape);

}  // namespace northstar::engine
