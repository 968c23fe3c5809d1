// The individual rule groups RunChecks (check.h) runs; internal to the check module.
// Each appends its findings to `diags` and never stops at the first one.
#pragma once

#include "catalog/model.h"
#include "check/lock_file.h"
#include "common/diagnostic.h"
#include "formula/compiler.h"

namespace northstar::check {

// duplicate-id, unknown-id: every id written in the catalog resolves.
void CheckReferences(const catalog::Catalog& catalog, Diagnostics& diags);
// cycle: goal parents form a tree.
void CheckGoalCycles(const catalog::Catalog& catalog, Diagnostics& diags);
// unknown-column, invalid-value: source key/time columns and KPI segments exist.
void CheckColumns(const catalog::Catalog& catalog, Diagnostics& diags);
// missing-goal, missing-owner, missing-target, missing-action (KPIs only).
void CheckKpiPassports(const catalog::Catalog& catalog, Diagnostics& diags);
// unguarded-speed-kpi, bare-count-kpi, short-baseline, review-lags-data.
void CheckKpiDesign(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                    Diagnostics& diags);
// not-smart, too-many-kpis.
void CheckGoals(const catalog::Catalog& catalog, Diagnostics& diags);
// missing-change-reason.
void CheckDefinitionChanges(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                            const LockFile& lock, Diagnostics& diags);

// The location of a measure's field value, or of the measure entry when the field
// was not written.
SourceLocation FieldWhere(const catalog::MeasureDef& m, const std::string& field);

}  // namespace northstar::check
