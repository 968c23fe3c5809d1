// The data rule of `northstar check --with-data`: targets against the computed history.
// Each test writes a KPI's values straight into a results database, as `northstar
// compute` would, and checks which warnings and notes the rule gives.
#include "check/plausibility.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include "catalog/loader.h"
#include "results/results_db.h"
#include "time/period.h"

namespace northstar::check {
namespace {

namespace fs = std::filesystem;

const char* kWorkspace = R"yaml(timezone: UTC
sources:
  tickets:
    from: csv:t.csv
    key: id
    time: created_at
    columns: {id: int, created_at: timestamp, reopened: bool}
)yaml";

std::string Goal(const std::string& deadline) {
  return "goals:\n  - {id: g, statement: Be good, level: team, owner: o, deadline: " + deadline + "}\n";
}

// A daily KPI `k` with the given target and direction.
std::string Kpi(const std::string& target, const std::string& direction = "higher_is_better") {
  return "kpis:\n  - id: k\n    name: K\n    goal: g\n    source: tickets\n    owner: o\n"
         "    formula: share(reopened)\n    frequency: daily\n    direction: " +
         direction + "\n    target: " + target +
         "\n    baseline: {periods: 12}\n    on_deviation: [{do: act}]\n";
}

class PlausibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ns_plausibility_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  catalog::Catalog Load(const std::string& kpis, const std::string& deadline = "2027-01-01") {
    Diagnostics load;
    Result<catalog::Catalog> c = catalog::LoadWorkspaceFromMemory(
        {{"northstar.yaml", kWorkspace}, {"catalog/goals.yaml", Goal(deadline)}, {"catalog/kpis.yaml", kpis}},
        load, dir_.string());
    EXPECT_TRUE(c.ok()) << c.status().message();
    EXPECT_FALSE(load.has_errors());
    return std::move(c).value();
  }

  // Stores `values` as the daily series of `k` (segment *) from 2026-10-01 on.
  void Store(const std::vector<double>& values, const std::string& hash = "h1") {
    auto db = results::ResultsDb::Open((dir_ / ".northstar/results.db").string());
    ASSERT_TRUE(db.ok()) << db.status().message();
    auto version = (*db)->EnsureVersion("k", hash, "share(reopened)", "", "2026-11-01T00:00:00Z");
    ASSERT_TRUE(version.ok());
    const int32_t first = time::ParsePeriod("2026-10-01")->index;
    std::vector<results::ValueRow> rows;
    for (size_t i = 0; i < values.size(); ++i) {
      rows.push_back({"k", catalog::Grain::kDay,
                      time::PeriodLabel({catalog::Grain::kDay, first + int32_t(i)}), "*", values[i], 100});
      // A segment far from the whole population must not influence the rule.
      rows.push_back({"k", catalog::Grain::kDay,
                      time::PeriodLabel({catalog::Grain::kDay, first + int32_t(i)}), "channel=email",
                      values[i] + 5, 10});
    }
    ASSERT_TRUE((*db)->Write(*version, rows, "2026-11-01T00:00:00Z", "test").ok());
  }

  // The data span compute records: the first and last local day the data covers.
  void SetCoverage(const std::string& first, const std::string& last) {
    auto db = results::ResultsDb::Open((dir_ / ".northstar/results.db").string());
    ASSERT_TRUE(db.ok()) << db.status().message();
    const time::DaySpan span{time::ParsePeriod(first)->index, time::ParsePeriod(last)->index};
    ASSERT_TRUE((*db)->SetCoverage("k", span).ok());
  }

  void Run(const catalog::Catalog& c) {
    diags_ = Diagnostics();
    notes_.clear();
    CheckTargetPlausibility(c, diags_, notes_);
  }

  fs::path dir_;
  Diagnostics diags_;
  std::vector<DataNote> notes_;
};

// 0.75 +/- 0.01, alternating: mean 0.75, every moving range 0.02, so the limits are
// 0.75 -/+ 2.66 * 0.02 = 0.6968..0.8032 and sigma = 0.02 / 1.128 = 0.01773.
std::vector<double> Stable(int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(i % 2 ? 0.76 : 0.74);
  return v;
}
constexpr double kSigma = 0.02 / 1.128;

TEST_F(PlausibilityTest, ReachableTargetIsQuiet) {
  Store(Stable(30));
  Run(Load(Kpi("{value: 0.78}")));
  EXPECT_TRUE(diags_.items().empty()) << diags_.items()[0].ToString();
  EXPECT_TRUE(notes_.empty()) << notes_[0].ToString();
}

TEST_F(PlausibilityTest, TargetTenSigmaAwayWarnsWithTheNumbers) {
  Store(Stable(30));
  Run(Load(Kpi("{value: " + std::to_string(0.75 + 10 * kSigma) + "}")));
  ASSERT_EQ(diags_.items().size(), 1u);
  const Diagnostic& d = diags_.items()[0];
  EXPECT_EQ(d.rule, "implausible-target");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.where.file, "catalog/kpis.yaml");
  EXPECT_EQ(d.where.line, 10);  // the `target:` line
  for (const char* part :
       {"asks for 0.9273", "limits are 0.6968..0.8032", "baseline mean 0.75", "sigma 0.01773",
        "12 days 2026-10-18..2026-10-29", "a change of +0.1773", "(10.0 sigma)",
        // The forecast status shows. By hand: the alternation tilts the least-squares
        // line by 0.15 / 2247.5 = 6.674e-5 a day, so 63 days past 2026-10-30 it is at
        // 0.75 + 6.674e-5 * (14.5 + 63) = 0.7552; residual sd 0.010334 (28 degrees of
        // freedom), interval +/- 1.3125 * 0.010334 * sqrt(1 + 1/30 + 77.5^2 / 2247.5)
        // = 0.0261. Holt loses on the held-out days, so the model is linear.
        "the linear forecast from the last 30 days (2026-10-01..2026-10-30) puts it at "
        "0.7552 (80 % interval 0.7291..0.7813) by the goal's deadline 2027-01-01 (63 days "
        "ahead), a 0 % chance of meeting the target"}) {
    EXPECT_NE(d.message.find(part), std::string::npos) << "missing '" << part << "' in " << d.message;
  }
  EXPECT_TRUE(notes_.empty());
}

TEST_F(PlausibilityTest, LowerIsBetterLooksBelowTheLowerLimit) {
  Store(Stable(30));
  Run(Load(Kpi("{value: 0.70}", "lower_is_better")));  // inside the limits
  EXPECT_TRUE(diags_.items().empty());
  Run(Load(Kpi("{value: 0.5}", "lower_is_better")));
  ASSERT_EQ(diags_.items().size(), 1u);
  EXPECT_NE(diags_.items()[0].message.find("a change of -0.25"), std::string::npos)
      << diags_.items()[0].message;
  // A higher-is-better target far below the process is already met: no warning.
  Run(Load(Kpi("{value: 0.5}")));
  EXPECT_TRUE(diags_.items().empty());
}

TEST_F(PlausibilityTest, RangeOutsideTheLimitsWarns) {
  Store(Stable(30));
  Run(Load(Kpi("{range: [0.79, 0.9]}")));  // overlaps the limits
  EXPECT_TRUE(diags_.items().empty());
  Run(Load(Kpi("{range: [0.85, 0.9]}")));
  ASSERT_EQ(diags_.items().size(), 1u);
  EXPECT_NE(diags_.items()[0].message.find("asks for 0.85..0.9"), std::string::npos);
  EXPECT_NE(diags_.items()[0].message.find("a change of +0.1"), std::string::npos);
}

// A clear upward trend: +0.01 a day with +/-0.005 noise, latest value about 0.79 and
// limits (from the 12 days before) far below 0.95.
std::vector<double> Rising(int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(0.5 + 0.01 * i + (i % 2 ? 0.005 : -0.005));
  return v;
}

TEST_F(PlausibilityTest, ATrendThatReachesTheTargetByTheDeadlineIsPlausible) {
  Store(Rising(30));
  Run(Load(Kpi("{value: 0.95}"), "2027-01-01"));
  EXPECT_TRUE(diags_.items().empty()) << diags_.items()[0].ToString();
}

TEST_F(PlausibilityTest, ATrendThatFallsShortOfTheDeadlineWarns) {
  Store(Rising(30));
  Run(Load(Kpi("{value: 0.95}"), "2026-11-05"));
  ASSERT_EQ(diags_.items().size(), 1u);
  const std::string& m = diags_.items()[0].message;
  // The alternating noise tilts the fit by 0.075 / 2247.5 = +0.0000334 a day: slope
  // 0.0100334; fitted 0.645 + 14.5 * slope = 0.7905 at 2026-10-30, + 6 * slope = 0.8507.
  // Residual sum of squares 0.227 - 22.55^2 / 2247.5 = 0.0007475, sd 0.0051669; the
  // interval is +/- 1.3125 * 0.0051669 * sqrt(1 + 1/30 + 20.5^2 / 2247.5) = 0.00749.
  EXPECT_NE(m.find("the linear forecast from the last 30 days (2026-10-01..2026-10-30) puts it at 0.8507 "
                   "(80 % interval 0.8432..0.8582) by the goal's deadline 2026-11-05 (6 days ahead), a 0 % "
                   "chance of meeting the target"),
            std::string::npos)
      << m;
}

TEST_F(PlausibilityTest, TheForecastsIntervalDecidesNotItsPoint) {
  // 0.8507 (80 % interval 0.8432..0.8582) six days ahead, as above. A target just
  // beyond the point forecast but inside the interval can be met: no warning. Beyond
  // the interval's far end it cannot.
  Store(Rising(30));
  Run(Load(Kpi("{value: 0.855}"), "2026-11-05"));
  EXPECT_TRUE(diags_.items().empty()) << diags_.items()[0].ToString();
  Run(Load(Kpi("{value: 0.86}"), "2026-11-05"));
  ASSERT_EQ(diags_.items().size(), 1u);
}

TEST_F(PlausibilityTest, APeriodTheDataHasNotFinishedIsNotJudged) {
  // The data reaches 2026-10-30 and no further, so that day may still grow: like
  // `status`, the rule judges 2026-10-29, the last complete day. The unfinished day's
  // low value enters neither the baseline nor the forecast.
  std::vector<double> values = Stable(30);
  values.back() = 0.1;
  Store(values);
  SetCoverage("2026-10-01", "2026-10-30");
  Run(Load(Kpi("{value: " + std::to_string(0.75 + 10 * kSigma) + "}")));
  ASSERT_EQ(diags_.items().size(), 1u);
  const std::string& m = diags_.items()[0].message;
  for (const char* part : {"limits are 0.6968..0.8032", "12 days 2026-10-17..2026-10-28",
                           "from the last 29 days (2026-10-01..2026-10-29)", "(64 days ahead)"}) {
    EXPECT_NE(m.find(part), std::string::npos) << "missing '" << part << "' in " << m;
  }
  // Only an unfinished period: nothing to judge yet, and a note says so.
  Store({0.75});
  SetCoverage("2026-10-01", "2026-10-01");
  Run(Load(Kpi("{value: 0.9}")));
  EXPECT_TRUE(diags_.items().empty());
  ASSERT_FALSE(notes_.empty());
  EXPECT_NE(notes_[0].message.find("has no complete day yet"), std::string::npos) << notes_[0].message;
}

TEST_F(PlausibilityTest, PlanIsJudgedByItsEndPointAndSlope) {
  Store(Stable(30));
  // End point inside the limits: plausible.
  Run(Load(Kpi("{plan: {from: [2026-10-01, 0.75], to: [2026-12-31, 0.79]}}")));
  EXPECT_TRUE(diags_.items().empty());
  Run(Load(Kpi("{plan: {from: [2026-10-01, 0.75], to: [2026-12-31, 0.95]}}")));
  ASSERT_EQ(diags_.items().size(), 1u);
  const std::string& m = diags_.items()[0].message;
  // (0.95 - 0.75) / 62 days from 2026-10-30 to 2026-12-31.
  EXPECT_NE(m.find("the plan asks for +0.003226 per day over 62 days"), std::string::npos) << m;
  EXPECT_NE(m.find("the plan's end 2026-12-31"), std::string::npos) << m;
}

TEST_F(PlausibilityTest, TooShortAHistoryIsANote) {
  Store(Stable(5));
  Run(Load(Kpi("{value: 5}")));
  EXPECT_TRUE(diags_.items().empty());
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0].kpi, "k");
  EXPECT_NE(notes_[0].message.find("history too short"), std::string::npos) << notes_[0].message;
  EXPECT_NE(notes_[0].message.find("holds 4 values"), std::string::npos) << notes_[0].message;
  EXPECT_NE(notes_[0].ToString().find("catalog/kpis.yaml:10:"), std::string::npos) << notes_[0].ToString();
}

TEST_F(PlausibilityTest, NoResultsDatabaseIsANoteAndIsNotCreated) {
  Run(Load(Kpi("{value: 5}")));
  EXPECT_TRUE(diags_.items().empty());
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].message.find("run `northstar compute` first"), std::string::npos) << notes_[0].message;
  EXPECT_FALSE(fs::exists(dir_ / ".northstar/results.db"));
}

TEST_F(PlausibilityTest, KpiWithoutValuesIsANote) {
  Store(Stable(30));
  Run(Load(Kpi("{value: 5}") +
           "  - id: other\n    name: O\n    goal: g\n    source: tickets\n    owner: o\n"
           "    formula: count()\n    direction: higher_is_better\n    target: {value: 1}\n"
           "    on_deviation: [{do: act}]\n"));
  ASSERT_EQ(diags_.items().size(), 1u);  // k is far off
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0].kpi, "other");
  EXPECT_NE(notes_[0].message.find("run `northstar compute` first"), std::string::npos);
}

TEST_F(PlausibilityTest, OnlyTheLatestDefinitionVersionCounts) {
  // Version 1 sat at 0.2; the redefined KPI (version 2) runs at 0.75.
  std::vector<double> old(30, 0.2);
  for (size_t i = 0; i < old.size(); ++i) old[i] += i % 2 ? 0.01 : -0.01;
  Store(old, "h1");
  Store(Stable(30), "h2");
  Run(Load(Kpi("{value: 0.78}")));
  EXPECT_TRUE(diags_.items().empty()) << diags_.items()[0].ToString();
}

}  // namespace
}  // namespace northstar::check
