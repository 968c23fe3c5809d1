#include "judge/guards.h"

namespace northstar::judge {
namespace {

std::vector<Signal> WithEffect(const std::vector<Signal>& signals, Effect effect) {
  std::vector<Signal> out;
  for (const Signal& s : signals) {
    if (s.effect == effect) out.push_back(s);
  }
  return out;
}

std::string DescribeSignals(const std::vector<Signal>& signals) {
  std::string out;
  for (const Signal& s : signals) {
    if (!out.empty()) out += ", ";
    out += std::string(SignalRuleId(s.rule)) + " " + SideName(s.side);
  }
  return out;
}

}  // namespace

std::vector<GamingRisk> FindGamingRisks(std::string_view kpi, std::span<const JudgedPoint> kpi_points,
                                        std::string_view guard, std::span<const JudgedPoint> guard_points) {
  std::vector<GamingRisk> out;
  size_t g = 0;
  for (const JudgedPoint& k : kpi_points) {
    while (g < guard_points.size() && guard_points[g].period < k.period) ++g;
    if (g == guard_points.size()) break;
    if (guard_points[g].period != k.period || k.low_volume) continue;
    std::vector<Signal> improved = WithEffect(k.signals, Effect::kFavourable);
    if (improved.empty()) continue;
    std::vector<Signal> worsened = WithEffect(guard_points[g].signals, Effect::kUnfavourable);
    if (worsened.empty()) continue;
    out.push_back({k.period, std::string(kpi), std::string(guard), std::move(improved), std::move(worsened)});
  }
  return out;
}

std::string DescribeGamingRisk(const GamingRisk& risk) {
  return risk.kpi + " improved (" + DescribeSignals(risk.kpi_signals) + ") while " + risk.guard +
         " worsened (" + DescribeSignals(risk.guard_signals) + ")";
}

}  // namespace northstar::judge
