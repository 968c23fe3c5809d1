// Combines the checks of checks.h into the report of one ingest, or of the stored
// state of a source (`northstar ingest --report`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "ingest/batch.h"
#include "quality/checks.h"
#include "quality/finding.h"
#include "store/store.h"
#include "store/table.h"
#include "time/timestamp.h"

namespace northstar::quality {

// Everything known about one commit of one source. Pointers are borrowed for the call.
struct IngestFacts {
  const catalog::SourceDef* source = nullptr;
  const ingest::Batch* batch = nullptr;
  const store::IngestOutcome* outcome = nullptr;
  std::optional<store::SourceStats> before;                  // stats before the commit; nullopt: new source
  const store::SourceStats* after = nullptr;                 // stats after the commit (same day function)
  const store::Table* edit_log = nullptr;                    // after the commit; may be null
  std::optional<int32_t> last_computed_day;                  // from the results database, when known
  std::optional<std::vector<std::string>> input_columns;     // nullopt: not known
  std::optional<std::vector<std::string>> previous_columns;  // nullopt: no previous ingest
};

// All checks for one ingest. Volume is judged on the days from the first day the commit
// touched through the newest stored day (earlier days only feed the medians);
// staleness on the stored state after the commit. Cost: one pass over the batch's key
// column, only when the store counted duplicates; otherwise O(days).
SourceQuality AnalyzeIngest(const IngestFacts& facts, const time::ZoneConverter& zone, time::Micros now,
                            const QualityOptions& options);

// True for the kinds that describe one batch (duplicates, edits, late rows, schema
// drift) rather than the stored state; those are kept in IngestState for --report.
bool IsBatchFinding(FindingKind kind);

// The stored state: volume over the whole range of days, staleness, and the batch
// findings of the last ingest (`last_ingest`, shown as they were).
SourceQuality AnalyzeStored(const std::string& source, bool has_time, const store::SourceStats& stats,
                            const std::vector<Finding>& last_ingest, time::Micros now,
                            const QualityOptions& options);

}  // namespace northstar::quality
