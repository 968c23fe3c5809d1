#include "judge/xmr.h"

#include <cmath>
#include <vector>

namespace northstar::judge {
namespace {

std::optional<XmrLimits> FromSums(double sum, int32_t values, double range_sum, int32_t ranges) {
  if (ranges == 0 || values == 0) return std::nullopt;
  XmrLimits l;
  l.values = values;
  l.moving_ranges = ranges;
  l.center = sum / values;
  l.avg_moving_range = range_sum / ranges;
  l.lower = l.center - kNaturalProcessLimitFactor * l.avg_moving_range;
  l.upper = l.center + kNaturalProcessLimitFactor * l.avg_moving_range;
  l.mr_upper = kMovingRangeLimitFactor * l.avg_moving_range;
  l.sigma = l.avg_moving_range / kD2;
  return l;
}

}  // namespace

XmrLimits ScaleNoise(const XmrLimits& limits, double factor) {
  XmrLimits l = limits;
  l.avg_moving_range = limits.avg_moving_range * factor;
  l.lower = l.center - kNaturalProcessLimitFactor * l.avg_moving_range;
  l.upper = l.center + kNaturalProcessLimitFactor * l.avg_moving_range;
  l.mr_upper = kMovingRangeLimitFactor * l.avg_moving_range;
  l.sigma = l.avg_moving_range / kD2;
  return l;
}

std::optional<XmrLimits> ComputeXmrLimits(std::span<const SeriesPoint> window) {
  double sum = 0, range_sum = 0;
  int32_t values = 0, ranges = 0;
  const SeriesPoint* prev = nullptr;
  for (const SeriesPoint& p : window) {
    if (!p.value) {
      prev = nullptr;
      continue;
    }
    sum += *p.value;
    ++values;
    if (prev != nullptr && p.period == prev->period + 1) {
      range_sum += std::fabs(*p.value - *prev->value);
      ++ranges;
    }
    prev = &p;
  }
  return FromSums(sum, values, range_sum, ranges);
}

std::optional<XmrLimits> ComputeXmrLimits(std::span<const double> values) {
  double sum = 0, range_sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    if (i > 0) range_sum += std::fabs(values[i] - values[i - 1]);
  }
  const auto n = static_cast<int32_t>(values.size());
  return FromSums(sum, n, range_sum, n > 0 ? n - 1 : 0);
}

}  // namespace northstar::judge
