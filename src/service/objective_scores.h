// OKR scores (SPEC §10): a key result that reads a KPI scores
// clamp((actual - baseline) / (target - baseline), 0, 1) on the KPI's latest complete
// period; one scored by hand keeps its `score`; an objective scores the weighted mean
// of its scored key results (unscored ones are shown, never counted as 0).
#pragma once

#include <optional>
#include <vector>

#include "actions/assessment.h"
#include "catalog/model.h"
#include "service/scorecard.h"

namespace northstar::service {

// The score of a key result reading a KPI; nullopt without baseline and target that differ.
std::optional<double> KeyResultScore(const catalog::KeyResult& kr, double actual);

std::vector<ObjectiveCard> ScoreObjectives(const catalog::Catalog& catalog, actions::Assessment& assessment);

}  // namespace northstar::service
