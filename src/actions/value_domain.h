// The values a KPI can take, so that process limits shown to people stay inside them
// (SPEC §5: a share is never below 0). XmR limits are mean ± 2.66·mR̄ and know
// nothing of the quantity: a share near 0 gets a lower limit of -0.013, which no
// period can ever reach and which reads as nonsense.
//
// Read from the formula text (parsed, not bound: no data needed) and the unit:
//   share(...)                                    [0, 1]
//   count(...), count_distinct(...)               [0, ∞)
//   *_between(...) inside an aggregate            [0, ∞)  (a duration)
//   sum/avg/min/max/median/percentile of x        x's range (sum: [0, ∞) when x ≥ 0)
//   prev(x), rolling_avg(x)                       x's range
//   a literal c                                   [c, c]
//   another measure's id                          that measure's range
//   + - * / unary -, if(), coalesce()             interval arithmetic where it is safe
//   a duration unit (minutes, hours, ...)         at least [0, ∞)
// Anything else is unbounded. Only ever narrows what people see; judging uses the
// exact limits.
#pragma once

#include <optional>

#include "catalog/model.h"

namespace northstar::actions {

struct ValueDomain {
  std::optional<double> low, high;  // nullopt = unbounded on that side

  // `value` moved inside the domain.
  double Clip(double value) const;
};

// The domain of `measure` (other measures its formula names are looked up in
// `catalog`). A formula that does not parse is unbounded.
ValueDomain DomainOf(const catalog::MeasureDef& measure, const catalog::Catalog& catalog);

}  // namespace northstar::actions
