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
    // The latest period complete for every KPI: one still filling for any of them is
    // never the review's period (its sources may lag each other by days).
    const actions::AssessedPoint* complete = s ? s->LatestComplete() : nullptr;
    if (!s || s->all || !complete) continue;
    const time::PeriodKey key{s->grain, complete->judged.period};
    if (!latest || time::LastDay(key) < latest->last_day) latest = PeriodOf(key, complete->label);
  }
  if (!latest) return Status::NotFound("no KPI values to review: run `northstar compute` first");
  return *latest;
}

}  // namespace northstar::review
