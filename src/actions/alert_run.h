// One alert run: find the alerts in an Assessment, send the new ones, open action
// items, send recovery messages, and judge the items whose review date has come.
//
// Periods: by default the latest period of every KPI series (what a scheduled run
// after `compute` wants); `all_periods` walks the whole history chronologically (a
// back-fill), `from`/`to` (labels at the KPI's grain) limit the walk.
// Per KPI and period: every alert of that period (alert.h) is sent when at least one of
// its dedup keys is new; it opens one action item per on_deviation action unless the
// KPI x segment already has an open item; the KPI x segment enters an *episode*. A
// later period of the same KPI x segment that is on_track and raises no alert ends the
// episode with a recovery message (sent once, dedup rule `recovered`).
// An alert counts as sent (its keys stored) only when every sink accepted it. Each
// delivery to a recorded sink is stored with its outcome (action_log.h); an alert not
// sent is offered again on the next run, skipping the sinks that already took it, and
// then lists the action items its first offer opened.
// Items are judged as the walk goes: before a period, every item due before its first
// day is judged (JudgeDueItems), and at the end every item due by `today`.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "actions/action_log.h"
#include "actions/alert.h"
#include "actions/alert_config.h"
#include "actions/assessment.h"
#include "actions/sinks.h"
#include "actions/verdict.h"

namespace northstar::actions {

struct AlertRunOptions {
  bool all_periods = false;
  std::string from, to;  // period labels; empty = unbounded
  int32_t today = 0;     // local day number: items due on or before it are judged
  std::string now_iso;   // timestamps written to the log
  bool dry_run = false;  // find and print alerts only: no sinks but `sinks`, nothing stored
};

struct AlertRunReport {
  std::vector<Alert> sent;  // new alerts, recoveries included, in the order sent
  int64_t duplicates = 0;   // alerts whose every key had been sent before
  std::vector<ActionItem> opened;
  std::vector<ActionItem> judged;
  std::vector<std::string> failures;       // sink errors (those alerts are retried next run)
  std::vector<DeliveryRecord> deliveries;  // this run's deliveries to recorded sinks
};

// The assessment options an alert configuration implies.
AssessOptions AssessOptionsFor(const AlertConfig& config, std::optional<catalog::Grain> grain = std::nullopt);

Result<AlertRunReport> RunAlerts(Assessment& assessment, ActionLog& log, const AlertConfig& config,
                                 std::span<AlertSink* const> sinks, const AlertRunOptions& options);

// Judges every open item due on or before `today` (verdict.h) and stores the verdict
// with its numbers. An item whose window still lacks values while newer periods may
// arrive stays open. Returns the items judged now.
Result<std::vector<ActionItem>> JudgeDueItems(Assessment& assessment, ActionLog& log, int32_t today,
                                              const std::string& now_iso);

// "YYYY-MM-DD" <-> local day number.
std::string DayText(int32_t day);
Result<int32_t> ParseDay(const std::string& text);

}  // namespace northstar::actions
