// The target of a KPI for one period and segment, and whether a value meets it.
//
// Rules (SPEC §5):
//   threshold  holds when value >= target (higher_is_better)
//              or value <= target (lower_is_better); equality meets the target.
//   range      holds when low <= value <= high (both ends inclusive).
//   plan       a straight line from (from_period, from_value) to (to_period, to_value);
//              the target of period p is read off the line and then judged as a
//              threshold. Before from_period the target is from_value, after
//              to_period it is to_value (clamped to the ends of the path).
// Which rule applies to (segment, period):
//   1. a per-segment target (`targets: {channel=email: ...}`) for that exact segment
//      overrides everything else, for every period;
//   2. otherwise the latest dated target change whose date falls in or before the
//      period (a change dated inside a period applies to that whole period);
//   3. otherwise the KPI's `target`.
// Comparisons with the target are exact on doubles. Thresholds and plans need a
// direction; resolving one without it is an InvalidArgument.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "judge/period_resolver.h"

namespace northstar::judge {

// A target rule with its periods resolved to indexes.
struct TargetRule {
  enum class Kind { kThreshold, kRange, kPlan } kind = Kind::kThreshold;
  catalog::Direction direction = catalog::Direction::kUnspecified;
  double value = 0;                    // kThreshold
  double low = 0, high = 0;            // kRange, low <= high
  int32_t plan_from = 0, plan_to = 0;  // kPlan, plan_from <= plan_to
  double plan_from_value = 0, plan_to_value = 0;
};

// The target in force for one period: a threshold (plans are read off into one) or
// a range.
struct PeriodTarget {
  enum class Kind { kThreshold, kRange } kind = Kind::kThreshold;
  catalog::Direction direction = catalog::Direction::kUnspecified;
  double value = 0;          // kThreshold
  double low = 0, high = 0;  // kRange
};

struct TargetSchedule {
  std::optional<TargetRule> base;  // the KPI's `target`; nullopt = none (a metric)
  struct Change {
    int32_t from = 0;                // first period it applies to
    std::optional<TargetRule> rule;  // nullopt = the target is dropped from then on
  };
  std::vector<Change> changes;                              // sorted by `from`
  std::map<std::string, TargetRule, std::less<>> segments;  // "channel=email" -> rule
};

// Resolves one catalog rule. kNone yields nullopt. Errors name the rule's location.
Result<std::optional<TargetRule>> ResolveTargetRule(const catalog::TargetRule& rule,
                                                    catalog::Direction direction,
                                                    const PeriodResolver& resolve);

// Resolves the KPI's target, dated changes and segment targets into a schedule.
Result<TargetSchedule> ResolveTargetSchedule(const catalog::MeasureDef& measure,
                                             const PeriodResolver& resolve);

// The rule's target at `period` (plans are interpolated and clamped).
PeriodTarget ReadOff(const TargetRule& rule, int32_t period);

// The target for `segment` ("*" = whole population) at `period`; nullopt = no target.
std::optional<PeriodTarget> TargetFor(const TargetSchedule& schedule, std::string_view segment,
                                      int32_t period);

// Whether `value` meets the target (boundaries inclusive, see above).
bool TargetHolds(const PeriodTarget& target, double value);

// How far `value` is from meeting the target (0 when it holds), in the KPI's unit.
double TargetMiss(const PeriodTarget& target, double value);

// The bound a missed target is measured against: the threshold, or the range end
// the value fell beyond. Percent tolerances are taken of this number.
double MissReference(const PeriodTarget& target, double value);

// "0.8" for a threshold, "0.7..0.9" for a range (shortest round-trip numbers).
std::string FormatTarget(const PeriodTarget& target);

// Shortest text that reads back to the same double ("0.8", "1e-07", "4135.5").
std::string FormatNumber(double value);

}  // namespace northstar::judge
