// How close a value is to its target, as a 0..1 score: the part of a goal's roll-up
// (SPEC §10) that comes from one KPI.
//
//   met (the target holds)           1
//   short of it                      1 - shortfall / |reference|, clamped to 0..1
//
// The shortfall is how far the value is on the wrong side of the threshold (or of the
// nearer end of a range); the reference is that threshold (or range end), so being
// 10 % short scores 0.9 whatever the unit. A reference of 0 has no scale: any shortfall
// scores 0. Thresholds without a direction have no "wrong side": no score.
#pragma once

#include <optional>

#include "judge/target.h"

namespace northstar::judge {

std::optional<double> TargetScore(const PeriodTarget& target, double value);

}  // namespace northstar::judge
