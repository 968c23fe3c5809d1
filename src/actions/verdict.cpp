#include "actions/verdict.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace northstar::actions {

const char* VerdictName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kWorked: return "worked";
    case VerdictKind::kNoEffect: return "no_effect";
    case VerdictKind::kInconclusive: return "inconclusive";
  }
  return "?";
}

int32_t VerdictWindow(int32_t opened_period, int32_t review_period) {
  return std::max(kVerdictMinWindow, review_period - opened_period);
}

Verdict JudgeAction(std::span<const judge::SeriesPoint> series, const VerdictInput& input) {
  Verdict v;
  for (const judge::SeriesPoint& p : series) {
    if (p.period <= input.opened_period || p.period > input.opened_period + input.window) continue;
    if (p.value) v.after.push_back({p.period, *p.value});
  }
  v.values = static_cast<int32_t>(v.after.size());
  if (input.direction == catalog::Direction::kUnspecified) {
    v.reason = input.subject + " has no direction, so no change can be called an improvement";
    return v;
  }
  if (!input.before || !input.opening_value) {
    v.reason = "no process limits or no value at the period that alerted";
    return v;
  }
  if (v.values < kVerdictMinValues) {
    v.reason = "only " + std::to_string(v.values) + " values after the action (need " +
               std::to_string(kVerdictMinValues) + ")";
    return v;
  }
  const bool higher = input.direction == catalog::Direction::kHigherIsBetter;
  const double sign = higher ? 1.0 : -1.0;
  const double sigma = input.before->sigma;
  const double unfavourable_limit = higher ? input.before->lower : input.before->upper;
  for (size_t i = 0; i < v.after.size(); ++i) {
    const double x = v.after[i].second;
    const double gain = sign * (x - *input.opening_value);
    const bool inside = higher ? x >= unfavourable_limit : x <= unfavourable_limit;
    const bool improved = inside && gain >= kVerdictMinSigmas * sigma && gain > 0;
    v.improved += improved;
    if (i + 1 == v.after.size()) v.last_improved = improved;
  }
  if (v.improved >= kVerdictMinImproved && v.last_improved) {
    v.kind = VerdictKind::kWorked;
    v.reason = std::to_string(v.improved) + " of " + std::to_string(v.values) +
               " periods after the action are back inside the old limits and at least 1 sigma better than "
               "the value that alerted, the last one included";
  } else if (v.improved <= 1) {
    v.kind = VerdictKind::kNoEffect;
    v.reason = "only " + std::to_string(v.improved) + " of " + std::to_string(v.values) +
               " periods after the action improved: " + input.subject + " stayed where it was";
  } else {
    v.reason = std::to_string(v.improved) + " of " + std::to_string(v.values) +
               " periods improved, not a sustained shift";
  }
  return v;
}

nlohmann::json VerdictToJson(const Verdict& v, const VerdictInput& input) {
  nlohmann::json j;
  j["verdict"] = VerdictName(v.kind);
  j["reason"] = v.reason;
  j["opened_period"] = input.opened_period;
  j["opening_value"] = input.opening_value ? nlohmann::json(*input.opening_value) : nlohmann::json(nullptr);
  if (input.before) {
    j["before"] = {{"lower", input.before->lower},
                   {"center", input.before->center},
                   {"upper", input.before->upper},
                   {"sigma", input.before->sigma}};
  }
  j["window"] = input.window;
  j["values"] = v.values;
  j["improved"] = v.improved;
  j["last_improved"] = v.last_improved;
  nlohmann::json after = nlohmann::json::array();
  for (const auto& [period, value] : v.after) after.push_back({{"period", period}, {"value", value}});
  j["after"] = after;
  return j;
}

}  // namespace northstar::actions
