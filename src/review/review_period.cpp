#include "review/review_period.h"

namespace northstar::review {
namespace {

ReviewPeriod PeriodOf(const time::PeriodKey& key, const std::string& label) {
  return {label, key.grain, time::FirstDay(key), time::LastDay(key)};
}

}  // namespace

Result<ReviewPeriod> ChooseReviewPeriod(actions::Assessment& assessment, const std::string& requested) {
  if (!requested.empty()) {
    ASSIGN_OR_RETURN(time::PeriodKey key, time::ParsePeriod(requested));
    return PeriodOf(key, requested);
  }
  std::optional<ReviewPeriod> latest;
  for (const catalog::MeasureDef& k : assessment.catalog().measures) {
    if (!k.is_kpi) continue;
    ASSIGN_OR_RETURN(const actions::AssessedSeries* s, assessment.Series(k.id, "*"));
    if (!s || s->all || s->points.empty()) continue;
    const time::PeriodKey key{s->grain, s->points.back().judged.period};
    if (!latest || time::LastDay(key) > latest->last_day) latest = PeriodOf(key, s->points.back().label);
  }
  if (!latest) return Status::NotFound("no KPI values to review: run `northstar compute` first");
  return *latest;
}

}  // namespace northstar::review
