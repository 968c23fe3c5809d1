// The review (SPEC §4), named after its period's grain ("Weekly review", "Monthly
// review", ...): one self-contained HTML page (inline CSS and SVG, no scripts,
// nothing fetched) and a Markdown summary.
//
// For the review period P (review_period.h) and every KPI, leading indicators first
// (they are what can still be changed), a card with its type, unit and constraints:
//   - a chart of the last 6 weeks and one of the last 12 months with the prior year
//     as an overlay, each with its target line (a plan reads as a path), process-limit
//     band and signals marked;
//   - a table: last period, MTD, QTD and YTD (the month, quarter and year holding P's
//     last day) with the previous period of each and the change;
//   - the segments off track or masked by the total in P: share of rows, value, status;
// and a summary: goals with their scores, objectives, forecasts (when given), off track, signals, gaming
// risks, masked segments, segments off track, action items due (by `today`), the verdicts reached within P
// (review_items.h: nothing opened after P is listed), and history: definition
// changes and values restated since P began (history.h).
// Deterministic: the same inputs give byte-identical output.
#pragma once

#include <cstdint>
#include <string>

#include "actions/action_log.h"
#include "actions/assessment.h"
#include "common/status.h"
#include "review/history.h"
#include "review/markdown_text.h"

namespace northstar::review {

struct ReviewOptions {
  std::string period;     // a label ("2026-W10"); empty = chosen by ChooseReviewPeriod
  int32_t today = 0;      // local day number: items due by then are listed as due
  std::string title;      // empty = by the period's grain: "Weekly review", "Monthly review", ...
  ReviewHistory history;  // definition versions and restatements (history.h)
  // SPEC §10, as of the latest complete periods: the goal tree with scores, the
  // objectives, and each KPI's forecast to its deadline. Written as lines by the caller
  // (service/review.cpp, from the scorecard); a section without lines is left out.
  std::vector<ReviewLine> goals, objectives, forecasts;
};

struct ReviewDocument {
  std::string period;  // the review period's label
  std::string html;
  std::string markdown;
};

Result<ReviewDocument> BuildReview(actions::Assessment& assessment, actions::ActionLog& log,
                                   const ReviewOptions& options);

}  // namespace northstar::review
