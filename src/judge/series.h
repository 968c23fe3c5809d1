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
#include "time/period.h"

namespace northstar::judge {

struct SeriesPoint {
  int32_t period = 0;           // period index at the series' grain
  std::optional<double> value;  // nullopt = no data (null)
  std::optional<int64_t> rows;  // rows behind the value; nullopt = unknown (no volume rule)
  // Completeness (SPEC §5). in_progress: the data does not reach past the period's end
  // yet (judged `in_progress`, with its pace); partial: the data starts after the
  // period's first day (a first period only partly observed, judged but never
  // alerted). Neither enters a baseline, a moving range, a run or a chronic-miss count.
  bool in_progress = false;
  bool partial = false;
  double elapsed = 1;  // in_progress: share of the period's days the data covers, (0, 1]

  bool complete() const { return !in_progress && !partial; }
};

// OK when periods strictly increase and every value is finite; InvalidArgument
// naming the first offending point otherwise.
Status ValidateSeries(std::span<const SeriesPoint> series);

// Marks `point` of `period` in_progress (the data does not reach past the period's last
// day) or partial (the data starts after its first day), with the share of its days
// the data covers, from the measure's data span (results::ResultsDb::Coverage).
void MarkCompleteness(SeriesPoint& point, time::PeriodKey period, const time::DaySpan& span);

// The index in `series` of the point for `period`, or nullopt. O(log n).
std::optional<size_t> FindPeriod(std::span<const SeriesPoint> series, int32_t period);

}  // namespace northstar::judge
