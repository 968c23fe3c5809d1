// Rules about goals: SMART enough to steer by, and not drowned in KPIs.
#include <map>
#include <set>

#include "check/rules.h"

namespace northstar::check {

namespace {

using catalog::Level;

// SPEC §6: more KPIs than this per owner at a level is too many to steer by. A unit
// sits between team and company; it gets the company's allowance.
int MaxKpis(Level level) {
  switch (level) {
    case Level::kIndividual: return 3;
    case Level::kTeam: return 7;
    case Level::kUnit: return 12;
    case Level::kCompany: return 12;
  }
  return 12;
}

}  // namespace

void CheckGoals(const catalog::Catalog& c, Diagnostics& diags) {
  // Goals with a KPI, directly or through a goal below them.
  std::set<std::string> measured;
  for (const auto& m : c.measures) {
    if (!m.is_kpi || m.goal.empty()) continue;
    // Walk up the parents; the bound stops on cycles (reported elsewhere).
    const catalog::GoalDef* g = c.FindGoal(m.goal);
    for (size_t steps = 0; g && steps <= c.goals.size() && measured.insert(g->id).second; ++steps) {
      g = g->parent.empty() ? nullptr : c.FindGoal(g->parent);
    }
  }
  for (const auto& g : c.goals) {
    if (g.deadline.empty()) {
      diags.Warning("not-smart", g.where,
                    "goal '" + g.id + "' has no deadline, so it is not time-bound (SMART)",
                    "add `deadline: YYYY-MM-DD`");
    }
    if (!g.id.empty() && !measured.count(g.id)) {
      diags.Warning("not-smart", g.where,
                    "goal '" + g.id +
                        "' has no KPI, neither its own nor through a goal below it, so it is not "
                        "measurable (SMART)",
                    "add a KPI with `goal: " + g.id + "`, or attach a sub-goal that has one");
    }
  }

  // too-many-kpis: per level and owner, in catalog order.
  std::map<std::pair<Level, std::string>, std::vector<const catalog::MeasureDef*>> groups;
  for (const auto& m : c.measures) {
    if (!m.is_kpi || m.owner.empty()) continue;
    const catalog::GoalDef* goal = c.FindGoal(m.goal);
    Level level;
    if (m.level == "company") {
      level = Level::kCompany;
    } else if (m.level == "unit") {
      level = Level::kUnit;
    } else if (m.level == "team") {
      level = Level::kTeam;
    } else if (m.level == "individual") {
      level = Level::kIndividual;
    } else if (goal) {
      level = goal->level;
    } else {
      continue;
    }
    groups[{level, m.owner}].push_back(&m);
  }
  for (const auto& [key, kpis] : groups) {
    const int max = MaxKpis(key.first);
    if (static_cast<int>(kpis.size()) <= max) continue;
    const catalog::MeasureDef& first_over = *kpis[max];
    diags.Warning("too-many-kpis", first_over.where,
                  "'" + key.second + "' owns " + std::to_string(kpis.size()) + " KPIs at " +
                      catalog::LevelName(key.first) + " level; more than " + std::to_string(max) +
                      " cannot all be steered by (this is number " + std::to_string(max + 1) + ")",
                  "keep the few that decide the goal; move the rest to `metrics:` (as drivers) or to "
                  "another owner");
  }
}

}  // namespace northstar::check
