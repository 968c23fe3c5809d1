#include "engine/engine.h"

#include "engine/aggregate_table.h"
#include "engine/measure_evaluator.h"
#include "engine/native_executor.h"

namespace northstar::engine {

bool CanRefresh(const Plan& plan, const catalog::Catalog& catalog) {
  for (const auto& scan : plan.scans) {
    if (scan.snapshot) return false;
  }
  for (const auto& m : plan.measures) {
    const catalog::SourceDef* own = catalog.workspace.FindSource(m.measure->def->source);
    if (own == nullptr || !own->time.empty()) continue;
    for (const auto& s : m.sources_read) {
      const catalog::SourceDef* def = catalog.workspace.FindSource(s);
      if (def != nullptr && !def->time.empty()) return false;
    }
  }
  return true;
}

bool OutputOrder(const ComputedValue& a, const ComputedValue& b) {
  if (a.kpi != b.kpi) return a.kpi < b.kpi;
  if (a.grain != b.grain) return a.grain < b.grain;
  if (a.all != b.all) return a.all < b.all;
  if (!a.all && a.period.index != b.period.index) return a.period.index < b.period.index;
  const bool sa = a.segment == "*", sb = b.segment == "*";
  if (sa != sb) return sa;
  return a.segment < b.segment;
}

Result<std::vector<ComputedValue>> Compute(const catalog::Catalog& catalog,
                                           const formula::CompiledCatalog& compiled, const Plan& plan,
                                           const EngineInput& input, const ComputeOptions& options) {
  NativeExecutor executor(catalog, compiled, input, options);
  ASSIGN_OR_RETURN(const AggregateTable table, executor.Execute(plan));
  if (table.refresh_needs_full) {
    if (options.full_needed != nullptr) *options.full_needed = true;
    return std::vector<ComputedValue>{};
  }
  return EvaluateMeasures(compiled, plan, table, options.grains);
}

Result<std::vector<ComputedValue>> Compute(const catalog::Catalog& catalog,
                                           const formula::CompiledCatalog& compiled, const EngineInput& input,
                                           const ComputeOptions& options) {
  ASSIGN_OR_RETURN(const Plan plan, BuildPlan(catalog, compiled, options.measures));
  return Compute(catalog, compiled, plan, input, options);
}

}  // namespace northstar::engine
