#include "judge/baseline.h"

#include <algorithm>

namespace northstar::judge {
namespace {

// The latest process change at or before `period`, if any.
std::optional<int32_t> LatestChange(const std::vector<int32_t>& changes, int32_t period) {
  auto it = std::upper_bound(changes.begin(), changes.end(), period);
  if (it == changes.begin()) return std::nullopt;
  return *std::prev(it);
}

}  // namespace

BaselineWindow WindowFor(const BaselinePlan& plan, int32_t period) {
  const std::optional<int32_t> change = LatestChange(plan.process_changes, period);
  if (plan.locked) {
    const int32_t from = plan.locked->from, to = plan.locked->to;
    if (change && *change > from) return {*change, *change + (to - from)};
    return {from, to};
  }
  int32_t from = period - std::max<int32_t>(plan.periods, 1);
  if (change) from = std::max(from, *change);
  return {from, period - 1};
}

Baseline BaselineAt(std::span<const SeriesPoint> series, const BaselinePlan& plan, int32_t period) {
  Baseline b;
  b.window = WindowFor(plan, period);
  if (b.window.empty()) return b;
  auto by_period = [](const SeriesPoint& p, int32_t want) { return p.period < want; };
  auto first = std::lower_bound(series.begin(), series.end(), b.window.from, by_period);
  auto last = std::lower_bound(first, series.end(), b.window.to + 1, by_period);
  std::span<const SeriesPoint> slice(first, last);
  b.values = static_cast<int32_t>(
      std::count_if(slice.begin(), slice.end(), [](const SeriesPoint& p) { return p.value.has_value(); }));
  b.short_baseline = b.values < kShortBaselineValues;
  b.limits = ComputeXmrLimits(slice);
  double inverse_sum = 0;
  int32_t counted = 0;
  bool known = true;
  for (const SeriesPoint& p : slice) {
    if (!p.value) continue;
    if (!p.rows || *p.rows <= 0) {
      known = false;
      break;
    }
    inverse_sum += 1.0 / static_cast<double>(*p.rows);
    ++counted;
  }
  if (known && counted > 0) b.reference_rows = counted / inverse_sum;
  return b;
}

}  // namespace northstar::judge
