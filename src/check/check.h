// `northstar check`: the lint rules of SPEC §6 that need no data, run over a loaded
// catalog and its compiled formulas.
//
// Every finding is a Diagnostic with a stable rule id, the file:line:col of the
// offending entry or field, a message and a fix hint. Errors (the catalog cannot be
// computed or judged as written):
//   duplicate-id, unknown-id, cycle (goal parents), unknown-column, invalid-value
//   (a source's time column that is not a timestamp), missing-goal, missing-owner,
//   missing-target, missing-action, missing-change-reason, lock-file.
// Warnings (it can be computed, but it is a poor KPI):
//   not-smart, too-many-kpis, unguarded-speed-kpi, bare-count-kpi, short-baseline,
//   review-lags-data.
// Formula and filter errors (syntax, types, unknown columns/ids in formulas,
// measure cycles) come from formula::CompileCatalog, not from here.
// Metrics (entries under `metrics:`) are exempt from the KPI-only rules.
// docs/catalog.md explains every rule.
#pragma once

#include "catalog/model.h"
#include "check/lock_file.h"
#include "common/diagnostic.h"
#include "formula/compiler.h"

namespace northstar::check {

// Runs every rule. The definition-change rule compares against `lock` (the
// accepted definitions); with a null `lock` it is skipped.
void RunChecks(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
               const LockFile* lock, Diagnostics& diags);

// Same, reading the lock from northstar.lock in Workspace::root_dir when it exists
// (an unreadable or malformed lock is a `lock-file` error).
void RunChecks(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled, Diagnostics& diags);

}  // namespace northstar::check
