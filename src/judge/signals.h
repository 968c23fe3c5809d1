// Signals: points the process limits say are not noise (SPEC §5).
//
// Each rule is judged at one point of a series against that point's XmR limits (the
// limits of its baseline, see baseline.h); earlier points of a pattern are compared with
// the same limits. "Successive" means consecutive periods that all have a value: a
// missing period or a null breaks a run.
//   beyond_limits    the value is strictly above the upper or below the lower natural
//                    process limit (a value exactly on a limit is inside).
//   mr_beyond_limit  the moving range |x[p] - x[p-1]| is strictly above 3.268 mR̄;
//                    its side is the direction of the jump.
//   run_of_8         this point and the 7 before it are all strictly on one side of the
//                    center line (a value on the center line breaks the run).
//   3_of_4           of this point and the 3 before it, at least 3 are strictly beyond
//                    center ± 1.5 sigma on the same side, this point being one of them.
// A signal is favourable when it points the way the KPI's direction calls better
// (above for higher_is_better, below for lower_is_better), unfavourable the other way,
// and neutral without a direction. Alerts go out for unfavourable and neutral signals
// only, unless `alert_on_favourable` is set; a point whose row count is known and
// below `min_rows` keeps its signals but never alerts (tiny segments are too noisy).
// mr_beyond_limit never alerts on its own: SPEC §5 names three signals (beyond the
// limits, run of 8, 3 of 4) and "a change inside the limits is noise". A big jump to a
// value inside the limits is shown (status, explain) but says nothing; a jump that
// lands beyond the limits alerts through beyond_limits. On a quiet series of weekly
// values the moving-range rule alone fires on about 1 point in 80 per side.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "judge/series.h"
#include "judge/xmr.h"

namespace northstar::judge {

inline constexpr int32_t kRunLength = 8;
inline constexpr int32_t kThreeOfFourWindow = 4;
inline constexpr int32_t kThreeOfFourNeeded = 3;
inline constexpr double kThreeOfFourSigmas = 1.5;
inline constexpr int64_t kDefaultMinRows = 10;

enum class SignalRule { kBeyondLimits, kMrBeyondLimit, kRunOf8, kThreeOfFour };
// "beyond_limits", "mr_beyond_limit", "run_of_8", "3_of_4".
const char* SignalRuleId(SignalRule rule);

enum class Side { kAbove, kBelow };
enum class Effect { kFavourable, kUnfavourable, kNeutral };
const char* SideName(Side side);        // "above", "below"
const char* EffectName(Effect effect);  // "favourable", "unfavourable", "neutral"

struct Signal {
  SignalRule rule = SignalRule::kBeyondLimits;
  Side side = Side::kAbove;
  Effect effect = Effect::kNeutral;
  bool alert = false;  // whether this signal should raise an alert
};

struct SignalOptions {
  catalog::Direction direction = catalog::Direction::kUnspecified;
  bool alert_on_favourable = false;
  int64_t min_rows = kDefaultMinRows;  // 0 disables the volume rule
};

// Whether a signal of `rule` can raise an alert (every rule but mr_beyond_limit).
bool RuleAlerts(SignalRule rule);

// The effect of a signal on `side` for a KPI with `direction`.
Effect EffectOf(Side side, catalog::Direction direction);

// True when the point's row count is known and below `min_rows`.
bool IsLowVolume(const SeriesPoint& point, int64_t min_rows);

// The signals at series[index] against `limits`, in rule order (beyond_limits,
// mr_beyond_limit, run_of_8, 3_of_4). A null point has none. `series` must be
// validated (ordered by period).
std::vector<Signal> DetectSignals(std::span<const SeriesPoint> series, size_t index, const XmrLimits& limits,
                                  const SignalOptions& options);

// "beyond_limits;run_of_8" (empty when none), in the order given.
std::string JoinSignalIds(const std::vector<Signal>& signals);

}  // namespace northstar::judge
