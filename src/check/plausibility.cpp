#include "check/plausibility.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "analysis/forecast.h"
#include "check/rules.h"
#include "judge/baseline.h"
#include "judge/definition.h"
#include "judge/grain_resolver.h"
#include "judge/series.h"
#include "time/period.h"

namespace northstar::check {
namespace {

using catalog::Direction;
using catalog::Grain;

constexpr char kComputeFirst[] = "run `northstar compute` first";
// The forecast "reaches" the target while the chance of meeting it is at least this:
// the target is inside the forecast's 80 % interval or on its near side.
constexpr double kReachableChance = 0.1;

std::string Num(double x) {
  return fmt::format("{:.4g}", x);
}
std::string Signed(double x) {
  return fmt::format("{:+.4g}", x);
}

std::string Label(Grain grain, int32_t index) {
  return time::PeriodLabel({grain, index});
}

std::string Periods(int64_t n, Grain grain) {
  return std::to_string(n) + " " + catalog::GrainName(grain) + (n == 1 ? "" : "s");
}

// The target rule in force for `*` at `period`: the latest dated change at or before
// it, else the KPI's target. nullopt = no target then.
std::optional<judge::TargetRule> RuleInForce(const judge::TargetSchedule& schedule, int32_t period) {
  std::optional<judge::TargetRule> rule = schedule.base;
  for (const judge::TargetSchedule::Change& c : schedule.changes) {
    if (c.from <= period) rule = c.rule;
  }
  return rule;
}

// What the target asks of the process, reduced to one comparison.
struct Goal {
  bool is_range = false;
  Direction direction = Direction::kUnspecified;
  double value = 0;          // threshold / plan end point
  double low = 0, high = 0;  // range
  std::string text;          // as printed

  bool BeyondLimits(const judge::XmrLimits& l) const {
    if (is_range) return high < l.lower || low > l.upper;
    return direction == Direction::kHigherIsBetter ? value > l.upper : value < l.lower;
  }
  bool ReachedBy(double projected) const {
    if (is_range) return low <= projected && projected <= high;
    return direction == Direction::kHigherIsBetter ? projected >= value : projected <= value;
  }
  analysis::ForecastTarget ForForecast() const {
    analysis::ForecastTarget t;
    if (is_range) {
      t.goal = analysis::Goal::kWithin, t.low = low, t.high = high;
    } else {
      t.goal = direction == Direction::kHigherIsBetter ? analysis::Goal::kAtLeast : analysis::Goal::kAtMost;
      t.value = value;
    }
    return t;
  }
  // The change from `mean` to the nearest value meeting the target.
  double RequiredChange(double mean) const {
    if (is_range) return mean < low ? low - mean : (mean > high ? high - mean : 0);
    return value - mean;
  }
};

class KpiChecker {
 public:
  // `coverage`: each measure's data span, read once for all KPIs (empty when unknown).
  KpiChecker(const catalog::Catalog& catalog, const catalog::MeasureDef& kpi, results::ResultsDb& db,
             const std::map<std::string, time::DaySpan>& coverage, Diagnostics& diags,
             std::vector<DataNote>& notes)
      : catalog_(catalog),
        kpi_(kpi),
        db_(db),
        coverage_(coverage),
        diags_(diags),
        notes_(notes),
        grain_(kpi.frequency) {}

  void Run() {
    std::vector<judge::SeriesPoint> points;
    if (!LoadSeries(points)) return;
    // The latest complete period: a period the data has not reached the end of yet
    // (or only started within) says nothing about the process.
    int32_t latest = 0;
    bool any = false, any_complete = false;
    for (const judge::SeriesPoint& p : points) {
      if (!p.value) continue;
      any = true;
      if (!p.complete()) continue;
      latest = p.period;
      any_complete = true;
    }
    if (!any)
      return Note("has no values yet at its " + std::string(catalog::GrainName(grain_)) + " grain; " +
                  kComputeFirst);
    if (!any_complete)
      return Note("has no complete " + std::string(catalog::GrainName(grain_)) +
                  " yet, so its target is not judged against the data");

    Result<judge::JudgeDefinition> def = judge::ResolveDefinition(kpi_, judge::ResolverForGrain(grain_));
    if (!def.ok()) return Note("not checked against its data: " + def.status().message());

    const judge::Baseline baseline = judge::BaselineAt(points, def->baseline, latest);
    const std::string window = baseline.window.empty() ? std::string("an empty window")
                                                       : Label(grain_, baseline.window.from) + ".." +
                                                             Label(grain_, baseline.window.to);
    if (!baseline.limits || baseline.values < judge::kShortBaselineValues) {
      return Note(
          fmt::format("history too short to judge its target: the baseline of {} ({}) holds {} value{}, "
                      "at least {} are needed for trustworthy process limits",
                      Label(grain_, latest), window, baseline.values, baseline.values == 1 ? "" : "s",
                      judge::kShortBaselineValues));
    }
    const judge::XmrLimits& limits = *baseline.limits;

    std::optional<judge::TargetRule> rule = RuleInForce(def->targets, latest);
    if (!rule) return;  // the target was dropped: nothing to judge
    Goal goal;
    goal.direction = rule->direction;
    std::optional<int32_t> deadline;
    std::string deadline_text;
    switch (rule->kind) {
      case judge::TargetRule::Kind::kThreshold:
        goal.value = rule->value;
        goal.text = Num(rule->value);
        break;
      case judge::TargetRule::Kind::kRange:
        goal.is_range = true;
        goal.low = rule->low;
        goal.high = rule->high;
        goal.text = Num(rule->low) + ".." + Num(rule->high);
        break;
      case judge::TargetRule::Kind::kPlan:
        goal.value = rule->plan_to_value;
        goal.text = Num(rule->plan_to_value) + " (the plan's end point)";
        deadline = rule->plan_to;
        deadline_text = "the plan's end " + Label(grain_, rule->plan_to);
        break;
    }
    if (!deadline) GoalDeadline(deadline, deadline_text);

    const int32_t trend_from = LatestProcessChange(def->baseline, latest).value_or(points.front().period);
    const std::vector<double> run = CompleteRun(points, trend_from, latest);
    if (!deadline) {
      const auto span = static_cast<int32_t>(run.size());
      deadline = latest + span;
      deadline_text = "no deadline; as far ahead as the history reaches back, " + Label(grain_, *deadline);
    }
    const int32_t horizon = std::max(0, *deadline - latest);
    // The same forecast `status` shows for the deadline (analysis/forecast.h).
    const Result<analysis::Forecast> forecast =
        analysis::ForecastToDeadline(run, horizon, std::optional(goal.ForForecast()));
    const bool reachable = forecast.ok() ? forecast->probability_on_target.value_or(0) >= kReachableChance
                                         : goal.ReachedBy(limits.center);

    if (!goal.BeyondLimits(limits) || reachable) return;

    const double required = goal.RequiredChange(limits.center);
    const std::string sigmas = limits.sigma > 0
                                   ? fmt::format("{:.1f} sigma", std::fabs(required) / limits.sigma)
                                   : std::string("the baseline never varied");
    std::string message = fmt::format(
        "KPI '{}' asks for {} but the natural process limits are {}..{} (baseline mean {}, sigma {}, {} {}): "
        "a change of {} from the mean ({})",
        kpi_.id, goal.text, Num(limits.lower), Num(limits.upper), Num(limits.center), Num(limits.sigma),
        Periods(baseline.values, grain_), window, Signed(required), sigmas);
    if (rule->kind == judge::TargetRule::Kind::kPlan && horizon > 0) {
      const double per_period = (goal.value - limits.center) / horizon;
      message += fmt::format("; the plan asks for {} per {} over {}", Signed(per_period),
                             catalog::GrainName(grain_), Periods(horizon, grain_));
      if (limits.sigma > 0)
        message += fmt::format(" ({:.2f} sigma per {})", std::fabs(per_period) / limits.sigma,
                               catalog::GrainName(grain_));
    }
    const auto used = static_cast<int32_t>(run.size());
    const std::string history = used == 0
                                    ? std::string("no complete periods in a row")
                                    : fmt::format("the last {} ({}..{})", Periods(used, grain_),
                                                  Label(grain_, latest - used + 1), Label(grain_, latest));
    if (forecast.ok()) {
      message += fmt::format(
          "; the {} forecast from {} puts it at {} (80 % interval {}..{}) by {} ({} ahead), a {:.0f} % "
          "chance "
          "of meeting the target",
          forecast->model, history, Num(forecast->projected), Num(forecast->low80), Num(forecast->high80),
          deadline_text, Periods(horizon, grain_), 100 * forecast->probability_on_target.value_or(0));
    } else {
      message += fmt::format("; no forecast from {} ({}), so by {} ({} ahead) the process stays near {}",
                             history, forecast.status().message(), deadline_text, Periods(horizon, grain_),
                             Num(limits.center));
    }
    diags_.Warning(kImplausibleTargetRule, FieldWhere(kpi_, "target"), std::move(message),
                   "set a target the process can reach (inside the limits) or a plan that steps towards it, "
                   "move the deadline, or act to change the process and record the change in "
                   "`baseline: {process_changes: [PERIOD]}` once it shows");
  }

 private:
  void Note(std::string message) {
    notes_.push_back({FieldWhere(kpi_, "target"), kpi_.id, "KPI '" + kpi_.id + "' " + std::move(message)});
  }

  // The whole-population series of the latest definition version at the KPI's grain.
  bool LoadSeries(std::vector<judge::SeriesPoint>& points) {
    Result<std::vector<results::DefinitionVersion>> versions = db_.Versions(kpi_.id);
    if (!versions.ok()) {
      Note("not checked: " + versions.status().message());
      return false;
    }
    if (versions->empty()) {
      Note(std::string("has no computed values; ") + kComputeFirst);
      return false;
    }
    int32_t version = 0;
    for (const results::DefinitionVersion& v : *versions) version = std::max(version, v.version);
    Result<std::vector<results::ValueRow>> rows = db_.Series(kpi_.id, grain_, "*", version);
    if (!rows.ok()) {
      Note("not checked: " + rows.status().message());
      return false;
    }
    for (const results::ValueRow& row : *rows) {
      Result<time::PeriodKey> key = time::ParsePeriod(row.period);
      if (!key.ok() || key->grain != grain_) {
        Note("has a single period (`" + row.period + "`), no history to judge its target by");
        return false;
      }
      points.push_back({key->index, row.value, row.rows});
    }
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.period < b.period; });
    if (auto span = coverage_.find(kpi_.id); span != coverage_.end()) {
      for (judge::SeriesPoint& p : points) judge::MarkCompleteness(p, {grain_, p.period}, span->second);
    }
    if (points.empty()) {
      Note(std::string("has no computed values at its ") + catalog::GrainName(grain_) + " grain; " +
           kComputeFirst);
      return false;
    }
    return true;
  }

  void GoalDeadline(std::optional<int32_t>& deadline, std::string& text) const {
    const catalog::GoalDef* goal = catalog_.FindGoal(kpi_.goal);
    if (!goal || goal->deadline.empty()) return;
    Result<int32_t> at = judge::ResolverForGrain(grain_)(goal->deadline);
    if (!at.ok()) return;
    deadline = *at;
    text = "the goal's deadline " + goal->deadline;
  }

  // The unbroken run of complete values from `from` that ends at `latest`, oldest first:
  // a trend is fitted on evenly spaced periods only.
  static std::vector<double> CompleteRun(const std::vector<judge::SeriesPoint>& points, int32_t from,
                                         int32_t latest) {
    std::vector<double> run;
    int32_t expect = latest;
    for (size_t i = points.size(); i-- > 0;) {
      const judge::SeriesPoint& p = points[i];
      if (p.period > latest) continue;
      if (p.period != expect || p.period < from || !p.complete() || !p.value) break;
      run.push_back(*p.value);
      --expect;
    }
    std::reverse(run.begin(), run.end());
    return run;
  }

  static std::optional<int32_t> LatestProcessChange(const judge::BaselinePlan& plan, int32_t latest) {
    std::optional<int32_t> change;
    for (int32_t c : plan.process_changes) {
      if (c <= latest) change = c;
    }
    return change;
  }

  const catalog::Catalog& catalog_;
  const catalog::MeasureDef& kpi_;
  results::ResultsDb& db_;
  const std::map<std::string, time::DaySpan>& coverage_;
  Diagnostics& diags_;
  std::vector<DataNote>& notes_;
  const Grain grain_;
};

}  // namespace

std::string DataNote::ToString() const {
  return where.ToString() + ": note [" + rule + "]: " + message;
}

void CheckTargetPlausibility(const catalog::Catalog& catalog, results::ResultsDb& db, Diagnostics& diags,
                             std::vector<DataNote>& notes) {
  Result<std::map<std::string, time::DaySpan>> coverage = db.Coverage();
  const std::map<std::string, time::DaySpan> none;
  for (const catalog::MeasureDef& m : catalog.measures) {
    if (!m.is_kpi || m.target.kind == catalog::TargetRule::Kind::kNone) continue;
    KpiChecker(catalog, m, db, coverage.ok() ? *coverage : none, diags, notes).Run();
  }
}

void CheckTargetPlausibility(const catalog::Catalog& catalog, Diagnostics& diags,
                             std::vector<DataNote>& notes) {
  const catalog::Workspace& ws = catalog.workspace;
  const std::filesystem::path path = std::filesystem::path(ws.root_dir) / ws.results_db;
  const SourceLocation where{"northstar.yaml", 0, 0};
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    notes.push_back({where, "",
                     "no computed values yet (no " + ws.results_db + "); " + kComputeFirst +
                         ", then targets are checked against the history"});
    return;
  }
  Result<std::unique_ptr<results::ResultsDb>> db = results::ResultsDb::Open(path.string());
  if (!db.ok()) {
    notes.push_back({where, "", "targets not checked against data: " + db.status().message()});
    return;
  }
  CheckTargetPlausibility(catalog, **db, diags, notes);
}

}  // namespace northstar::check
