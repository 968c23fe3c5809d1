// Measure evaluation: a plan's measures (KPIs and metrics) at every period and
// segment, from the aggregate table an executor filled (engine/aggregate_table.h).
// Shared by every executor, so KPIs of KPIs, series functions (prev, growth,
// rolling_avg), periods that exist and refresh windows mean the same everywhere;
// the semantics are listed in engine/engine.h.
#pragma once

#include <vector>

#include "catalog/model.h"
#include "engine/aggregate_table.h"
#include "engine/engine.h"
#include "engine/plan.h"
#include "formula/compiler.h"

namespace northstar::engine {

// Every measure of `plan` at its frequency and each coarser grain among `grains`
// (empty = all), in OutputOrder. With a refresh window in `table`, only the periods
// it recomputes.
std::vector<ComputedValue> EvaluateMeasures(const formula::CompiledCatalog& compiled, const Plan& plan,
                                            const AggregateTable& table,
                                            const std::vector<catalog::Grain>& grains);

}  // namespace northstar::engine
