#include "engine/accumulator.h"

#include <cmath>

namespace northstar::engine {

using formula::Aggregate;
using formula::ValueType;

double FinalizeAggregate(const formula::Expr& agg, const Accumulator& acc) {
  const bool int_arg = !agg.args.empty() && agg.args[0]->type != ValueType::kFloat;
  double v = kNull;
  switch (agg.aggregate) {
    case Aggregate::kCount: v = static_cast<double>(agg.args.empty() ? acc.rows : acc.hits); break;
    case Aggregate::kShare:
      v = acc.rows == 0 ? kNull : static_cast<double>(acc.hits) / static_cast<double>(acc.rows);
      break;
    case Aggregate::kSum:
      if (acc.hits > 0) v = int_arg ? (acc.overflow ? kNull : static_cast<double>(acc.isum)) : acc.FloatSum();
      break;
    case Aggregate::kAvg:
      if (acc.hits > 0) {
        const double total =
            int_arg ? (acc.overflow ? kNull : static_cast<double>(acc.isum)) : acc.FloatSum();
        v = total / static_cast<double>(acc.hits);
      }
      break;
    case Aggregate::kMin: v = acc.hits > 0 ? acc.min : kNull; break;
    case Aggregate::kMax: v = acc.hits > 0 ? acc.max : kNull; break;
    case Aggregate::kCountDistinct: v = 0; break;
    case Aggregate::kMedian:
    case Aggregate::kPercentile: break;
    case Aggregate::kNone: break;
  }
  return std::isfinite(v) ? v : kNull;
}

}  // namespace northstar::engine
