// When `northstar serve` sends the digest of `alerts.digest`, and the one it owes after
// a restart: a server that was down at the scheduled time sends that digest when it
// starts (once, however many it missed), instead of waiting for the next one. What was
// sent is kept in the results database (Workspace::DigestSettledThrough), so a restart
// never sends a digest twice. On the very first start nothing is owed yet.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "actions/alert_config.h"
#include "time/timestamp.h"

namespace northstar::service {

class Workspace;

class DigestTimer {
 public:
  // `log` gets one line per event (what is owed, each delivery). `schedule` is enabled.
  DigestTimer(Workspace& workspace, const actions::DigestSchedule& schedule, time::ZoneConverter zone,
              time::Micros now, std::function<void(const std::string&)> log);

  // When Run next has something to do.
  time::Micros Next() const { return next_; }
  // Sends the digest when it is due (now >= Next()) and records it as sent.
  void Run(time::Micros now);

 private:
  Workspace& workspace_;
  actions::DigestSchedule schedule_;
  time::ZoneConverter zone_;
  std::function<void(const std::string&)> log_;
  time::Micros next_ = 0;  // when to send
  time::Micros slot_ = 0;  // the scheduled time the digest sent then is for
};

}  // namespace northstar::service
