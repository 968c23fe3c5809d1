// `northstar check` as a service operation: load the catalog, compile every formula,
// run the lint rules (check/check.h); with data, check every target against the
// computed history (check/plausibility.h) and that leading KPIs lead (SPEC §10); on
// request, accept the definitions into northstar.lock when there are no errors.
#pragma once

#include <string>
#include <vector>

#include "check/plausibility.h"
#include "common/diagnostic.h"
#include "common/status.h"
#include "service/environment.h"

namespace northstar::service {

struct CheckRequest {
  bool with_data = false;    // read the results database (computes nothing)
  bool update_lock = false;  // write northstar.lock when there are no errors
};

struct CheckReport {
  Diagnostics diagnostics;             // sorted
  std::vector<check::DataNote> notes;  // --with-data notes, e.g. "run northstar compute first"
  bool lock_written = false;
  Status lock_status;                     // why the lock could not be read or written
  std::vector<std::string> lock_changes;  // one line per new or changed definition
  size_t lock_definitions = 0;            // definitions accepted
};

// Fails only when the workspace cannot be loaded at all (no northstar.yaml): then
// there is no catalog to check.
Result<CheckReport> CheckWorkspace(const std::string& dir, const Environment& env,
                                   const CheckRequest& request);

// The report as `check` prints it: each finding with file:line:col, rule and hint, then
// the notes and a count line; and its JSON form {"errors","warnings","diagnostics",
// "notes"} (keys in that order).
std::string CheckText(const Diagnostics& diagnostics, const std::vector<check::DataNote>& notes);
std::string CheckJson(const Diagnostics& diagnostics, const std::vector<check::DataNote>& notes);

}  // namespace northstar::service
