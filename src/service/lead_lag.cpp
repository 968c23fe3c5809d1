#include "service/lead_lag.h"

#include <algorithm>
#include <map>
#include <set>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "service/workspace.h"

namespace northstar::service {
namespace {

// period -> value of the complete periods that have one (in_progress and partly
// observed periods would bias both ends of a correlation).
std::map<int32_t, std::pair<std::string, double>> CompleteValues(const actions::AssessedSeries& s) {
  std::map<int32_t, std::pair<std::string, double>> out;
  for (const actions::AssessedPoint& p : s.points) {
    if (p.input.in_progress || p.input.partial || !p.input.value) continue;
    out[p.judged.period] = {p.label, *p.input.value};
  }
  return out;
}

}  // namespace

std::vector<const catalog::MeasureDef*> LaggingKpisDrivenBy(const catalog::Catalog& c,
                                                            const catalog::MeasureDef& leading) {
  std::vector<const catalog::MeasureDef*> out;
  for (const catalog::MeasureDef& m : c.measures) {
    if (m.is_kpi && m.type.timing == "lagging" &&
        std::find(m.drivers.begin(), m.drivers.end(), leading.id) != m.drivers.end())
      out.push_back(&m);
  }
  if (!out.empty()) return out;
  // Its goal, the goals above it and the goals below it: one line of the goal tree.
  std::set<std::string> goals;
  for (const catalog::GoalDef* g = c.FindGoal(leading.goal); g && goals.insert(g->id).second;)
    g = g->parent.empty() ? nullptr : c.FindGoal(g->parent);
  std::set<std::string> below{leading.goal};
  for (bool grew = !leading.goal.empty(); grew;) {
    grew = false;
    for (const catalog::GoalDef& g : c.goals) {
      if (below.count(g.parent) && below.insert(g.id).second) grew = true;
    }
  }
  goals.insert(below.begin(), below.end());
  for (const catalog::MeasureDef& m : c.measures) {
    if (m.is_kpi && m.type.timing == "lagging" && goals.count(m.goal)) out.push_back(&m);
  }
  return out;
}

Result<LeadLagReport> Workspace::LeadLag(const LeadLagRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string* id : {&request.leading, &request.lagging}) {
    if (!catalog_.FindMeasure(*id))
      return Status::NotFound("no KPI or metric '" + *id + "' in the catalog")
          .WithHint("`northstar explain --list` names them");
  }
  if (request.leading == request.lagging)
    return Status::InvalidArgument("a KPI cannot lead itself: name two different KPIs");
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  return LeadLagOver(*assessment, catalog_, request);
}

Result<LeadLagReport> LeadLagOver(actions::Assessment& assessment, const catalog::Catalog& catalog,
                                  const LeadLagRequest& request) {
  const catalog::MeasureDef& a = *catalog.FindMeasure(request.leading);
  const catalog::MeasureDef& b = *catalog.FindMeasure(request.lagging);
  LeadLagReport report;
  report.leading = a.id;
  report.lagging = b.id;
  report.grain =
      request.grain ? *request.grain : std::max(assessment.DefaultGrain(a), assessment.DefaultGrain(b));
  std::vector<std::map<int32_t, std::pair<std::string, double>>> values;
  for (const catalog::MeasureDef* m : {&a, &b}) {
    ASSIGN_OR_RETURN(const actions::AssessedSeries* series, assessment.Series(m->id, report.grain, "*"));
    if (!series || series->all) {
      return Status::InvalidArgument("'" + m->id + "' has no values by " + catalog::GrainName(report.grain) +
                                     (series ? " (its source has no time column)" : ""))
          .WithHint("run `northstar compute`, or choose another --grain");
    }
    values.push_back(CompleteValues(*series));
  }
  // The latest unbroken run of periods where both have a complete value: the test
  // pairs period t of one with t + k of the other, so the periods must be evenly spaced.
  std::vector<double> leading, lagging;
  int32_t expect = 0;
  for (auto it = values[0].rbegin(); it != values[0].rend(); ++it) {
    auto other = values[1].find(it->first);
    if (other == values[1].end() || (!leading.empty() && it->first != expect)) {
      if (!leading.empty()) break;
      continue;
    }
    if (leading.empty()) report.last_period = it->second.first;
    report.first_period = it->second.first;
    leading.push_back(it->second.second);
    lagging.push_back(other->second.second);
    expect = it->first - 1;
  }
  std::reverse(leading.begin(), leading.end());
  std::reverse(lagging.begin(), lagging.end());
  report.periods = static_cast<int>(leading.size());
  report.max_lag = request.max_lag ? *request.max_lag : std::clamp(report.periods / 5, 1, 6);
  auto result = analysis::AnalyzeLeadLag(leading, lagging, report.max_lag);
  if (!result.ok()) {
    return Status(result.status().code(), "'" + a.id + "' and '" + b.id + "' by " +
                                              catalog::GrainName(report.grain) + ": " +
                                              result.status().message())
        .WithHint("a finer --grain gives more periods; a smaller --max-lag needs fewer");
  }
  report.result = std::move(result).value();
  return report;
}

}  // namespace northstar::service
