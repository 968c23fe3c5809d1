#include "formula/compiler.h"

#include <functional>

#include "formula/binder.h"
#include "formula/dependency_graph.h"
#include "formula/parser.h"

namespace northstar::formula {
namespace {

// Parses `text` (located by `source`); reports a formula-syntax error on failure.
ExprPtr ParseOrReport(const FormulaSource& source, Diagnostics& diags) {
  ExprPtr expr;
  ParseError error;
  if (ParseExpression(source, &expr, &error)) return expr;
  Diagnostic d;
  d.rule = "formula-syntax";
  d.where = source.At(error.begin);
  d.message = error.message;
  d.hint = error.hint;
  d.excerpt = source.Excerpt(error.begin, error.end);
  diags.Add(std::move(d));
  return nullptr;
}

// The first reference to `id` in a bound tree, for pointing at a cycle.
const Expr* FindMeasureRef(const Expr& e, const std::string& id) {
  if (e.kind == ExprKind::kMeasureRef && e.name == id) return &e;
  for (const auto& a : e.args) {
    if (const Expr* found = FindMeasureRef(*a, id)) return found;
  }
  return e.where ? FindMeasureRef(*e.where, id) : nullptr;
}

FormulaSource FormulaSourceOf(const catalog::MeasureDef& def) {
  return {def.formula, def.formula_where, def.formula_is_single_line};
}

}  // namespace

const CompiledMeasure* CompiledCatalog::Find(const std::string& id) const {
  for (const auto& m : measures) {
    if (m.def && m.def->id == id) return &m;
  }
  return nullptr;
}

CompiledCatalog CompileCatalog(const catalog::Catalog& catalog, Diagnostics& diags) {
  CompiledCatalog out;
  std::vector<MeasureNode> nodes;
  for (const auto& def : catalog.measures) {
    CompiledMeasure m;
    m.def = &def;
    Binder binder(catalog, def, diags);
    if (!def.filter.empty()) {
      FormulaSource filter_source{def.filter, def.filter_where, def.filter_is_single_line};
      ExprPtr filter = ParseOrReport(filter_source, diags);
      if (filter && binder.BindFilter(filter_source, *filter)) m.filter = std::move(filter);
    }
    // An empty formula is reported by `check` as a missing required field.
    if (!def.formula.empty()) {
      FormulaSource source = FormulaSourceOf(def);
      ExprPtr formula = ParseOrReport(source, diags);
      FormulaFacts facts;
      if (formula && binder.BindFormula(source, *formula, &facts)) {
        m.type = formula->type;
        m.depends_on = std::move(facts.depends_on);
        m.has_snapshot = facts.has_snapshot;
        m.is_bare_count = formula->kind == ExprKind::kAggregate && formula->aggregate == Aggregate::kCount;
        m.formula = std::move(formula);
      }
    }
    nodes.push_back({def.id, m.depends_on});
    out.measures.push_back(std::move(m));
  }

  DependencyOrder order = OrderByDependencies(nodes);
  for (const auto& cycle : order.cycles) {
    const CompiledMeasure* first = out.Find(cycle.front());
    const catalog::MeasureDef& def = *first->def;
    FormulaSource source = FormulaSourceOf(def);
    const Expr* ref = first->formula ? FindMeasureRef(*first->formula, cycle[1]) : nullptr;
    uint32_t begin = ref ? ref->begin : 0;
    uint32_t end = ref ? ref->end : static_cast<uint32_t>(def.formula.size());
    std::string path;
    for (size_t i = 0; i < cycle.size(); ++i) path += (i ? " -> " : "") + cycle[i];
    Diagnostic d;
    d.rule = "cycle";
    d.where = source.At(begin);
    d.message = "KPIs and metrics reference each other in a cycle: " + path;
    d.hint = "a value cannot depend on itself; compute one of them from the source rows instead";
    d.excerpt = source.Excerpt(begin, end);
    diags.Add(std::move(d));
  }
  out.evaluation_order = std::move(order.order);
  return out;
}

Result<ExprPtr> ParseFormula(std::string_view text) {
  FormulaSource source{text, {"", 1, 1}, false};
  ExprPtr expr;
  ParseError error;
  if (!ParseExpression(source, &expr, &error)) {
    SourceLocation at = source.At(error.begin);
    return Status::InvalidArgument(std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                                   error.message);
  }
  return expr;
}

}  // namespace northstar::formula
