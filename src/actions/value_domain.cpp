#include "actions/value_domain.h"

#include <algorithm>
#include <string>

#include "common/number_format.h"
#include "formula/parser.h"

namespace northstar::actions {
namespace {

using formula::Expr;
using formula::ExprKind;
using formula::Op;

constexpr int kMaxMeasureDepth = 16;  // measures naming measures; a cycle stops here

ValueDomain Unbounded() {
  return {};
}
ValueDomain NonNegative() {
  return {0.0, std::nullopt};
}

std::optional<double> Add(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a + *b;
}

ValueDomain Union(const ValueDomain& a, const ValueDomain& b) {
  ValueDomain out;
  if (a.low && b.low) out.low = std::min(*a.low, *b.low);
  if (a.high && b.high) out.high = std::max(*a.high, *b.high);
  return out;
}

bool IsNonNegative(const ValueDomain& d) {
  return d.low && *d.low >= 0;
}

bool IsDuration(const std::string& name) {
  return name == "minutes_between" || name == "hours_between" || name == "days_between";
}

class DomainReader {
 public:
  DomainReader(const catalog::Catalog& catalog, int depth) : catalog_(catalog), depth_(depth) {}

  ValueDomain Of(const catalog::MeasureDef& m) const {
    formula::ExprPtr tree;
    formula::ParseError error;
    ValueDomain d;
    if (formula::ParseExpression(formula::FormulaSource{m.formula}, &tree, &error) && tree)
      d = Read(*tree, false);
    if (ParseUnit(m.unit).kind == UnitKind::kDuration && !(d.low && *d.low > 0)) d.low = 0.0;
    return d;
  }

  // `row`: inside an aggregate, where names are columns rather than measures.
  ValueDomain Read(const Expr& e, bool row) const {
    switch (e.kind) {
      case ExprKind::kLiteral:
        if (const auto* i = std::get_if<int64_t>(&e.value)) return {double(*i), double(*i)};
        if (const auto* d = std::get_if<double>(&e.value)) return {*d, *d};
        return Unbounded();
      case ExprKind::kName: return row ? Unbounded() : Measure(e.name);
      case ExprKind::kUnary:
        if (e.op == Op::kNeg && e.args.size() == 1) {
          const ValueDomain d = Read(*e.args[0], row);
          ValueDomain out;
          if (d.high) out.low = -*d.high;
          if (d.low) out.high = -*d.low;
          return out;
        }
        return Unbounded();
      case ExprKind::kBinary: return Binary(e, row);
      case ExprKind::kCall: return Call(e, row);
      default: return Unbounded();
    }
  }

 private:
  ValueDomain Measure(const std::string& id) const {
    const catalog::MeasureDef* m = catalog_.FindMeasure(id);
    if (!m || depth_ >= kMaxMeasureDepth) return Unbounded();
    return DomainReader(catalog_, depth_ + 1).Of(*m);
  }

  ValueDomain Binary(const Expr& e, bool row) const {
    if (e.args.size() != 2) return Unbounded();
    const ValueDomain a = Read(*e.args[0], row), b = Read(*e.args[1], row);
    ValueDomain out;
    switch (e.op) {
      case Op::kAdd:
        out.low = Add(a.low, b.low);
        out.high = Add(a.high, b.high);
        return out;
      case Op::kSub:
        if (a.low && b.high) out.low = *a.low - *b.high;
        if (a.high && b.low) out.high = *a.high - *b.low;
        return out;
      case Op::kMul:
        if (!IsNonNegative(a) || !IsNonNegative(b)) return Unbounded();
        out.low = *a.low * *b.low;
        if (a.high && b.high) out.high = *a.high * *b.high;
        return out;
      case Op::kDiv:
        // Only the sign survives a division by a range that may come near zero.
        if (IsNonNegative(a) && IsNonNegative(b)) return NonNegative();
        return Unbounded();
      default: return Unbounded();
    }
  }

  ValueDomain Call(const Expr& e, bool row) const {
    const std::string& f = e.name;
    if (f == "share") return {0.0, 1.0};
    if (f == "count" || f == "count_distinct") return NonNegative();
    if (IsDuration(f)) return NonNegative();
    if (e.args.empty()) return Unbounded();
    if (f == "avg" || f == "min" || f == "max" || f == "median" || f == "percentile")
      return Read(*e.args[0], true);
    if (f == "sum") {
      const ValueDomain d = Read(*e.args[0], true);
      ValueDomain out;
      if (IsNonNegative(d)) out.low = 0.0;
      if (d.high && *d.high <= 0) out.high = 0.0;
      return out;
    }
    if (f == "prev" || f == "rolling_avg") return Read(*e.args[0], row);
    if (f == "growth")
      return IsNonNegative(Read(*e.args[0], row)) ? ValueDomain{-1.0, std::nullopt} : Unbounded();
    if (f == "if" && e.args.size() == 3) return Union(Read(*e.args[1], row), Read(*e.args[2], row));
    if (f == "coalesce") {
      ValueDomain out = Read(*e.args[0], row);
      for (size_t i = 1; i < e.args.size(); ++i) out = Union(out, Read(*e.args[i], row));
      return out;
    }
    return Unbounded();
  }

  const catalog::Catalog& catalog_;
  int depth_;
};

}  // namespace

double ValueDomain::Clip(double value) const {
  if (low && value < *low) return *low;
  if (high && value > *high) return *high;
  return value;
}

ValueDomain DomainOf(const catalog::MeasureDef& measure, const catalog::Catalog& catalog) {
  return DomainReader(catalog, 0).Of(measure);
}

}  // namespace northstar::actions
