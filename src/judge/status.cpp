#include "judge/status.h"

#include <algorithm>
#include <cmath>

namespace northstar::judge {

const char* KpiStatusName(KpiStatus status) {
  switch (status) {
    case KpiStatus::kOnTrack: return "on_track";
    case KpiStatus::kWatch: return "watch";
    case KpiStatus::kOffTrack: return "off_track";
    case KpiStatus::kNoData: return "no_data";
    case KpiStatus::kNoTarget: return "no_target";
    case KpiStatus::kInProgress: return "in_progress";
  }
  return "?";
}

KpiStatus StatusOf(std::optional<double> value, const std::optional<PeriodTarget>& target,
                   const catalog::Tolerance& tolerance, const std::optional<XmrLimits>& limits) {
  if (!value) return KpiStatus::kNoData;
  if (!target) return KpiStatus::kNoTarget;
  const double x = *value;
  if (TargetHolds(*target, x)) return KpiStatus::kOnTrack;

  bool within = false;
  const double miss = TargetMiss(*target, x);
  const double reference = MissReference(*target, x);
  switch (tolerance.kind) {
    case catalog::Tolerance::Kind::kXmr:
      within = limits.has_value() && limits->lower <= x && x <= limits->upper && limits->lower <= reference &&
               reference <= limits->upper;
      break;
    case catalog::Tolerance::Kind::kPercent: {
      const double allowed = std::fabs(reference) * tolerance.amount / 100.0;
      within = miss <= allowed + kToleranceSlack * std::max(std::fabs(reference), std::fabs(x));
      break;
    }
    case catalog::Tolerance::Kind::kAbsolute:
      within = miss <= tolerance.amount + kToleranceSlack * std::max(std::fabs(reference), std::fabs(x));
      break;
  }
  return within ? KpiStatus::kWatch : KpiStatus::kOffTrack;
}

}  // namespace northstar::judge
