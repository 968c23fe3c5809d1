// Ingesting sources into the store: what `northstar ingest` and the scheduler run.
//
// Each source (or the one named, or a batch file for it) is read and committed on its
// own: a source that cannot be read, or whose commit fails, commits nothing and is
// reported with its error; the others still commit. For every committed source the
// report holds the identity rows read = stored + rejected, what the commit did, the
// days it touched, where the rejected rows went and the data-quality report (SPEC §7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/batch.h"
#include "quality/finding.h"
#include "quality/ingest_state.h"
#include "store/store.h"

namespace northstar::service {

// Receives the progress of each source's read: Begin, any number of Update calls
// (possibly from a worker thread, never two at once), End.
class IngestProgress {
 public:
  virtual ~IngestProgress() = default;
  virtual void Begin(const std::string& source) = 0;
  virtual void Update(int64_t bytes_done, int64_t bytes_total, int64_t rows) = 0;
  virtual void End() = 0;
};

struct IngestRequest {
  std::string source;  // empty: every source of northstar.yaml
  std::string file;    // read this batch file for `source` instead of its `from:`
  quality::QualityOptions quality;
  IngestProgress* progress = nullptr;  // not owned; may be null
};

// The first rejected rows, kept in the report; all of them are in the reject file.
inline constexpr size_t kInlineRejects = 5;

struct SourceIngest {
  std::string source;
  std::string input;  // the file or query read
  Status error;       // not OK: nothing of this source was committed
  int64_t rows_read = 0, rows_stored = 0, rows_rejected = 0;
  store::IngestOutcome outcome;
  int64_t bytes_read = 0;
  double elapsed_seconds = 0, read_seconds = 0, quality_seconds = 0;
  std::string reject_file;                         // empty: no rows rejected
  std::vector<ingest::RejectedRow> first_rejects;  // up to kInlineRejects
  quality::SourceQuality quality;
};

struct IngestReport {
  std::vector<SourceIngest> sources;  // in the order of northstar.yaml
};

// The stored state of each source without ingesting (`ingest --report`).
struct StoredSource {
  std::string source;
  bool ingested = false;  // false: never ingested, nothing else is set
  quality::SourceQuality quality;
  int64_t edits = 0, batches = 0;
  std::optional<quality::IngestState> last_ingest;
};

struct StoreReport {
  std::vector<StoredSource> sources;
};

// The text `northstar ingest` prints for one source read: the identity rows read =
// stored + rejected, what the commit did, the periods touched, speed, the first
// rejects and the data-quality report (ingest_text.cpp).
std::string IngestText(const SourceIngest& source);
// The text of `ingest --report` for one source's stored state.
std::string StoredText(const StoredSource& source);

}  // namespace northstar::service
