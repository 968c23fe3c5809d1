// Which action items a review lists: verdicts reached within the period, items due
// that were open at its end, nothing opened after it.
#include "review/review_items.h"

#include <gtest/gtest.h>

#include "actions/alert_run.h"

namespace northstar::review {
namespace {

int32_t Day(const char* text) {
  return actions::ParseDay(text).value();
}

ReviewPeriod Period(const char* label) {
  const time::PeriodKey key = time::ParsePeriod(label).value();
  return {label, key.grain, time::FirstDay(key), time::LastDay(key)};
}

// A weekly item that alerted in `period`, due `due`; judged when `window` > 0 with
// the verdict read from the `window` weeks after it.
actions::ActionItem Item(int64_t id, const char* period, const char* due, int window = 0) {
  actions::ActionItem it;
  it.id = id;
  it.kpi = "speed";
  it.segment = "*";
  it.grain = catalog::Grain::kWeek;
  it.period = period;
  it.due = due;
  if (window > 0) {
    it.status = "judged";
    it.verdict = "worked";
    const int32_t opened = time::ParsePeriod(period).value().index;
    it.verdict_detail = "{\"opened_period\":" + std::to_string(opened) +
                        ",\"window\":" + std::to_string(window) + ",\"reason\":\"r\"}";
    it.judged_at = "2030-01-01T00:00:00Z";  // the run's clock says nothing about the period
  }
  return it;
}

std::vector<int64_t> Ids(const std::vector<const actions::ActionItem*>& items) {
  std::vector<int64_t> out;
  for (const auto* it : items) out.push_back(it->id);
  return out;
}

TEST(ReviewItemsTest, VerdictIsReachedAtTheEndOfItsWindowOrItsDueDate) {
  // 2026-W10 ends Sunday 2026-03-08; four weeks later 2026-W14 ends 2026-04-05.
  EXPECT_EQ(VerdictReachedDay(Item(1, "2026-W10", "2026-03-22", 4)), Day("2026-04-05"));
  // A due date after the window's end: reached on the due date.
  EXPECT_EQ(VerdictReachedDay(Item(2, "2026-W10", "2026-04-20", 4)), Day("2026-04-20"));
  EXPECT_EQ(VerdictReachedDay(Item(3, "2026-W10", "2026-03-22")), std::nullopt);  // open
}

TEST(ReviewItemsTest, ListsVerdictsReachedWithinThePeriodOnly) {
  const std::vector<actions::ActionItem> items = {
      Item(1, "2026-W10", "2026-03-22", 4),  // reached 2026-04-05 (W14)
      Item(2, "2026-W02", "2026-01-25", 4),  // reached 2026-02-08 (W06)
      Item(3, "2026-W11", "2026-03-29", 4),  // reached 2026-04-12 (W15)
  };
  const int32_t today = Day("2026-12-31");
  EXPECT_EQ(Ids(SelectReviewItems(items, Period("2026-W14"), today).verdicts), std::vector<int64_t>{1});
  EXPECT_EQ(Ids(SelectReviewItems(items, Period("2026-W15"), today).verdicts), std::vector<int64_t>{3});
  EXPECT_EQ(Ids(SelectReviewItems(items, Period("2026-04"), today).verdicts), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(SelectReviewItems(items, Period("2026-W20"), today).verdicts.empty());
}

TEST(ReviewItemsTest, DueItemsWereOpenAtThePeriodsEndAndNeverOpenedAfterIt) {
  const std::vector<actions::ActionItem> items = {
      Item(1, "2026-W10", "2026-03-22"),     // open
      Item(2, "2026-W12", "2026-04-05"),     // open, alerted after W11
      Item(3, "2026-W08", "2026-03-08", 4),  // judged, reached 2026-03-22 (W12)
  };
  const int32_t today = Day("2026-12-31");
  const ReviewItems w11 = SelectReviewItems(items, Period("2026-W11"), today);
  // Item 2 alerted after W11; item 3 was still open at the end of W11.
  EXPECT_EQ(Ids(w11.due), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(w11.verdicts.empty());
  const ReviewItems w12 = SelectReviewItems(items, Period("2026-W12"), today);
  EXPECT_EQ(Ids(w12.due), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Ids(w12.verdicts), std::vector<int64_t>{3});
  // Not yet due by `today`.
  EXPECT_EQ(Ids(SelectReviewItems(items, Period("2026-W12"), Day("2026-03-25")).due),
            std::vector<int64_t>{1});
}

}  // namespace
}  // namespace northstar::review
