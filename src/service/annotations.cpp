#include "service/annotations.h"

#include "catalog/period_text.h"
#include "results/annotations.h"
#include "service/workspace.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

Status CheckRequest(const AnnotationRequest& r, const catalog::Catalog& catalog) {
  if (r.kpi != "*" && !catalog.FindMeasure(r.kpi)) {
    return Status::NotFound("no KPI or metric '" + r.kpi + "' in the catalog")
        .WithHint("name a KPI id, or '*' for a note on every chart");
  }
  const auto from = catalog::ParsePeriodText(r.from);
  const auto to = catalog::ParsePeriodText(r.to.empty() ? r.from : r.to);
  if (!from || !to) {
    return Status::InvalidArgument("'" + (from ? r.to : r.from) + "' is not a period")
        .WithHint("write a period as 2026-03-05, 2026-W10, 2026-03, 2026-Q1 or 2026; a range as P..P2");
  }
  if (from->grain != to->grain || from->index > to->index) {
    return Status::InvalidArgument("the range " + r.from + ".." + r.to +
                                   " is not two periods of one grain in order");
  }
  if (r.text.empty() || r.text.size() > 4000) {
    return Status::InvalidArgument("an annotation needs a text of 1 to 4000 bytes");
  }
  return Status::Ok();
}

}  // namespace

Result<results::Annotation> Workspace::AddAnnotation(const AnnotationRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(CheckRequest(request, catalog_));
  ASSIGN_OR_RETURN(auto store, results::AnnotationStore::Open(ResultsPath(), env_.results_vfs));
  results::Annotation a;
  a.kpi = request.kpi;
  a.from = request.from;
  a.to = request.to.empty() ? request.from : request.to;
  a.text = request.text;
  a.process_change = request.process_change;
  a.created_at = time::FormatIso(env_.clock->Now(), nullptr);
  return store->Add(std::move(a));
}

Result<std::vector<results::Annotation>> Workspace::Annotations(const std::string& kpi) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto store, results::AnnotationStore::Open(ResultsPath(), env_.results_vfs));
  return store->List(kpi);
}

Result<results::Annotation> Workspace::UpdateAnnotation(int64_t id, const AnnotationRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(CheckRequest(request, catalog_));
  ASSIGN_OR_RETURN(auto store, results::AnnotationStore::Open(ResultsPath(), env_.results_vfs));
  results::Annotation a;
  a.id = id;
  a.kpi = request.kpi;
  a.from = request.from;
  a.to = request.to.empty() ? request.from : request.to;
  a.text = request.text;
  a.process_change = request.process_change;
  return store->Update(a);
}

Status Workspace::DeleteAnnotation(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto store, results::AnnotationStore::Open(ResultsPath(), env_.results_vfs));
  return store->Delete(id);
}

}  // namespace northstar::service
