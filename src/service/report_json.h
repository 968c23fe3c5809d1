// The JSON form of each report: what `--format json` prints and what the HTTP API
// returns, so both say the same thing byte for byte.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "actions/action_log.h"
#include "actions/alert_run.h"
#include "service/compute.h"
#include "service/explain.h"
#include "service/ingest.h"
#include "service/scorecard.h"
#include "service/series.h"

namespace northstar::service {

// SPEC §4: an array of {"kpi","grain","period","segment","value","rows"}.
std::string ComputeJson(const ComputeReport& report);

// `status --format json` (SPEC §10): {"goals": [goal tree], "objectives": [...]}, each
// goal {"id","statement","owner","level","deadline","weight","score","kpis":[card...],
// "goals":[child goals]}, each card with its "score" and "forecast".
nlohmann::json StatusJson(const ScorecardReport& card);

// The goals as a flat array in tree order (the API's /goals): the same goal fields,
// with "goal" (the id), "parent" and "depth" instead of nesting.
nlohmann::json ScorecardJson(const ScorecardReport& card);

// A KPI's passport (SPEC §2: goal, formula, source, owner, frequency, type,
// constraints, actions on deviation) and, when given, its card on the scorecard.
nlohmann::json PassportJson(const catalog::MeasureDef& kpi, const KpiCard* card);

// {"kpi","grain","unit","segments":[...],"series":[{"segment","points":[{"period",
// "value","target","status","limits","signals","in_progress",...}]}],"restatements":[...]}
nlohmann::json SeriesJson(const SeriesReport& report);

// `explain --format json`: the value's fields ("kpi","period","segment","value","rows",
// "target","status","limits","baseline","signals","previous",...), then "guards",
// "gaming_risks","masked_segments","segments" (mix vs rate per dimension),"drivers",
// "leads","annotations","open_actions","versions","restatements".
nlohmann::json ExplainJson(const ExplainReport& report);

// An action item: {"id","kpi","subject","segment","grain","period","rules","what","who",
// "due","opened_at","status","verdict","verdict_detail","judged_at","closed_at","notes"}.
nlohmann::json ActionItemJson(const actions::ActionItem& item);

// `actions alert --format json`: {"alerts","duplicates","opened","judged","failures",
// "deliveries"}.
nlohmann::json AlertRunJson(const actions::AlertRunReport& report);

// {"id","kpi","from","to","text","process_change","created_at"}
nlohmann::json AnnotationJson(const results::Annotation& a);

// {"sources": [per source: counts, outcome, timings, rejects, "quality" (SPEC §7)
// or "error"]}.
nlohmann::json IngestJson(const IngestReport& report);
// {"sources": [per source: the stored state's quality report, edits, batches,
// "last_ingest"]}.
nlohmann::json StoreJson(const StoreReport& report);

}  // namespace northstar::service
