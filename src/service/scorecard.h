// The scorecard: per goal, its KPIs with their latest complete value, target, status,
// process limits, trend and last signal (`northstar status`, the API's /status).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/assessment.h"
#include "actions/measure_format.h"
#include "actions/session.h"
#include "analysis/forecast.h"
#include "catalog/model.h"
#include "common/status.h"

namespace northstar::service {

struct ScorecardRequest {
  std::string owner;                    // only KPIs owned by this person or whose goal they own
  std::optional<catalog::Grain> grain;  // judge at this grain (default: each KPI's review grain)
  int trend = 12;                       // periods in each card's trend
  bool with_rows = false;               // also judge every segment into ScorecardReport::rows
  bool all_periods = false;             // rows: every period, not only the latest complete one
};

// One KPI on the scorecard.
struct KpiCard {
  std::string kpi, name, owner;
  actions::MeasureFormat format;  // how its numbers read for people
  catalog::Grain grain = catalog::Grain::kDay;
  std::optional<actions::AssessedPoint> latest;   // the latest complete period (else the latest)
  std::optional<actions::AssessedPoint> filling;  // the in_progress period after it, if any
  // For the change beside the value: the period before `latest`, and the same period a
  // year earlier (52 weeks, 12 months, 4 quarters, 1 year, or 364 days back, so a day
  // compares with the same weekday).
  std::optional<actions::AssessedPoint> previous, year_ago;
  std::string last_signal_period, last_signal;  // the latest point with a signal
  std::vector<std::optional<double>> trend;     // the last `trend` values, oldest first
  int open_actions = 0;
  // 0..1: how close `latest` is to its target (judge/target_score.h); nullopt when it
  // has no value or no target (N/A, never counted as 0 in a goal's score).
  std::optional<double> score;
  double weight = 1;  // its share in its goal's score
  // Where the KPI is heading by its goal's deadline (SPEC §10); when there is none,
  // `forecast_note` says what is missing (no deadline, too little history, ...).
  std::string deadline, deadline_period;
  std::optional<analysis::Forecast> forecast;
  std::optional<double> forecast_target;  // the target in force at the deadline (threshold or range low)
  std::string forecast_note;
};

struct GoalCards {
  std::string goal;                     // id
  std::optional<catalog::GoalDef> def;  // nullopt: a goal the catalog does not define
  std::vector<KpiCard> kpis;
  std::string parent;  // the parent goal on this scorecard; empty: a root
  int depth = 0;       // 0 for a root
  // 0..1: the weighted mean of its KPIs' and child goals' scores (SPEC §10); nullopt
  // when none of them has one.
  std::optional<double> score;
};

// A key result of an objective, scored (SPEC §10).
struct KeyResultCard {
  catalog::KeyResult def;
  std::string period;            // the KPI's period its `actual` is from
  std::optional<double> actual;  // the KPI's latest complete value
  std::optional<double> score;   // 0..1; nullopt: not scored yet (shown as such)
};

struct ObjectiveCard {
  catalog::ObjectiveDef def;
  std::vector<KeyResultCard> key_results;
  std::optional<double> score;  // weighted mean of the scored key results
  double expected = 1;          // the score that counts as success: 1 committed, 0.7 aspirational
};

// One judged point of one segment: a row of `status --format csv` (SPEC §4).
struct ScorecardRow {
  std::string kpi, segment;
  actions::AssessedPoint point;
};

struct ScorecardReport {
  // The goal tree in depth-first order (children after their parent, catalog order
  // among siblings), goals without KPIs of their own included; goals the catalog lacks
  // (named by a KPI) last.
  std::vector<GoalCards> goals;
  std::vector<ObjectiveCard> objectives;  // catalog order
  std::vector<ScorecardRow> rows;         // by KPI id, then period, then segment (`*` first)
  // KPIs that could not be judged; the others are on the scorecard.
  std::vector<Status> errors;
};

// The scorecard from an open session and its assessment (Workspace::Scorecard opens
// both; the review builds its goal and forecast sections from the same assessment).
Result<ScorecardReport> BuildScorecard(actions::Session& session, actions::Assessment& assessment,
                                       const ScorecardRequest& request);

// The scorecard as `northstar status` prints it: per goal (indented by depth) its
// statement, owner, deadline and score, then a line per KPI card (value, target,
// status, sparkline, last signal, the period in progress, the forecast), then the
// objectives. `colour`: ANSI colours for a terminal (scorecard_text.cpp).
std::string ScorecardText(const ScorecardReport& card, bool colour);
// SPEC §4's judgement as CSV: kpi,period,segment,value,target,status,lower_limit,
// center,upper_limit,signals.
std::string ScorecardCsv(const ScorecardReport& card);

}  // namespace northstar::service
