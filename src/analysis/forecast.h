// Forecasting a KPI to its deadline: where will the value be on the deadline's period,
// how sure are we, and how likely is it to be on target?
//
// Two models are fitted to the complete periods (oldest first):
//  - "linear": ordinary least squares of value on the period index, with the classical
//    prediction interval for a new observation (Student t, n − 2 degrees of freedom);
//  - "holt": additive-trend exponential smoothing, ETS(A,A,N), with α and β picked on a
//    grid by one-step-ahead squared error and the ETS forecast variance of Hyndman &
//    Athanasopoulos, "Forecasting: Principles and Practice", §8.7 (details in forecast.cpp).
// The model is chosen on held-out data: the last max(2, n / 5) periods are held out,
// both models are fitted on the rest and forecast them, each forecast read as a normal
// distribution with the spread of its 80 % interval. The lower mean CRPS (continuous
// ranked probability score: the absolute error, generalised to a distribution, so an
// interval far wider than the errors costs too) wins when it is at least 10 % lower
// (otherwise linear, the simpler one); the winner is then refitted on all periods.
// With too few periods for that comparison the linear model is used.
//
// The chance of being on target treats the value at the deadline as normal with the
// forecast as mean and the spread that gives exactly the 80 % interval, so the interval's
// ends are the 10 % and 90 % points of the same distribution.
//
// Nothing here throws or returns NaN or infinity: input that cannot be forecast gives an
// InvalidArgument status saying what is missing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace northstar::analysis {

// Fewest complete periods any forecast is made from.
inline constexpr int kMinForecastPeriods = 6;
// Fewest periods the Holt model is fitted on: two start it, the rest choose α and β.
inline constexpr int kMinHoltPeriods = 8;

enum class Goal { kAtLeast, kAtMost, kWithin };  // what "on target" means at the deadline

struct ForecastTarget {
  Goal goal = Goal::kAtLeast;
  double value = 0;          // kAtLeast / kAtMost
  double low = 0, high = 0;  // kWithin, both ends inclusive
};

struct ForecastModelFit {
  std::string model;        // "linear" or "holt"
  double holdout_mae = 0;   // mean absolute error of its points on the held-out periods
  double holdout_crps = 0;  // mean CRPS of its distributions there: what the choice uses
};

struct Forecast {
  // The chosen model: "linear" (OLS trend) or "holt" (additive-trend exponential smoothing).
  std::string model;
  int periods_used = 0;          // complete periods fitted
  int horizon = 0;               // periods from the last complete one to the deadline's period
  double projected = 0;          // point forecast at the deadline
  double low80 = 0, high80 = 0;  // 80 % prediction interval
  // P(value at deadline meets the target), 0..1; nullopt without a target.
  std::optional<double> probability_on_target;
  // Both models' hold-out errors, linear first (empty when only one could be fitted).
  std::vector<ForecastModelFit> candidates;
  int held_out = 0;  // periods held out to choose the model (0 when it was not chosen on held-out data)
};

// `values`: a KPI's values on consecutive complete periods, oldest first. `horizon` >= 1: how many
// periods after the last value the deadline falls. Fails with a clear message when there are
// fewer than kMinForecastPeriods values, when the series is constant (no variation to model: say
// so instead of a zero-width interval), when horizon < 1, or when any value is not finite.
Result<Forecast> ForecastToDeadline(const std::vector<double>& values, int horizon,
                                    const std::optional<ForecastTarget>& target);

// The same forecast with the model forced instead of chosen on held-out data: `model` is
// "linear" or "holt" (the latter needs kMinHoltPeriods values). `candidates` stays empty
// and `held_out` 0. For tests that need a known model, e.g. to check interval coverage.
Result<Forecast> ForecastWithModel(const std::vector<double>& values, int horizon,
                                   const std::optional<ForecastTarget>& target, std::string_view model);

}  // namespace northstar::analysis
