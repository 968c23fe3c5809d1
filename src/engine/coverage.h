// The span of local days each measure's data covers, recorded with its values so the
// judge can tell complete periods from those still filling (SPEC §5).
//
// A timed source spans from the local day of its oldest time value to that of its
// newest. For the store's sources both come from the segment time ranges a compute
// already keeps (SeenState), so nothing extra is decoded; a source read straight from
// its `from:` is scanned once. A measure spans what all its timed sources cover:
// from the latest first day to the earliest last day. A measure that reads only
// snapshot sources (no time column) has no span: its single period is always complete.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "catalog/model.h"
#include "engine/plan.h"
#include "engine/refresh.h"
#include "engine/workspace_input.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::engine {

// Local days of the oldest and newest time value of `source`; nullopt for a snapshot
// source, one without rows with a time value, or one whose range is unknown.
std::optional<time::DaySpan> SourceSpan(const catalog::SourceDef& source, const LoadedInput& input,
                                        const SeenState& seen, const time::ZoneConverter& zone);

// The span of every measure of `plan` that reads at least one timed source with data,
// keyed by measure id. A measure whose sources do not overlap at all gets
// last_day < first_day (no period of it is complete).
std::map<std::string, std::optional<time::DaySpan>> MeasureSpans(const catalog::Catalog& catalog,
                                                                 const Plan& plan, const LoadedInput& input,
                                                                 const SeenState& seen);

}  // namespace northstar::engine
