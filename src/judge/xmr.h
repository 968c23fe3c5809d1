// XmR (individuals and moving range) limits: the voice of the process.
//
// From a baseline window of values x1..xn:
//   center (mean)         = sum(x) / n
//   average moving range  = mean of |x[i] - x[i-1]| over adjacent periods
//   natural process limits = center -/+ 2.66 * mR̄
//   upper range limit      = 3.268 * mR̄
//   sigma                  = mR̄ / 1.128
// 2.66 = 3 / d2 and 3.268 = D4 for subgroups of two, d2 = 1.128. A moving range is
// only taken between two periods that both have a value and differ by exactly one:
// a gap or a null does not produce a range across it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "judge/series.h"

namespace northstar::judge {

inline constexpr double kNaturalProcessLimitFactor = 2.66;  // 3 / d2
inline constexpr double kMovingRangeLimitFactor = 3.268;    // D4, n = 2
inline constexpr double kD2 = 1.128;                        // bias constant, n = 2

struct XmrLimits {
  double center = 0;            // mean of the baseline values
  double avg_moving_range = 0;  // mR̄
  double lower = 0;             // center - 2.66 mR̄
  double upper = 0;             // center + 2.66 mR̄
  double mr_upper = 0;          // 3.268 mR̄
  double sigma = 0;             // mR̄ / 1.128
  int32_t values = 0;           // non-null values in the window
  int32_t moving_ranges = 0;    // adjacent pairs in the window
};

// The same limits with the noise scaled by `factor` (> 0) around the same center:
// mR̄, sigma, the natural process limits' distance and the range limit all grow by it.
XmrLimits ScaleNoise(const XmrLimits& limits, double factor);

// Limits from every point of `window` (already cut to the baseline periods). Null
// values are skipped. nullopt when there is no moving range (fewer than two adjacent
// values): without a range there is no estimate of the noise.
std::optional<XmrLimits> ComputeXmrLimits(std::span<const SeriesPoint> window);

// The same over plain consecutive values (one period apart each).
std::optional<XmrLimits> ComputeXmrLimits(std::span<const double> values);

}  // namespace northstar::judge
