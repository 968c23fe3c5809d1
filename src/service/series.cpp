#include "service/series.h"

#include <algorithm>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "service/workspace.h"

namespace northstar::service {
namespace {

bool InRange(const std::string& label, const std::string& from, const std::string& to) {
  // Labels of one grain sort as text (2026-W09 < 2026-W10, 2026-03 < 2026-11).
  return (from.empty() || label >= from) && (to.empty() || label <= to);
}

bool Wanted(const std::string& segment, const std::string& filter) {
  if (filter.empty() || filter == "*") return segment == "*";
  if (filter.find('=') != std::string::npos) return segment == filter;
  return segment == "*" || segment.rfind(filter + "=", 0) == 0;
}

}  // namespace

Result<SeriesReport> Workspace::Series(const SeriesRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  const catalog::MeasureDef* measure = catalog_.FindMeasure(request.kpi);
  if (!measure) {
    return Status::NotFound("no KPI or metric '" + request.kpi + "' in the catalog")
        .WithHint("/api/v1/kpis lists them");
  }
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  const catalog::MeasureDef& def = *s.catalog.FindMeasure(request.kpi);
  SeriesReport report;
  report.kpi = measure;
  report.format = actions::MeasureFormat(def, s.catalog);
  report.grain = request.grain ? *request.grain : assessment->DefaultGrain(def);
  report.segments = assessment->Segments(request.kpi, report.grain);
  for (const std::string& segment : report.segments) {
    if (!Wanted(segment, request.segment)) continue;
    ASSIGN_OR_RETURN(const actions::AssessedSeries* judged,
                     assessment->Series(request.kpi, report.grain, segment));
    if (!judged) continue;
    SegmentSeries out{segment, {}};
    for (const actions::AssessedPoint& p : judged->points) {
      if (InRange(p.label, request.from, request.to)) out.points.push_back(p);
    }
    report.series.push_back(std::move(out));
  }
  if (request.segment.find('=') != std::string::npos && report.series.empty()) {
    return Status::NotFound("KPI '" + request.kpi + "' has no values for segment '" + request.segment +
                            "' at " + catalog::GrainName(report.grain))
        .WithHint("the KPI's segments list the ones with values");
  }
  ASSIGN_OR_RETURN(auto restated, s.db->Restatements(request.kpi));
  for (results::Restatement& r : restated) {
    if (r.grain != report.grain || !InRange(r.period, request.from, request.to)) continue;
    if (!Wanted(r.segment, request.segment)) continue;
    report.restatements.push_back(std::move(r));
  }
  ASSIGN_OR_RETURN(auto annotations, results::AnnotationStore::Open(s.results_path, env_.results_vfs));
  ASSIGN_OR_RETURN(report.annotations, annotations->List(request.kpi));
  return report;
}

}  // namespace northstar::service
