#include "service/goal_tree.h"

#include <algorithm>
#include <functional>
#include <set>

namespace northstar::service {
namespace {

// The weighted mean of the parts that have a score; nullopt when none has.
std::optional<double> WeightedMean(const std::vector<std::pair<std::optional<double>, double>>& parts) {
  double sum = 0, weights = 0;
  for (const auto& [score, weight] : parts) {
    if (!score) continue;
    sum += *score * weight;
    weights += weight;
  }
  if (weights <= 0) return std::nullopt;
  return sum / weights;
}

}  // namespace

std::vector<GoalCards> BuildGoalTree(const catalog::Catalog& catalog,
                                     std::map<std::string, std::vector<KpiCard>> by_goal) {
  std::map<std::string, std::vector<const catalog::GoalDef*>> children;
  std::vector<const catalog::GoalDef*> roots;
  for (const catalog::GoalDef& g : catalog.goals) {
    if (!g.parent.empty() && g.parent != g.id && catalog.FindGoal(g.parent)) {
      children[g.parent].push_back(&g);
    } else {
      roots.push_back(&g);
    }
  }
  std::vector<GoalCards> out;
  std::set<std::string> placed;
  // Depth-first; returns the goal's score. `placed` stops a parent cycle (a lint error
  // that must not hang the scorecard): a goal is listed once.
  std::function<std::optional<double>(const catalog::GoalDef&, const std::string&, int)> place =
      [&](const catalog::GoalDef& g, const std::string& parent, int depth) -> std::optional<double> {
    if (!placed.insert(g.id).second) return std::nullopt;
    const size_t at = out.size();
    GoalCards node;
    node.goal = g.id;
    node.def = g;
    node.parent = parent;
    node.depth = depth;
    auto it = by_goal.find(g.id);
    if (it != by_goal.end()) {
      node.kpis = std::move(it->second);
      by_goal.erase(it);
    }
    std::vector<std::pair<std::optional<double>, double>> parts;
    for (const KpiCard& c : node.kpis) parts.emplace_back(c.score, c.weight);
    out.push_back(std::move(node));
    for (const catalog::GoalDef* child : children[g.id])
      parts.emplace_back(place(*child, g.id, depth + 1), child->weight);
    out[at].score = WeightedMean(parts);
    return out[at].score;
  };
  for (const catalog::GoalDef* g : roots) place(*g, "", 0);
  // Goals caught in a parent cycle are not under any root: list them as roots.
  for (const catalog::GoalDef& g : catalog.goals) place(g, "", 0);
  for (auto& [id, cards] : by_goal) {  // KPIs naming a goal the catalog lacks
    GoalCards node;
    node.goal = id;
    node.kpis = std::move(cards);
    std::vector<std::pair<std::optional<double>, double>> parts;
    for (const KpiCard& c : node.kpis) parts.emplace_back(c.score, c.weight);
    node.score = WeightedMean(parts);
    out.push_back(std::move(node));
  }
  return out;
}

void KeepOwnersGoals(const std::string& owner, std::vector<GoalCards>& goals) {
  std::set<std::string> kept;
  std::vector<GoalCards> out;
  for (GoalCards& g : goals) {
    const bool owns = g.def && g.def->owner == owner;
    if (!owns) {  // their own KPIs under someone else's goal
      std::erase_if(g.kpis, [&](const KpiCard& c) { return c.owner != owner; });
      if (g.kpis.empty()) continue;
    }
    if (!g.parent.empty() && !kept.count(g.parent)) g.parent.clear();
    kept.insert(g.goal);
    out.push_back(std::move(g));
  }
  // Depths follow the kept parents.
  std::map<std::string, int> depth;
  for (GoalCards& g : out) {
    g.depth = g.parent.empty() ? 0 : depth[g.parent] + 1;
    depth[g.goal] = g.depth;
  }
  goals = std::move(out);
}

}  // namespace northstar::service
