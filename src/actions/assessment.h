// The judgement of every KPI and metric in the results store: each series (measure x
// grain x segment) judged by the judge core, plus the cross-series findings of SPEC §5
// that the pure judge cannot see from one series: Goodhart guards (judge/guards.h)
// and segments masked by the total (judge/masking.h).
//
// Completeness (SPEC §5): each point is marked in_progress or partial from the data
// span its measure's sources covered at the last compute (ResultsDb::Coverage), so the
// judge never alerts on or baselines a period that is still filling.
// An Assessment reads the latest definition version of every measure once
// (ResultsDb::LatestValues) and judges series lazily, caching them, so `status`,
// `explain`, `review` and the alert run all see the same numbers. Each measure has a
// default grain: `--grain` when given, otherwise its `review` grain (people look at it
// that often), never finer than its `frequency`.
// Gaming risks and masked segments are attached to the whole-population (`*`) points
// of KPIs only. Not thread-safe (the cache); cheap to build, O(values) memory.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "actions/measure_format.h"
#include "catalog/model.h"
#include "common/status.h"
#include "judge/guards.h"
#include "judge/judge.h"
#include "judge/masking.h"
#include "results/results_db.h"
#include "time/period.h"

namespace northstar::actions {

struct AssessedPoint {
  std::string label;  // "2026-W10" ("all" for a snapshot source)
  judge::SeriesPoint input;
  judge::JudgedPoint judged;
  std::vector<judge::GamingRisk> gaming;     // `*` of a KPI only
  std::vector<judge::MaskedSegment> masked;  // `*` of a KPI only

  // Signal ids as SPEC §4 prints them: the judge's rules, then gaming_risk, then
  // masked_segment.
  std::string SignalIds() const;
  bool alerting() const { return judged.alert(); }
};

struct AssessedSeries {
  const catalog::MeasureDef* measure = nullptr;
  MeasureFormat format;  // how its numbers read for people
  catalog::Grain grain = catalog::Grain::kDay;
  bool all = false;  // the single period `all` of a source without time
  std::string segment;
  std::vector<AssessedPoint> points;  // chronological

  const AssessedPoint* Find(const std::string& label) const;
  // Index of the point for `label`, or nullopt.
  std::optional<size_t> IndexOf(const std::string& label) const;
  const AssessedPoint* Latest() const { return points.empty() ? nullptr : &points.back(); }
  // The latest point that is not in_progress: the default period of status, review,
  // explain and the alert run (SPEC §5). nullptr when every point is still filling.
  const AssessedPoint* LatestComplete() const;
};

struct AssessOptions {
  std::optional<catalog::Grain> grain;  // nullopt: each measure's default grain
  judge::JudgeOptions judge;
};

class Assessment {
 public:
  // Reads every value of the latest versions from `db`. `catalog` must outlive the
  // Assessment. Measures with values but no catalog entry are ignored.
  static Result<std::unique_ptr<Assessment>> Build(const catalog::Catalog& catalog, results::ResultsDb& db,
                                                   const AssessOptions& options);
  // From rows already read (tests).
  // `coverage`: the data span of each measure (ResultsDb::Coverage); a measure
  // without one has only complete periods.
  static Result<std::unique_ptr<Assessment>> FromRows(const catalog::Catalog& catalog,
                                                      std::vector<results::ValueRow> rows,
                                                      const AssessOptions& options,
                                                      std::map<std::string, time::DaySpan> coverage = {});

  const catalog::Catalog& catalog() const { return *catalog_; }
  const AssessOptions& options() const { return options_; }

  // The grain a measure is judged at by default (see above).
  catalog::Grain DefaultGrain(const catalog::MeasureDef& measure) const;

  // The judged series of `kpi` at `grain` for `segment`; nullptr when there are no
  // values. Errors: the definition cannot be resolved (bad plan period, ...).
  Result<const AssessedSeries*> Series(const std::string& kpi, catalog::Grain grain,
                                       const std::string& segment);
  Result<const AssessedSeries*> Series(const std::string& kpi, const std::string& segment);  // default grain

  // The segments with values for `kpi` at `grain`, `*` first.
  std::vector<std::string> Segments(const std::string& kpi, catalog::Grain grain) const;
  // Whether any value of `kpi` exists at `grain`.
  bool HasValues(const std::string& kpi, catalog::Grain grain) const;

 private:
  using Key = std::tuple<std::string, catalog::Grain, std::string>;
  Assessment() = default;
  Result<AssessedSeries*> Judge(const catalog::MeasureDef& measure, catalog::Grain grain,
                                const std::string& segment);
  Status AddFindings(AssessedSeries& whole);

  const catalog::Catalog* catalog_ = nullptr;
  AssessOptions options_;
  std::map<Key, std::vector<results::ValueRow>> rows_;
  std::map<std::string, time::DaySpan> coverage_;
  std::map<Key, std::unique_ptr<AssessedSeries>> judged_;
};

// Resolves period texts of the catalog (plan ends, locked baselines, dated target
// changes) to period indexes at `grain`: a label of the same grain maps to itself;
// any other label or a YYYY-MM-DD date to the period holding its first day.
judge::PeriodResolver ResolverFor(catalog::Grain grain);

// The index of a period label at its grain ("all" -> 0).
Result<time::PeriodKey> ParseLabel(const std::string& label, catalog::Grain grain);

}  // namespace northstar::actions
