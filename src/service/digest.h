// The digest: a short message per owner (SPEC §5's sinks: terminal, webhook, Slack)
// with what changed, what is off track and which actions are due, for people who
// read one message a day or a week instead of opening the dashboard
// (`northstar digest`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actions/action_log.h"
#include "actions/alert_config.h"
#include "common/status.h"
#include "time/timestamp.h"

namespace northstar::service {

struct DigestRequest {
  std::string owner;             // one owner (of KPIs or of their goals); empty: every owner
  std::optional<int32_t> today;  // local day the digest is for; default: the clock's today
  int32_t due_within_days = 7;   // actions due up to this many days ahead (overdue ones always)
  // Post each owner's digest to every webhook of `alerts.webhooks` (JSON, or a Slack
  // message for `format: slack`) with their retries and signatures.
  bool send = false;
};

// One digest posted to one webhook.
struct DigestDelivery {
  std::string owner, url;
  Status status;
  int32_t attempts = 0;
};

// One KPI in a digest: its latest complete period, judged.
struct DigestKpi {
  std::string kpi, name;
  std::string period;                   // "2026-W10"
  std::string value, target, change;    // for people: "85.3 %", "80 %", "+1.2 pp" ("" when none)
  std::string status, previous_status;  // previous_status: of the period before ("" when none)
  std::string signals;                  // "beyond_limits;run_of_8", "" when none
};

struct OwnerDigest {
  std::string owner;                     // "(no owner)" for KPIs nobody owns
  int32_t kpis = 0;                      // KPIs on their scorecard
  std::vector<DigestKpi> off_track;      // latest complete period off_track
  std::vector<DigestKpi> changed;        // status changed from the period before, or a signal
  std::vector<actions::ActionItem> due;  // open items of their KPIs due by today + N days
  std::vector<std::string> overdue;      // ids (as text) of the `due` items past their date
};

struct DigestReport {
  std::string workspace, today;            // today: YYYY-MM-DD
  std::vector<OwnerDigest> owners;         // by owner name
  std::vector<Status> errors;              // KPIs that could not be judged
  std::vector<DigestDelivery> deliveries;  // with `send`: owner by owner, webhook by webhook
};

// The first time after `after` the schedule sends (local time in `zone`; a local time
// that a DST jump skips maps as the zone maps it). Only for an enabled schedule.
time::Micros NextDigestAt(const actions::DigestSchedule& schedule, time::Micros after,
                          const time::ZoneConverter& zone);

// The latest time at or before `now` the schedule sends at.
time::Micros LatestDigestAt(const actions::DigestSchedule& schedule, time::Micros now,
                            const time::ZoneConverter& zone);

// The digest of one owner as text (terminal, e-mail), as Slack mrkdwn (the text of a
// Slack webhook message; <, > and & escaped) and as JSON.
std::string DigestText(const DigestReport& report, const OwnerDigest& owner);
std::string DigestSlackText(const DigestReport& report, const OwnerDigest& owner);
std::string DigestJson(const DigestReport& report, const OwnerDigest& owner);

}  // namespace northstar::service
