#include "service/kpi_forecast.h"

#include <algorithm>
#include <limits>

#include "judge/grain_resolver.h"
#include "judge/target.h"
#include "time/period.h"

namespace northstar::service {
namespace {

std::optional<analysis::ForecastTarget> ForecastTargetOf(const judge::PeriodTarget& t) {
  analysis::ForecastTarget out;
  if (t.kind == judge::PeriodTarget::Kind::kRange) {
    out.goal = analysis::Goal::kWithin;
    out.low = t.low;
    out.high = t.high;
  } else if (t.direction == catalog::Direction::kHigherIsBetter) {
    out.goal = analysis::Goal::kAtLeast;
    out.value = t.value;
  } else if (t.direction == catalog::Direction::kLowerIsBetter) {
    out.goal = analysis::Goal::kAtMost;
    out.value = t.value;
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace

void AttachForecast(const catalog::MeasureDef& kpi, const catalog::GoalDef* goal,
                    const actions::AssessedSeries& whole, KpiCard& card) {
  if (!goal || goal->deadline.empty()) {
    card.forecast_note = "no forecast: its goal has no deadline";
    return;
  }
  card.deadline = goal->deadline;
  if (whole.all) {
    card.forecast_note = "no forecast: a source without time has a single period";
    return;
  }
  const judge::PeriodResolver resolve = judge::ResolverForGrain(whole.grain);
  auto deadline = resolve(goal->deadline);
  if (!deadline.ok()) {
    card.forecast_note = "no forecast: " + deadline.status().message();
    return;
  }
  card.deadline_period = time::PeriodLabel({whole.grain, *deadline});
  const actions::AssessedPoint* latest = whole.LatestComplete();
  if (!latest) {
    card.forecast_note = "no forecast: no complete period yet";
    return;
  }
  const int horizon = *deadline - latest->judged.period;
  if (horizon < 1) {
    card.forecast_note = "no forecast: the deadline's period " + card.deadline_period + " is complete";
    return;
  }
  // The unbroken run of complete periods with a value that ends at the latest one: a
  // trend is fitted on evenly spaced periods only.
  // A process change (a catalog `process_changes` entry or a process-change
  // annotation) starts a new process: the trend is fitted from there on (Wheeler).
  int32_t first = std::numeric_limits<int32_t>::min();
  for (const std::string& change : kpi.baseline.process_changes) {
    auto at = resolve(change);
    if (at.ok() && *at <= latest->judged.period) first = std::max(first, *at);
  }
  std::vector<double> values;
  int32_t expect = latest->judged.period;
  for (size_t i = static_cast<size_t>(latest - whole.points.data()) + 1; i-- > 0;) {
    const actions::AssessedPoint& p = whole.points[i];
    if (p.judged.period != expect || p.judged.period < first || p.input.in_progress || p.input.partial ||
        !p.input.value)
      break;
    values.push_back(*p.input.value);
    --expect;
  }
  std::reverse(values.begin(), values.end());
  std::optional<analysis::ForecastTarget> target;
  auto schedule = judge::ResolveTargetSchedule(kpi, resolve);
  if (schedule.ok()) {
    if (auto t = judge::TargetFor(*schedule, "*", *deadline)) {
      target = ForecastTargetOf(*t);
      card.forecast_target = t->kind == judge::PeriodTarget::Kind::kRange ? t->low : t->value;
    }
  }
  auto forecast = analysis::ForecastToDeadline(values, horizon, target);
  if (!forecast.ok()) {
    card.forecast_note = "no forecast: " + forecast.status().message();
    return;
  }
  card.forecast = std::move(forecast).value();
}

}  // namespace northstar::service
