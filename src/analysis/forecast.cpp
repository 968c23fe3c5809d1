// The two forecast models and the hold-out choice between them (see forecast.h).
//
// Both models are fitted on standardised values (y − centre) / half-range and their
// results mapped back. The fits are affine-equivariant, so this changes nothing but
// rounding, and it keeps squares and sums of values near the limits of a double from
// overflowing.
//
// Holt, in the error-correction form of ETS(A,A,N):
//   forecast  ŷ_t = ℓ_{t−1} + b_{t−1},  error e_t = y_t − ŷ_t,
//   ℓ_t = ℓ_{t−1} + b_{t−1} + α·e_t,   b_t = b_{t−1} + β·e_t,
// which is the textbook Holt recursion with trend smoothing β* = β/α; hence β <= α.
// Start: ℓ_1 = y_1, b_1 = the mean step over the first (up to) four periods (a start
// that needs no extra fit), so the n − 2 one-step errors are those of periods 2..n−1.
// α and β are chosen on the grid 0.05, 0.10, …, 0.95 with β <= min(α, 0.3), minimising the sum
// of squared one-step errors (SSE). The error variance is σ² = SSE / (n − 4): n − 2
// errors, less the two smoothing parameters. The h-step variance is
//   σ²·[1 + (h − 1)·(α² + αβh + β²h(2h − 1)/6)]   (FPP §8.7, ETS(A,A,N)),
// and the interval uses the Student t quantile with n − 4 degrees of freedom, like the
// linear model's t with n − 2, so neither is overconfident on short series.
#include "analysis/forecast.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/stats.h"

namespace northstar::analysis {

namespace {
// Holt is chosen only when its hold-out score is at most this share of linear's.
constexpr double kHoltMustBeat = 0.9;
}  // namespace
namespace {

constexpr double kUpperQuantile = 0.9;       // the upper end of the central 80 % interval
constexpr double kZ90 = 1.2815515655446004;  // standard normal quantile at 0.9
constexpr double kGridStep = 0.05;
constexpr int kGridPoints = 19;  // 0.05 .. 0.95
// β at most 0.3: a trend that follows every wiggle is no trend, and its forecast
// variance grows with h³, so intervals at a deadline months away become useless.
constexpr int kMaxBetaPoints = 6;
constexpr size_t kStartTrendSteps = 4;

constexpr std::string_view kLinear = "linear";
constexpr std::string_view kHolt = "holt";

// A forecast on the standardised scale: the point and the 80 % half-width.
struct PointForecast {
  double mean = 0;
  double half_width = 0;
};

// ------------------------------------------------------------------ linear ----

struct LinearFit {
  int n = 0;
  double intercept = 0;  // at t = 0
  double slope = 0;
  double x_mean = 0;
  double sxx = 0;  // Σ (t − x̄)²
  double s = 0;    // residual standard error, √(RSS / (n − 2))
};

// OLS of y on t = 0..n−1; n >= 3 (callers guarantee kMinForecastPeriods).
LinearFit FitLinear(std::span<const double> y) {
  LinearFit fit;
  fit.n = static_cast<int>(y.size());
  const double n = fit.n;
  fit.x_mean = (n - 1) / 2;
  double y_mean = 0;
  for (const double v : y) y_mean += v;
  y_mean /= n;
  double sxy = 0;
  for (int t = 0; t < fit.n; ++t) {
    const double dx = t - fit.x_mean;
    fit.sxx += dx * dx;
    sxy += dx * (y[t] - y_mean);
  }
  fit.slope = sxy / fit.sxx;
  fit.intercept = y_mean - fit.slope * fit.x_mean;
  double rss = 0;
  for (int t = 0; t < fit.n; ++t) {
    const double r = y[t] - (fit.intercept + fit.slope * t);
    rss += r * r;
  }
  fit.s = std::sqrt(rss / (n - 2));
  return fit;
}

// The value `h` periods after the last fitted one.
double LinearPoint(const LinearFit& fit, double h) {
  return fit.intercept + fit.slope * (fit.n - 1 + h);
}

PointForecast LinearForecast(const LinearFit& fit, double h) {
  const double x0 = fit.n - 1 + h;
  const double dx = x0 - fit.x_mean;
  const double se = fit.s * std::sqrt(1 + 1.0 / fit.n + dx * dx / fit.sxx);
  return {LinearPoint(fit, h), StudentTQuantile(kUpperQuantile, fit.n - 2) * se};
}

// -------------------------------------------------------------------- holt ----

struct HoltFit {
  int n = 0;
  double alpha = 0;
  double beta = 0;
  double level = 0;  // ℓ_{n−1}
  double trend = 0;  // b_{n−1}
  double sse = 0;    // one-step squared errors of periods 2..n−1
};

// Runs the recursion for fixed α, β; n >= 2.
HoltFit RunHolt(std::span<const double> y, double alpha, double beta) {
  HoltFit fit;
  fit.n = static_cast<int>(y.size());
  fit.alpha = alpha;
  fit.beta = beta;
  fit.level = y[1];
  // The starting trend is the mean step over the first few periods: one step alone is
  // mostly noise, and a noisy start pushes the fit towards a large β to correct it.
  const size_t start = std::min<size_t>(y.size() - 1, kStartTrendSteps);
  fit.trend = (y[start] - y[0]) / static_cast<double>(start);
  for (size_t t = 2; t < y.size(); ++t) {
    const double error = y[t] - (fit.level + fit.trend);
    fit.level += fit.trend + alpha * error;
    fit.trend += beta * error;
    fit.sse += error * error;
  }
  return fit;
}

// The grid search of the file comment; the first of equal SSEs (smallest α, β) wins.
HoltFit FitHolt(std::span<const double> y) {
  HoltFit best = RunHolt(y, kGridStep, kGridStep);
  for (int a = 1; a <= kGridPoints; ++a) {
    for (int b = 1; b <= std::min(a, kMaxBetaPoints); ++b) {
      HoltFit fit = RunHolt(y, a * kGridStep, b * kGridStep);
      if (fit.sse < best.sse) best = fit;
    }
  }
  return best;
}

double HoltPoint(const HoltFit& fit, double h) {
  return fit.level + h * fit.trend;
}

PointForecast HoltForecast(const HoltFit& fit, double h) {
  const double a = fit.alpha;
  const double b = fit.beta;
  const double sigma2 = fit.sse / (fit.n - 4);
  const double factor = 1 + (h - 1) * (a * a + a * b * h + b * b * h * (2 * h - 1) / 6);
  return {HoltPoint(fit, h), StudentTQuantile(kUpperQuantile, fit.n - 4) * std::sqrt(sigma2 * factor)};
}

// --------------------------------------------------------------- choosing ----

// Fits `model` on all of `y` and forecasts `horizon` periods ahead.
PointForecast FitAndForecast(std::string_view model, std::span<const double> y, int horizon) {
  if (model == kHolt) return HoltForecast(FitHolt(y), horizon);
  return LinearForecast(FitLinear(y), horizon);
}

// Forecasts 1..`steps` periods after the end of `y`.
std::vector<PointForecast> Path(std::string_view model, std::span<const double> y, int steps) {
  std::vector<PointForecast> path;
  path.reserve(steps);
  if (model == kHolt) {
    const HoltFit fit = FitHolt(y);
    for (int k = 1; k <= steps; ++k) path.push_back(HoltForecast(fit, k));
  } else {
    const LinearFit fit = FitLinear(y);
    for (int k = 1; k <= steps; ++k) path.push_back(LinearForecast(fit, k));
  }
  return path;
}

// The continuous ranked probability score of the normal N(mean, sd²) for the outcome
// `y` (Gneiting & Raftery 2007, eq. 21): the mean absolute error of a point forecast,
// generalised to a distribution. It rewards a forecast for being both close and no
// wider than its errors need; with sd 0 it is |y − mean|.
double NormalCrps(double mean, double sd, double y) {
  if (!(sd > 0)) return std::abs(y - mean);
  const double z = (y - mean) / sd;
  const double pdf = std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
  return sd * (z * (2 * NormalCdf(z) - 1) + 2 * pdf - 1 / std::sqrt(std::numbers::pi));
}

// `model` fitted on all but the last `held_out` values and forecasting those: the mean
// absolute error of its points and the mean CRPS of its distributions (normal, with
// the spread of its 80 % interval, as the chance of being on target reads them).
ForecastModelFit Holdout(std::string_view model, std::span<const double> y, int held_out) {
  const auto train = y.first(y.size() - held_out);
  const std::vector<PointForecast> path = Path(model, train, held_out);
  ForecastModelFit fit;
  fit.model = model;
  for (int k = 0; k < held_out; ++k) {
    const double actual = y[train.size() + k];
    fit.holdout_mae += std::abs(actual - path[k].mean);
    fit.holdout_crps += NormalCrps(path[k].mean, path[k].half_width / kZ90, actual);
  }
  fit.holdout_mae /= held_out;
  fit.holdout_crps /= held_out;
  return fit;
}

// ------------------------------------------------------------- validation ----

// Maps values to (v − centre) / scale, so the fits see numbers in [−1, 1].
struct Scaling {
  double centre = 0;
  double scale = 1;
};

Result<Scaling> CheckValues(const std::vector<double>& values, int horizon) {
  const int n = static_cast<int>(values.size());
  if (horizon < 1) {
    return Status::InvalidArgument(
        fmt::format("a forecast needs the deadline after the last complete period (a horizon of at least "
                    "1 period); the horizon is {}",
                    horizon));
  }
  if (n < kMinForecastPeriods) {
    return Status::InvalidArgument(
        fmt::format("a forecast needs at least {} complete periods; there are {}", kMinForecastPeriods, n));
  }
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(values[i])) {
      return Status::InvalidArgument(
          fmt::format("a forecast needs a number on every period; period {} of {} is {}", i + 1, n,
                      std::isnan(values[i]) ? "not a number" : "infinite"));
    }
  }
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  // Halves first so that the range of values near the limits of a double does not overflow.
  const double half_range = *max_it / 2 - *min_it / 2;
  if (half_range <= 0) {
    return Status::InvalidArgument(fmt::format(
        "the values are constant ({:g} on all {} periods): there is no variation to forecast from, "
        "so no interval can be given",
        values.front(), n));
  }
  return Scaling{*min_it / 2 + *max_it / 2, half_range};
}

Status CheckTarget(const std::optional<ForecastTarget>& target) {
  if (!target) return Status::Ok();
  if (target->goal == Goal::kWithin) {
    if (!std::isfinite(target->low) || !std::isfinite(target->high)) {
      return Status::InvalidArgument("the target range needs finite numbers at both ends");
    }
    if (target->low > target->high) {
      return Status::InvalidArgument(
          fmt::format("the target range is empty: its low end {:g} is above its high end {:g}", target->low,
                      target->high));
    }
  } else if (!std::isfinite(target->value)) {
    return Status::InvalidArgument("the target value needs to be a finite number");
  }
  return Status::Ok();
}

// P(Y meets `target`) for Y normal with mean `mean` and sd `sd`. With sd 0 (a series
// fitted exactly) the answer is certain: 1 when the mean meets the target, else 0.
double ProbabilityOnTarget(const ForecastTarget& target, double mean, double sd) {
  double p = 0;
  if (!(sd > 0)) {
    switch (target.goal) {
      case Goal::kAtLeast: p = mean >= target.value ? 1 : 0; break;
      case Goal::kAtMost: p = mean <= target.value ? 1 : 0; break;
      case Goal::kWithin: p = mean >= target.low && mean <= target.high ? 1 : 0; break;
    }
    return p;
  }
  switch (target.goal) {
    case Goal::kAtLeast: p = NormalCdf((mean - target.value) / sd); break;
    case Goal::kAtMost: p = NormalCdf((target.value - mean) / sd); break;
    case Goal::kWithin: p = NormalCdf((target.high - mean) / sd) - NormalCdf((target.low - mean) / sd); break;
  }
  return std::clamp(p, 0.0, 1.0);
}

// Maps the chosen model's forecast back to the KPI's scale and adds the target's chance.
Result<Forecast> Finish(Forecast forecast, const PointForecast& point, const Scaling& scaling,
                        const std::optional<ForecastTarget>& target) {
  forecast.projected = scaling.centre + scaling.scale * point.mean;
  forecast.low80 = scaling.centre + scaling.scale * (point.mean - point.half_width);
  forecast.high80 = scaling.centre + scaling.scale * (point.mean + point.half_width);
  for (ForecastModelFit& fit : forecast.candidates) {
    fit.holdout_mae *= scaling.scale;
    fit.holdout_crps *= scaling.scale;
  }
  // The sd of the normal whose central 80 % is exactly the reported interval.
  const double sd = (forecast.high80 - forecast.low80) / (2 * kZ90);
  if (!std::isfinite(forecast.projected) || !std::isfinite(forecast.low80) ||
      !std::isfinite(forecast.high80) || !std::isfinite(sd)) {
    return Status::InvalidArgument(fmt::format(
        "the forecast {} periods ahead runs beyond the range of numbers; the values or the horizon "
        "are too large to forecast",
        forecast.horizon));
  }
  if (target) forecast.probability_on_target = ProbabilityOnTarget(*target, forecast.projected, sd);
  return forecast;
}

std::vector<double> Standardise(const std::vector<double>& values, const Scaling& scaling) {
  std::vector<double> y;
  y.reserve(values.size());
  for (const double v : values) y.push_back((v - scaling.centre) / scaling.scale);
  return y;
}

}  // namespace

Result<Forecast> ForecastToDeadline(const std::vector<double>& values, int horizon,
                                    const std::optional<ForecastTarget>& target) {
  ASSIGN_OR_RETURN(const Scaling scaling, CheckValues(values, horizon));
  RETURN_IF_ERROR(CheckTarget(target));
  const std::vector<double> y = Standardise(values, scaling);
  const int n = static_cast<int>(y.size());

  Forecast forecast;
  forecast.model = kLinear;
  forecast.periods_used = n;
  forecast.horizon = horizon;
  // Both models must be fittable on what remains after the hold-out; Holt needs more.
  const int held_out = std::max(2, n / 5);
  if (n - held_out >= std::max(kMinForecastPeriods, kMinHoltPeriods)) {
    forecast.candidates = {Holdout(kLinear, y, held_out), Holdout(kHolt, y, held_out)};
    forecast.held_out = held_out;
    // Scored by CRPS, not by the points alone: a Holt fit whose points are a little
    // better but whose interval is far wider than its errors is not the better
    // forecast. Holt must be clearly better; a near tie keeps the simpler linear model.
    if (forecast.candidates[1].holdout_crps < kHoltMustBeat * forecast.candidates[0].holdout_crps)
      forecast.model = kHolt;
  }
  const PointForecast point = FitAndForecast(forecast.model, y, horizon);
  return Finish(std::move(forecast), point, scaling, target);
}

Result<Forecast> ForecastWithModel(const std::vector<double>& values, int horizon,
                                   const std::optional<ForecastTarget>& target, std::string_view model) {
  if (model != kLinear && model != kHolt) {
    return Status::InvalidArgument(
        fmt::format("there is no forecast model \"{}\"; the models are \"linear\" and \"holt\"", model));
  }
  ASSIGN_OR_RETURN(const Scaling scaling, CheckValues(values, horizon));
  RETURN_IF_ERROR(CheckTarget(target));
  const int n = static_cast<int>(values.size());
  if (model == kHolt && n < kMinHoltPeriods) {
    return Status::InvalidArgument(
        fmt::format("the holt model needs at least {} complete periods; there are {}", kMinHoltPeriods, n));
  }
  const std::vector<double> y = Standardise(values, scaling);
  Forecast forecast;
  forecast.model = model;
  forecast.periods_used = n;
  forecast.horizon = horizon;
  const PointForecast point = FitAndForecast(model, y, horizon);
  return Finish(std::move(forecast), point, scaling, target);
}

}  // namespace northstar::analysis
