#include "judge/masking.h"

#include <algorithm>

namespace northstar::judge {

bool HasMaskingSignal(const JudgedPoint& point) {
  if (point.short_baseline || point.low_volume) return false;
  return std::any_of(point.signals.begin(), point.signals.end(),
                     [](const Signal& s) { return RuleAlerts(s.rule) && s.effect != Effect::kFavourable; });
}

bool SustainedMaskingSignal(const JudgedPoint* previous, const JudgedPoint& current) {
  // Off track on the point's own miss: a segment that is off track only as a chronic
  // miss (always below target, each miss within tolerance) is not a new problem.
  auto off_with_signal = [](const JudgedPoint& p) {
    return p.status == KpiStatus::kOffTrack && !p.chronic_miss && HasMaskingSignal(p);
  };
  return previous != nullptr && previous->period + 1 == current.period && off_with_signal(*previous) &&
         off_with_signal(current);
}

namespace {

// Whether `value` lies beyond `limits` on the side `direction` calls worse (either
// side without a direction).
bool BeyondOnTheWorseSide(double value, const XmrLimits& limits, catalog::Direction direction) {
  switch (direction) {
    case catalog::Direction::kHigherIsBetter: return value < limits.lower;
    case catalog::Direction::kLowerIsBetter: return value > limits.upper;
    case catalog::Direction::kUnspecified: break;
  }
  return value < limits.lower || value > limits.upper;
}

}  // namespace

std::vector<bool> SustainedProblems(std::span<const JudgedPoint> points, catalog::Direction direction) {
  std::vector<bool> out(points.size(), false);
  std::optional<XmrLimits> before;  // the limits in force when the current problem started
  for (size_t i = 0; i < points.size(); ++i) {
    const JudgedPoint& p = points[i];
    const JudgedPoint* previous = i > 0 ? &points[i - 1] : nullptr;
    const bool continues = previous != nullptr && out[i - 1] && before && previous->period + 1 == p.period &&
                           p.status == KpiStatus::kOffTrack && p.value &&
                           BeyondOnTheWorseSide(*p.value, *before, direction);
    if (continues) {
      out[i] = true;
    } else if (SustainedMaskingSignal(previous, p)) {
      out[i] = true;
      before = p.limits;
    } else {
      before.reset();
    }
  }
  return out;
}

std::vector<MaskedSegment> FindMaskedSegments(KpiStatus whole_status, int64_t whole_rows,
                                              std::span<const SegmentState> segments, double min_share) {
  std::vector<MaskedSegment> out;
  if (whole_status != KpiStatus::kOnTrack || whole_rows <= 0) return out;
  for (const SegmentState& s : segments) {
    if (s.status != KpiStatus::kOffTrack || !s.signalled) continue;
    const double share = static_cast<double>(s.rows) / static_cast<double>(whole_rows);
    if (share + 1e-12 < min_share) continue;
    out.push_back({s.segment, share, s.rows, s.value});
  }
  return out;
}

}  // namespace northstar::judge
