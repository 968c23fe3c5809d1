// The judge's entry point: every point of one KPI series (one segment) judged.
//
// For each point: the target in force, the status, the XmR limits of its baseline
// (lower, center, upper) and the signals that fired — the columns of
// `northstar status --format csv` (SPEC §4). Pure: no I/O, no clock, no state; the
// same series and definition always give the same judgement. Thread-compatible.
// Cost: O(n · (baseline length + log n)) for a series of n points.
//
// Volume: for a KPI whose value is a mean over the period's rows (one share(...) or
// avg(...), JudgeDefinition::mean_over_rows) the sampling noise of a value grows as
// 1/sqrt(rows). Limits from a baseline of busier periods are too narrow for a quiet
// one (a seasonal trough, a holiday week): a point with fewer rows than the baseline's
// harmonic mean row count R is judged against limits whose noise (mR̄, sigma) is
// scaled by sqrt(R / rows) around the same center (the idea of Laney's p' chart).
// Limits are never narrowed for a busier point, and nothing changes when row counts
// are unknown. The scaled limits are the point's limits everywhere: status (watch),
// signals, the status row and explain.
//
// Binomial floor: for a proportion (one share(...), JudgeDefinition::share_of_rows)
// the point's sigma is at least the binomial sqrt(p̄(1 − p̄) / rows), p̄ the limits'
// center. A short baseline can show little point-to-point movement by chance (a small
// mR̄); the rows' own sampling noise never disappears, so limits narrower than it turn
// ordinary sampling into false alarms. The larger of the two factors applies.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "judge/baseline.h"
#include "judge/definition.h"
#include "judge/series.h"
#include "judge/signals.h"
#include "judge/status.h"
#include "judge/target.h"
#include "judge/xmr.h"

namespace northstar::judge {

// Chronic miss (SPEC §5): kChronicMisses misses among the last kChronicWindow
// complete periods make a miss off_track whatever the tolerance.
inline constexpr int32_t kChronicWindow = 4;
inline constexpr int kChronicMisses = 3;

struct JudgeOptions {
  bool alert_on_favourable = false;    // also alert on signals in the good direction
  int64_t min_rows = kDefaultMinRows;  // points with fewer known rows never alert; 0 = off
};

struct JudgedPoint {
  int32_t period = 0;
  std::optional<double> value;
  std::optional<PeriodTarget> target;  // nullopt: no target rule (a metric)
  KpiStatus status = KpiStatus::kNoData;
  std::optional<XmrLimits> limits;  // nullopt: no moving range in the baseline yet
  double volume_factor = 1;         // > 1: limits widened for a low-volume point
  BaselineWindow baseline_window;
  int32_t baseline_values = 0;
  bool short_baseline = true;  // fewer than 8 baseline values
  bool low_volume = false;     // rows known and below min_rows
  bool chronic_miss = false;   // watch turned off_track: 3 of the last 4 complete periods missed
  // in_progress: the value the period is heading for (PaceOf).
  std::optional<double> pace;
  std::vector<Signal> signals;  // none for a period that is not complete

  bool alert() const;             // any signal alerts
  std::string SignalIds() const;  // "beyond_limits;run_of_8"
};

// The noise factor for `point` against `baseline` (>= 1; see above).
// The factor that lifts limits.sigma to the binomial sigma of a proportion at the
// point's rows (1 when it is already at least that, or rows are unknown).
double BinomialFactor(const SeriesPoint& point, const XmrLimits& limits);

double VolumeFactor(const SeriesPoint& point, const Baseline& baseline);

// The pace of an in_progress point: an additive value (one count or sum) scaled to the
// whole period (value / elapsed share of its days), any other value as it stands
// (a share or mean of the rows so far is already its best estimate); nullopt for a
// complete point or a null value.
std::optional<double> PaceOf(const SeriesPoint& point, const JudgeDefinition& def);

// Completeness: points that are not complete (SeriesPoint::complete) never enter a
// baseline, a moving range, a run or a chronic-miss count and carry no signals; an
// in_progress point has status in_progress and its pace.
// Judges `series` (validated: InvalidArgument when periods do not strictly increase
// or a value is not finite) for `segment` ("*" = the whole population).
Result<std::vector<JudgedPoint>> JudgeSeries(std::span<const SeriesPoint> series, const JudgeDefinition& def,
                                             std::string_view segment = "*",
                                             const JudgeOptions& options = {});

// Convenience: resolves the catalog definition first (see definition.h).
Result<std::vector<JudgedPoint>> JudgeSeries(std::span<const SeriesPoint> series,
                                             const catalog::MeasureDef& measure,
                                             const PeriodResolver& resolve, std::string_view segment = "*",
                                             const JudgeOptions& options = {});

}  // namespace northstar::judge
