#include "engine/accumulator.h"

#include <algorithm>
#include <cmath>

namespace northstar::engine {

using formula::Aggregate;
using formula::ValueType;

double PercentileCont(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return kNull;
  const double pos = fraction * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double w = pos - static_cast<double>(lo);
  if (w == 0 || lo == hi) return sorted[lo];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * w;
}

double FinalizeAggregate(const formula::Expr& agg, const Accumulator& acc, ValueList* list) {
  const bool int_arg = !agg.args.empty() && agg.args[0]->type != ValueType::kFloat;
  double v = kNull;
  switch (agg.aggregate) {
    case Aggregate::kCount: v = static_cast<double>(agg.args.empty() ? acc.rows : acc.hits); break;
    case Aggregate::kShare:
      v = acc.rows == 0 ? kNull : static_cast<double>(acc.hits) / static_cast<double>(acc.rows);
      break;
    case Aggregate::kSum:
      if (acc.hits > 0) v = int_arg ? (acc.overflow ? kNull : static_cast<double>(acc.isum)) : acc.fsum;
      break;
    case Aggregate::kAvg:
      if (acc.hits > 0) {
        const double total = int_arg ? (acc.overflow ? kNull : static_cast<double>(acc.isum)) : acc.fsum;
        v = total / static_cast<double>(acc.hits);
      }
      break;
    case Aggregate::kMin: v = acc.hits > 0 ? acc.min : kNull; break;
    case Aggregate::kMax: v = acc.hits > 0 ? acc.max : kNull; break;
    case Aggregate::kCountDistinct: {
      if (list == nullptr) return 0;
      size_t n = 0;
      if (!list->ints.empty()) {
        std::sort(list->ints.begin(), list->ints.end());
        n += std::unique(list->ints.begin(), list->ints.end()) - list->ints.begin();
      }
      if (!list->floats.empty()) {
        for (double& f : list->floats) f = f == 0 ? 0.0 : f;  // -0 and 0 are one value
        std::sort(list->floats.begin(), list->floats.end());
        n += std::unique(list->floats.begin(), list->floats.end()) - list->floats.begin();
      }
      if (!list->strings.empty()) {
        std::sort(list->strings.begin(), list->strings.end());
        n += std::unique(list->strings.begin(), list->strings.end()) - list->strings.begin();
      }
      v = static_cast<double>(n);
      break;
    }
    case Aggregate::kMedian:
    case Aggregate::kPercentile: {
      if (list == nullptr) return kNull;
      std::vector<double>& values = list->floats;
      for (int64_t i : list->ints) values.push_back(static_cast<double>(i));
      list->ints.clear();
      std::sort(values.begin(), values.end());
      v = PercentileCont(values, agg.aggregate == Aggregate::kMedian ? 0.5 : agg.percentile);
      break;
    }
    case Aggregate::kNone: break;
  }
  return std::isfinite(v) ? v : kNull;
}

}  // namespace northstar::engine
