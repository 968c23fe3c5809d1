// The weekly review (SPEC §4): one self-contained HTML page (inline CSS and SVG, no
// scripts, nothing fetched) and a Markdown summary.
//
// For the review period P (default: the latest period with values) and every KPI:
//   - a chart of the last 6 weeks and one of the last 12 months with the prior year
//     as an overlay, each with its target line (a plan reads as a path), process-limit
//     band and signals marked;
//   - a table: last period, MTD, QTD and YTD (the month, quarter and year holding P's
//     last day) with the previous period of each and the change;
// and a summary: off track, signals, gaming risks, masked segments, action items due
// (by `today`) and verdicts.
// Deterministic: the same inputs give byte-identical output.
#pragma once

#include <cstdint>
#include <string>

#include "actions/action_log.h"
#include "actions/assessment.h"
#include "common/status.h"

namespace northstar::review {

struct ReviewOptions {
  std::string period;  // a label ("2026-W10"); empty = the latest week (or latest period)
  int32_t today = 0;   // local day number: items due by then are listed as due
  std::string title = "Northstar weekly review";
};

struct ReviewDocument {
  std::string period;  // the review period's label
  std::string html;
  std::string markdown;
};

Result<ReviewDocument> BuildReview(actions::Assessment& assessment, actions::ActionLog& log,
                                   const ReviewOptions& options);

}  // namespace northstar::review
