#include "actions/measure_format.h"

namespace northstar::actions {

MeasureFormat::MeasureFormat(const catalog::MeasureDef& measure, const catalog::Catalog& catalog)
    : unit_(ParseUnit(measure.unit)), domain_(DomainOf(measure, catalog)) {}

std::string MeasureFormat::Value(const std::optional<double>& value) const {
  return FormatQuantity(value, unit_);
}

std::string MeasureFormat::Limit(double value) const {
  return FormatQuantity(domain_.Clip(value), unit_);
}

std::string MeasureFormat::LimitRange(const judge::XmrLimits& limits) const {
  return Limit(limits.lower) + " .. " + Limit(limits.upper);
}

std::string MeasureFormat::Target(const judge::PeriodTarget& target) const {
  if (target.kind == judge::PeriodTarget::Kind::kRange)
    return Value(target.low) + " .. " + Value(target.high);
  return Value(target.value);
}

std::string MeasureFormat::Change(double delta) const {
  return FormatChange(delta, unit_);
}

}  // namespace northstar::actions
