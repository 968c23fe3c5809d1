// Which periods a point is judged against, and the XmR limits they give.
//
// Rolling (default): the `periods` periods before the evaluated one, p-N .. p-1, counted
// in periods (a missing period uses up its slot). Fewer available -> use what exists.
// Locked: the fixed window [locked_from, locked_to] for every point, including the
// points inside it (the classic XmR chart).
// Process changes: a change at period c means the process before c no longer speaks
// for it. For a point p >= c (c the latest change <= p):
//   rolling -> window [max(p-N, c), p-1]: limits are rebuilt from the new data only;
//   locked  -> when c lies after locked_from, the window moves to [c, c + (to - from)],
//              a window of the same length starting at the change.
// A window with fewer than 8 values is flagged `short_baseline`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "judge/series.h"
#include "judge/xmr.h"

namespace northstar::judge {

inline constexpr int32_t kDefaultBaselinePeriods = 12;
inline constexpr int32_t kShortBaselineValues = 8;  // fewer values -> short_baseline

struct BaselinePlan {
  int32_t periods = kDefaultBaselinePeriods;  // rolling length, >= 1
  struct Window {
    int32_t from = 0, to = 0;  // inclusive period indexes, from <= to
  };
  std::optional<Window> locked;          // set = locked window
  std::vector<int32_t> process_changes;  // sorted ascending
};

struct BaselineWindow {
  int32_t from = 0, to = -1;  // inclusive; empty when from > to
  bool empty() const { return from > to; }
};

struct Baseline {
  BaselineWindow window;
  int32_t values = 0;               // non-null values inside the window
  bool short_baseline = true;       // values < kShortBaselineValues
  std::optional<XmrLimits> limits;  // nullopt: no moving range in the window
  // Harmonic mean of the row counts behind the window's values; nullopt when any
  // value's row count is unknown or zero. The volume the limits' noise belongs to.
  std::optional<double> reference_rows;
};

// The baseline window for the point at `period` (see the rules above).
BaselineWindow WindowFor(const BaselinePlan& plan, int32_t period);

// The baseline of `period` in `series` (validated, ordered). O(log n + window).
Baseline BaselineAt(std::span<const SeriesPoint> series, const BaselinePlan& plan, int32_t period);

}  // namespace northstar::judge
