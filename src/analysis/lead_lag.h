// Lead-lag test: does one KPI move first and another follow some periods later?
//
// Two KPIs that both grow over time correlate strongly whether or not one drives the
// other, and so do two KPIs that merely drift slowly (autocorrelation). The test is
// built not to be fooled by either:
//   1. When either series shows a linear trend (slope t-test on the levels, 5 %), both
//      are first-differenced: a shared trend becomes a constant and drops out of every
//      correlation. Not always: differencing a trendless series leaves a moving-average
//      pattern no short AR filter removes, which in simulations pushed the false-positive
//      rate on plain noise from 5 % to 7-10 %. The trend test errs towards differencing
//      (autocorrelated noise often looks like a trend, which costs only a little power);
//      a trend too weak to detect is small next to the noise, and step 2 absorbs it.
//   2. Both series are prewhitened with one AR(p) filter fitted to the leading series
//      (Box-Jenkins): the leading series becomes white noise, so under "no relation" its
//      cross-correlations with anything are approximately independent with variance
//      1/n, whatever the lagging series' own autocorrelation.
//   3. The Pearson correlation of leading'[t] with lagging'[t + k] for k = 0..max_lag,
//      each lag over its own overlapping pairs and with its own means.
//   4. The best lag's p-value (Student t, n - 2 df) is Sidak-adjusted for the
//      max_lag + 1 lags searched.
//   5. At a best lag k >= 1, a Granger F-test on the (differenced, not prewhitened)
//      series asks the same question a second way: do the leading KPI's last k values
//      improve the prediction of the lagging KPI beyond its own last k?
#pragma once

#include <optional>
#include <vector>

#include "common/status.h"

namespace northstar::analysis {

// Fewest complete periods of both KPIs the test accepts.
inline constexpr int kMinLeadLagPeriods = 12;
// Fewest (leading, lagging) pairs behind any lag's correlation: with fewer, a
// correlation of noise is too often large. The largest accepted max_lag for N periods is
// N - 1 - kMinLeadLagPairs whether or not the series end up differenced (which costs a
// period), so the limit depends on N alone.
inline constexpr int kMinLeadLagPairs = 8;

struct LagCorrelation {
  int lag = 0;             // leading[t] against lagging[t + lag]
  double correlation = 0;  // of the prewhitened series at this lag
};

struct LeadLagResult {
  int n = 0;                 // pairs behind the best lag's correlation (after differencing/prewhitening)
  int best_lag = 0;          // lag with the largest |correlation| among 0..max_lag
  double correlation = 0;    // at best_lag
  double p_value = 1;        // at best_lag, adjusted for having searched max_lag + 1 lags (Sidak)
  bool significant = false;  // p_value < alpha
  bool leads = false;        // significant and best_lag >= 1 (a lag-0 match is coincident, not leading)
  int differences = 0;       // 0 or 1: whether the series were first-differenced
  int ar_order = 0;          // order p of the AR model fitted to the leading series and applied to both
  std::vector<LagCorrelation> lags;  // every lag 0..max_lag
  // F-test of "leading helps predict lagging" at best_lag (when best_lag >= 1 and there is enough
  // data). Not adjusted for best_lag having been picked by the search: with no relation it falls
  // under 0.05 about 10 % of the time. It corroborates a significant lead; it is no test on its own.
  std::optional<double> granger_p_value;
};

// `leading` and `lagging` are the values of two KPIs on the same complete periods, oldest first
// (same length). Fails when they differ in length, when there are fewer than
// kMinLeadLagPeriods periods, when max_lag < 1 or leaves too few pairs, or when either series
// is constant (nothing to correlate) — each with a message saying what is missing. Also fails
// for a value that is not a finite number, for alpha outside (0, 1), for a series that is
// a straight line (constant once differenced), and for one whose values (or changes) follow an exact
// recurrence (nothing left after prewhitening).
Result<LeadLagResult> AnalyzeLeadLag(const std::vector<double>& leading, const std::vector<double>& lagging,
                                     int max_lag, double alpha = 0.05);

}  // namespace northstar::analysis
