// One KPI's judged series (the API's /kpis/{id}/values, the dashboard's chart): every
// period at one grain with value, target, status, process limits and signals, for the
// whole (`*`) or segments, and the restatements of those values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/assessment.h"
#include "catalog/model.h"
#include "results/annotations.h"
#include "results/results_db.h"

namespace northstar::service {

struct SeriesRequest {
  std::string kpi;
  std::optional<catalog::Grain> grain;  // default: the KPI's review grain
  // "" or "*": the whole; "channel": every segment of that dimension (`*` first);
  // "channel=email": that segment alone.
  std::string segment;
  std::string from, to;  // period labels at the grain, inclusive; empty: unbounded
};

struct SegmentSeries {
  std::string segment;
  std::vector<actions::AssessedPoint> points;  // chronological, within from..to
};

struct SeriesReport {
  const catalog::MeasureDef* kpi = nullptr;  // points into the workspace's catalog
  actions::MeasureFormat format;
  catalog::Grain grain = catalog::Grain::kDay;
  std::vector<std::string> segments;  // every segment with values at the grain, `*` first
  std::vector<SegmentSeries> series;
  std::vector<results::Restatement> restatements;  // of the series shown
  std::vector<results::Annotation> annotations;    // of the KPI and of "*", oldest first
};

}  // namespace northstar::service
