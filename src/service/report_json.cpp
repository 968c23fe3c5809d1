#include "service/report_json.h"

#include "engine/output.h"
#include "judge/target.h"

namespace northstar::service {
namespace {

nlohmann::json Nullable(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json CardJson(const KpiCard& c) {
  nlohmann::json k = {{"kpi", c.kpi}, {"name", c.name}, {"owner", c.owner}};
  if (c.latest) {
    const auto& j = c.latest->judged;
    k["grain"] = catalog::GrainName(c.grain);
    k["period"] = c.latest->label;
    k["value"] = Nullable(c.latest->input.value);
    k["target"] = j.target ? judge::FormatTarget(*j.target) : "";
    k["status"] = judge::KpiStatusName(j.status);
    if (j.limits)
      k["limits"] = {{"lower", j.limits->lower}, {"center", j.limits->center}, {"upper", j.limits->upper}};
    k["signals"] = c.latest->SignalIds();
    if (j.chronic_miss) k["chronic_miss"] = true;
    if (c.filling) {
      const auto& f = *c.filling;
      k["in_progress"] = {{"period", f.label},
                          {"value", Nullable(f.input.value)},
                          {"elapsed", f.input.elapsed},
                          {"pace", Nullable(f.judged.pace)}};
    }
  } else {
    k["status"] = "no_data";
  }
  nlohmann::json trend = nlohmann::json::array();
  for (const auto& v : c.trend) trend.push_back(Nullable(v));
  k["trend"] = trend;
  k["last_signal"] = {{"period", c.last_signal_period}, {"signals", c.last_signal}};
  k["open_actions"] = c.open_actions;
  return k;
}

}  // namespace

std::string ComputeJson(const ComputeReport& report) {
  return engine::FormatJson(report.values);
}

nlohmann::json ScorecardJson(const ScorecardReport& card) {
  nlohmann::json out = nlohmann::json::array();
  for (const GoalCards& g : card.goals) {
    nlohmann::json jg = {{"goal", g.goal},
                         {"statement", g.def ? g.def->statement : ""},
                         {"owner", g.def ? g.def->owner : ""},
                         {"deadline", g.def ? g.def->deadline : ""}};
    nlohmann::json jk = nlohmann::json::array();
    for (const KpiCard& c : g.kpis) jk.push_back(CardJson(c));
    jg["kpis"] = jk;
    out.push_back(jg);
  }
  return out;
}

}  // namespace northstar::service
