// The status of one value: on_track / watch / off_track / no_data (SPEC §5).
//
//   no_data    the value is null.
//   on_track   the target rule holds (target.h; boundaries inclusive).
//   watch      the rule fails but the miss is within the KPI's tolerance:
//                xmr       the value and the target (the bound missed) both lie
//                          inside the natural process limits of its baseline: the
//                          miss is noise the process makes around a target it can
//                          meet; a target outside the limits is a miss the process
//                          will keep making, never noise;
//                percent   miss <= amount% of |target| (for a range: of the bound
//                          that was missed);
//                absolute  miss <= amount.
//   off_track  otherwise — including an xmr tolerance with no limits yet (a baseline
//              without two adjacent values cannot call anything noise).
//   no_target  a value without a target rule (a metric); never printed for a KPI.
//   in_progress the period is not complete yet (set by JudgeSeries, never by StatusOf).
// A chronic miss (3 of the last 4 complete periods missed) turns watch into off_track;
// that rule needs the series and lives in JudgeSeries.
// The percent and absolute bands carry a slack of 1e-12 relative to the larger of the
// value and the bound, so that a miss that is exactly the tolerance in decimal (0.76
// against 0.8 with 5 %) counts as within it despite binary rounding of the difference.
#pragma once

#include <optional>

#include "catalog/model.h"
#include "judge/target.h"
#include "judge/xmr.h"

namespace northstar::judge {

enum class KpiStatus { kOnTrack, kWatch, kOffTrack, kNoData, kNoTarget, kInProgress };
// "on_track", "watch", "off_track", "no_data", "no_target", "in_progress".
const char* KpiStatusName(KpiStatus status);

inline constexpr double kToleranceSlack = 1e-12;  // relative

KpiStatus StatusOf(std::optional<double> value, const std::optional<PeriodTarget>& target,
                   const catalog::Tolerance& tolerance, const std::optional<XmrLimits>& limits);

}  // namespace northstar::judge
