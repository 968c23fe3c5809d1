// The goal tree's order and roll-up (service/goal_tree.h) and key result scores
// (service/objective_scores.h), computed by hand.
#include "service/goal_tree.h"

#include <gtest/gtest.h>

#include "service/objective_scores.h"

namespace northstar::service {
namespace {

catalog::GoalDef Goal(const std::string& id, const std::string& parent, double weight = 1,
                      const std::string& owner = "o") {
  catalog::GoalDef g;
  g.id = id;
  g.parent = parent;
  g.weight = weight;
  g.owner = owner;
  return g;
}

KpiCard Card(const std::string& kpi, std::optional<double> score, double weight = 1,
             const std::string& owner = "o") {
  KpiCard c;
  c.kpi = kpi;
  c.score = score;
  c.weight = weight;
  c.owner = owner;
  return c;
}

const GoalCards& Find(const std::vector<GoalCards>& goals, const std::string& id) {
  for (const GoalCards& g : goals)
    if (g.goal == id) return g;
  ADD_FAILURE() << "no goal " << id;
  return goals.front();
}

TEST(GoalTreeTest, OrdersDepthFirstAndRollsScoresUpWithWeights) {
  catalog::Catalog c;
  // company <- unit (weight 3) <- team ; company <- side (weight 1, no KPIs, no children)
  c.goals = {Goal("team", "unit"), Goal("company", ""), Goal("unit", "company", 3), Goal("side", "company")};
  std::map<std::string, std::vector<KpiCard>> cards;
  cards["team"] = {Card("a", 1.0), Card("b", 0.4, 2)};  // (1*1 + 0.4*2) / 3 = 0.6
  cards["unit"] = {Card("c", 0.2)};                     // (0.2*1 + 0.6*1) / 2 = 0.4
  cards["company"] = {Card("d", std::nullopt)};         // N/A: left out, not 0
  cards["ghost"] = {Card("e", 0.5)};                    // a goal the catalog lacks
  const std::vector<GoalCards> tree = BuildGoalTree(c, cards);

  std::vector<std::string> order;
  for (const GoalCards& g : tree) order.push_back(g.goal + "@" + std::to_string(g.depth));
  EXPECT_EQ(order, (std::vector<std::string>{"company@0", "unit@1", "team@2", "side@1", "ghost@0"}));
  EXPECT_DOUBLE_EQ(*Find(tree, "team").score, 0.6);
  EXPECT_DOUBLE_EQ(*Find(tree, "unit").score, 0.4);
  EXPECT_FALSE(Find(tree, "side").score) << "no KPI and no child: no score, not 0";
  // company: unit 0.4 (weight 3), side N/A, its own KPI N/A -> 0.4.
  EXPECT_DOUBLE_EQ(*Find(tree, "company").score, 0.4);
  EXPECT_DOUBLE_EQ(*Find(tree, "ghost").score, 0.5);
  EXPECT_EQ(Find(tree, "team").parent, "unit");
}

TEST(GoalTreeTest, AParentCycleIsListedOnceAndDoesNotHang) {
  catalog::Catalog c;
  c.goals = {Goal("a", "b"), Goal("b", "a"), Goal("self", "self")};
  const std::vector<GoalCards> tree = BuildGoalTree(c, {});
  EXPECT_EQ(tree.size(), 3u);
}

TEST(GoalTreeTest, AnOwnerSeesTheirGoalsAndKpisWithTheWholeTreesScores) {
  catalog::Catalog c;
  c.goals = {Goal("top", "", 1, "ceo"), Goal("mine", "top", 1, "ana"), Goal("other", "top", 1, "bo")};
  std::map<std::string, std::vector<KpiCard>> cards;
  cards["mine"] = {Card("m1", 1.0, 1, "bo")};                              // in ana's goal: shown
  cards["other"] = {Card("o1", 0.0, 1, "ana"), Card("o2", 0.5, 1, "bo")};  // only o1 is ana's
  std::vector<GoalCards> tree = BuildGoalTree(c, cards);
  const double top_score = *Find(tree, "top").score;  // (1.0 + 0.25) / 2
  EXPECT_DOUBLE_EQ(top_score, 0.625);
  KeepOwnersGoals("ana", tree);
  ASSERT_EQ(tree.size(), 2u);
  EXPECT_EQ(tree[0].goal, "mine");
  EXPECT_EQ(tree[0].parent, "") << "its parent is not shown: a root now";
  EXPECT_EQ(tree[0].depth, 0);
  EXPECT_EQ(tree[1].goal, "other");
  ASSERT_EQ(tree[1].kpis.size(), 1u);
  EXPECT_EQ(tree[1].kpis[0].kpi, "o1");
  EXPECT_DOUBLE_EQ(*tree[1].score, 0.25) << "the goal keeps the score of all its KPIs";
}

TEST(KeyResultScoreTest, ProgressFromBaselineToTargetClamped) {
  catalog::KeyResult kr;
  kr.baseline = 0.62;
  kr.target = 0.8;
  EXPECT_DOUBLE_EQ(*KeyResultScore(kr, 0.71), (0.71 - 0.62) / (0.8 - 0.62));
  EXPECT_EQ(*KeyResultScore(kr, 0.9), 1.0);
  EXPECT_EQ(*KeyResultScore(kr, 0.5), 0.0);
  // Lower is better: from 30 minutes down to 20.
  kr.baseline = 30;
  kr.target = 20;
  EXPECT_DOUBLE_EQ(*KeyResultScore(kr, 27.5), 0.25);
  kr.target = 30;
  EXPECT_FALSE(KeyResultScore(kr, 25)) << "baseline equal to target has no scale";
  kr.target.reset();
  EXPECT_FALSE(KeyResultScore(kr, 25));
}

}  // namespace
}  // namespace northstar::service
