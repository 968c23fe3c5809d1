// The scorecard's goal tree and its roll-up (SPEC §10): goals in depth-first order with
// their parent and depth, and each goal's score, the weighted mean of its KPIs' scores
// (KPI `weight`) and its child goals' scores (goal `weight`). Parts without a score are
// left out of the mean, never counted as 0; a goal with no scored part has none.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "service/scorecard.h"

namespace northstar::service {

// Orders every catalog goal into the tree (cards from `by_goal`, goals without KPIs
// with none), goals the catalog lacks last, and scores them bottom-up.
std::vector<GoalCards> BuildGoalTree(const catalog::Catalog& catalog,
                                     std::map<std::string, std::vector<KpiCard>> by_goal);

// Keeps what `owner` sees: the goals they own (with all their KPIs) and the KPIs they
// own under other goals, re-rooting a goal whose parent is dropped. Scores stay those
// of the whole tree.
void KeepOwnersGoals(const std::string& owner, std::vector<GoalCards>& goals);

}  // namespace northstar::service
