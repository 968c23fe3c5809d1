// What the judging commands (status, explain, review, actions) open: the catalog, the
// results database, the action log beside it and the alert settings of a workspace.
#pragma once

#include <memory>
#include <string>

#include "actions/action_log.h"
#include "actions/alert_config.h"
#include "catalog/model.h"
#include "common/diagnostic.h"
#include "common/status.h"
#include "results/results_db.h"

namespace northstar::actions {

struct Session {
  catalog::Catalog catalog;
  std::unique_ptr<results::ResultsDb> db;
  std::unique_ptr<ActionLog> log;
  AlertConfig alerts;
  std::string results_path;  // absolute path of the results database
};

// Loads `workspace_dir`. Catalog errors (other than the `alerts:` key, parsed here) fail
// with InvalidArgument listing the first errors and pointing at `northstar check`;
// NotFound when the results database does not exist yet (run `northstar compute`).
Result<std::unique_ptr<Session>> OpenSession(const std::string& workspace_dir);
// The same for a catalog already loaded, with the diagnostics of loading it.
Result<std::unique_ptr<Session>> OpenSession(catalog::Catalog catalog, const Diagnostics& diags);

}  // namespace northstar::actions
