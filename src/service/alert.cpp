#include "service/alert.h"

#include "actions/session.h"
#include "service/workspace.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::service {

Result<actions::AlertRunReport> Workspace::Alert(const AlertRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  const time::Micros now = env_.clock->Now();
  int32_t today = 0;
  if (request.today) {
    today = *request.today;
  } else {
    ASSIGN_OR_RETURN(time::ZoneConverter zone, time::ZoneConverter::Create(catalog_.workspace.timezone));
    today = time::LocalDay(now, zone);
  }
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  std::vector<std::unique_ptr<actions::AlertSink>> owned;
  if (!request.dry_run) {
    if (!s.alerts.file.empty()) {
      std::string path = s.alerts.file;
      if (path[0] != '/') path = catalog_.workspace.root_dir + "/" + path;
      owned.push_back(actions::MakeJsonLinesSink(path));
    }
    for (const auto& hook : s.alerts.webhooks) owned.push_back(actions::MakeWebhookSink(hook));
  }
  std::vector<actions::AlertSink*> sinks = request.sinks;
  for (auto& o : owned) sinks.push_back(o.get());

  actions::AlertRunOptions options;
  options.all_periods = request.all_periods;
  options.from = request.from;
  options.to = request.to;
  options.today = today;
  options.now_iso = IsoSeconds(now);
  options.dry_run = request.dry_run;
  return actions::RunAlerts(*assessment, *s.log, s.alerts, sinks, options);
}

}  // namespace northstar::service
