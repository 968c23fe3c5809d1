// The status of one value: on_track / watch / off_track / no_data (SPEC §5).
//
//   no_data    the value is null.
//   on_track   the target rule holds (target.h; boundaries inclusive).
//   watch      the rule fails but the miss is within the KPI's tolerance:
//                xmr       the value is inside the natural process limits of its
//                          baseline (lower <= value <= upper): the miss is noise;
//                percent   miss <= amount% of |target| (for a range: of the bound
//                          that was missed);
//                absolute  miss <= amount.
//   off_track  otherwise — including an xmr tolerance with no limits yet (a baseline
//              without two adjacent values cannot call anything noise).
//   no_target  a value without a target rule (a metric); never printed for a KPI.
// The percent and absolute bands carry a slack of 1e-12 relative to the larger of the
// value and the bound, so that a miss that is exactly the tolerance in decimal (0.76
// against 0.8 with 5 %) counts as within it despite binary rounding of the difference.
#pragma once

#include <optional>

#include "catalog/model.h"
#include "judge/target.h"
#include "judge/xmr.h"

namespace northstar::judge {

enum class KpiStatus { kOnTrack, kWatch, kOffTrack, kNoData, kNoTarget };
// "on_track", "watch", "off_track", "no_data", "no_target".
const char* KpiStatusName(KpiStatus status);

inline constexpr double kToleranceSlack = 1e-12;  // relative

KpiStatus StatusOf(std::optional<double> value, const std::optional<PeriodTarget>& target,
                   const catalog::Tolerance& tolerance, const std::optional<XmrLimits>& limits);

}  // namespace northstar::judge
