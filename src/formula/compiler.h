// The formula compiler: parses and binds every KPI/metric formula and filter of a
// catalog, and orders the measures so that dependencies are evaluated first.
//
// Errors never stop compilation of other measures: each is reported into the
// Diagnostics (rule ids formula-syntax, formula-type, unknown-column, unknown-id,
// unknown-source, unknown-function, unknown-calendar, unknown-theme, cycle) with the file:line:col
// of the offending token, a caret excerpt and a hint, and the failing measure gets
// a null `formula` (or `filter`).
//
// The CompiledCatalog points into the Catalog it was built from (`def`); the
// Catalog must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/diagnostic.h"
#include "common/status.h"
#include "formula/ast.h"
#include "formula/types.h"

namespace northstar::formula {

struct CompiledMeasure {
  const catalog::MeasureDef* def = nullptr;
  ExprPtr formula;                      // bound, typed; null if it failed to compile
  ExprPtr filter;                       // bound KPI filter, null if none/failed
  std::vector<std::string> depends_on;  // ids of KPIs/metrics the formula references
  bool is_bare_count = false;           // formula is a lone count()/count(cond) (an activity count)
  bool has_snapshot = false;            // some aggregate is a snapshot (mentions period)
  ValueType type = ValueType::kNull;    // result type (kInt or kFloat when compiled)
};

struct CompiledCatalog {
  std::vector<CompiledMeasure> measures;      // same order as Catalog::measures
  std::vector<std::string> evaluation_order;  // dependencies first; empty on cycles
  const CompiledMeasure* Find(const std::string& id) const;
};

// Compiles every formula and filter; reports errors (syntax, types, unknown columns/ids/
// sources/calendars, cycles) into `diags` with file:line:col, a caret excerpt and a hint.
CompiledCatalog CompileCatalog(const catalog::Catalog& catalog, Diagnostics& diags);

// Parses one formula (no binding); for tests and the fuzzer. The error message
// starts with "line:col: " relative to the text.
Result<ExprPtr> ParseFormula(std::string_view text);

}  // namespace northstar::formula
