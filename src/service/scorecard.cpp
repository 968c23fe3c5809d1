#include <algorithm>
#include <map>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "judge/target_score.h"
#include "service/goal_tree.h"
#include "service/kpi_forecast.h"
#include "service/objective_scores.h"
#include "service/workspace.h"

namespace northstar::service {
namespace {

using actions::AssessedPoint;
using actions::AssessedSeries;

int32_t PeriodsPerYear(catalog::Grain grain) {
  switch (grain) {
    case catalog::Grain::kDay: return 364;
    case catalog::Grain::kWeek: return 52;
    case catalog::Grain::kMonth: return 12;
    case catalog::Grain::kQuarter: return 4;
    case catalog::Grain::kYear: return 1;
  }
  return 1;
}

KpiCard MakeCard(const catalog::MeasureDef& kpi, const catalog::Catalog& catalog, const AssessedSeries* whole,
                 int trend_len, const std::vector<actions::ActionItem>& open) {
  KpiCard c;
  c.kpi = kpi.id;
  c.name = kpi.name;
  c.owner = kpi.owner;
  c.format = whole ? whole->format : actions::MeasureFormat(kpi, catalog);
  if (whole && !whole->points.empty()) {
    c.grain = whole->grain;
    const AssessedPoint* latest = whole->LatestComplete();
    if (!latest) latest = &whole->points.back();
    c.latest = *latest;
    const size_t at = static_cast<size_t>(latest - whole->points.data());
    if (at > 0) c.previous = whole->points[at - 1];
    const int32_t year_back = PeriodsPerYear(c.grain);
    for (size_t i = at; i-- > 0;) {
      if (whole->points[i].judged.period == latest->judged.period - year_back) c.year_ago = whole->points[i];
      if (whole->points[i].judged.period <= latest->judged.period - year_back) break;
    }
    if (&whole->points.back() != latest) c.filling = whole->points.back();
    const size_t first =
        whole->points.size() > static_cast<size_t>(trend_len) ? whole->points.size() - trend_len : 0;
    for (size_t i = first; i < whole->points.size(); ++i) c.trend.push_back(whole->points[i].input.value);
    for (size_t i = whole->points.size(); i-- > 0;) {
      std::string ids = whole->points[i].SignalIds();
      if (!ids.empty()) {
        c.last_signal_period = whole->points[i].label;
        c.last_signal = ids;
        break;
      }
    }
  }
  for (const actions::ActionItem& it : open) c.open_actions += it.kpi == kpi.id;
  c.weight = kpi.weight;
  if (c.latest && !c.latest->input.in_progress && c.latest->input.value && c.latest->judged.target)
    c.score = judge::TargetScore(*c.latest->judged.target, *c.latest->input.value);
  if (whole && !whole->points.empty()) AttachForecast(kpi, catalog.FindGoal(kpi.goal), *whole, c);
  return c;
}

// Rows of `kpi`: by period (chronological), then segment (`*` first).
void AddRows(actions::Assessment& assessment, const std::string& kpi, const AssessedSeries& whole,
             bool all_periods, std::vector<ScorecardRow>& rows) {
  std::vector<const AssessedSeries*> series;
  for (const std::string& segment : assessment.Segments(kpi, whole.grain)) {
    auto sr = assessment.Series(kpi, whole.grain, segment);
    if (sr.ok() && *sr) series.push_back(*sr);
  }
  std::vector<const AssessedPoint*> whole_points;
  if (all_periods) {
    for (const AssessedPoint& p : whole.points) whole_points.push_back(&p);
  } else {
    const AssessedPoint* latest = whole.LatestComplete();
    whole_points.push_back(latest ? latest : &whole.points.back());
  }
  for (const AssessedPoint* wp : whole_points) {
    for (const AssessedSeries* sr : series) {
      if (const AssessedPoint* p = sr->Find(wp->label)) rows.push_back({kpi, sr->segment, *p});
    }
  }
}

}  // namespace

Result<ScorecardReport> Workspace::Scorecard(const ScorecardRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  ASSIGN_OR_RETURN(auto assessment,
                   actions::Assessment::Build(session->catalog, *session->db,
                                              actions::AssessOptionsFor(session->alerts, request.grain)));
  return BuildScorecard(*session, *assessment, request);
}

Result<ScorecardReport> BuildScorecard(actions::Session& s, actions::Assessment& assessment_ref,
                                       const ScorecardRequest& request) {
  actions::Assessment* assessment = &assessment_ref;
  ASSIGN_OR_RETURN(auto open, s.log->Items(/*open_only=*/true));

  // Every KPI is scored, so a goal's score is the same whoever looks; the owner
  // filter then keeps what they see.
  std::vector<const catalog::MeasureDef*> kpis;
  for (const catalog::MeasureDef& m : s.catalog.measures) {
    if (m.is_kpi) kpis.push_back(&m);
  }
  auto visible = [&](const catalog::MeasureDef* m) {
    if (request.owner.empty() || m->owner == request.owner) return true;
    const catalog::GoalDef* goal = s.catalog.FindGoal(m->goal);
    return goal && goal->owner == request.owner;
  };

  ScorecardReport card;
  std::map<std::string, std::vector<KpiCard>> by_goal;
  for (const catalog::MeasureDef* kpi : kpis) {
    auto whole = assessment->Series(kpi->id, "*");
    if (!whole.ok()) {
      if (visible(kpi)) card.errors.push_back(whole.status());  // the other KPIs are still shown
      continue;
    }
    by_goal[kpi->goal].push_back(MakeCard(*kpi, s.catalog, *whole, request.trend, open));
  }
  card.goals = BuildGoalTree(s.catalog, std::move(by_goal));
  card.objectives = ScoreObjectives(s.catalog, *assessment);
  if (!request.owner.empty()) {
    KeepOwnersGoals(request.owner, card.goals);
    std::erase_if(kpis, [&](const catalog::MeasureDef* m) { return !visible(m); });
    std::erase_if(card.objectives, [&](const ObjectiveCard& o) { return o.def.owner != request.owner; });
  }

  if (!request.with_rows) return card;
  std::sort(kpis.begin(), kpis.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const catalog::MeasureDef* kpi : kpis) {
    auto whole = assessment->Series(kpi->id, "*");
    if (!whole.ok() || !*whole || (*whole)->points.empty()) continue;
    AddRows(*assessment, kpi->id, **whole, request.all_periods, card.rows);
  }
  return card;
}

}  // namespace northstar::service
