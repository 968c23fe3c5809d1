// Binds a parsed formula or filter to the catalog and checks its types (SPEC §3).
//
// Scopes: outside aggregates ("measure level") names are KPI/metric ids and the
// value is one number per period and segment; inside an aggregate ("row level")
// bare names are columns of the aggregate's source — the measure's `source`
// unless the aggregate names another as agg(src.col ...) or agg(src where ...).
// A KPI filter is row level over the measure's source.
//
// Every problem found is reported into `diags` (binding continues to find more);
// the bind functions return false if there was any.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/diagnostic.h"
#include "formula/ast.h"
#include "formula/source_map.h"

namespace northstar::formula {

struct FunctionInfo;

// What binding a formula learned about it, beyond the bound tree.
struct FormulaFacts {
  std::vector<std::string> depends_on;  // referenced KPI/metric ids, first mention first
  bool has_snapshot = false;
};

class Binder {
 public:
  // `measure` is the KPI/metric being compiled; all references must outlive the binder.
  Binder(const catalog::Catalog& catalog, const catalog::MeasureDef& measure, Diagnostics& diags);

  // Binds `expr` (a parsed KPI filter) in place; it must be a row condition.
  bool BindFilter(const FormulaSource& source, Expr& expr);

  // Binds `expr` (a parsed formula) in place; it must produce a number. Call
  // BindFilter first: a filter that mentions the period makes the aggregates over
  // the measure's own source snapshots.
  bool BindFormula(const FormulaSource& source, Expr& expr, FormulaFacts* facts);

  // Every function name the language knows, for messages.
  static const std::vector<std::string>& KnownFunctionNames();

 private:
  struct Scope {
    const catalog::SourceDef* source = nullptr;  // null = measure level
    bool in_filter = false;
    bool* mentions_period = nullptr;
  };

  bool Bind(Expr& e, const Scope& scope);
  bool BindName(Expr& e, const Scope& scope);
  bool BindCall(Expr& e, const Scope& scope);
  // False, with an error naming the count and the usage, unless `e` has as many
  // arguments as `f` takes.
  bool HasArgumentCount(const Expr& e, const FunctionInfo& f);
  bool BindAggregate(Expr& e, const Scope& scope);
  bool BindSeries(Expr& e, const Scope& scope);
  bool BindFunction(Expr& e, const Scope& scope);
  bool BindComparable(Expr& lhs, Expr& rhs, const Expr& at);
  bool ExpectType(const Expr& e, bool ok, const std::string& what);
  const catalog::SourceDef* ResolveAggregateSource(Expr& e);
  const catalog::SourceDef* MeasureSource(const Expr& at);

  void Error(const std::string& rule, const Expr& at, std::string message, std::string hint = "");
  void ErrorRange(const std::string& rule, uint32_t begin, uint32_t end, std::string message,
                  std::string hint);

  const catalog::Catalog& catalog_;
  const catalog::MeasureDef& measure_;
  Diagnostics& diags_;
  const FormulaSource* source_ = nullptr;
  FormulaFacts* facts_ = nullptr;
  bool filter_mentions_period_ = false;
};

// Whether `text` is a timestamp literal Northstar accepts: YYYY-MM-DD, optionally
// followed by 'T' or ' ' and HH:MM or HH:MM:SS.
bool IsTimestampLiteral(const std::string& text);

}  // namespace northstar::formula
