#include "judge/series.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace northstar::judge {

void MarkCompleteness(SeriesPoint& point, time::PeriodKey period, const time::DaySpan& span) {
  const int32_t first = time::FirstDay(period), last = time::LastDay(period);
  point.in_progress = span.last_day <= last;
  point.partial = !point.in_progress && span.first_day > first;
  point.elapsed =
      point.in_progress ? static_cast<double>(span.last_day - first + 1) / (last - first + 1) : 1.0;
}

Status ValidateSeries(std::span<const SeriesPoint> series) {
  for (size_t i = 0; i < series.size(); ++i) {
    if (i > 0 && series[i].period <= series[i - 1].period) {
      return Status::InvalidArgument("series periods must strictly increase: period " +
                                     std::to_string(series[i].period) + " follows " +
                                     std::to_string(series[i - 1].period));
    }
    if (series[i].value && !std::isfinite(*series[i].value)) {
      return Status::InvalidArgument("series value at period " + std::to_string(series[i].period) +
                                     " is not finite");
    }
  }
  return Status::Ok();
}

std::optional<size_t> FindPeriod(std::span<const SeriesPoint> series, int32_t period) {
  auto it = std::lower_bound(series.begin(), series.end(), period,
                             [](const SeriesPoint& p, int32_t want) { return p.period < want; });
  if (it == series.end() || it->period != period) return std::nullopt;
  return static_cast<size_t>(it - series.begin());
}

}  // namespace northstar::judge
