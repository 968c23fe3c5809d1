#include "judge/signals.h"

#include <array>
#include <cmath>

namespace northstar::judge {
namespace {

// Copies the values of the `count` successive periods ending at series[index] into
// `out` (newest last); false when any of them is missing or null.
bool SuccessiveValues(std::span<const SeriesPoint> series, size_t index, int32_t count, double* out) {
  if (index + 1 < static_cast<size_t>(count)) return false;
  const size_t first = index + 1 - count;
  for (int32_t k = 0; k < count; ++k) {
    const SeriesPoint& p = series[first + k];
    // Periods strictly increase, so `count` points spanning `count` periods are consecutive.
    if (!p.value || p.period != series[index].period - (count - 1 - k)) return false;
    out[k] = *p.value;
  }
  return true;
}

}  // namespace

const char* SignalRuleId(SignalRule rule) {
  switch (rule) {
    case SignalRule::kBeyondLimits: return "beyond_limits";
    case SignalRule::kMrBeyondLimit: return "mr_beyond_limit";
    case SignalRule::kRunOf8: return "run_of_8";
    case SignalRule::kThreeOfFour: return "3_of_4";
  }
  return "?";
}

const char* SideName(Side side) {
  return side == Side::kAbove ? "above" : "below";
}

const char* EffectName(Effect effect) {
  switch (effect) {
    case Effect::kFavourable: return "favourable";
    case Effect::kUnfavourable: return "unfavourable";
    case Effect::kNeutral: return "neutral";
  }
  return "?";
}

bool RuleAlerts(SignalRule rule) {
  return rule != SignalRule::kMrBeyondLimit;
}

Effect EffectOf(Side side, catalog::Direction direction) {
  switch (direction) {
    case catalog::Direction::kHigherIsBetter:
      return side == Side::kAbove ? Effect::kFavourable : Effect::kUnfavourable;
    case catalog::Direction::kLowerIsBetter:
      return side == Side::kBelow ? Effect::kFavourable : Effect::kUnfavourable;
    case catalog::Direction::kUnspecified: return Effect::kNeutral;
  }
  return Effect::kNeutral;
}

bool IsLowVolume(const SeriesPoint& point, int64_t min_rows) {
  return point.rows.has_value() && *point.rows < min_rows;
}

std::vector<Signal> DetectSignals(std::span<const SeriesPoint> series, size_t index, const XmrLimits& limits,
                                  const SignalOptions& options) {
  std::vector<Signal> out;
  const SeriesPoint& point = series[index];
  if (!point.value) return out;
  const double x = *point.value;
  const bool low_volume = IsLowVolume(point, options.min_rows);
  auto fire = [&](SignalRule rule, Side side) {
    Signal s{rule, side, EffectOf(side, options.direction), false};
    s.alert =
        !low_volume && RuleAlerts(rule) && (s.effect != Effect::kFavourable || options.alert_on_favourable);
    out.push_back(s);
  };

  if (x > limits.upper)
    fire(SignalRule::kBeyondLimits, Side::kAbove);
  else if (x < limits.lower)
    fire(SignalRule::kBeyondLimits, Side::kBelow);

  std::array<double, kRunLength> v{};
  static_assert(kRunLength >= kThreeOfFourWindow);

  if (SuccessiveValues(series, index, 2, v.data())) {
    const double jump = v[1] - v[0];
    if (std::fabs(jump) > limits.mr_upper) {
      fire(SignalRule::kMrBeyondLimit, jump > 0 ? Side::kAbove : Side::kBelow);
    }
  }

  if (SuccessiveValues(series, index, kRunLength, v.data())) {
    int32_t above = 0, below = 0;
    for (int32_t k = 0; k < kRunLength; ++k) {
      above += v[k] > limits.center;
      below += v[k] < limits.center;
    }
    if (above == kRunLength)
      fire(SignalRule::kRunOf8, Side::kAbove);
    else if (below == kRunLength)
      fire(SignalRule::kRunOf8, Side::kBelow);
  }

  if (SuccessiveValues(series, index, kThreeOfFourWindow, v.data())) {
    const double hi = limits.center + kThreeOfFourSigmas * limits.sigma;
    const double lo = limits.center - kThreeOfFourSigmas * limits.sigma;
    int32_t above = 0, below = 0;
    for (int32_t k = 0; k < kThreeOfFourWindow; ++k) {
      above += v[k] > hi;
      below += v[k] < lo;
    }
    if (above >= kThreeOfFourNeeded && x > hi)
      fire(SignalRule::kThreeOfFour, Side::kAbove);
    else if (below >= kThreeOfFourNeeded && x < lo)
      fire(SignalRule::kThreeOfFour, Side::kBelow);
  }
  return out;
}

std::string JoinSignalIds(const std::vector<Signal>& signals) {
  std::string out;
  for (const Signal& s : signals) {
    if (!out.empty()) out += ';';
    out += SignalRuleId(s.rule);
  }
  return out;
}

}  // namespace northstar::judge
