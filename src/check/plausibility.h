// `northstar check --with-data`: the SPEC §6 warning "a target that asks for more change
// than the baseline history makes plausible" (rule `implausible-target`).
//
// Reads the computed values that `northstar compute` stored (results::ResultsDb); it
// never computes anything itself. For every KPI with a target it takes the series of
// the whole population (segment `*`) at the KPI's `frequency` grain, of the latest
// definition version, and:
//   1. latest  = the last complete period with a value (a period the data has not
//                reached the end of, or only started within, is not judged: the data
//                spans come from the results database, as for `status`);
//      limits  = the XmR limits of the KPI's baseline for that period (the same window
//                `northstar status` judges it with: rolling N periods before it, or the
//                locked window, moved by process changes);
//   2. target  = the rule in force at `latest` for `*`; for a plan, its end point.
//      deadline = a plan's end period, else the goal's deadline, else as many periods
//                ahead as the history is long;
//   3. forecast = the forecast `status` shows (analysis/forecast.h: linear or Holt,
//                chosen on held-out periods, with an 80 % interval) from the unbroken
//                run of complete values since the latest process change, to the deadline.
// It warns when BOTH hold:
//   (a) the target lies beyond the natural process limits on the favourable side
//       (higher_is_better: target > upper limit; lower_is_better: target < lower
//       limit; a range that does not overlap the limits) — the process as it runs
//       does not produce the target, not even on a good day; and
//   (b) the forecast gives less than a 10 % chance of meeting the target by the
//       deadline: the target lies beyond its 80 % interval. Where no forecast can be
//       made (too short a run, a constant series, a deadline already reached) the
//       process is taken to stay at its baseline mean, and the message says why.
// The message gives the baseline mean, limits, sigma, target, the required change
// (absolute and in sigmas), the forecast and the periods involved; for a plan also the
// slope the plan asks for per period.
//
// Not checked, with a note instead of a warning (notes never fail `check`): no results
// database or no computed values ("run northstar compute first"), no complete period
// yet, a snapshot KPI (single period), a baseline with fewer than 8 values or without a
// moving range, a target or baseline whose periods cannot be resolved.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/diagnostic.h"
#include "results/results_db.h"

namespace northstar::check {

inline constexpr char kImplausibleTargetRule[] = "implausible-target";

// Why a KPI was not checked against its data. Informational only.
struct DataNote {
  SourceLocation where;
  std::string kpi;  // empty = the whole workspace
  std::string message;
  std::string rule = kImplausibleTargetRule;  // the data rule that could not run

  // "catalog/kpis.yaml:12:5: note [implausible-target]: ..."
  std::string ToString() const;
};

// Runs the rule over every KPI with a target, reading values from `db`. Appends
// warnings to `diags` and notes to `notes`. Read-only on `db`.
void CheckTargetPlausibility(const catalog::Catalog& catalog, results::ResultsDb& db, Diagnostics& diags,
                             std::vector<DataNote>& notes);

// Same, opening the results database at Workspace::results_db (relative to
// Workspace::root_dir). A database that does not exist yet is one note; it is not
// created. An unreadable one is a note too (check's errors are about the catalog).
void CheckTargetPlausibility(const catalog::Catalog& catalog, Diagnostics& diags,
                             std::vector<DataNote>& notes);

}  // namespace northstar::check
