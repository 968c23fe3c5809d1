#include "actions/session.h"

#include <filesystem>

#include "catalog/loader.h"
#include "results/annotations.h"

namespace northstar::actions {

Result<std::unique_ptr<Session>> OpenSession(const std::string& workspace_dir) {
  Diagnostics diags;
  ASSIGN_OR_RETURN(catalog::Catalog catalog, catalog::LoadWorkspace(workspace_dir, diags));
  return OpenSession(std::move(catalog), diags);
}

Result<std::unique_ptr<Session>> OpenSession(catalog::Catalog catalog, const Diagnostics& diags) {
  auto session = std::make_unique<Session>();
  session->catalog = std::move(catalog);
  const std::string& workspace_dir = session->catalog.workspace.root_dir;
  std::string errors;
  int shown = 0;
  for (const Diagnostic& d : diags.items()) {
    if (d.severity != Severity::kError) continue;
    // `alerts:` belongs to the alert settings (alert_config.h), read below.
    if (d.rule == "unknown-key" && d.message.find("unknown key 'alerts'") != std::string::npos) continue;
    if (shown++ < 3) errors += "\n  " + d.ToString();
  }
  if (shown > 0) {
    return Status::InvalidArgument("the catalog has " + std::to_string(shown) +
                                   " error(s); run `northstar check`:" + errors);
  }
  ASSIGN_OR_RETURN(session->alerts, LoadAlertConfig(workspace_dir));
  std::filesystem::path path(session->catalog.workspace.results_db);
  if (path.is_relative()) path = std::filesystem::path(session->catalog.workspace.root_dir) / path;
  session->results_path = path.string();
  if (!std::filesystem::exists(path)) {
    return Status::NotFound("no results at " + session->results_path + " yet: run `northstar compute` first");
  }
  ASSIGN_OR_RETURN(session->db, results::ResultsDb::Open(session->results_path));
  ASSIGN_OR_RETURN(session->log, ActionLog::Open(session->results_path));
  // An annotation marked as a process change starts a new baseline, as an entry in the
  // KPI's `baseline.process_changes` would ("*": every measure).
  ASSIGN_OR_RETURN(auto annotations, results::AnnotationStore::Open(session->results_path));
  ASSIGN_OR_RETURN(auto notes, annotations->List());
  for (const results::Annotation& a : notes) {
    if (!a.process_change) continue;
    for (catalog::MeasureDef& m : session->catalog.measures) {
      if (a.kpi == "*" || a.kpi == m.id) m.baseline.process_changes.push_back(a.from);
    }
  }
  return session;
}

}  // namespace northstar::actions
