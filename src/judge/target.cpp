#include "judge/target.h"

#include "common/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace northstar::judge {
namespace {

std::string Where(const SourceLocation& where) {
  return where.known() || !where.file.empty() ? where.ToString() + ": " : "";
}

Result<int32_t> ResolvePeriod(const PeriodResolver& resolve, std::string_view text,
                              const SourceLocation& where, std::string_view what) {
  if (!resolve) return Status::InvalidArgument(Where(where) + std::string(what) + ": no period resolver");
  Result<int32_t> r = resolve(text);
  if (!r.ok()) {
    return Status::InvalidArgument(Where(where) + std::string(what) + " '" + std::string(text) +
                                   "': " + r.status().message());
  }
  return r;
}

}  // namespace

Result<std::optional<TargetRule>> ResolveTargetRule(const catalog::TargetRule& rule,
                                                    catalog::Direction direction,
                                                    const PeriodResolver& resolve) {
  using Kind = catalog::TargetRule::Kind;
  TargetRule out;
  out.direction = direction;
  switch (rule.kind) {
    case Kind::kNone: return std::optional<TargetRule>();
    case Kind::kValue:
      out.kind = TargetRule::Kind::kThreshold;
      out.value = rule.value;
      break;
    case Kind::kRange:
      if (!(rule.low <= rule.high)) {
        return Status::InvalidArgument(Where(rule.where) + "target range [" + FormatNumber(rule.low) + ", " +
                                       FormatNumber(rule.high) + "] has low > high");
      }
      out.kind = TargetRule::Kind::kRange;
      out.low = rule.low;
      out.high = rule.high;
      return std::optional<TargetRule>(out);
    case Kind::kPlan: {
      out.kind = TargetRule::Kind::kPlan;
      ASSIGN_OR_RETURN(out.plan_from,
                       ResolvePeriod(resolve, rule.plan_from_period, rule.where, "target plan start"));
      ASSIGN_OR_RETURN(out.plan_to,
                       ResolvePeriod(resolve, rule.plan_to_period, rule.where, "target plan end"));
      if (out.plan_to < out.plan_from) {
        return Status::InvalidArgument(Where(rule.where) + "target plan ends (" + rule.plan_to_period +
                                       ") before it starts (" + rule.plan_from_period + ")");
      }
      out.plan_from_value = rule.plan_from_value;
      out.plan_to_value = rule.plan_to_value;
      break;
    }
  }
  if (direction == catalog::Direction::kUnspecified) {
    return Status::InvalidArgument(Where(rule.where) +
                                   "a threshold or plan target needs `direction: higher_is_better` "
                                   "or `lower_is_better`");
  }
  return std::optional<TargetRule>(out);
}

Result<TargetSchedule> ResolveTargetSchedule(const catalog::MeasureDef& measure,
                                             const PeriodResolver& resolve) {
  TargetSchedule schedule;
  ASSIGN_OR_RETURN(schedule.base, ResolveTargetRule(measure.target, measure.direction, resolve));
  for (const catalog::DatedTarget& dated : measure.target_changes) {
    TargetSchedule::Change change;
    ASSIGN_OR_RETURN(change.from, ResolvePeriod(resolve, dated.from, dated.rule.where, "target change date"));
    ASSIGN_OR_RETURN(change.rule, ResolveTargetRule(dated.rule, measure.direction, resolve));
    schedule.changes.push_back(change);
  }
  // Stable: two changes in one period -> the one written later wins.
  std::stable_sort(schedule.changes.begin(), schedule.changes.end(),
                   [](const auto& a, const auto& b) { return a.from < b.from; });
  for (const auto& [segment, rule] : measure.segment_targets) {
    ASSIGN_OR_RETURN(std::optional<TargetRule> resolved, ResolveTargetRule(rule, measure.direction, resolve));
    if (resolved) schedule.segments.emplace(segment, *resolved);
  }
  return schedule;
}

PeriodTarget ReadOff(const TargetRule& rule, int32_t period) {
  PeriodTarget t;
  t.direction = rule.direction;
  switch (rule.kind) {
    case TargetRule::Kind::kThreshold: t.value = rule.value; break;
    case TargetRule::Kind::kRange:
      t.kind = PeriodTarget::Kind::kRange;
      t.low = rule.low;
      t.high = rule.high;
      break;
    case TargetRule::Kind::kPlan:
      if (period <= rule.plan_from) {
        t.value = rule.plan_from_value;
      } else if (period >= rule.plan_to) {
        t.value = rule.plan_to_value;
      } else {
        const double f = static_cast<double>(period - rule.plan_from) / (rule.plan_to - rule.plan_from);
        t.value = rule.plan_from_value + f * (rule.plan_to_value - rule.plan_from_value);
      }
      break;
  }
  return t;
}

std::optional<PeriodTarget> TargetFor(const TargetSchedule& schedule, std::string_view segment,
                                      int32_t period) {
  if (auto it = schedule.segments.find(segment); it != schedule.segments.end()) {
    return ReadOff(it->second, period);
  }
  const std::optional<TargetRule>* rule = &schedule.base;
  for (const TargetSchedule::Change& change : schedule.changes) {
    if (change.from > period) break;
    rule = &change.rule;
  }
  if (!rule->has_value()) return std::nullopt;
  return ReadOff(**rule, period);
}

bool TargetHolds(const PeriodTarget& target, double value) {
  if (target.kind == PeriodTarget::Kind::kRange) return target.low <= value && value <= target.high;
  if (target.direction == catalog::Direction::kLowerIsBetter) return value <= target.value;
  return value >= target.value;
}

double MissReference(const PeriodTarget& target, double value) {
  if (target.kind == PeriodTarget::Kind::kRange) return value < target.low ? target.low : target.high;
  return target.value;
}

double TargetMiss(const PeriodTarget& target, double value) {
  if (TargetHolds(target, value)) return 0;
  return std::fabs(value - MissReference(target, value));
}

std::string FormatNumber(double value) {
  return ShortestNumber(value);
}

std::string FormatTarget(const PeriodTarget& target) {
  if (target.kind == PeriodTarget::Kind::kRange)
    return FormatNumber(target.low) + ".." + FormatNumber(target.high);
  return FormatNumber(target.value);
}

}  // namespace northstar::judge
