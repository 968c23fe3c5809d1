// Alerts: what Northstar says when a point is not noise (SPEC §5).
//
// An alert is raised only on a signal that alerts (judge/signals.h: unfavourable or
// neutral unless configured, never below the minimum volume), for the whole population
// `*` (segments too when `alerts.segments` is on), plus:
//   gaming_risk     the KPI improved with a signal while a guard worsened with one;
//   masked_segment  `*` on track while a segment with >= 10 % of the rows is in a
//                   sustained problem (judge/masking.h); the alert is about that
//                   segment and is raised when the masking starts, once, not every
//                   period it lasts;
//   off_track       a complete period where the KPI *becomes* off_track (none of the
//                   3 periods before was off track; see BecameOffTrack): raised
//                   once, not every period it stays there; rule `off_track` joins
//                   the signal alert of the same point when there is one;
//   recovered       a KPI that alerted is back on track (a recovery message).
// A period still filling (in_progress) or only partly observed never alerts.
// No signal or gaming alert is raised while the point's baseline has fewer than 8
// values (short_baseline): such limits cannot tell noise from a signal yet.
// Every alert carries the KPI's on_deviation actions and owner. One alert per KPI x
// period x segment x kind; it lists every rule that fired, and each rule is one
// dedup key "kpi|period|segment|rule" (see action_log.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "actions/alert_config.h"
#include "actions/assessment.h"
#include "actions/measure_format.h"
#include "catalog/model.h"
#include "judge/xmr.h"

namespace northstar::actions {

enum class AlertKind { kSignal, kGamingRisk, kMaskedSegment, kRecovered, kOffTrack };
// "signal", "gaming_risk", "masked_segment", "recovered", "off_track".
const char* AlertKindName(AlertKind kind);

struct Alert {
  AlertKind kind = AlertKind::kSignal;
  std::string kpi, name;
  catalog::Grain grain = catalog::Grain::kWeek;
  std::string period, segment;
  std::vector<std::string> rules;  // rule ids; recovery: {"recovered"}
  std::optional<double> value;
  std::string target;  // "0.8", "0.7..0.9", "" without a target
  std::string status;  // on_track, watch, off_track, no_data
  std::optional<judge::XmrLimits> limits;
  std::string owner;
  std::vector<catalog::ActionDef> actions;
  std::string detail;        // one sentence on why, exact numbers (JSON)
  std::string human_detail;  // the same sentence for people (text, Slack)
  MeasureFormat format;      // how the KPI's numbers read for people
  std::optional<judge::PeriodTarget> period_target;
  std::string subject;         // the measure whose recovery judges the action (KPI or guard)
  std::vector<int64_t> items;  // action items opened for this alert (filled on send)

  std::string DedupKey(const std::string& rule) const;  // "kpi|period|segment|rule"
  // Names this alert in the delivery log: "kpi|period|segment|rule1+rule2".
  std::string DeliveryKey() const;
  // For people: "[ALERT] first_response_30m 2026-W10 * = 71 % (target 80 %, off_track): ...".
  std::string Headline() const;
};

nlohmann::json AlertToJson(const Alert& alert);
// Human text: the headline, then the owner and one line per action.
std::string AlertText(const Alert& alert);
// {"text": SlackEscape(AlertText)} for Slack-compatible incoming webhooks.
nlohmann::json SlackPayload(const Alert& alert);
// `text` with &, < and > as &amp; &lt; &gt;: Slack reads <...> as a link or a mention
// (<!channel>, <@U123>, <http://x|label>), so catalog or data text must not carry them.
std::string SlackEscape(std::string_view text);

// The alerts at series.points[index] (not recoveries): a signal alert when a signal
// alerts and the series is `*` or `segments_too`; for `*` of a KPI also gaming risks
// and masked segments. Metrics never alert.
std::vector<Alert> AlertsAt(const AssessedSeries& series, size_t index, bool segments_too);

// Whether series.points[index] is a complete period that is off_track while none of
// the 3 periods before it was (the chronic-miss window, so one good period between
// misses does not make a new episode), with a trusted baseline (8 values or more)
// and not below the minimum volume.
bool BecameOffTrack(const AssessedSeries& series, size_t index);

// The recovery message for series.points[index].
Alert RecoveryAt(const AssessedSeries& series, size_t index);

}  // namespace northstar::actions
