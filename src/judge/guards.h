// The Goodhart guard (SPEC §5): a KPI that improves with a signal while one of its
// guards worsens with a signal in the same period is at risk of being gamed ("answer
// fast with a template, the customer reopens").
//
// Both series must be judged at the same grain, for the same segment, so their period
// indexes line up. A signal "improves" when it is favourable for the KPI's direction
// and "worsens" when it is unfavourable for the guard's direction; a guard without a
// direction has only neutral signals and therefore never reports a risk. A KPI point
// below the minimum volume (low_volume) never reports a risk, like its alerts.
// Pure, thread-compatible; O(n + m) for series of n and m points.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "judge/judge.h"

namespace northstar::judge {

struct GamingRisk {
  int32_t period = 0;
  std::string kpi;                    // the KPI that improved
  std::string guard;                  // the guard that worsened
  std::vector<Signal> kpi_signals;    // the KPI's favourable signals at `period`
  std::vector<Signal> guard_signals;  // the guard's unfavourable signals at `period`
};

// Every period where `kpi_points` has a favourable signal and `guard_points` an
// unfavourable one, in period order. Both inputs ordered by period.
std::vector<GamingRisk> FindGamingRisks(std::string_view kpi, std::span<const JudgedPoint> kpi_points,
                                        std::string_view guard, std::span<const JudgedPoint> guard_points);

// "first_response_30m improved (beyond_limits above) while reopen_rate worsened
// (beyond_limits above)".
std::string DescribeGamingRisk(const GamingRisk& risk);

}  // namespace northstar::judge
