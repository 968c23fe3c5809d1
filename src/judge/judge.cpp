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

namespace {

// Whether `point` missed its target (a value that fails the rule in force).
bool Missed(const JudgedPoint& point) {
  return point.value && point.target && !TargetHolds(*point.target, *point.value);
}

// SPEC §5: a KPI that missed its target in 3 of its last 4 complete periods (this one
// and the three calendar periods before it) is off track whatever the tolerance.
bool ChronicMiss(std::span<const SeriesPoint> series, const std::vector<JudgedPoint>& judged, size_t i) {
  if (!Missed(judged[i])) return false;
  int misses = 0;
  for (size_t k = i + 1; k-- > 0 && judged[k].period > judged[i].period - kChronicWindow;) {
    misses += series[k].complete() && Missed(judged[k]);
  }
  return misses >= kChronicMisses;
}

}  // namespace

std::optional<double> PaceOf(const SeriesPoint& point, const JudgeDefinition& def) {
  if (!point.in_progress || !point.value) return std::nullopt;
  if (!def.additive) return point.value;
  if (!(point.elapsed > 0)) return std::nullopt;
  return *point.value / std::min(point.elapsed, 1.0);
}

Result<std::vector<JudgedPoint>> JudgeSeries(std::span<const SeriesPoint> series, const JudgeDefinition& def,
                                             std::string_view segment, const JudgeOptions& options) {
  RETURN_IF_ERROR(ValidateSeries(series));
  // Incomplete periods take no part in baselines, moving ranges or runs: they are
  // judged as if their value were null, then shown with their value and pace.
  std::vector<SeriesPoint> complete(series.begin(), series.end());
  for (SeriesPoint& p : complete) {
    if (!p.complete()) p.value.reset();
  }
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
      cached = BaselineAt(complete, def.baseline, point.period);
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
    if (j.limits && point.complete()) j.signals = DetectSignals(complete, i, *j.limits, signal_options);
    if (point.in_progress) {
      j.status = KpiStatus::kInProgress;
      j.pace = PaceOf(point, def);
    }
    out.push_back(std::move(j));
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (!series[i].complete() || out[i].status != KpiStatus::kWatch) continue;
    if (ChronicMiss(series, out, i)) {
      out[i].status = KpiStatus::kOffTrack;
      out[i].chronic_miss = true;
    }
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
