// How one measure's numbers read for people: in its unit (common/number_format.h),
// with process limits clipped to the values it can take (actions/value_domain.h).
// Used by every human-facing output — status text, explain, alert text, the review —
// so that a value reads the same everywhere. CSV and JSON never use it.
#pragma once

#include <optional>
#include <string>

#include "actions/value_domain.h"
#include "catalog/model.h"
#include "common/number_format.h"
#include "judge/target.h"
#include "judge/xmr.h"

namespace northstar::actions {

class MeasureFormat {
 public:
  MeasureFormat() = default;  // plain numbers, unbounded
  MeasureFormat(const catalog::MeasureDef& measure, const catalog::Catalog& catalog);
  MeasureFormat(Unit unit, ValueDomain domain) : unit_(std::move(unit)), domain_(domain) {}

  // "85.3 %", "€1,234.50", "-" for null.
  std::string Value(const std::optional<double>& value) const;
  // A process limit (or center): like Value, clipped to the domain.
  std::string Limit(double value) const;
  // "70.2 % .. 84.1 %" — lower and upper limit, clipped.
  std::string LimitRange(const judge::XmrLimits& limits) const;
  // "80 %" for a threshold, "70 % .. 90 %" for a range.
  std::string Target(const judge::PeriodTarget& target) const;
  // "+1.2 pp", "-€3.50".
  std::string Change(double delta) const;

  const Unit& unit() const { return unit_; }
  const ValueDomain& domain() const { return domain_; }

 private:
  Unit unit_;
  ValueDomain domain_;
};

}  // namespace northstar::actions
