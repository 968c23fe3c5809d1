// Per-group aggregate state and how it becomes a value.
//
// Decomposable aggregates (count, share, sum, avg, min, max) keep an Accumulator,
// which merges by addition / min / max, so day groups roll up to weeks, months,
// quarters and years exactly. Holistic ones (count_distinct, median, percentile)
// keep their rows' values instead (engine/holistic.h).
#pragma once

#include <cstdint>
#include <limits>

#include "formula/ast.h"
#include "formula/functions.h"

namespace northstar::engine {

// NaN marks a null value inside the engine; real values are never NaN (row
// arithmetic turns non-finite results into null).
inline constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

struct Accumulator {
  int64_t rows = 0;  // rows that passed filter + where (count(), share's denominator)
  int64_t hits = 0;  // count(C)/share(C): rows where C is true; sum/avg/min/max: non-null values
  int64_t isum = 0;  // sum of integer values
  double fsum = 0;   // sum of float values, rounded ...
  double fcomp = 0;  // ... and the rounding errors of that sum (see AddFloat)
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  bool overflow = false;  // the integer sum left int64

  // Compensated (TwoSum) addition: fsum + fcomp carries the sum to about twice double
  // precision, so the rounded total does not depend on the order rows were added in
  // (how threads split the rows, or a refresh that adds a day later). Needs strict
  // IEEE arithmetic (no -ffast-math).
  void AddFloat(double x) {
    const double s = fsum + x;
    const double bp = s - fsum;
    fcomp += (fsum - (s - bp)) + (x - bp);
    fsum = s;
  }
  double FloatSum() const { return fsum + fcomp; }

  void Merge(const Accumulator& o) {
    rows += o.rows;
    hits += o.hits;
    overflow = overflow || o.overflow || __builtin_add_overflow(isum, o.isum, &isum);
    AddFloat(o.fsum);
    fcomp += o.fcomp;
    if (o.min < min) min = o.min;
    if (o.max > max) max = o.max;
  }
};

inline bool IsHolistic(formula::Aggregate a) {
  return formula::InfoOf(a).state != formula::AggregateState::kRunning;
}

// The value of aggregate `agg` (a kAggregate node) for a group; kNull for null. For a
// holistic aggregate: its value over no rows (count_distinct 0, otherwise null).
double FinalizeAggregate(const formula::Expr& agg, const Accumulator& acc);

}  // namespace northstar::engine
