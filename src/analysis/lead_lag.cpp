#include "analysis/lead_lag.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "analysis/stats.h"

namespace northstar::analysis {
namespace {

// Highest AR order tried when prewhitening: KPI series are short, and a low order
// already removes most of the autocorrelation that fools a naive correlation.
constexpr int kMaxArOrder = 4;
// At most one AR coefficient per this many (differenced) periods, so the filter does not
// eat the data it is meant to clean.
constexpr int kPeriodsPerArCoefficient = 6;
// Significance of the slope above which a series counts as trending and both are
// differenced.
constexpr double kTrendAlpha = 0.05;

Status CheckFinite(const std::vector<double>& values, const std::string& which) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return Status::InvalidArgument(
          fmt::format("lead-lag needs a number in every period; the {} KPI has none in period {} of {} "
                      "(counting from the oldest)",
                      which, i + 1, values.size()));
    }
  }
  return Status::Ok();
}

double LargestMagnitude(const std::vector<double>& values) {
  double largest = 0;
  for (double v : values) largest = std::max(largest, std::fabs(v));
  return largest;
}

// Within round-off of `scale`: exact arithmetic on decimal data (0.1 steps) leaves
// differences that vary in the last bits only.
bool DoesNotVary(const std::vector<double>& values, double scale) {
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  return *highest - *lowest <= 1e-12 * std::max(scale, std::numeric_limits<double>::min());
}

// Slope t-test of values[t] = a + b t. A perfect straight line (no residual) trends.
// Autocorrelated noise inflates the t statistic; here that only means differencing more
// often, the safe side.
bool HasLinearTrend(const std::vector<double>& values) {
  std::vector<std::vector<double>> design;
  design.reserve(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) design.push_back({1.0, static_cast<double>(t)});
  const auto fit = FitLeastSquares(design, values);
  if (!fit) return true;  // unreachable for two or more periods; differencing is the safe answer
  const double n = static_cast<double>(values.size());
  const double mean_t = (n - 1) / 2;
  double sxx = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    const double centered_t = static_cast<double>(t) - mean_t;
    sxx += centered_t * centered_t;
  }
  const double residual_variance = fit->residual_sum_of_squares / (n - 2);
  const double slope = fit->coefficients[1];
  if (!(residual_variance > 0)) return slope != 0;
  const double t_statistic = slope / std::sqrt(residual_variance / sxx);
  return StudentTTwoSidedP(t_statistic, n - 2) < kTrendAlpha;
}

std::vector<double> FirstDifferences(const std::vector<double>& values) {
  std::vector<double> differences;
  differences.reserve(values.size() - 1);
  for (std::size_t i = 1; i < values.size(); ++i) differences.push_back(values[i] - values[i - 1]);
  return differences;
}

std::vector<double> Demeaned(const std::vector<double>& values) {
  const double mean = Mean(values);
  std::vector<double> centered;
  centered.reserve(values.size());
  for (double v : values) centered.push_back(v - mean);
  return centered;
}

double SumOfSquares(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v * v;
  return sum;
}

struct ArFit {
  std::vector<double> coefficients;  // phi_1..phi_p
  double residual_sum_of_squares = 0;
};

// x_t on x_{t-1}..x_{t-order} for t = first..end, without intercept (x is demeaned).
// nullopt when the lagged values are linearly dependent.
std::optional<ArFit> FitAutoregression(const std::vector<double>& x, int order, int first) {
  const auto begin = static_cast<std::size_t>(first);
  if (order == 0) {
    return ArFit{{},
                 SumOfSquares(std::vector<double>(x.begin() + static_cast<std::ptrdiff_t>(first), x.end()))};
  }
  std::vector<std::vector<double>> design;
  std::vector<double> response;
  for (std::size_t t = begin; t < x.size(); ++t) {
    std::vector<double> row;
    row.reserve(static_cast<std::size_t>(order));
    for (int i = 1; i <= order; ++i) row.push_back(x[t - static_cast<std::size_t>(i)]);
    design.push_back(std::move(row));
    response.push_back(x[t]);
  }
  auto fit = FitLeastSquares(design, response);
  if (!fit) return std::nullopt;
  return ArFit{std::move(fit->coefficients), fit->residual_sum_of_squares};
}

// The AR order with the lowest AIC, every order fitted on the same periods (those the
// highest order can use) so that the criteria compare like with like.
int ChooseArOrder(const std::vector<double>& x, int max_order) {
  const double periods = static_cast<double>(x.size()) - max_order;
  int best_order = 0;
  double best_aic = std::numeric_limits<double>::infinity();
  for (int order = 0; order <= max_order; ++order) {
    const auto fit = FitAutoregression(x, order, max_order);
    if (!fit) continue;
    // A perfect fit would give log(0); a floor keeps the criterion finite and still
    // lets that order win.
    const double variance = std::max(fit->residual_sum_of_squares / periods, 1e-300);
    const double aic = periods * std::log(variance) + 2.0 * order;
    if (aic < best_aic) {
      best_aic = aic;
      best_order = order;
    }
  }
  return best_order;
}

// e_t = x_t - sum_i phi_i x_{t-i} for t = p..end: p fewer values than x.
std::vector<double> ApplyArFilter(const std::vector<double>& x, const std::vector<double>& phi) {
  std::vector<double> filtered;
  filtered.reserve(x.size() - phi.size());
  for (std::size_t t = phi.size(); t < x.size(); ++t) {
    double e = x[t];
    for (std::size_t i = 1; i <= phi.size(); ++i) e -= phi[i - 1] * x[t - i];
    filtered.push_back(e);
  }
  return filtered;
}

// Pearson correlation of a[t] with b[t + lag] over the pairs both series have. 0 when an
// overlap does not vary: no evidence of a relation, and never NaN.
double CorrelationAtLag(const std::vector<double>& a, const std::vector<double>& b, int lag) {
  const auto shift = static_cast<std::size_t>(lag);
  const std::size_t pairs = a.size() - shift;
  const std::span<const double> leading(a.data(), pairs);
  const std::span<const double> lagging(b.data() + shift, pairs);
  return PearsonCorrelation(leading, lagging).value_or(0.0);
}

// Two-sided p-value of a Pearson correlation r over n pairs (t test, n - 2 df).
double CorrelationPValue(double r, int n) {
  const double one_minus_r_squared = 1 - r * r;
  if (one_minus_r_squared <= 1e-15) return 0;  // a perfect match: t would be infinite
  const double df = n - 2;
  const double t = r * std::sqrt(df / one_minus_r_squared);
  return StudentTTwoSidedP(t, df);
}

// Sidak: the chance that the smallest of `tests` independent p-values is at most p.
double SidakAdjust(double p, int tests) {
  if (p >= 1) return 1;
  return std::clamp(-std::expm1(tests * std::log1p(-p)), 0.0, 1.0);
}

// Granger F-test at lag k on the (differenced) series: lagging_t on an intercept and its
// own k previous values (restricted) against the same plus the leading series' k
// previous values (full). nullopt when the full model keeps fewer than 5 residual
// degrees of freedom or a design is degenerate.
std::optional<double> GrangerPValue(const std::vector<double>& leading, const std::vector<double>& lagging,
                                    int k) {
  constexpr int kMinResidualDf = 5;
  const auto lags = static_cast<std::size_t>(k);
  const int observations = static_cast<int>(lagging.size()) - k;
  const int residual_df = observations - 2 * k - 1;
  if (residual_df < kMinResidualDf) return std::nullopt;
  std::vector<std::vector<double>> restricted;
  std::vector<std::vector<double>> full;
  std::vector<double> response;
  for (std::size_t t = lags; t < lagging.size(); ++t) {
    std::vector<double> row{1.0};
    for (std::size_t i = 1; i <= lags; ++i) row.push_back(lagging[t - i]);
    restricted.push_back(row);
    for (std::size_t i = 1; i <= lags; ++i) row.push_back(leading[t - i]);
    full.push_back(std::move(row));
    response.push_back(lagging[t]);
  }
  const auto restricted_fit = FitLeastSquares(restricted, response);
  const auto full_fit = FitLeastSquares(full, response);
  if (!restricted_fit || !full_fit) return std::nullopt;
  const double rss_restricted = restricted_fit->residual_sum_of_squares;
  const double rss_full = full_fit->residual_sum_of_squares;
  if (!(rss_restricted > 0)) return 1.0;  // its own past predicts it exactly: nothing left to explain
  if (!(rss_full > 0)) return 0.0;        // the leading KPI explains the rest exactly
  const double improvement = std::max(0.0, rss_restricted - rss_full);  // round-off can make it negative
  const double f = (improvement / k) / (rss_full / residual_df);
  return FUpperTail(f, k, residual_df);
}

}  // namespace

Result<LeadLagResult> AnalyzeLeadLag(const std::vector<double>& leading, const std::vector<double>& lagging,
                                     int max_lag, double alpha) {
  if (leading.size() != lagging.size()) {
    return Status::InvalidArgument(
        fmt::format("lead-lag needs both KPIs on the same periods; the leading KPI has {} values and the "
                    "lagging KPI {}",
                    leading.size(), lagging.size()));
  }
  const int periods = static_cast<int>(leading.size());
  if (periods < kMinLeadLagPeriods) {
    return Status::InvalidArgument(
        fmt::format("lead-lag needs at least {} complete periods of both KPIs; there are {}",
                    kMinLeadLagPeriods, periods));
  }
  if (max_lag < 1) {
    return Status::InvalidArgument(
        fmt::format("lead-lag needs a max lag of at least 1 period to look for a lead; it is {}", max_lag));
  }
  // Every lag needs kMinLeadLagPairs pairs, counted as if differencing took a period
  // (it may not) so that the limit depends on the number of periods alone.
  const int pairs_at_max_lag = periods - 1 - max_lag;
  if (pairs_at_max_lag < kMinLeadLagPairs) {
    return Status::InvalidArgument(fmt::format(
        "max lag {} is too large for {} periods: lag {} leaves {} pairs of periods (keeping one period "
        "for removing a trend) and a correlation needs at least {}; use a max lag of at most {}",
        max_lag, periods, max_lag, std::max(0, pairs_at_max_lag), kMinLeadLagPairs,
        periods - 1 - kMinLeadLagPairs));
  }
  if (!(alpha > 0 && alpha < 1)) {
    return Status::InvalidArgument(
        fmt::format("lead-lag needs a significance level alpha between 0 and 1; it is {}", alpha));
  }
  RETURN_IF_ERROR(CheckFinite(leading, "leading"));
  RETURN_IF_ERROR(CheckFinite(lagging, "lagging"));
  for (const auto& [values, which] : {std::pair{&leading, "leading"}, std::pair{&lagging, "lagging"}}) {
    if (DoesNotVary(*values, LargestMagnitude(*values))) {
      return Status::InvalidArgument(
          fmt::format("the {} KPI is {} in all {} periods; a constant series has no movement to correlate",
                      which, values->front(), periods));
    }
  }

  // 1. Difference when either trends: a shared trend becomes a constant, which no
  // correlation sees. Both or neither, so that the two stay on the same footing.
  const bool differenced = HasLinearTrend(leading) || HasLinearTrend(lagging);
  const std::vector<double> leading_changes = differenced ? FirstDifferences(leading) : leading;
  const std::vector<double> lagging_changes = differenced ? FirstDifferences(lagging) : lagging;
  for (const auto& [changes, values, which] : {std::tuple{&leading_changes, &leading, "leading"},
                                               std::tuple{&lagging_changes, &lagging, "lagging"}}) {
    if (differenced && DoesNotVary(*changes, LargestMagnitude(*values))) {
      return Status::InvalidArgument(fmt::format(
          "the {} KPI changes by the same amount ({:.6g}) every period, a straight line; once the "
          "trend is removed there is no movement to correlate",
          which, changes->front()));
    }
  }

  // 2. Prewhiten both with the leading series' AR filter. The order is capped so that
  // the largest lag still keeps kMinLeadLagPairs pairs (never negative: see the check
  // on max_lag above).
  const std::vector<double> leading_centered = Demeaned(leading_changes);
  const std::vector<double> lagging_centered = Demeaned(lagging_changes);
  const int usable_periods = static_cast<int>(leading_centered.size());
  const int max_order = std::min(
      {kMaxArOrder, usable_periods / kPeriodsPerArCoefficient, usable_periods - max_lag - kMinLeadLagPairs});
  const int ar_order = ChooseArOrder(leading_centered, max_order);
  const auto ar_fit = FitAutoregression(leading_centered, ar_order, ar_order);
  if (!ar_fit) return Status::Internal("lead-lag: the chosen AR model could not be refitted");
  const std::vector<double> leading_white = ApplyArFilter(leading_centered, ar_fit->coefficients);
  const std::vector<double> lagging_white = ApplyArFilter(lagging_centered, ar_fit->coefficients);
  for (const auto& [white, centered, which] : {std::tuple{&leading_white, &leading_centered, "leading"},
                                               std::tuple{&lagging_white, &lagging_centered, "lagging"}}) {
    // A filtered series with (next to) no variation left follows the leading KPI's
    // recurrence exactly (a pure sine does), so there is no irregular movement to match.
    if (SumOfSquares(Demeaned(*white)) <= 1e-20 * SumOfSquares(*centered)) {
      return Status::InvalidArgument(
          fmt::format("the {} KPI moves in an exactly repeating pattern (each period a fixed combination "
                      "of the previous few); there is no irregular movement left to correlate",
                      which));
    }
  }

  // 3. Cross-correlations, each lag over its own overlap.
  LeadLagResult result;
  result.differences = differenced ? 1 : 0;
  result.ar_order = ar_order;
  const int white_periods = static_cast<int>(leading_white.size());
  double best_magnitude = -1;
  for (int lag = 0; lag <= max_lag; ++lag) {
    const double r = CorrelationAtLag(leading_white, lagging_white, lag);
    result.lags.push_back({lag, r});
    if (std::fabs(r) > best_magnitude) {  // ties go to the shorter lag
      best_magnitude = std::fabs(r);
      result.best_lag = lag;
      result.correlation = r;
    }
  }

  // 4. Significance at the best lag, paying for the max_lag + 1 lags searched.
  result.n = white_periods - result.best_lag;
  result.p_value = SidakAdjust(CorrelationPValue(result.correlation, result.n), max_lag + 1);
  result.significant = result.p_value < alpha;
  result.leads = result.significant && result.best_lag >= 1;

  // 5. Granger, on the (differenced) series rather than the prewhitened ones: its
  // restricted model already accounts for the lagging KPI's own autocorrelation.
  if (result.best_lag >= 1) {
    result.granger_p_value = GrangerPValue(leading_changes, lagging_changes, result.best_lag);
  }
  return result;
}

}  // namespace northstar::analysis
