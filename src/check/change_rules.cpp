// missing-change-reason: a KPI/metric definition differs from the one accepted in
// northstar.lock, and nobody said why.
#include "check/rules.h"

namespace northstar::check {

void CheckDefinitionChanges(const catalog::Catalog& c, const formula::CompiledCatalog& compiled,
                            const LockFile& lock, Diagnostics& diags) {
  for (const auto& m : c.measures) {
    auto accepted = lock.measures.find(m.id);
    if (accepted == lock.measures.end()) continue;  // new: becomes version 1 on --update-lock
    const formula::CompiledMeasure* cm = compiled.Find(m.id);
    // A definition that does not compile is already an error; its text hash would
    // differ from the canonical one in the lock and add noise.
    if (!formula::DefinitionCompiled(m, cm)) continue;
    if (formula::DefinitionHash(m, cm) == accepted->second.hash) continue;
    if (!m.change_reason.empty() && m.change_reason != accepted->second.change_reason) continue;
    const std::string kind = m.is_kpi ? "KPI" : "metric";
    const std::string version = std::to_string(accepted->second.version);
    diags.Error(
        "missing-change-reason",
        m.field_where.count("change_reason") ? FieldWhere(m, "change_reason") : FieldWhere(m, "formula"),
        "the definition (source, filter or formula) of " + kind + " '" + m.id + "' changed since version " +
            version + " in northstar.lock, but " +
            (m.change_reason.empty() ? "there is no `change_reason`"
                                     : "`change_reason` is still the one of version " + version),
        "say why in `change_reason:`, then run `northstar check --update-lock` to record version " +
            std::to_string(accepted->second.version + 1));
  }
}

}  // namespace northstar::check
