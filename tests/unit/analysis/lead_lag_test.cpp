// The lead-lag test on planted effects with known answers, and on the trap it exists to
// avoid: two trending, autocorrelated KPIs with no relation beyond the trend.
#include "analysis/lead_lag.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/stats.h"

namespace northstar::analysis {
namespace {

// Standard normal draws by Box-Muller on mt19937_64, whose output the standard fixes:
// the same numbers on every platform, unlike std::normal_distribution.
class Gaussian {
 public:
  explicit Gaussian(std::uint64_t seed) : engine_(seed) {}
  double Next() {
    const double radius = std::sqrt(-2 * std::log(Uniform()));
    return radius * std::cos(2 * std::numbers::pi * Uniform());
  }

 private:
  // In (0, 1): never 0, so the log above is finite.
  double Uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }
  std::mt19937_64 engine_;
};

// AR(1) noise u_t = phi u_{t-1} + e_t, after a burn-in so it starts in its steady state.
std::vector<double> Ar1Noise(Gaussian& gaussian, int length, double phi) {
  double u = 0;
  for (int i = 0; i < 100; ++i) u = phi * u + gaussian.Next();
  std::vector<double> noise;
  for (int i = 0; i < length; ++i) {
    u = phi * u + gaussian.Next();
    noise.push_back(u);
  }
  return noise;
}

struct KpiPair {
  std::vector<double> leading;
  std::vector<double> lagging;
};

constexpr double kTrendPerPeriod = 0.5;
constexpr int kHistory = 10;  // noise drawn before period 0 so lagging can echo it

// leading_t = trend + u_t (u AR(1), phi 0.5); lagging_t = trend + coupling u_{t-lag} +
// 0.3 e_t. coupling < 0 plants an inverse relation, lag 0 a coincident one.
KpiPair PlantedLead(int periods, int lag, double coupling, std::uint64_t seed,
                    double trend_per_period = kTrendPerPeriod) {
  Gaussian gaussian(seed);
  const std::vector<double> u = Ar1Noise(gaussian, periods + kHistory, 0.5);
  KpiPair pair;
  for (int t = 0; t < periods; ++t) {
    const double trend = 10 + trend_per_period * t;
    pair.leading.push_back(trend + u[kHistory + t]);
    pair.lagging.push_back(trend + coupling * u[kHistory + t - lag] + 0.3 * gaussian.Next());
  }
  return pair;
}

// The decoy: both follow the same trend, each with its own autocorrelated noise and no
// other link.
KpiPair SharedTrendOnly(int periods, std::uint64_t seed) {
  Gaussian gaussian(seed);
  const std::vector<double> u = Ar1Noise(gaussian, periods, 0.5);
  const std::vector<double> v = Ar1Noise(gaussian, periods, 0.8);
  KpiPair pair;
  for (int t = 0; t < periods; ++t) {
    const double trend = 10 + kTrendPerPeriod * t;
    pair.leading.push_back(trend + u[t]);
    pair.lagging.push_back(trend + v[t]);
  }
  return pair;
}

class PlantedLeadTest : public ::testing::TestWithParam<int> {};

TEST_P(PlantedLeadTest, FindsTheLagUnderASharedTrend) {
  const int lag = GetParam();
  const KpiPair pair = PlantedLead(80, lag, 0.8, 1000 + lag);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 8);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->best_lag, lag);
  EXPECT_GT(result->correlation, 0.5);
  EXPECT_TRUE(result->significant);
  EXPECT_TRUE(result->leads);
  EXPECT_LT(result->p_value, 0.01);
  EXPECT_EQ(result->differences, 1);
  EXPECT_GE(result->ar_order, 0);
  EXPECT_LE(result->ar_order, 4);
  // 79 differenced periods, minus the AR order, minus the lag.
  EXPECT_EQ(result->n, 79 - result->ar_order - lag);
  ASSERT_EQ(result->lags.size(), 9u);
  for (int k = 0; k <= 8; ++k) {
    EXPECT_EQ(result->lags[k].lag, k);
    EXPECT_LE(std::fabs(result->lags[k].correlation), std::fabs(result->correlation));
  }
  EXPECT_DOUBLE_EQ(result->lags[lag].correlation, result->correlation);
}

INSTANTIATE_TEST_SUITE_P(Lags, PlantedLeadTest, ::testing::Values(1, 3, 5));

// The series minus its least-squares line: a fitted slope of zero, by construction.
std::vector<double> WithoutLinearTrend(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  const double mean_t = (n - 1) / 2;
  const double mean_y = Mean(values);
  double sty = 0;
  double stt = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    sty += (static_cast<double>(t) - mean_t) * (values[t] - mean_y);
    stt += (static_cast<double>(t) - mean_t) * (static_cast<double>(t) - mean_t);
  }
  const double slope = sty / stt;
  std::vector<double> detrended;
  for (std::size_t t = 0; t < values.size(); ++t) {
    detrended.push_back(values[t] - slope * (static_cast<double>(t) - mean_t));
  }
  return detrended;
}

TEST(LeadLagTest, TrendlessSeriesAreNotDifferenced) {
  // Differencing a trendless series would only add a pattern the AR filter cannot remove.
  const KpiPair pair = PlantedLead(60, 2, 0.8, 47, /*trend_per_period=*/0);
  auto result = AnalyzeLeadLag(WithoutLinearTrend(pair.leading), WithoutLinearTrend(pair.lagging), 6);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->differences, 0);
  EXPECT_EQ(result->best_lag, 2);
  EXPECT_TRUE(result->leads);
  EXPECT_EQ(result->n, 60 - result->ar_order - 2);
  ASSERT_TRUE(result->granger_p_value.has_value());
  EXPECT_LT(*result->granger_p_value, 0.001);
}

TEST(LeadLagTest, SharedTrendAloneIsNotALead) {
  const KpiPair pair = SharedTrendOnly(80, 7);
  // The trap is real: the raw series look almost identical.
  auto raw = PearsonCorrelation(pair.leading, pair.lagging);
  ASSERT_TRUE(raw.has_value());
  EXPECT_GT(*raw, 0.9);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 6);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->differences, 1);
  EXPECT_FALSE(result->significant) << "lag " << result->best_lag << " r " << result->correlation;
  EXPECT_FALSE(result->leads);
}

TEST(LeadLagTest, SharedTrendFalsePositiveRateStaysNearAlpha) {
  // A method that ignored the trend would flag nearly every one of these; at alpha 0.05
  // about 2.5 of 50 are expected by chance, so 5 leaves room without hiding a defect.
  constexpr int kSeeds = 50;
  int flagged = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const KpiPair pair = SharedTrendOnly(80, 5000 + seed);
    auto raw = PearsonCorrelation(pair.leading, pair.lagging);
    ASSERT_TRUE(raw.has_value());
    ASSERT_GT(*raw, 0.9) << seed;
    auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 6);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    if (result->significant) ++flagged;
  }
  EXPECT_LE(flagged, kSeeds / 10) << flagged << " of " << kSeeds << " flagged";
}

TEST(LeadLagTest, InverseLeadHasANegativeCorrelation) {
  const KpiPair pair = PlantedLead(80, 2, -0.8, 42);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 6);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->best_lag, 2);
  EXPECT_LT(result->correlation, -0.5);
  EXPECT_TRUE(result->significant);
  EXPECT_TRUE(result->leads);
}

TEST(LeadLagTest, CoincidentMovementIsSignificantButDoesNotLead) {
  const KpiPair pair = PlantedLead(80, 0, 0.8, 43);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 6);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->best_lag, 0);
  EXPECT_GT(result->correlation, 0.5);
  EXPECT_TRUE(result->significant);
  EXPECT_FALSE(result->leads);
  EXPECT_FALSE(result->granger_p_value.has_value());  // only asked of a lead
}

TEST(LeadLagTest, GrangerAgreesWithAPlantedLead) {
  const KpiPair pair = PlantedLead(80, 3, 0.8, 44);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 6);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->best_lag, 3);
  ASSERT_TRUE(result->granger_p_value.has_value());
  EXPECT_LT(*result->granger_p_value, 0.001);
}

TEST(LeadLagTest, GrangerIsSkippedWithTooFewPeriods) {
  // 14 periods: 13 changes, 10 usable at lag 3, 7 parameters in the full model, 3
  // residual degrees of freedom (fewer than 5).
  const KpiPair pair = PlantedLead(14, 3, 1.0, 45);
  auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 4);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->best_lag, 3);
  EXPECT_FALSE(result->granger_p_value.has_value());
}

TEST(LeadLagTest, UnrelatedNoiseIsNotSignificant) {
  Gaussian gaussian(46);
  std::vector<double> a;
  std::vector<double> b;
  for (int t = 0; t < 60; ++t) {
    a.push_back(gaussian.Next());
    b.push_back(gaussian.Next());
  }
  auto result = AnalyzeLeadLag(a, b, 5);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->significant);
  EXPECT_GE(result->p_value, 0.05);
  EXPECT_LE(result->p_value, 1.0);
}

// The message must name the number the user has to change.
void ExpectInvalid(const Result<LeadLagResult>& result, const std::string& needle) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(needle), std::string::npos) << result.status().message();
}

TEST(LeadLagTest, RejectsUnequalLengths) {
  const KpiPair pair = PlantedLead(30, 1, 0.8, 1);
  std::vector<double> shorter = pair.lagging;
  shorter.resize(29);
  ExpectInvalid(AnalyzeLeadLag(pair.leading, shorter, 3), "29");
}

TEST(LeadLagTest, RejectsTooFewPeriods) {
  const KpiPair pair = PlantedLead(7, 1, 0.8, 2);
  const auto result = AnalyzeLeadLag(pair.leading, pair.lagging, 1);
  ExpectInvalid(result, "7");
  ExpectInvalid(result, "12");
}

TEST(LeadLagTest, RejectsAConstantSeries) {
  const KpiPair pair = PlantedLead(30, 1, 0.8, 3);
  const std::vector<double> flat(30, 42.0);
  ExpectInvalid(AnalyzeLeadLag(flat, pair.lagging, 3), "42");
  ExpectInvalid(AnalyzeLeadLag(pair.leading, flat, 3), "lagging");
}

TEST(LeadLagTest, RejectsAStraightLine) {
  // Constant once differenced: 0.1 steps are not exact in binary, the check must cope.
  const KpiPair pair = PlantedLead(30, 1, 0.8, 4);
  std::vector<double> line(30);
  for (int t = 0; t < 30; ++t) line[t] = 5 + 0.1 * t;
  ExpectInvalid(AnalyzeLeadLag(line, pair.lagging, 3), "straight line");
}

TEST(LeadLagTest, RejectsAnExactlyRepeatingPattern) {
  // A pure sine is an exact AR(2) recurrence: nothing is left once it is prewhitened.
  const KpiPair pair = PlantedLead(40, 1, 0.8, 8);
  std::vector<double> wave(40);
  for (int t = 0; t < 40; ++t) wave[t] = 50 + 10 * std::sin(0.7 * t);
  ExpectInvalid(AnalyzeLeadLag(wave, pair.lagging, 4), "repeating");
}

TEST(LeadLagTest, RejectsAMaxLagBelowOne) {
  const KpiPair pair = PlantedLead(30, 1, 0.8, 5);
  ExpectInvalid(AnalyzeLeadLag(pair.leading, pair.lagging, 0), "is 0");
}

TEST(LeadLagTest, RejectsAMaxLagThatLeavesTooFewPairs) {
  // 20 periods: 19 changes; a lag needs 8 pairs, so 11 is the largest max lag.
  const KpiPair pair = PlantedLead(20, 1, 0.8, 6);
  ExpectInvalid(AnalyzeLeadLag(pair.leading, pair.lagging, 15), "at most 11");
  EXPECT_TRUE(AnalyzeLeadLag(pair.leading, pair.lagging, 11).ok());
}

TEST(LeadLagTest, RejectsMissingValuesAndABadAlpha) {
  KpiPair pair = PlantedLead(30, 1, 0.8, 7);
  ExpectInvalid(AnalyzeLeadLag(pair.leading, pair.lagging, 3, 1.5), "1.5");
  pair.lagging[4] = std::nan("");
  ExpectInvalid(AnalyzeLeadLag(pair.leading, pair.lagging, 3), "period 5");
}

}  // namespace
}  // namespace northstar::analysis
