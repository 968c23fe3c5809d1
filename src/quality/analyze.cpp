#include "quality/analyze.h"

namespace northstar::quality {
namespace {

void Describe(const store::SourceStats& stats, SourceQuality& q) {
  q.rows = stats.rows;
  q.newest_time = stats.newest_time;
  if (!stats.rows_per_day.empty()) {
    q.first_day = stats.rows_per_day.begin()->first;
    q.last_day = stats.rows_per_day.rbegin()->first;
  }
}

template <typename T>
void Add(std::vector<Finding>& out, T&& found) {
  if (found) out.push_back(std::move(*found));
}

}  // namespace

bool IsBatchFinding(FindingKind kind) {
  return kind == FindingKind::kDuplicateKeys || kind == FindingKind::kEdits ||
         kind == FindingKind::kLateRows || kind == FindingKind::kSchemaDrift;
}

SourceQuality AnalyzeIngest(const IngestFacts& facts, const time::ZoneConverter& zone, time::Micros now,
                            const QualityOptions& options) {
  const catalog::SourceDef& source = *facts.source;
  const store::IngestOutcome& outcome = *facts.outcome;
  SourceQuality q;
  q.source = source.id;
  Describe(*facts.after, q);
  // The store already counted repeats; only look for which keys when there are some.
  if (outcome.duplicates_in_batch > 0) Add(q.findings, FindDuplicateKeys(source, *facts.batch, options));
  Add(q.findings, FindEdits(source, outcome, facts.edit_log, options));
  if (!source.time.empty()) {
    if (auto cutoff = ReportedCutoff(facts.last_computed_day, facts.before, zone)) {
      static const store::SourceStats kEmpty;
      Add(q.findings, FindLateRows(source, outcome, facts.before ? *facts.before : kEmpty, *facts.after,
                                   facts.edit_log, *cutoff, zone, options));
    }
    if (!outcome.touched_days.empty() && q.last_day) {
      for (Finding& f : FindVolumeAnomalies(facts.after->rows_per_day, outcome.touched_days.front(),
                                            *q.last_day, options)) {
        q.findings.push_back(std::move(f));
      }
    }
    Add(q.findings, FindStaleness(source.id, q.newest_time, now, options));
  } else {
    q.notes.push_back("snapshot source (no time column): no late rows, volume or staleness checks");
  }
  if (facts.input_columns) {
    Add(q.findings, FindSchemaDrift(source, *facts.input_columns, facts.previous_columns));
  } else {
    q.notes.push_back("input columns are not known before the query runs: schema drift not checked");
  }
  return q;
}

SourceQuality AnalyzeStored(const std::string& source, bool has_time, const store::SourceStats& stats,
                            const std::vector<Finding>& last_ingest, time::Micros now,
                            const QualityOptions& options) {
  SourceQuality q;
  q.source = source;
  Describe(stats, q);
  for (const Finding& f : last_ingest) {
    if (IsBatchFinding(f.kind)) q.findings.push_back(f);
  }
  if (has_time && q.first_day) {
    for (Finding& f : FindVolumeAnomalies(stats.rows_per_day, *q.first_day, *q.last_day, options)) {
      q.findings.push_back(std::move(f));
    }
    Add(q.findings, FindStaleness(source, q.newest_time, now, options));
  }
  if (!has_time) q.notes.push_back("snapshot source (no time column): no volume or staleness checks");
  return q;
}

}  // namespace northstar::quality
