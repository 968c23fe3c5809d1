// When `northstar serve` re-reads each source: every source with a `refresh:` cadence
// in northstar.yaml on its own clock, the others every `--refresh-every` seconds (or
// never, when that is 0). Sources due together are refreshed together, followed by one
// compute, so a workspace whose sources share a cadence computes once per tick.
//
// Pure bookkeeping on times given by the caller (no clock, no thread), so it is tested
// with planted times; the scheduler thread of `serve` asks it what is due and sleeps
// until Next().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "time/timestamp.h"

namespace northstar::server {

class RefreshSchedule {
 public:
  // `now`: the server's start; each source is first due one cadence later.
  RefreshSchedule(const catalog::Workspace& workspace, int64_t default_seconds, time::Micros now);

  // The sources due at `now`, in the order of northstar.yaml; each is next due one
  // cadence after `now` (a server that fell behind does not run the missed ticks).
  std::vector<std::string> Due(time::Micros now);

  // When the next source is due; nullopt when no source has a cadence.
  std::optional<time::Micros> Next() const;

  // Seconds between refreshes of `source`; 0 = never.
  int64_t CadenceOf(const std::string& source) const;

 private:
  struct Entry {
    std::string source;
    int64_t every_micros = 0;
    time::Micros next = 0;
  };
  std::vector<Entry> entries_;  // only sources with a cadence
};

}  // namespace northstar::server
