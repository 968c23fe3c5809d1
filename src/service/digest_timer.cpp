#include "service/digest_timer.h"

#include <utility>

#include "service/workspace.h"

namespace northstar::service {

DigestTimer::DigestTimer(Workspace& workspace, const actions::DigestSchedule& schedule,
                         time::ZoneConverter zone, time::Micros now,
                         std::function<void(const std::string&)> log)
    : workspace_(workspace), schedule_(schedule), zone_(std::move(zone)), log_(std::move(log)) {
  next_ = slot_ = NextDigestAt(schedule_, now, zone_);
  const time::Micros latest = LatestDigestAt(schedule_, now, zone_);
  auto settled = workspace_.DigestSettledThrough();
  if (!settled.ok()) {
    log_("cannot read which digest was sent last (" + settled.status().ToString() +
         "): none is caught up on");
  } else if (!settled->has_value()) {
    // The first start: no digest before it was owed.
    if (Status s = workspace_.SettleDigestThrough(latest); !s.ok())
      log_("cannot record the digest: " + s.ToString());
  } else if (**settled < latest) {
    next_ = now;
    slot_ = latest;
    log_("missed the digest of " + time::FormatIso(latest, &zone_) + " while stopped: sends it now");
  }
  log_("sends the digest at " +
       time::FormatIso(next_ == now ? NextDigestAt(schedule_, now, zone_) : next_, &zone_) +
       (schedule_.weekly ? ", then weekly" : ", then daily"));
}

void DigestTimer::Run(time::Micros now) {
  if (now < next_) return;
  DigestRequest request;
  request.send = true;
  request.due_within_days = schedule_.due_within_days;
  request.today = time::LocalDay(slot_, zone_);
  auto report = workspace_.Digest(request);
  if (!report.ok()) {
    log_("digest failed: " + report.status().ToString());
  } else {
    for (const DigestDelivery& d : report->deliveries)
      log_("digest for " + d.owner + " to " + d.url + ": " + (d.status.ok() ? "sent" : d.status.ToString()));
  }
  // Recorded even when a receiver failed: each delivery said so above, and a digest
  // repeated on every restart would be worse than one missed.
  if (Status s = workspace_.SettleDigestThrough(slot_); !s.ok())
    log_("cannot record the digest: " + s.ToString());
  next_ = slot_ = NextDigestAt(schedule_, now, zone_);
}

}  // namespace northstar::service
