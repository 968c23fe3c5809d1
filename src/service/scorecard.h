// The scorecard: per goal, its KPIs with their latest complete value, target, status,
// process limits, trend and last signal (`northstar status`, the API's /status).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/assessment.h"
#include "actions/measure_format.h"
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
};

struct GoalCards {
  std::string goal;                     // id
  std::optional<catalog::GoalDef> def;  // nullopt: a goal the catalog does not define
  std::vector<KpiCard> kpis;
};

// One judged point of one segment: a row of `status --format csv` (SPEC §4).
struct ScorecardRow {
  std::string kpi, segment;
  actions::AssessedPoint point;
};

struct ScorecardReport {
  std::vector<GoalCards> goals;    // catalog order; goals the catalog lacks last
  std::vector<ScorecardRow> rows;  // by KPI id, then period, then segment (`*` first)
  // KPIs that could not be judged; the others are on the scorecard.
  std::vector<Status> errors;
};

}  // namespace northstar::service
