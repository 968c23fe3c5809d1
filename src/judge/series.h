// The input of the judge: one KPI series for one segment, as plain values.
//
// The engine produces these; the judge never reads the store. A series is ordered by
// period index (consecutive periods differ by 1, at the KPI's grain). Periods may be
// missing (no point) or present with a null value (no data for that period).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/status.h"

namespace northstar::judge {

struct SeriesPoint {
  int32_t period = 0;           // period index at the series' grain
  std::optional<double> value;  // nullopt = no data (null)
  std::optional<int64_t> rows;  // rows behind the value; nullopt = unknown (no volume rule)
};

// OK when periods strictly increase and every value is finite; InvalidArgument
// naming the first offending point otherwise.
Status ValidateSeries(std::span<const SeriesPoint> series);

// The index in `series` of the point for `period`, or nullopt. O(log n).
std::optional<size_t> FindPeriod(std::span<const SeriesPoint> series, int32_t period);

}  // namespace northstar::judge
