// Which action items a review lists. A review is about its period: it shows what
// happened in it, not the whole history, and nothing that came after it (a review of
// an earlier period re-read later must not show items opened since).
//   verdicts  judged items whose verdict was reached within the period: reached is
//             the later of the item's due date and the last day of its judging
//             window (the periods after the alert the verdict was read from) — the
//             day the verdict could first be known, whenever the alert run happened;
//   due       items opened in or before the period (the alerting period ends by its
//             last day), still open at its end (open now, or judged after it), and
//             due by `today`.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "actions/action_log.h"
#include "review/review_period.h"

namespace northstar::review {

// The day a judged item's verdict was reached (see above); nullopt when the item is
// not judged or its dates cannot be read.
std::optional<int32_t> VerdictReachedDay(const actions::ActionItem& item);

struct ReviewItems {
  std::vector<const actions::ActionItem*> due;
  std::vector<const actions::ActionItem*> verdicts;
};

// `items` must outlive the result.
ReviewItems SelectReviewItems(const std::vector<actions::ActionItem>& items, const ReviewPeriod& period,
                              int32_t today);

}  // namespace northstar::review
