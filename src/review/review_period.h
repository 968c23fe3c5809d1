// Which period a review is about. Kept apart from the review itself: what the default
// period is (today: the latest period with values) is a policy of its own that may
// change (e.g. to skip periods that are not complete yet) without touching the
// review's content.
#pragma once

#include <cstdint>
#include <string>

#include "actions/assessment.h"
#include "common/status.h"
#include "time/period.h"

namespace northstar::review {

struct ReviewPeriod {
  std::string label;                             // "2026-W10"
  catalog::Grain grain = catalog::Grain::kWeek;  // the grain of `label`
  int32_t first_day = 0;                         // local day numbers, inclusive
  int32_t last_day = 0;                          // every grain is read at this day
};

// `requested` ("2026-W10") when given, else the latest period that is complete for
// every KPI with values: the earliest of the KPIs' latest complete periods (at each
// KPI's judged grain), so no row of the review is a period still filling. NotFound when no KPI has values;
// InvalidArgument for a label that does not parse.
Result<ReviewPeriod> ChooseReviewPeriod(actions::Assessment& assessment, const std::string& requested);

}  // namespace northstar::review
