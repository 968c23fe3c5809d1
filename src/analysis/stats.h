// Small numeric helpers for the analyses: distribution tails, a quantile, means, a
// correlation and ordinary least squares.
//
// Written by hand so the module needs no numeric library. Every function returns a
// finite number for any input: outside a function's domain (a NaN, a non-positive
// degree of freedom) it returns the documented "no evidence" value instead of NaN,
// so a caller's slip cannot leak NaN into a report. The distribution functions are
// accurate to about 1e-10, far beyond what a p-value or an interval needs.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace northstar::analysis {

// I_x(a, b), the regularized incomplete beta function, by its continued fraction
// (modified Lentz). 0 for x <= 0, 1 for x >= 1; 0 when a or b is not positive or x is NaN.
double RegularizedIncompleteBeta(double a, double b, double x);

// P(|T| >= |t|) for Student's t with `df` degrees of freedom. 1 (no evidence) when df
// is not positive or t is NaN; 0 for infinite t.
double StudentTTwoSidedP(double t, double df);

// P(T <= t) for Student's t with `df` degrees of freedom (the normal when df is
// infinite). 0.5 when df is not positive or t is NaN.
double StudentTCdf(double t, double df);

// The t with StudentTCdf(t, df) == p. p is clamped to [1e-12, 1 - 1e-12] so the result
// stays finite; 0 when p or df is NaN or df is not positive.
double StudentTQuantile(double p, double df);

// P(F >= f) for the F distribution with (df1, df2) degrees of freedom. 1 (no
// evidence) for f <= 0, NaN f, or a non-positive degree of freedom; 0 for infinite f.
double FUpperTail(double f, double df1, double df2);

// P(Z <= z) for the standard normal. 0.5 for NaN.
double NormalCdf(double z);

// Arithmetic mean; 0 for no values.
double Mean(std::span<const double> values);

// Pearson correlation of x[i] with y[i], clamped to [-1, 1]. nullopt when the lengths
// differ, there are fewer than two pairs, or either side does not vary (the
// correlation is undefined then, not zero).
std::optional<double> PearsonCorrelation(std::span<const double> x, std::span<const double> y);

struct LeastSquaresFit {
  std::vector<double> coefficients;    // one per design column, in column order
  double residual_sum_of_squares = 0;  // sum of (response - design * coefficients)^2
};

// Ordinary least squares: the coefficients b minimising |response - design * b|^2, by
// Householder QR (better conditioned than the normal equations). `design[i]` is the
// row of observation i; add a column of ones for an intercept. nullopt when the rows
// differ in length, there are fewer rows than columns, there are no columns, a value
// is not finite, or the columns are linearly dependent (no unique fit).
std::optional<LeastSquaresFit> FitLeastSquares(const std::vector<std::vector<double>>& design,
                                               const std::vector<double>& response);

}  // namespace northstar::analysis
