// The forecast on a KPI card (SPEC §10): where the KPI is heading by its goal's
// deadline, fitted to its complete periods (analysis/forecast.h), with the chance of
// meeting the target in force at the deadline. Without one, the card says why.
#pragma once

#include "actions/assessment.h"
#include "catalog/model.h"
#include "service/scorecard.h"

namespace northstar::service {

void AttachForecast(const catalog::MeasureDef& kpi, const catalog::GoalDef* goal,
                    const actions::AssessedSeries& whole, KpiCard& card);

}  // namespace northstar::service
