// Rules about single KPIs: the passport is complete, and the KPI is designed so it
// cannot be gamed or misread easily.
#include <algorithm>
#include <regex>

#include "catalog/period_text.h"
#include "check/rules.h"
#include "formula/functions.h"

namespace northstar::check {

namespace {

using catalog::Grain;
using catalog::MeasureDef;
using formula::Expr;
using formula::ExprKind;

constexpr int32_t kMinBaselinePeriods = 8;

bool UsesDuration(const Expr& e) {
  if (e.kind == ExprKind::kFunction && formula::InfoOf(e.function).minutes_per_unit > 0) return true;
  for (const auto& a : e.args) {
    if (UsesDuration(*a)) return true;
  }
  return e.where && UsesDuration(*e.where);
}

// A volume: the formula is one count (or distinct count) of rows, possibly scaled.
bool IsVolume(const Expr& e) {
  if (e.kind == ExprKind::kAggregate) {
    return e.aggregate == formula::Aggregate::kCount || e.aggregate == formula::Aggregate::kCountDistinct;
  }
  if (e.kind == ExprKind::kBinary && (e.op == formula::Op::kMul || e.op == formula::Op::kDiv)) {
    const bool left_constant = e.args[0]->kind == ExprKind::kLiteral;
    const bool right_constant = e.args[1]->kind == ExprKind::kLiteral;
    return (IsVolume(*e.args[0]) && right_constant) ||
           (left_constant && e.op == formula::Op::kMul && IsVolume(*e.args[1]));
  }
  return false;
}

bool IsTimeUnit(std::string unit) {
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* kUnits[] = {"s",
                                 "sec",
                                 "secs",
                                 "second",
                                 "seconds",
                                 "min",
                                 "mins",
                                 "minute",
                                 "minutes",
                                 "h",
                                 "hr",
                                 "hrs",
                                 "hour",
                                 "hours",
                                 "d",
                                 "day",
                                 "days",
                                 "week",
                                 "weeks",
                                 "working minutes",
                                 "working hours"};
  return std::any_of(std::begin(kUnits), std::end(kUnits), [&](const char* u) { return unit == u; });
}

// What makes a KPI easy to game by going faster or doing more; empty when nothing.
std::string SpeedOrVolume(const MeasureDef& m, const formula::CompiledMeasure* compiled) {
  if (compiled && compiled->formula) {
    if (UsesDuration(*compiled->formula)) return "measures a duration";
    if (IsVolume(*compiled->formula)) return "counts a volume";
  } else {
    // Uncompiled (already reported): judge from the text.
    static const std::regex kDuration(R"(\b(minutes|hours|days)_between\s*\()");
    static const std::regex kCount(R"(^\s*count(_distinct)?\s*\([^()]*(\([^()]*\)[^()]*)*\)\s*$)");
    if (std::regex_search(m.formula, kDuration)) return "measures a duration";
    if (std::regex_match(m.formula, kCount)) return "counts a volume";
  }
  if (IsTimeUnit(m.unit)) return "has a time unit (" + m.unit + ")";
  return "";
}

}  // namespace

void CheckKpiPassports(const catalog::Catalog& c, Diagnostics& diags) {
  for (const MeasureDef& m : c.measures) {
    if (!m.is_kpi) continue;
    const std::string kpi = "KPI '" + m.id + "'";
    if (m.goal.empty()) {
      diags.Error("missing-goal", m.where, kpi + " serves no goal",
                  "add `goal: <goal id>`; a measurement without a goal belongs under `metrics:`");
    }
    if (m.owner.empty()) {
      diags.Error("missing-owner", m.where, kpi + " has no owner",
                  "add `owner:` naming the person or role who acts when it deviates");
    }
    if (m.target.kind == catalog::TargetRule::Kind::kNone) {
      diags.Error("missing-target", m.where, kpi + " has no target",
                  "add `target: {value: X}`, `{range: [a, b]}` or `{plan: {from: [P, v], to: [P, v]}}`; "
                  "without a target it is a metric");
    }
    if (m.on_deviation.empty()) {
      diags.Error(
          "missing-action", m.where, kpi + " has no predefined action on deviation",
          "add `on_deviation: [{do: ..., who: ..., review_after: 14d}]`; a KPI nobody acts on is only "
          "a metric");
    }
  }
}

void CheckKpiDesign(const catalog::Catalog& c, const formula::CompiledCatalog& compiled, Diagnostics& diags) {
  for (const MeasureDef& m : c.measures) {
    if (!m.is_kpi) continue;
    const formula::CompiledMeasure* cm = compiled.Find(m.id);
    const std::string kpi = "KPI '" + m.id + "'";

    if (m.guards.empty()) {
      const std::string why = SpeedOrVolume(m, cm);
      if (!why.empty()) {
        diags.Warning("unguarded-speed-kpi", FieldWhere(m, "formula"),
                      kpi + " " + why + " but has no guard; it can be improved by cutting corners",
                      "add `guards: [<quality KPI or metric>]`, e.g. a reopen rate for a response-time KPI");
      }
    }

    if (cm && cm->is_bare_count) {
      diags.Warning("bare-count-kpi", FieldWhere(m, "formula"),
                    kpi + " is a bare count of activity; more activity is not the same as a better result",
                    "measure the outcome instead (a share, rate or average), or keep the count as a metric "
                    "under `metrics:` and list it in `drivers:`");
    }

    const catalog::Baseline& b = m.baseline;
    if (b.locked()) {
      auto from = catalog::ParsePeriodText(b.locked_from);
      auto to = catalog::ParsePeriodText(b.locked_to);
      if (from && to && from->grain == to->grain) {
        const int64_t n = to->index - from->index + 1;
        if (n < kMinBaselinePeriods) {
          diags.Warning("short-baseline", b.where,
                        kpi + " has a baseline of " + std::to_string(n) + " periods (" + b.locked_from +
                            " to " + b.locked_to +
                            "); process limits from fewer than 8 points are unreliable",
                        "widen the baseline window to at least 8 periods");
        }
      } else if (from && to) {
        diags.Error("invalid-value", b.where,
                    "baseline `from` and `to` of " + kpi + " are periods of different grains",
                    "write both as the same kind of period, e.g. 2026-W01 and 2026-W12");
      }
    } else if (b.periods < kMinBaselinePeriods) {
      diags.Warning("short-baseline", b.where.known() ? b.where : m.where,
                    kpi + " has a baseline of " + std::to_string(b.periods) +
                        " periods; process limits from fewer than 8 points are unreliable",
                    "use `baseline: {periods: 12}` (the default) or at least 8");
    }

    if (m.review && static_cast<int>(*m.review) - static_cast<int>(m.frequency) >= 2) {
      diags.Warning(
          "review-lags-data", FieldWhere(m, "review"),
          kpi + " changes every " + catalog::GrainName(m.frequency) + " but is reviewed only every " +
              catalog::GrainName(*m.review) + "; signals wait too long for anyone to see them",
          "review it at most one grain coarser than its frequency (e.g. daily data reviewed weekly), "
          "or compute it less often");
    }
  }
}

}  // namespace northstar::check
