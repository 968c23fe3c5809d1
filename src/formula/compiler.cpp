#include "formula/compiler.h"

namespace northstar::formula {

const CompiledMeasure* CompiledCatalog::Find(const std::string& id) const {
  for (const auto& m : measures) {
    if (m.def && m.def->id == id) return &m;
  }
  return nullptr;
}

CompiledCatalog CompileCatalog(const catalog::Catalog& catalog, Diagnostics& diags) {
  CompiledCatalog out;
  for (const auto& def : catalog.measures) {
    CompiledMeasure m;
    m.def = &def;
    out.measures.push_back(std::move(m));
  }
  return out;
}

Result<ExprPtr> ParseFormula(std::string_view text) {
  return Status::Unsupported("formula parser not built yet");
}

}  // namespace northstar::formula
