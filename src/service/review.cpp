#include "service/review.h"

#include <fmt/format.h>

#include <map>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "service/workspace.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

std::string Percent(const std::optional<double>& score) {
  return score ? fmt::format("{:.0f} %", *score * 100) : "n/a";
}

// The review's goal, objective and forecast sections (SPEC §10), from the scorecard.
void AddProgressLines(const ScorecardReport& card, review::ReviewOptions& options) {
  std::map<std::string, const actions::MeasureFormat*> formats;
  for (const GoalCards& g : card.goals) {
    std::string indent;
    for (int d = 0; d < g.depth; ++d) indent += "› ";
    options.goals.push_back(review::ReviewLine()
                                .Text(indent)
                                .Bold(g.def ? g.def->statement : g.goal)
                                .Text(" — score " + Percent(g.score) +
                                      (g.def && !g.def->deadline.empty() ? ", by " + g.def->deadline : "")));
    for (const KpiCard& c : g.kpis) {
      formats[c.kpi] = &c.format;
      if (!c.forecast) continue;
      const analysis::Forecast& f = *c.forecast;
      std::string text = " by " + c.deadline_period + ": " + c.format.Value(f.projected) +
                         " (80 % interval " + c.format.Value(f.low80) + " to " + c.format.Value(f.high80) +
                         ", " + f.model + " trend)";
      if (f.probability_on_target) text += ", " + Percent(f.probability_on_target) + " chance on target";
      options.forecasts.push_back(review::ReviewLine().Bold(c.kpi).Text(text));
    }
  }
  for (const ObjectiveCard& o : card.objectives) {
    std::string krs;
    for (const KeyResultCard& k : o.key_results) {
      krs += (krs.empty() ? "" : "; ") + (k.def.description.empty() ? k.def.kpi : k.def.description) + " " +
             Percent(k.score);
    }
    options.objectives.push_back(
        review::ReviewLine()
            .Bold(o.def.statement.empty() ? o.def.id : o.def.statement)
            .Text(" — " + Percent(o.score) + " of " + Percent(o.expected) + " expected (" +
                  (o.def.kind == catalog::ObjectiveKind::kAspirational ? "aspirational" : "committed") + ")" +
                  (krs.empty() ? "" : ": " + krs)));
  }
}

}  // namespace

Result<review::ReviewDocument> Workspace::Review(const ReviewRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  review::ReviewOptions options;
  options.period = request.period;
  if (request.today) {
    options.today = *request.today;
  } else {
    ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(s.catalog.workspace.timezone));
    options.today = time::LocalDay(env_.clock->Now(), zone);
  }
  for (const catalog::MeasureDef& m : s.catalog.measures) {
    if (!m.is_kpi) continue;
    ASSIGN_OR_RETURN(auto versions, s.db->Versions(m.id));
    ASSIGN_OR_RETURN(auto restated, s.db->Restatements(m.id));
    for (auto& v : versions) options.history.versions.push_back(std::move(v));
    for (auto& r : restated) options.history.restatements.push_back(std::move(r));
  }
  ScorecardRequest scorecard;
  scorecard.grain = request.grain;
  ASSIGN_OR_RETURN(ScorecardReport card, BuildScorecard(s, *assessment, scorecard));
  AddProgressLines(card, options);
  return review::BuildReview(*assessment, *s.log, options);
}

}  // namespace northstar::service
