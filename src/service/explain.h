// `explain` (SPEC §4) as a service operation: one judged value of a KPI and everything
// behind it — target, status, limits, signals, guards, the segments that moved most
// (mix vs rate), the drivers' changes, lead-lag evidence, example quotes, notes, open
// actions and the definition's history. The report is plain data; ExplainText and ExplainJson print it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/action_log.h"
#include "actions/assessment.h"
#include "actions/mix_rate.h"
#include "catalog/model.h"
#include "engine/example_quotes.h"
#include "results/annotations.h"
#include "results/results_db.h"
#include "service/lead_lag.h"

namespace northstar::service {

struct ExplainRequest {
  std::string kpi;
  std::string period;  // a period label; empty: the latest complete one
  std::string segment = "*";
  std::optional<catalog::Grain> grain;  // default: the KPI's review grain
};

// A guard at the same grain, period and segment; `point` is null when it has no value.
struct ExplainGuard {
  std::string id;
  std::optional<actions::AssessedPoint> point;
  actions::MeasureFormat format;
  bool worsened = false;  // an unfavourable signal
};

// The change of one dimension's segments against the previous period.
struct ExplainDimension {
  std::string dimension;
  actions::MixRate mix_rate;
};

struct ExplainDriver {
  std::string id;
  std::optional<double> value, previous;
  std::string signal_ids;  // of the driver's point in this period
  actions::MeasureFormat format;
};

// Lead-lag evidence for one lagging KPI this (leading) KPI is meant to drive.
struct ExplainLead {
  std::string lagging;
  std::string error;  // why it was not tested; empty when `report` holds the test
  LeadLagReport report;
};

struct ExplainReport {
  const catalog::MeasureDef* kpi = nullptr;  // points into the workspace's catalog
  catalog::Grain grain = catalog::Grain::kDay;
  std::string segment;
  actions::MeasureFormat format;
  actions::AssessedPoint point;
  std::optional<actions::AssessedPoint> previous;
  std::string baseline_from, baseline_to;  // labels of the baseline window; empty: none
  std::vector<ExplainGuard> guards;
  std::vector<ExplainDimension> dimensions;  // of the whole (`*`) with a previous period
  std::vector<ExplainDriver> drivers;
  std::vector<ExplainLead> leads;                    // a leading KPI only
  std::vector<results::Annotation> annotations;      // covering the period
  std::vector<actions::ActionItem> open_actions;     // of this KPI
  std::vector<results::DefinitionVersion> versions;  // every version of the definition
  std::vector<results::Restatement> restatements;    // of this value
  // A qualitative value (theme/sentiment in its formula): comments behind it (SPEC §10).
  std::vector<engine::QuoteSet> quotes;
  std::string quotes_error;  // why they could not be read; the rest of the report stands
};

// The text `northstar explain` prints; `top` segments are shown per dimension.
std::string ExplainText(const ExplainReport& report, int top);
// Its example comments alone (empty for a value without text functions).
std::string ExplainQuotesText(const ExplainReport& report);

}  // namespace northstar::service
