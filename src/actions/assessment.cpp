#include "actions/assessment.h"

#include <algorithm>

#include "judge/definition.h"

namespace northstar::actions {

std::string AssessedPoint::SignalIds() const {
  std::string out = judged.SignalIds();
  auto add = [&](const char* id) {
    if (!out.empty()) out += ';';
    out += id;
  };
  if (!gaming.empty()) add("gaming_risk");
  if (!masked.empty()) add("masked_segment");
  return out;
}

std::optional<size_t> AssessedSeries::IndexOf(const std::string& label) const {
  for (size_t i = points.size(); i-- > 0;) {
    if (points[i].label == label) return i;
  }
  return std::nullopt;
}

const AssessedPoint* AssessedSeries::LatestComplete() const {
  for (size_t i = points.size(); i-- > 0;) {
    if (!points[i].input.in_progress) return &points[i];
  }
  return nullptr;
}

const AssessedPoint* AssessedSeries::Find(const std::string& label) const {
  std::optional<size_t> i = IndexOf(label);
  return i ? &points[*i] : nullptr;
}

Result<time::PeriodKey> ParseLabel(const std::string& label, catalog::Grain grain) {
  if (label == "all") return time::PeriodKey{grain, 0};
  ASSIGN_OR_RETURN(time::PeriodKey key, time::ParsePeriod(label));
  if (key.grain != grain) {
    return Status::InvalidArgument("period '" + label + "' is not a " + catalog::GrainName(grain));
  }
  return key;
}

judge::PeriodResolver ResolverFor(catalog::Grain grain) {
  return [grain](std::string_view text) -> Result<int32_t> {
    ASSIGN_OR_RETURN(time::PeriodKey key, time::ParsePeriod(text));
    if (key.grain == grain) return key.index;
    return time::PeriodOfDay(time::FirstDay(key), grain).index;
  };
}

Result<std::unique_ptr<Assessment>> Assessment::Build(const catalog::Catalog& catalog, results::ResultsDb& db,
                                                      const AssessOptions& options) {
  ASSIGN_OR_RETURN(std::vector<results::ValueRow> rows, db.LatestValues());
  ASSIGN_OR_RETURN(auto coverage, db.Coverage());
  return FromRows(catalog, std::move(rows), options, std::move(coverage));
}

Result<std::unique_ptr<Assessment>> Assessment::FromRows(const catalog::Catalog& catalog,
                                                         std::vector<results::ValueRow> rows,
                                                         const AssessOptions& options,
                                                         std::map<std::string, time::DaySpan> coverage) {
  std::unique_ptr<Assessment> a(new Assessment());
  a->catalog_ = &catalog;
  a->options_ = options;
  a->coverage_ = std::move(coverage);
  for (results::ValueRow& row : rows) {
    if (!catalog.FindMeasure(row.kpi)) continue;
    Key key{row.kpi, row.grain, row.segment};
    a->rows_[key].push_back(std::move(row));
  }
  return a;
}

catalog::Grain Assessment::DefaultGrain(const catalog::MeasureDef& measure) const {
  if (options_.grain) return std::max(*options_.grain, measure.frequency);
  return std::max(measure.review.value_or(measure.frequency), measure.frequency);
}

bool Assessment::HasValues(const std::string& kpi, catalog::Grain grain) const {
  auto it = rows_.lower_bound(Key{kpi, grain, ""});
  return it != rows_.end() && std::get<0>(it->first) == kpi && std::get<1>(it->first) == grain;
}

std::vector<std::string> Assessment::Segments(const std::string& kpi, catalog::Grain grain) const {
  std::vector<std::string> out;
  for (auto it = rows_.lower_bound(Key{kpi, grain, ""});
       it != rows_.end() && std::get<0>(it->first) == kpi && std::get<1>(it->first) == grain; ++it) {
    out.push_back(std::get<2>(it->first));
  }
  std::stable_partition(out.begin(), out.end(), [](const std::string& s) { return s == "*"; });
  return out;
}

Result<const AssessedSeries*> Assessment::Series(const std::string& kpi, const std::string& segment) {
  const catalog::MeasureDef* measure = catalog_->FindMeasure(kpi);
  if (!measure) return Status::NotFound("no KPI or metric '" + kpi + "' in the catalog");
  catalog::Grain grain = DefaultGrain(*measure);
  // A snapshot measure has its single period at its frequency only.
  if (!HasValues(kpi, grain) && HasValues(kpi, measure->frequency)) grain = measure->frequency;
  return Series(kpi, grain, segment);
}

Result<const AssessedSeries*> Assessment::Series(const std::string& kpi, catalog::Grain grain,
                                                 const std::string& segment) {
  const catalog::MeasureDef* measure = catalog_->FindMeasure(kpi);
  if (!measure) return Status::NotFound("no KPI or metric '" + kpi + "' in the catalog");
  ASSIGN_OR_RETURN(AssessedSeries * series, Judge(*measure, grain, segment));
  return static_cast<const AssessedSeries*>(series);
}

Result<AssessedSeries*> Assessment::Judge(const catalog::MeasureDef& measure, catalog::Grain grain,
                                          const std::string& segment) {
  Key key{measure.id, grain, segment};
  if (auto it = judged_.find(key); it != judged_.end()) return it->second.get();
  auto rows_it = rows_.find(key);
  if (rows_it == rows_.end()) return static_cast<AssessedSeries*>(nullptr);

  auto series = std::make_unique<AssessedSeries>();
  series->measure = &measure;
  series->format = MeasureFormat(measure, *catalog_);
  series->grain = grain;
  series->segment = segment;
  std::vector<std::pair<judge::SeriesPoint, std::string>> points;
  auto span = coverage_.find(measure.id);
  for (const results::ValueRow& row : rows_it->second) {
    ASSIGN_OR_RETURN(time::PeriodKey period, ParseLabel(row.period, grain));
    judge::SeriesPoint point{period.index, row.value, row.rows};
    if (row.period == "all") {
      series->all = true;
    } else if (span != coverage_.end()) {
      judge::MarkCompleteness(point, period, span->second);
    }
    points.push_back({point, row.period});
  }
  std::sort(points.begin(), points.end(),
            [](const auto& a, const auto& b) { return a.first.period < b.first.period; });
  std::vector<judge::SeriesPoint> input;
  input.reserve(points.size());
  for (const auto& p : points) input.push_back(p.first);

  auto judged = judge::JudgeSeries(input, measure, ResolverFor(grain), segment, options_.judge);
  if (!judged.ok()) return judged.status().WithContext(measure.id);
  for (size_t i = 0; i < input.size(); ++i) {
    series->points.push_back({points[i].second, input[i], std::move((*judged)[i]), {}, {}});
  }
  AssessedSeries* raw = series.get();
  judged_.emplace(key, std::move(series));
  if (segment == "*" && measure.is_kpi) RETURN_IF_ERROR(AddFindings(*raw));
  return raw;
}

Status Assessment::AddFindings(AssessedSeries& whole) {
  const catalog::MeasureDef& measure = *whole.measure;
  std::vector<judge::JudgedPoint> kpi_points;
  for (const AssessedPoint& p : whole.points) kpi_points.push_back(p.judged);

  for (const std::string& guard : measure.guards) {
    const catalog::MeasureDef* guard_def = catalog_->FindMeasure(guard);
    if (!guard_def) continue;  // `check` reports unknown ids
    ASSIGN_OR_RETURN(AssessedSeries * guard_series, Judge(*guard_def, whole.grain, "*"));
    if (!guard_series) continue;
    std::vector<judge::JudgedPoint> guard_points;
    for (const AssessedPoint& p : guard_series->points) guard_points.push_back(p.judged);
    for (judge::GamingRisk& risk : judge::FindGamingRisks(measure.id, kpi_points, guard, guard_points)) {
      for (AssessedPoint& p : whole.points) {
        if (p.judged.period == risk.period) p.gaming.push_back(risk);
      }
    }
  }

  std::vector<AssessedSeries*> segments;
  for (const std::string& segment : Segments(measure.id, whole.grain)) {
    if (segment == "*") continue;
    ASSIGN_OR_RETURN(AssessedSeries * s, Judge(measure, whole.grain, segment));
    if (s) segments.push_back(s);
  }
  if (segments.empty()) return Status::Ok();
  std::vector<std::vector<bool>> problems;
  for (const AssessedSeries* s : segments) {
    std::vector<judge::JudgedPoint> points;
    for (const AssessedPoint& p : s->points) points.push_back(p.judged);
    problems.push_back(judge::SustainedProblems(points, measure.direction));
  }
  for (AssessedPoint& p : whole.points) {
    std::vector<judge::SegmentState> states;
    for (size_t k = 0; k < segments.size(); ++k) {
      const AssessedSeries* s = segments[k];
      std::optional<size_t> at = s->IndexOf(p.label);
      if (!at) continue;
      const AssessedPoint& sp = s->points[*at];
      states.push_back(
          {s->segment, sp.judged.status, sp.input.rows.value_or(0), sp.input.value, problems[k][*at]});
    }
    p.masked = judge::FindMaskedSegments(p.judged.status, p.input.rows.value_or(0), states);
  }
  return Status::Ok();
}

}  // namespace northstar::actions
