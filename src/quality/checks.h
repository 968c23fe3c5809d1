// The individual data-quality checks. Each takes plain data (a batch, a commit
// outcome, store statistics) so it can be tested on constructed input with a fixed
// "now"; analyze.h combines them for one ingest or for the stored state.
//
// Rules (documented for users in src/quality/README.md):
//  - duplicate keys: a non-null key that occurs more than once in one batch; each
//    repetition counts once (the store keeps the last row).
//  - edits: rows whose key was stored already with other values (the old version is
//    kept in the store's edit log).
//  - late rows: rows inserted or edited on a local day that was already reported.
//    "Reported" is, when known, every day up to the last day computed into the results
//    database for this source; otherwise every day before the newest day the store
//    held before the batch (that day itself may still be filling).
//  - gap: a day with 0 rows between the first and the last day with rows, unless the
//    same weekday also had 0 rows on each of its occurrences up to `trailing_weeks`
//    weeks before and after it inside the range, i.e. the source is normally empty on
//    that weekday (e.g. closed on Sundays).
//  - volume drop: a day with rows < drop_ratio × the median of the same weekday over
//    the `trailing_weeks` weeks before it; needs all of those weeks inside the range
//    and a median > 0. The newest day is not judged: it may still be filling.
//  - stale: now − newest time value > stale_after.
//  - schema drift: input columns that were not there at the previous ingest, columns
//    of the previous ingest that are gone, and declared columns the input lacks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "ingest/batch.h"
#include "quality/finding.h"
#include "store/store.h"
#include "store/table.h"
#include "time/timestamp.h"

namespace northstar::quality {

// Keys repeated inside `batch`; examples read "17 (lines 3, 9)". Nullopt when none.
std::optional<Finding> FindDuplicateKeys(const catalog::SourceDef& source, const ingest::Batch& batch,
                                         const QualityOptions& options);

// Edits made by the commit `outcome` describes; example keys come from `edit_log`
// (rows with _batch_id == outcome.batch_id), which may be null.
std::optional<Finding> FindEdits(const catalog::SourceDef& source, const store::IngestOutcome& outcome,
                                 const store::Table* edit_log, const QualityOptions& options);

// Where the late-row cutoff comes from.
struct ReportedThrough {
  int32_t day = 0;    // days <= this one count as reported
  std::string basis;  // "computed" or "store"
};
// The cutoff described in the file comment: `last_computed_day` wins when set;
// otherwise the day before the newest day in `before` (nullopt for a new source).
std::optional<ReportedThrough> ReportedCutoff(const std::optional<int32_t>& last_computed_day,
                                              const std::optional<store::SourceStats>& before,
                                              const time::ZoneConverter& zone);

// Rows of this commit on reported days: new rows (per-day growth of live rows between
// `before` and `after`) plus edits (edit-log rows of this batch whose old version lies
// on a reported day). Days are local days in the stats' day function.
std::optional<Finding> FindLateRows(const catalog::SourceDef& source, const store::IngestOutcome& outcome,
                                    const store::SourceStats& before, const store::SourceStats& after,
                                    const store::Table* edit_log, const ReportedThrough& cutoff,
                                    const time::ZoneConverter& zone, const QualityOptions& options);

// Gaps and drops among days [check_from, check_to] of `rows_per_day` (history before
// check_from is used for the medians). Returns up to two findings: gap, volume_drop.
std::vector<Finding> FindVolumeAnomalies(const std::map<int32_t, int64_t>& rows_per_day, int32_t check_from,
                                         int32_t check_to, const QualityOptions& options);

// Staleness of a source whose newest time value is `newest`.
std::optional<Finding> FindStaleness(const std::string& source, std::optional<time::Micros> newest,
                                     time::Micros now, const QualityOptions& options);

// Schema drift between the input's columns now and at the previous ingest (nullopt:
// no previous ingest), plus declared input columns (ColumnDef::from) the input lacks.
std::optional<Finding> FindSchemaDrift(const catalog::SourceDef& source,
                                       const std::vector<std::string>& input,
                                       const std::optional<std::vector<std::string>>& previous);

}  // namespace northstar::quality
