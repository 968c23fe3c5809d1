// Did the action work? The verdict on an action item at its review date.
//
// The numbers: the XmR limits in force when the item was opened (the process before
// the deviation: center c, sigma s, the unfavourable natural process limit u) and the
// value x0 of the period that alerted. The after-window is the first N periods after
// that period, N = max(4, periods up to and including the one holding the review
// date). A point of the window has *improved* when it
//   - lies at least 1 sigma from x0 in the KPI's favourable direction, and
//   - is not beyond the old unfavourable limit u (back inside the old process or better).
// Verdict (a sustained shift is needed, never a single point):
//   worked        >= 3 points of the window improved, the last one among them;
//   no_effect     at most 1 point of the window improved (the KPI stayed where it was);
//   inconclusive  anything else, fewer than 3 values in the window, no limits at the
//                 opening period, or a KPI without a direction.
// Pure and deterministic; O(window).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "catalog/model.h"
#include "judge/series.h"
#include "judge/xmr.h"

namespace northstar::actions {

inline constexpr int32_t kVerdictMinWindow = 4;
inline constexpr int32_t kVerdictMinImproved = 3;
inline constexpr int32_t kVerdictMinValues = 3;
inline constexpr double kVerdictMinSigmas = 1.0;

enum class VerdictKind { kWorked, kNoEffect, kInconclusive };
const char* VerdictName(VerdictKind kind);  // "worked", "no_effect", "inconclusive"

struct VerdictInput {
  catalog::Direction direction = catalog::Direction::kUnspecified;
  int32_t opened_period = 0;               // index of the period that alerted
  std::optional<double> opening_value;     // its value
  std::optional<judge::XmrLimits> before;  // its limits
  int32_t window = kVerdictMinWindow;      // N
  // What the verdict is about, as the reason names it: "the KPI", or "the guard
  // reopen_rate" for an item opened on a gaming risk (judged on the guard's series).
  std::string subject = "the KPI";
};

struct Verdict {
  VerdictKind kind = VerdictKind::kInconclusive;
  std::string reason;
  int32_t values = 0;    // values in the window
  int32_t improved = 0;  // of them, improved
  bool last_improved = false;
  std::vector<std::pair<int32_t, double>> after;  // (period index, value) in the window
};

// The window length for an item opened at `opened_period` whose review date falls in
// `review_period`.
int32_t VerdictWindow(int32_t opened_period, int32_t review_period);

// Judges the item on `series` (validated, ordered by period).
Verdict JudgeAction(std::span<const judge::SeriesPoint> series, const VerdictInput& input);

// The numbers behind a verdict, for the action log.
nlohmann::json VerdictToJson(const Verdict& verdict, const VerdictInput& input);

}  // namespace northstar::actions
