#include "judge/target_score.h"

#include <algorithm>
#include <cmath>

namespace northstar::judge {

std::optional<double> TargetScore(const PeriodTarget& target, double value) {
  if (!std::isfinite(value)) return std::nullopt;
  double shortfall = 0, reference = 0;
  if (target.kind == PeriodTarget::Kind::kRange) {
    if (value < target.low) {
      shortfall = target.low - value;
      reference = target.low;
    } else if (value > target.high) {
      shortfall = value - target.high;
      reference = target.high;
    }
  } else if (target.direction == catalog::Direction::kHigherIsBetter) {
    shortfall = std::max(0.0, target.value - value);
    reference = target.value;
  } else if (target.direction == catalog::Direction::kLowerIsBetter) {
    shortfall = std::max(0.0, value - target.value);
    reference = target.value;
  } else {
    return std::nullopt;
  }
  if (shortfall <= 0) return 1.0;
  if (reference == 0) return 0.0;
  return std::clamp(1.0 - shortfall / std::fabs(reference), 0.0, 1.0);
}

}  // namespace northstar::judge
