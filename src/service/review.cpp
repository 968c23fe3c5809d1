#include "service/review.h"

#include "actions/alert_run.h"
#include "actions/session.h"
#include "service/workspace.h"
#include "time/timestamp.h"

namespace northstar::service {

Result<review::ReviewDocument> Workspace::Review(const ReviewRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  review::ReviewOptions options;
  options.period = request.period;
  if (request.today) {
    options.today = *request.today;
  } else {
    ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(s.catalog.workspace.timezone));
    options.today = time::LocalDay(env_.clock->Now(), zone);
  }
  for (const catalog::MeasureDef& m : s.catalog.measures) {
    if (!m.is_kpi) continue;
    ASSIGN_OR_RETURN(auto versions, s.db->Versions(m.id));
    ASSIGN_OR_RETURN(auto restated, s.db->Restatements(m.id));
    for (auto& v : versions) options.history.versions.push_back(std::move(v));
    for (auto& r : restated) options.history.restatements.push_back(std::move(r));
  }
  return review::BuildReview(*assessment, *s.log, options);
}

}  // namespace northstar::service
