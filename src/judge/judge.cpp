#include "judge/judge.h"

#include <algorithm>
#include <cmath>

namespace northstar::judge {

double VolumeFactor(const SeriesPoint& point, const Baseline& baseline) {
  if (!point.rows || *point.rows <= 0 || !baseline.reference_rows) return 1.0;
  const double rows = static_cast<double>(*point.rows);
  return rows < *baseline.reference_rows ? std::sqrt(*baseline.reference_rows / rows) : 1.0;
}

double BinomialFactor(const SeriesPoint& point, const XmrLimits& limits) {
  if (!point.rows || *point.rows <= 0 || !(limits.sigma > 0)) return 1.0;
  const double p = std::clamp(limits.center, 0.0, 1.0);
  const double binomial = std::sqrt(p * (1 - p) / static_cast<double>(*point.rows));
  return binomial > limits.sigma ? binomial / limits.sigma : 1.0;
}

bool JudgedPoint::alert() const {
  return std::any_of(signals.begin(), signals.end(), [](const Signal& s) { return s.alert; });
}

std::string JudgedPoint::SignalIds() const {
  return JoinSignalIds(signals);
}

Result<std::vector<JudgedPoint>> JudgeSeries(std::span<const SeriesPoint> series, const JudgeDefinition& def,
                                             std::string_view segment, const JudgeOptions& options) {
  RETURN_IF_ERROR(ValidateSeries(series));
  const SignalOptions signal_options{def.direction, options.alert_on_favourable, options.min_rows};
  std::vector<JudgedPoint> out;
  out.reserve(series.size());
  std::optional<Baseline> cached;
  for (size_t i = 0; i < series.size(); ++i) {
    const SeriesPoint& point = series[i];
    JudgedPoint j;
    j.period = point.period;
    j.value = point.value;
    j.target = TargetFor(def.targets, segment, point.period);
    // A locked window is the same for most points: compute its limits once.
    const BaselineWindow window = WindowFor(def.baseline, point.period);
    if (!cached || cached->window.from != window.from || cached->window.to != window.to) {
      cached = BaselineAt(series, def.baseline, point.period);
    }
    const Baseline& baseline = *cached;
    j.baseline_window = baseline.window;
    j.baseline_values = baseline.values;
    j.short_baseline = baseline.short_baseline;
    j.limits = baseline.limits;
    if (j.limits && def.mean_over_rows) j.volume_factor = VolumeFactor(point, baseline);
    if (j.limits && def.share_of_rows) {
      j.volume_factor = std::max(j.volume_factor, BinomialFactor(point, *j.limits));
    }
    if (j.volume_factor > 1) j.limits = ScaleNoise(*j.limits, j.volume_factor);
    j.low_volume = IsLowVolume(point, options.min_rows);
    j.status = StatusOf(point.value, j.target, def.tolerance, j.limits);
    if (j.limits) j.signals = DetectSignals(series, i, *j.limits, signal_options);
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::vector<JudgedPoint>> JudgeSeries(std::span<const SeriesPoint> series,
                                             const catalog::MeasureDef& measure,
                                             const PeriodResolver& resolve, std::string_view segment,
                                             const JudgeOptions& options) {
  ASSIGN_OR_RETURN(JudgeDefinition def, ResolveDefinition(measure, resolve));
  return JudgeSeries(series, def, segment, options);
}

}  // namespace northstar::judge
