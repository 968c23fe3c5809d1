#include "analysis/stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace northstar::analysis {
namespace {

// Beyond this many degrees of freedom Student's t is the normal to within ~1e-7, and
// the continued fraction would need thousands of terms.
constexpr double kNormalLimitDf = 1e7;

// Continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz). It
// converges quickly for x < (a + 1) / (a + b + 2); the caller uses the symmetry
// I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
double BetaContinuedFraction(double a, double b, double x) {
  constexpr int kMaxIterations = 10000;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;  // keeps Lentz's divisions away from zero
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    // Even step.
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return h;
}

// P(T >= t) for t >= 0.
double StudentTUpperTail(double t, double df) {
  return StudentTTwoSidedP(t, df) / 2;
}

}  // namespace

double RegularizedIncompleteBeta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || std::isnan(x)) return 0;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // x^a (1-x)^b / (a B(a, b)), in logs so large a and b do not overflow.
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  double result = 0;
  if (x < (a + 1) / (a + b + 2)) {
    result = front * BetaContinuedFraction(a, b, x) / a;
  } else {
    result = 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
  }
  return std::clamp(result, 0.0, 1.0);
}

double StudentTTwoSidedP(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return 1;
  if (std::isinf(t)) return 0;
  if (df > kNormalLimitDf) return std::erfc(std::fabs(t) / std::sqrt(2.0));
  // P(|T| >= t) = I_{df / (df + t^2)}(df / 2, 1 / 2).
  const double x = df / (df + t * t);
  return RegularizedIncompleteBeta(df / 2, 0.5, x);
}

double StudentTCdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return 0.5;
  const double tail = StudentTTwoSidedP(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}

double StudentTQuantile(double p, double df) {
  if (std::isnan(p) || !(df > 0)) return 0;
  constexpr double kSmallestTail = 1e-12;
  p = std::clamp(p, kSmallestTail, 1 - kSmallestTail);
  if (p == 0.5) return 0;
  // Symmetry: solve for the upper tail, where the root is positive.
  const double upper_tail = p > 0.5 ? 1 - p : p;
  const double sign = p > 0.5 ? 1.0 : -1.0;
  // Bracket the root by doubling (the tail falls monotonically), then bisect; about a
  // hundred tail evaluations in the worst case (df near 0 and p at the clamp).
  double lo = 0;
  double hi = 1;
  while (StudentTUpperTail(hi, df) > upper_tail && hi < std::numeric_limits<double>::max() / 4) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (StudentTUpperTail(mid, df) > upper_tail) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return sign * (lo + (hi - lo) / 2);
}

double FUpperTail(double f, double df1, double df2) {
  if (!(df1 > 0) || !(df2 > 0) || std::isnan(f) || f <= 0) return 1;
  if (std::isinf(f)) return 0;
  // P(F >= f) = I_{df2 / (df2 + df1 f)}(df2 / 2, df1 / 2).
  const double x = df2 / (df2 + df1 * f);
  return RegularizedIncompleteBeta(df2 / 2, df1 / 2, x);
}

double NormalCdf(double z) {
  if (std::isnan(z)) return 0.5;
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double Mean(std::span<const double> values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::optional<double> PearsonCorrelation(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) return std::nullopt;
  const double mean_x = Mean(x);
  const double mean_y = Mean(y);
  double sxy = 0;
  double sxx = 0;
  double syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mean_x;
    const double dy = y[i] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0) || !std::isfinite(sxx * syy)) return std::nullopt;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::optional<LeastSquaresFit> FitLeastSquares(const std::vector<std::vector<double>>& design,
                                               const std::vector<double>& response) {
  const std::size_t rows = design.size();
  if (rows == 0 || response.size() != rows) return std::nullopt;
  const std::size_t cols = design[0].size();
  if (cols == 0 || rows < cols) return std::nullopt;

  // Column-major working copy: Householder reflections act on whole columns.
  std::vector<std::vector<double>> a(cols, std::vector<double>(rows));
  std::vector<double> column_norm(cols, 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    if (design[i].size() != cols || !std::isfinite(response[i])) return std::nullopt;
    for (std::size_t j = 0; j < cols; ++j) {
      if (!std::isfinite(design[i][j])) return std::nullopt;
      a[j][i] = design[i][j];
    }
  }
  for (std::size_t j = 0; j < cols; ++j) {
    double sum = 0;
    for (double v : a[j]) sum += v * v;
    column_norm[j] = std::sqrt(sum);
  }
  std::vector<double> qty = response;  // becomes Q^T y

  for (std::size_t j = 0; j < cols; ++j) {
    double norm_sq = 0;
    for (std::size_t i = j; i < rows; ++i) norm_sq += a[j][i] * a[j][i];
    const double norm = std::sqrt(norm_sq);
    // What is left of the column after projecting out the earlier ones: (next to)
    // nothing means the column is a combination of them and the fit is not unique.
    if (!(column_norm[j] > 0) || norm <= 1e-10 * column_norm[j]) return std::nullopt;
    const double alpha = a[j][j] > 0 ? -norm : norm;
    std::vector<double> v(a[j].begin() + static_cast<std::ptrdiff_t>(j), a[j].end());
    v[0] -= alpha;
    double v_norm_sq = 0;
    for (double e : v) v_norm_sq += e * e;
    auto reflect = [&](std::vector<double>& target) {
      double dot = 0;
      for (std::size_t i = j; i < rows; ++i) dot += v[i - j] * target[i];
      const double scale = 2 * dot / v_norm_sq;
      for (std::size_t i = j; i < rows; ++i) target[i] -= scale * v[i - j];
    };
    for (std::size_t k = j + 1; k < cols; ++k) reflect(a[k]);
    reflect(qty);
    a[j][j] = alpha;  // R's diagonal; the entries below it are no longer needed
  }

  // Back substitution: R b = (Q^T y)[0..cols).
  LeastSquaresFit fit;
  fit.coefficients.assign(cols, 0.0);
  for (std::size_t jj = cols; jj-- > 0;) {
    double sum = qty[jj];
    for (std::size_t k = jj + 1; k < cols; ++k) sum -= a[k][jj] * fit.coefficients[k];
    fit.coefficients[jj] = sum / a[jj][jj];
  }
  // Residuals from the original data rather than the tail of Q^T y: no reliance on the
  // reflections' round-off.
  for (std::size_t i = 0; i < rows; ++i) {
    double predicted = 0;
    for (std::size_t j = 0; j < cols; ++j) predicted += design[i][j] * fit.coefficients[j];
    const double residual = response[i] - predicted;
    fit.residual_sum_of_squares += residual * residual;
  }
  if (!std::isfinite(fit.residual_sum_of_squares)) return std::nullopt;
  for (double c : fit.coefficients) {
    if (!std::isfinite(c)) return std::nullopt;
  }
  return fit;
}

}  // namespace northstar::analysis
