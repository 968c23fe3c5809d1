// The catalog loader: reads a workspace (northstar.yaml + catalog/*.yaml) into the
// typed model of catalog/model.h.
//
// Loading never stops at the first problem: every YAML syntax error (rule
// `yaml-syntax`), unknown key (`unknown-key`, with "did you mean"), repeated key
// (`duplicate-key`), value of the wrong kind/type/enum (`invalid-value`, naming what
// is allowed) and missing required key (`missing-key`) is reported into `diags`
// with file:line:col, and the rest of the file is still read. A file with a YAML
// syntax error contributes nothing. Cross-references (ids, columns) are not checked
// here: that is `check`'s job (check/check.h).
//
// Every node of the model keeps the file (relative to the workspace) and 1-based
// line/column it came from.
#pragma once

#include <map>
#include <string>

#include "catalog/model.h"
#include "common/diagnostic.h"
#include "common/status.h"

namespace northstar::catalog {

// Reads dir/northstar.yaml and dir/catalog/*.yaml (also *.yml), in file-name order.
// Returns NotFound when dir/northstar.yaml does not exist and IOError when a file
// cannot be read; everything wrong *inside* the files goes to `diags` and a
// (partial) Catalog is returned. Workspace::root_dir is the absolute `dir`.
Result<Catalog> LoadWorkspace(const std::string& dir, Diagnostics& diags);

// The same from memory: `files` maps paths relative to the workspace
// ("northstar.yaml", "catalog/kpis.yaml") to their text; entries outside catalog/
// other than northstar.yaml are ignored. Returns NotFound without a northstar.yaml.
// `root_dir` becomes Workspace::root_dir (may be empty). For tests and fuzzing.
Result<Catalog> LoadWorkspaceFromMemory(const std::map<std::string, std::string>& files, Diagnostics& diags,
                                        const std::string& root_dir = "");

}  // namespace northstar::catalog
