// `northstar actions alert` (SPEC §8) as a service operation: raise alerts for new
// signals, send them to the workspace's sinks (the alert file, webhooks) and to the
// front end's own, open action items, send recoveries and judge the items whose review
// date has come.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actions/alert_run.h"
#include "actions/sinks.h"
#include "catalog/model.h"

namespace northstar::service {

struct AlertRequest {
  std::optional<catalog::Grain> grain;  // default: each KPI's review grain
  bool all_periods = false;             // walk every period, not only the latest
  std::string from, to;                 // period labels bounding the walk; empty: unbounded
  std::optional<int32_t> today;         // local day items are judged on; default: the clock's
  bool dry_run = false;                 // find alerts only: `sinks` alone, nothing stored
  // The front end's own sinks (the terminal); the workspace adds its alert file and
  // webhooks unless dry_run. Not owned.
  std::vector<actions::AlertSink*> sinks;
};

}  // namespace northstar::service
