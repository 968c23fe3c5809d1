// The window of an incremental refresh: which periods it recomputes and which days'
// rows those periods read. Planned once from the data's day range and the changed
// days; `compute` uses it to pick the store segments to decode, the engine to pick
// the rows to scan and the values to return — the same function, so both agree.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "catalog/model.h"
#include "time/period.h"

namespace northstar::engine {

struct RefreshWindow {
  int32_t min_day = 0, max_day = 0;  // the day range of every timed source together
  std::vector<uint8_t> read_day;     // [day - min_day]: 1 = rows of this day are read
  // Per grain (kAllGrains order), [period index - index of min_day's period]:
  // 1 = the period's values are recomputed.
  std::array<std::vector<uint8_t>, time::kAllGrains.size()> out;

  // Whether any day of [first, last] is read.
  bool ReadsAny(int32_t first, int32_t last) const;
};

// Recomputed: at each of `grains` (empty = all), the periods holding a changed day
// and the `reach` periods after each (series functions look that far back). Read:
// the days of those periods and of the `reach` periods before each.
RefreshWindow PlanRefreshWindow(int32_t min_day, int32_t max_day, const std::vector<int32_t>& changed_days,
                                int64_t reach, const std::vector<catalog::Grain>& grains);

}  // namespace northstar::engine
