// Rule details that the catalog cases do not pin down: thresholds, exemptions and
// the lock file's definition versions.
#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "check/check.h"
#include "check/lock_file.h"
#include "formula/compiler.h"

namespace northstar::check {
namespace {

const char* kWorkspace = R"yaml(timezone: UTC
sources:
  tickets:
    from: csv:t.csv
    key: id
    time: created_at
    columns: {id: int, created_at: timestamp, first_reply_at: timestamp, reopened: bool, channel: string}
)yaml";

const char* kGoal = R"yaml(goals:
  - {id: g, statement: Be fast, level: team, owner: o, deadline: 2027-01-01}
)yaml";

struct Checked {
  catalog::Catalog catalog;
  formula::CompiledCatalog compiled;
  Diagnostics diags;
};

// Loads kpis.yaml text next to kGoal, compiles, runs the checks (with `lock`).
std::unique_ptr<Checked> Check(const std::string& kpis, const LockFile* lock = nullptr) {
  auto out = std::make_unique<Checked>();
  Result<catalog::Catalog> c = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", kWorkspace}, {"catalog/goals.yaml", kGoal}, {"catalog/kpis.yaml", kpis}},
      out->diags);
  EXPECT_TRUE(c.ok());
  out->catalog = std::move(c).value();
  out->compiled = formula::CompileCatalog(out->catalog, out->diags);
  RunChecks(out->catalog, out->compiled, lock, out->diags);
  return out;
}

std::vector<std::string> Rules(const Diagnostics& diags) {
  std::vector<std::string> rules;
  for (const auto& d : diags.items()) rules.push_back(d.rule);
  return rules;
}

std::string Kpi(const std::string& fields) {
  return "kpis:\n  - id: k\n    name: K\n    goal: g\n    source: tickets\n    owner: o\n"
         "    target: {value: 1}\n    on_deviation: [{do: act}]\n" +
         fields +
         "metrics:\n  - id: reopen_rate\n    name: R\n    source: tickets\n    formula: share(reopened)\n";
}

TEST(CheckRulesTest, GuardedSpeedKpiAndRatioAreClean) {
  auto r = Check(
      Kpi("    formula: avg(minutes_between(created_at, first_reply_at))\n    guards: [reopen_rate]\n"));
  EXPECT_TRUE(r->diags.items().empty()) << r->diags.items()[0].ToString();
  r = Check(Kpi("    formula: count(reopened) / count()\n"));
  EXPECT_TRUE(r->diags.items().empty()) << r->diags.items()[0].ToString();
}

// A key result must be scorable one way (SPEC §10): from its KPI with a baseline and a
// target that differ, or by hand.
TEST(CheckRulesTest, KeyResultsAreScoredFromTheirKpiOrByHand) {
  const std::string kpi = Kpi("    formula: share(reopened)\n    direction: lower_is_better\n");
  auto rules_of = [&](const std::string& key_result) {
    auto r = Check(kpi + "objectives:\n  - id: o\n    key_results:\n      - " + key_result + "\n");
    std::vector<std::string> found;
    for (const std::string& rule : Rules(r->diags))
      if (rule.rfind("key-result", 0) == 0) found.push_back(rule);
    return found;
  };
  EXPECT_TRUE(rules_of("{kpi: k, baseline: 0.2, target: 0.1}").empty());
  EXPECT_TRUE(rules_of("{description: Handbook, score: 0.5}").empty());
  EXPECT_TRUE(rules_of("A bare description").empty());
  EXPECT_EQ(rules_of("{kpi: k, target: 0.1}"), std::vector<std::string>{"key-result-incomplete"});
  EXPECT_EQ(rules_of("{kpi: k, baseline: 0.1}"), std::vector<std::string>{"key-result-incomplete"});
  EXPECT_EQ(rules_of("{kpi: k, baseline: 0.1, target: 0.1}"),
            std::vector<std::string>{"key-result-incomplete"});
  EXPECT_EQ(rules_of("{kpi: k, baseline: 0.2, target: 0.1, score: 0.5}"),
            std::vector<std::string>{"key-result-scored-twice"});
}

TEST(CheckRulesTest, TimeUnitMakesASpeedKpi) {
  auto r = Check(Kpi("    formula: avg(id)\n    unit: minutes\n"));
  EXPECT_EQ(Rules(r->diags), std::vector<std::string>{"unguarded-speed-kpi"});
}

TEST(CheckRulesTest, BareCountIsAlsoAnUnguardedVolume) {
  auto r = Check(Kpi("    formula: count()\n"));
  EXPECT_EQ(Rules(r->diags), (std::vector<std::string>{"unguarded-speed-kpi", "bare-count-kpi"}));
  r = Check(Kpi("    formula: count()\n    guards: [reopen_rate]\n"));
  EXPECT_EQ(Rules(r->diags), std::vector<std::string>{"bare-count-kpi"});
}

TEST(CheckRulesTest, MetricsAreExemptFromKpiRules) {
  auto r = Check(
      "kpis:\n  - id: k\n    name: K\n    goal: g\n    source: tickets\n    owner: o\n"
      "    target: {value: 1}\n    on_deviation: [{do: act}]\n    formula: share(reopened)\n"
      "metrics:\n  - id: volume\n    name: V\n    source: tickets\n    formula: count()\n"
      "    frequency: daily\n    review: yearly\n    baseline: {periods: 2}\n");
  EXPECT_TRUE(r->diags.items().empty()) << r->diags.items()[0].ToString();
}

TEST(CheckRulesTest, ReviewOneGrainCoarserIsFineTwoIsNot) {
  auto r = Check(Kpi("    formula: share(reopened)\n    frequency: weekly\n    review: monthly\n"));
  EXPECT_TRUE(r->diags.items().empty());
  r = Check(Kpi("    formula: share(reopened)\n    frequency: weekly\n    review: quarterly\n"));
  EXPECT_EQ(Rules(r->diags), std::vector<std::string>{"review-lags-data"});
  EXPECT_EQ(r->diags.items()[0].where.line, 11);
}

TEST(CheckRulesTest, BaselineOfEightIsEnough) {
  auto r = Check(Kpi("    formula: share(reopened)\n    baseline: {periods: 8}\n"));
  EXPECT_TRUE(r->diags.items().empty());
  r = Check(Kpi("    formula: share(reopened)\n    baseline: {periods: 7}\n"));
  EXPECT_EQ(Rules(r->diags), std::vector<std::string>{"short-baseline"});
  r = Check(Kpi("    formula: share(reopened)\n    baseline: {from: 2026-01, to: 2026-08}\n"));
  EXPECT_TRUE(r->diags.items().empty());
  r = Check(Kpi("    formula: share(reopened)\n    baseline: {from: 2026-01, to: 2026-W10}\n"));
  EXPECT_EQ(Rules(r->diags), std::vector<std::string>{"invalid-value"});
}

TEST(CheckRulesTest, GoalOwnedThroughSubGoalIsMeasured) {
  Diagnostics diags;
  Result<catalog::Catalog> c = catalog::LoadWorkspaceFromMemory(
      {{"northstar.yaml", kWorkspace},
       {"catalog/goals.yaml",
        "goals:\n  - {id: top, statement: S, level: company, owner: ceo, deadline: 2027-01-01}\n"
        "  - {id: g, statement: S, level: team, owner: o, parent: top, deadline: 2027-01-01}\n"},
       {"catalog/kpis.yaml", Kpi("    formula: share(reopened)\n")}},
      diags);
  ASSERT_TRUE(c.ok());
  formula::CompiledCatalog compiled = formula::CompileCatalog(*c, diags);
  RunChecks(*c, compiled, nullptr, diags);
  EXPECT_TRUE(diags.items().empty()) << diags.items()[0].ToString();
}

TEST(CheckRulesTest, TeamAllowsSevenKpisPerOwner) {
  std::string kpis = "kpis:\n";
  for (int i = 1; i <= 8; ++i) {
    kpis += "  - {id: k" + std::to_string(i) +
            ", name: K, goal: g, source: tickets, owner: " + (i == 8 ? "p" : "o") +
            ", target: {value: 1}, on_deviation: [{do: act}], formula: share(reopened)}\n";
  }
  auto r = Check(kpis);
  EXPECT_TRUE(r->diags.items().empty()) << r->diags.items()[0].ToString();
  kpis +=
      "  - {id: k9, name: K, goal: g, source: tickets, owner: o, target: {value: 1}, "
      "on_deviation: [{do: act}], formula: share(reopened)}\n";
  r = Check(kpis);
  ASSERT_EQ(Rules(r->diags), std::vector<std::string>{"too-many-kpis"});
  EXPECT_EQ(r->diags.items()[0].where.line, 10);  // k9, the eighth KPI of owner o
}

TEST(LockFileTest, HashIgnoresFormattingButNotMeaning) {
  auto a = Check(Kpi("    formula: share(reopened)\n"));
  auto b = Check(Kpi("    formula: \"share( reopened )\"\n"));
  auto c = Check(Kpi("    formula: share(not reopened)\n"));
  auto d = Check(Kpi("    formula: share(reopened)\n    filter: channel = 'email'\n"));
  auto hash = [](const Checked& r) {
    return formula::DefinitionHash(r.catalog.measures[0], &r.compiled.measures[0]);
  };
  EXPECT_EQ(hash(*a), hash(*b));
  EXPECT_NE(hash(*a), hash(*c));
  EXPECT_NE(hash(*a), hash(*d));
  EXPECT_EQ(hash(*a).size(), 16u);
}

TEST(LockFileTest, ChangedDefinitionNeedsANewReason) {
  auto v1 = Check(Kpi("    formula: share(reopened)\n    change_reason: first version\n"));
  std::vector<std::string> changes;
  LockFile lock = AcceptDefinitions(LockFile{}, v1->catalog, v1->compiled, &changes);
  ASSERT_EQ(lock.measures.size(), 2u);
  EXPECT_EQ(lock.measures.at("k").version, 1);
  EXPECT_EQ(changes.size(), 2u);

  // Unchanged: fine. Round trip through JSON keeps everything.
  Result<LockFile> parsed = ParseLockFile(SerializeLockFile(lock));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->measures.at("k").hash, lock.measures.at("k").hash);
  EXPECT_EQ(parsed->measures.at("k").change_reason, "first version");
  EXPECT_TRUE(Check(Kpi("    formula: share(reopened)\n    change_reason: first version\n"), &*parsed)
                  ->diags.items()
                  .empty());

  // Changed with the old reason: error at the change_reason line.
  auto stale = Check(Kpi("    formula: share(not reopened)\n    change_reason: first version\n"), &lock);
  ASSERT_EQ(Rules(stale->diags), std::vector<std::string>{"missing-change-reason"});
  EXPECT_EQ(stale->diags.items()[0].where.line, 10);
  // Changed without a reason: error at the formula.
  auto none = Check(Kpi("    formula: share(not reopened)\n"), &lock);
  ASSERT_EQ(Rules(none->diags), std::vector<std::string>{"missing-change-reason"});
  EXPECT_EQ(none->diags.items()[0].where.line, 9);
  // Changed with a new reason: accepted, and accepting bumps the version.
  auto v2 = Check(Kpi("    formula: share(not reopened)\n    change_reason: count open tickets\n"), &lock);
  EXPECT_TRUE(v2->diags.items().empty());
  changes.clear();
  LockFile next = AcceptDefinitions(lock, v2->catalog, v2->compiled, &changes);
  EXPECT_EQ(next.measures.at("k").version, 2);
  EXPECT_EQ(next.measures.at("k").change_reason, "count open tickets");
  EXPECT_EQ(next.measures.at("reopen_rate").version, 1);
  EXPECT_EQ(changes, std::vector<std::string>{"k: version 2 (count open tickets)"});
}

TEST(LockFileTest, MalformedLockIsReported) {
  EXPECT_FALSE(ParseLockFile("{").ok());
  EXPECT_FALSE(ParseLockFile("[]").ok());
  EXPECT_FALSE(ParseLockFile(R"({"measures": {"k": {"hash": 1}}})").ok());
  EXPECT_TRUE(ParseLockFile(R"({"format": 1})").ok());
}

}  // namespace
}  // namespace northstar::check
