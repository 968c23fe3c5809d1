#include "service/workspace.h"

#include <filesystem>

#include "catalog/loader.h"

namespace northstar::service {

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& dir, const Environment& env) {
  std::unique_ptr<Workspace> ws(new Workspace(dir, env));
  if (ws->env_.clock == nullptr) ws->env_.clock = Environment::System().clock;
  ASSIGN_OR_RETURN(ws->catalog_, catalog::LoadWorkspace(dir, ws->load_diagnostics_));
  ws->diagnostics_.Append(ws->load_diagnostics_);
  ws->compiled_ = formula::CompileCatalog(ws->catalog_, ws->diagnostics_);
  return ws;
}

Status Workspace::CatalogErrors() const {
  if (!diagnostics_.has_errors()) return Status::Ok();
  return Status::InvalidArgument("the catalog has " + std::to_string(diagnostics_.error_count()) +
                                 " error(s)")
      .WithHint("fix them first; `northstar check` lists every problem");
}

std::string Workspace::ResultsPath() const {
  std::filesystem::path path(catalog_.workspace.results_db);
  if (path.is_relative()) path = std::filesystem::path(catalog_.workspace.root_dir) / path;
  return path.string();
}

std::string Workspace::AuthPath() const {
  return (std::filesystem::path(ResultsPath()).parent_path() / "auth.db").string();
}

}  // namespace northstar::service
