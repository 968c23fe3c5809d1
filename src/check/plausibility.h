// `northstar check --with-data`: the SPEC §6 warning "a target that asks for more change
// than the baseline history makes plausible" (rule `implausible-target`).
//
// Reads the computed values that `northstar compute` stored (results::ResultsDb); it
// never computes anything itself. For every KPI with a target it takes the series of
// the whole population (segment `*`) at the KPI's `frequency` grain, of the latest
// definition version, and:
//   1. latest  = the last period with a value;
//      limits  = the XmR limits of the KPI's baseline for that period (the same window
//                `northstar status` judges it with: rolling N periods before it, or the
//                locked window, moved by process changes);
//   2. target  = the rule in force at `latest` for `*`; for a plan, its end point.
//      deadline = a plan's end period, else the goal's deadline, else as many periods
//                ahead as the history is long;
//   3. trend   = the least-squares slope over the history (since the latest process
//                change), counted only when it is at least twice its standard error
//                (otherwise it is noise and the slope is taken as 0); projected from
//                the fitted value at `latest` to the deadline.
// It warns when BOTH hold:
//   (a) the target lies beyond the natural process limits on the favourable side
//       (higher_is_better: target > upper limit; lower_is_better: target < lower
//       limit; a range that does not overlap the limits) — the process as it runs
//       does not produce the target, not even on a good day; and
//   (b) the trend projected to the deadline does not reach the target either.
// The message gives the baseline mean, limits, sigma, target, the required change
// (absolute and in sigmas), the trend and the periods involved; for a plan also the
// slope the plan asks for per period.
//
// Not checked, with a note instead of a warning (notes never fail `check`): no results
// database or no computed values ("run northstar compute first"), a snapshot KPI
// (single period), a baseline with fewer than 8 values or without a moving range, a
// target or baseline whose periods cannot be resolved.
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
