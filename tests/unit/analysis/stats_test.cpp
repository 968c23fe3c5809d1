// Distribution tails and quantiles against published table values and closed forms;
// least squares and correlation against hand-computed answers.
#include "analysis/stats.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace northstar::analysis {
namespace {

constexpr double kTableTolerance = 1e-4;  // tables print 4-5 significant digits

TEST(StatsTest, StudentTTwoSidedPMatchesTables) {
  // t(0.975, 10) = 2.228: the two-sided 5 % point.
  EXPECT_NEAR(StudentTTwoSidedP(2.228, 10), 0.05, kTableTolerance);
  EXPECT_NEAR(StudentTTwoSidedP(-2.228, 10), 0.05, kTableTolerance);
  // t(0.995, 20) = 2.845: the two-sided 1 % point.
  EXPECT_NEAR(StudentTTwoSidedP(2.845, 20), 0.01, kTableTolerance);
  EXPECT_DOUBLE_EQ(StudentTTwoSidedP(0, 7), 1.0);
}

TEST(StatsTest, StudentTTwoSidedPMatchesClosedForms) {
  // One df is the Cauchy: P(|T| >= t) = 1 - 2 atan(t) / pi.
  for (double t : {0.1, 1.0, 3.0, 50.0}) {
    EXPECT_NEAR(StudentTTwoSidedP(t, 1), 1 - 2 * std::atan(t) / std::numbers::pi, 1e-12) << t;
  }
  // Two df: P(|T| >= t) = 1 - t / sqrt(2 + t^2).
  for (double t : {0.1, 1.0, 3.0, 50.0}) {
    EXPECT_NEAR(StudentTTwoSidedP(t, 2), 1 - t / std::sqrt(2 + t * t), 1e-12) << t;
  }
}

TEST(StatsTest, StudentTApproachesTheNormalForLargeDf) {
  EXPECT_NEAR(StudentTTwoSidedP(1.959964, 1e6), 0.05, 1e-5);
  EXPECT_NEAR(StudentTTwoSidedP(1.959964, 1e9), 0.05, 1e-6);
  EXPECT_NEAR(StudentTTwoSidedP(1.959964, std::numeric_limits<double>::infinity()), 0.05, 1e-6);
}

TEST(StatsTest, FUpperTailMatchesTables) {
  // F(0.95; 3, 20) = 3.098 and F(0.99; 2, 10) = 7.559.
  EXPECT_NEAR(FUpperTail(3.098, 3, 20), 0.05, kTableTolerance);
  EXPECT_NEAR(FUpperTail(7.559, 2, 10), 0.01, kTableTolerance);
  EXPECT_DOUBLE_EQ(FUpperTail(0, 3, 20), 1.0);
}

TEST(StatsTest, FWithOneNumeratorDfIsTheSquaredT) {
  for (double t : {0.5, 1.7, 4.0}) {
    EXPECT_NEAR(FUpperTail(t * t, 1, 12), StudentTTwoSidedP(t, 12), 1e-12) << t;
  }
}

TEST(StatsTest, StudentTQuantileMatchesTables) {
  EXPECT_NEAR(StudentTQuantile(0.9, 10), 1.3722, kTableTolerance);
  EXPECT_NEAR(StudentTQuantile(0.975, 10), 2.2281, kTableTolerance);
  EXPECT_NEAR(StudentTQuantile(0.995, 3), 5.8409, kTableTolerance);
  EXPECT_NEAR(StudentTQuantile(0.025, 10), -2.2281, kTableTolerance);
  EXPECT_DOUBLE_EQ(StudentTQuantile(0.5, 10), 0.0);
  // One df (Cauchy): the quantile is tan(pi (p - 1/2)).
  EXPECT_NEAR(StudentTQuantile(0.975, 1), std::tan(std::numbers::pi * 0.475), 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e9), 1.959964, 1e-5);
}

TEST(StatsTest, StudentTQuantileInvertsTheCdf) {
  for (double df : {1.0, 2.5, 10.0, 100.0}) {
    for (double p : {0.001, 0.2, 0.6, 0.95, 0.9999}) {
      EXPECT_NEAR(StudentTCdf(StudentTQuantile(p, df), df), p, 1e-10) << p << " " << df;
    }
  }
}

TEST(StatsTest, NormalCdfMatchesTables) {
  EXPECT_NEAR(NormalCdf(1.959964), 0.975, kTableTolerance);
  EXPECT_NEAR(NormalCdf(-1.644854), 0.05, kTableTolerance);
  EXPECT_DOUBLE_EQ(NormalCdf(0), 0.5);
}

TEST(StatsTest, IncompleteBetaMatchesClosedForms) {
  // I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b.
  for (double x : {0.05, 0.3, 0.7, 0.99}) {
    EXPECT_NEAR(RegularizedIncompleteBeta(3, 1, x), std::pow(x, 3), 1e-13) << x;
    EXPECT_NEAR(RegularizedIncompleteBeta(1, 4, x), 1 - std::pow(1 - x, 4), 1e-13) << x;
  }
  EXPECT_DOUBLE_EQ(RegularizedIncompleteBeta(2, 3, 0), 0.0);
  EXPECT_DOUBLE_EQ(RegularizedIncompleteBeta(2, 3, 1), 1.0);
}

TEST(StatsTest, OutOfDomainInputsGiveFiniteNoEvidenceValues) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(StudentTTwoSidedP(nan, 10), 1.0);
  EXPECT_EQ(StudentTTwoSidedP(2, 0), 1.0);
  EXPECT_EQ(StudentTTwoSidedP(inf, 10), 0.0);
  EXPECT_EQ(FUpperTail(nan, 2, 10), 1.0);
  EXPECT_EQ(FUpperTail(3, -1, 10), 1.0);
  EXPECT_EQ(FUpperTail(inf, 2, 10), 0.0);
  EXPECT_EQ(StudentTQuantile(nan, 10), 0.0);
  EXPECT_EQ(StudentTQuantile(0.9, 0), 0.0);
  EXPECT_TRUE(std::isfinite(StudentTQuantile(1.0, 1)));
  EXPECT_TRUE(std::isfinite(StudentTQuantile(0.0, 1)));
  EXPECT_EQ(NormalCdf(nan), 0.5);
  EXPECT_EQ(RegularizedIncompleteBeta(nan, 1, 0.5), 0.0);
}

TEST(StatsTest, MeanAndPearsonCorrelation) {
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> y{2, 4, 5, 4, 5};
  EXPECT_DOUBLE_EQ(Mean(x), 3.0);
  EXPECT_DOUBLE_EQ(Mean(std::vector<double>{}), 0.0);
  // By hand: sxy = 6, sxx = 10, syy = 6.
  auto r = PearsonCorrelation(x, y);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(*r, 6 / std::sqrt(60.0), 1e-12);
  EXPECT_FALSE(PearsonCorrelation(x, std::vector<double>{7, 7, 7, 7, 7}).has_value());
  EXPECT_FALSE(PearsonCorrelation(x, std::vector<double>{1, 2}).has_value());
}

TEST(StatsTest, LeastSquaresRecoversAnExactLinearRelation) {
  // y = 2 + 3 x1 - 0.5 x2, with x1 and x2 not collinear.
  std::vector<std::vector<double>> design;
  std::vector<double> response;
  for (int i = 0; i < 10; ++i) {
    const double x1 = i;
    const double x2 = (i * i) % 7;
    design.push_back({1.0, x1, x2});
    response.push_back(2 + 3 * x1 - 0.5 * x2);
  }
  auto fit = FitLeastSquares(design, response);
  ASSERT_TRUE(fit.has_value());
  ASSERT_EQ(fit->coefficients.size(), 3u);
  EXPECT_NEAR(fit->coefficients[0], 2.0, 1e-10);
  EXPECT_NEAR(fit->coefficients[1], 3.0, 1e-10);
  EXPECT_NEAR(fit->coefficients[2], -0.5, 1e-10);
  EXPECT_NEAR(fit->residual_sum_of_squares, 0.0, 1e-18);
}

TEST(StatsTest, LeastSquaresMatchesTheSimpleRegressionFormula) {
  // Slope = sxy / sxx and intercept = mean(y) - slope mean(x); RSS = syy - sxy^2 / sxx.
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> y{2, 4, 5, 4, 5};
  std::vector<std::vector<double>> design;
  design.reserve(x.size());
  for (double v : x) design.push_back({1.0, v});
  auto fit = FitLeastSquares(design, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->coefficients[1], 0.6, 1e-12);
  EXPECT_NEAR(fit->coefficients[0], 4 - 0.6 * 3, 1e-12);
  EXPECT_NEAR(fit->residual_sum_of_squares, 6 - 36.0 / 10, 1e-12);
}

TEST(StatsTest, LeastSquaresRefusesDependentColumnsAndBadShapes) {
  std::vector<std::vector<double>> dependent;
  std::vector<double> response;
  for (int i = 0; i < 6; ++i) {
    dependent.push_back({1.0, static_cast<double>(i), 2.0 * i + 1});  // third = 2 x + intercept
    response.push_back(i);
  }
  EXPECT_FALSE(FitLeastSquares(dependent, response).has_value());
  EXPECT_FALSE(FitLeastSquares({{1.0, 2.0}}, {1.0}).has_value());              // fewer rows than columns
  EXPECT_FALSE(FitLeastSquares({{1.0}, {1.0, 2.0}}, {1.0, 2.0}).has_value());  // ragged rows
  EXPECT_FALSE(FitLeastSquares({}, {}).has_value());
}

}  // namespace
}  // namespace northstar::analysis
