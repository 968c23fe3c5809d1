// A KPI definition in the form the judge works with: every period text resolved to a
// period index of the series being judged.
#pragma once

#include <initializer_list>
#include <string_view>

#include "catalog/model.h"
#include "common/status.h"
#include "judge/baseline.h"
#include "judge/period_resolver.h"
#include "judge/target.h"

namespace northstar::judge {

struct JudgeDefinition {
  catalog::Direction direction = catalog::Direction::kUnspecified;
  TargetSchedule targets;
  catalog::Tolerance tolerance;
  BaselinePlan baseline;
  // The value is a mean over the period's rows (the formula is one `share(...)` or
  // `avg(...)`): its sampling noise grows as 1/sqrt(rows), see judge.h.
  bool mean_over_rows = false;
  // The value is one `share(...)`: a proportion of the period's rows, whose sampling
  // noise is at least the binomial sqrt(p(1 - p) / rows), see judge.h.
  bool share_of_rows = false;
  // The value is one `count(...)` or `sum(...)`: it grows with the period's rows, so a
  // period still filling is paced by scaling it to the whole period (judge.h).
  bool additive = false;
};

// Whether `formula` is one call of one of `functions` spanning the whole text.
bool IsSingleCallOf(std::string_view formula, std::initializer_list<std::string_view> functions);
// Whether `formula` is a single share(...) or avg(...) call (a mean over the rows).
bool IsMeanOverRows(std::string_view formula);
// Whether `formula` is a single count(...) or sum(...) call (it adds up over rows).
bool IsAdditive(std::string_view formula);
// Whether `formula` is a single share(...) call (a proportion of the rows).
bool IsShareOfRows(std::string_view formula);

// Resolves the measure's target, target changes, segment targets, baseline window and
// process changes through `resolve`. InvalidArgument (with the catalog location) when
// a period cannot be resolved, a window or plan runs backwards, a threshold or plan
// has no direction, or a tolerance or rolling length is negative.
Result<JudgeDefinition> ResolveDefinition(const catalog::MeasureDef& measure, const PeriodResolver& resolve);

}  // namespace northstar::judge
