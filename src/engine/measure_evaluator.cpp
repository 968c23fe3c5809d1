#include "engine/measure_evaluator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "formula/ast.h"

namespace northstar::engine {
namespace {

using formula::Expr;
using formula::ExprKind;
using formula::Op;

inline bool IsNull(double v) {
  return std::isnan(v);
}

// Where one measure value is evaluated: a value point, and the periods of the
// measure at that grain (series functions read none outside them).
struct Point : ValuePoint {
  int32_t range_first = 0, range_last = 0;
};

class MeasureEvaluator {
 public:
  MeasureEvaluator(const formula::CompiledCatalog& compiled, const Plan& plan, const AggregateTable& table,
                   const std::vector<catalog::Grain>& grains)
      : compiled_(compiled), plan_(plan), table_(table), grains_(grains) {}

  void Evaluate(const MeasurePlan& m, std::vector<ComputedValue>& out) const {
    const catalog::MeasureDef& def = *m.measure->def;
    auto own = table_.sources.find(def.source);
    if (own == table_.sources.end()) return;
    const SourceFrame& src = own->second;
    // Segments: `*` and every value of each dimension column.
    std::vector<std::pair<const std::string*, const std::string*>> segments{{nullptr, nullptr}};
    for (const auto& d : m.dims) {
      auto it = src.dims.find(d);
      if (it == src.dims.end()) continue;
      for (const auto& label : it->second->labels) segments.emplace_back(&it->first, &label);
    }
    auto emit = [&](const Point& pt) {
      for (const auto& [dim, label] : segments) {
        Point p = pt;
        p.dim = dim;
        p.label = label;
        ComputedValue v;
        v.kpi = def.id;
        v.grain = pt.grain;
        v.all = pt.all;
        v.period = time::PeriodKey{pt.grain, pt.index};
        v.segment = dim == nullptr ? "*" : *dim + "=" + *label;
        const double x = Eval(*m.measure->formula, p, 0);
        if (!IsNull(x)) v.value = x;
        if (m.rows_aggregate >= 0) {
          const double rows = table_.At(m.rows_aggregate, p);
          v.rows = IsNull(rows) ? 0 : static_cast<int64_t>(rows);
        }
        out.push_back(std::move(v));
      }
    };
    if (!src.timed) {
      Point pt;
      pt.grain = def.frequency;
      pt.all = true;
      emit(pt);
      return;
    }
    // The measure's days: from the first to the last day of any source it reads.
    bool has = false;
    int32_t lo = 0, hi = 0;
    for (const auto& s : m.sources_read) {
      auto it = table_.sources.find(s);
      if (it == table_.sources.end() || !it->second.timed || !it->second.has_days) continue;
      lo = has ? std::min(lo, it->second.min_day) : it->second.min_day;
      hi = has ? std::max(hi, it->second.max_day) : it->second.max_day;
      has = true;
    }
    if (!has) return;
    for (catalog::Grain g : time::kAllGrains) {
      if (!GrainWanted(g, def.frequency)) continue;
      Point pt;
      pt.grain = g;
      pt.range_first = time::PeriodOfDay(lo, g).index;
      pt.range_last = time::PeriodOfDay(hi, g).index;
      const auto gi = static_cast<size_t>(g);
      for (int32_t p = pt.range_first; p <= pt.range_last; ++p) {
        if (table_.window && !table_.window->out[gi][static_cast<size_t>(p - table_.first_period[gi])])
          continue;
        pt.index = p;
        emit(pt);
      }
    }
  }

 private:
  bool GrainWanted(catalog::Grain g, catalog::Grain finest) const {
    if (g < finest) return false;
    return grains_.empty() || std::find(grains_.begin(), grains_.end(), g) != grains_.end();
  }

  static bool Truthy(double v) { return !IsNull(v) && v != 0; }
  static double Finite(double v) { return std::isfinite(v) ? v : kNull; }

  double Eval(const Expr& e, const Point& pt, int depth) const {
    if (depth > 256) return kNull;
    switch (e.kind) {
      case ExprKind::kLiteral:
        if (auto* i = std::get_if<int64_t>(&e.value)) return static_cast<double>(*i);
        if (auto* d = std::get_if<double>(&e.value)) return *d;
        if (auto* b = std::get_if<bool>(&e.value)) return *b ? 1 : 0;
        return kNull;
      case ExprKind::kAggregate: {
        auto it = plan_.aggregate_of.find(&e);
        return it == plan_.aggregate_of.end() ? kNull : table_.At(it->second, pt);
      }
      case ExprKind::kMeasureRef: {
        const formula::CompiledMeasure* ref = compiled_.Find(e.name);
        if (ref == nullptr || !ref->formula) return kNull;
        return Eval(*ref->formula, pt, depth + 1);
      }
      case ExprKind::kSeries: {
        if (pt.all) return kNull;
        auto at = [&](int32_t back) {
          Point p = pt;
          p.index = pt.index - back;
          if (p.index < pt.range_first || p.index > pt.range_last) return kNull;
          return Eval(*e.args[0], p, depth + 1);
        };
        switch (e.series) {
          case formula::Series::kPrev: return at(static_cast<int32_t>(e.periods));
          case formula::Series::kGrowth: {
            const double cur = at(0), prev = at(static_cast<int32_t>(e.periods));
            if (IsNull(cur) || IsNull(prev) || prev == 0) return kNull;
            return Finite(cur / prev - 1);
          }
          case formula::Series::kRollingAvg: {
            if (e.periods < 1) return kNull;
            double sum = 0;
            for (int32_t k = 0; k < e.periods; ++k) {
              const double v = at(k);
              if (IsNull(v)) return kNull;
              sum += v;
            }
            return Finite(sum / static_cast<double>(e.periods));
          }
          case formula::Series::kNone: return kNull;
        }
        return kNull;
      }
      case ExprKind::kUnary: {
        const double a = Eval(*e.args[0], pt, depth + 1);
        return IsNull(a) ? kNull : -a;
      }
      case ExprKind::kBinary: {
        const double a = Eval(*e.args[0], pt, depth + 1), b = Eval(*e.args[1], pt, depth + 1);
        if (IsNull(a) || IsNull(b)) return kNull;
        switch (e.op) {
          case Op::kAdd: return Finite(a + b);
          case Op::kSub: return Finite(a - b);
          case Op::kMul: return Finite(a * b);
          case Op::kDiv: return b == 0 ? kNull : Finite(a / b);
          default: return kNull;
        }
      }
      case ExprKind::kCompare: {
        const double a = Eval(*e.args[0], pt, depth + 1), b = Eval(*e.args[1], pt, depth + 1);
        if (IsNull(a) || IsNull(b)) return kNull;
        switch (e.op) {
          case Op::kEq: return a == b;
          case Op::kNe: return a != b;
          case Op::kLt: return a < b;
          case Op::kLe: return a <= b;
          case Op::kGt: return a > b;
          case Op::kGe: return a >= b;
          default: return kNull;
        }
      }
      case ExprKind::kLogical: {
        const double a = Eval(*e.args[0], pt, depth + 1), b = Eval(*e.args[1], pt, depth + 1);
        if (e.op == Op::kAnd) {
          if ((!IsNull(a) && a == 0) || (!IsNull(b) && b == 0)) return 0;
          return IsNull(a) || IsNull(b) ? kNull : 1;
        }
        if (Truthy(a) || Truthy(b)) return 1;
        return IsNull(a) || IsNull(b) ? kNull : 0;
      }
      case ExprKind::kNot: {
        const double a = Eval(*e.args[0], pt, depth + 1);
        return IsNull(a) ? kNull : (a == 0 ? 1 : 0);
      }
      case ExprKind::kIsNull: {
        const bool is_null = IsNull(Eval(*e.args[0], pt, depth + 1));
        return is_null != e.negated ? 1 : 0;
      }
      case ExprKind::kFunction:
        if (e.function == formula::Function::kIf) {
          return Truthy(Eval(*e.args[0], pt, depth + 1)) ? Eval(*e.args[1], pt, depth + 1)
                                                         : Eval(*e.args[2], pt, depth + 1);
        }
        if (e.function == formula::Function::kCoalesce) {
          for (const auto& a : e.args) {
            const double v = Eval(*a, pt, depth + 1);
            if (!IsNull(v)) return v;
          }
        }
        return kNull;
      default: return kNull;
    }
  }

  const formula::CompiledCatalog& compiled_;
  const Plan& plan_;
  const AggregateTable& table_;
  const std::vector<catalog::Grain>& grains_;
};

}  // namespace

std::vector<ComputedValue> EvaluateMeasures(const formula::CompiledCatalog& compiled, const Plan& plan,
                                            const AggregateTable& table,
                                            const std::vector<catalog::Grain>& grains) {
  const MeasureEvaluator evaluator(compiled, plan, table, grains);
  std::vector<ComputedValue> out;
  for (const auto& m : plan.measures) evaluator.Evaluate(m, out);
  std::sort(out.begin(), out.end(), OutputOrder);
  return out;
}

}  // namespace northstar::engine
