// The segments behind a KPI's total in the review period that need a look: those off
// track on their own and those the total masks (judge/masking.h). A total on track
// can hide a segment far off it; listing them next to the total makes that visible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/assessment.h"
#include "common/status.h"

namespace northstar::review {

struct SegmentDetail {
  std::string segment;          // "region=APAC"
  std::optional<double> share;  // of the total's rows; nullopt when a row count is unknown
  std::optional<double> value;
  std::string status;   // "off_track", ...
  bool masked = false;  // the total is on track and masks this segment
};

// The off-track and masked segments of `kpi` at `grain` in period `label`, largest
// share of rows first (then by name). `whole` is the total's point of that period.
Result<std::vector<SegmentDetail>> ProblemSegments(actions::Assessment& assessment, const std::string& kpi,
                                                   catalog::Grain grain, const actions::AssessedPoint& whole);

}  // namespace northstar::review
