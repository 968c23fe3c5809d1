// `northstar init DIR` as a service operation: scaffolds a workspace with a small
// support example (one goal, one guarded KPI, its guard and a driver, and a CSV of
// tickets) that `northstar check` accepts without errors or warnings. Never
// overwrites: if any of the files exists, nothing is written. The workspace comes with
// its northstar.lock (the accepted definitions), so the change workflow of README.md
// works from the start.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::service {

struct ScaffoldFile {
  const char* path;  // relative to the workspace
  const char* text;
};

// The files written, in order; northstar.lock follows them.
extern const std::vector<ScaffoldFile> kScaffoldFiles;

// Writes the files and the lock into `dir` (created as needed). Conflict when a file
// exists; IOError when a folder or file cannot be written.
Status ScaffoldWorkspace(const std::string& dir);

}  // namespace northstar::service
