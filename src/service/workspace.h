// The application: one workspace (catalog, store, results database, action log) and
// the operations every front end offers. The command line, the HTTP API and tests
// call these and only print or serialise what they return; nothing here prints.
//
// Thread-safe: operations on one Workspace run one at a time (they share the store
// and the results database). Errors are Status values whose hint() says what to do.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "actions/action_log.h"
#include "catalog/model.h"
#include "common/diagnostic.h"
#include "common/status.h"
#include "engine/example_quotes.h"
#include "formula/compiler.h"
#include "results/annotations.h"
#include "review/review.h"
#include "service/action_items.h"
#include "service/alert.h"
#include "service/annotations.h"
#include "service/compute.h"
#include "service/digest.h"
#include "service/environment.h"
#include "service/explain.h"
#include "service/ingest.h"
#include "service/lead_lag.h"
#include "service/review.h"
#include "service/scorecard.h"
#include "service/series.h"
#include "sql/statement.h"
#include "store/store.h"

namespace northstar::service {

class Workspace {
 public:
  // Loads and compiles the catalog of `dir` (which holds northstar.yaml). Fails only
  // when the workspace cannot be read at all; catalog errors are kept in
  // diagnostics() and fail the operations that need a valid catalog.
  static Result<std::unique_ptr<Workspace>> Open(const std::string& dir, const Environment& env);

  const catalog::Catalog& catalog() const { return catalog_; }
  const formula::CompiledCatalog& compiled() const { return compiled_; }
  // Every finding of loading and compiling the catalog (errors and warnings).
  const Diagnostics& diagnostics() const { return diagnostics_; }
  const Environment& environment() const { return env_; }

  // compute.cpp
  Result<ComputeReport> Compute(const ComputeRequest& request);
  // scorecard.cpp
  Result<ScorecardReport> Scorecard(const ScorecardRequest& request);
  // ingest.cpp: reads and commits the sources; StoreState reports the stored state of
  // each (request.source alone, or all) without reading anything.
  Result<IngestReport> Ingest(const IngestRequest& request);
  Result<StoreReport> StoreState(const IngestRequest& request);
  // explain.cpp
  Result<ExplainReport> Explain(const ExplainRequest& request);
  // series.cpp
  Result<SeriesReport> Series(const SeriesRequest& request);
  // action_items.cpp
  Result<std::vector<actions::ActionItem>> ActionItems(bool open_only);
  Status AddActionNote(const ActionNoteRequest& request);
  Status CloseAction(const ActionNoteRequest& request);  // text: an optional closing note
  // alert.cpp: the alert run; the report lists what was sent, opened and judged, and
  // each delivery that failed (offered again on the next run).
  Result<actions::AlertRunReport> Alert(const AlertRequest& request);
  // annotations.cpp
  Result<results::Annotation> AddAnnotation(const AnnotationRequest& request);
  Result<std::vector<results::Annotation>> Annotations(const std::string& kpi);  // "": all
  Status DeleteAnnotation(int64_t id);
  Result<results::Annotation> UpdateAnnotation(int64_t id, const AnnotationRequest& request);
  // review.cpp
  Result<review::ReviewDocument> Review(const ReviewRequest& request);
  // What changed, what is off track and which actions are due, per owner (digest.h).
  Result<DigestReport> Digest(const DigestRequest& request);
  // The scheduled time of the last digest the server sent (a restart catches up on a
  // later one it missed: DigestTimer), kept in the results database; none before the
  // first.
  Result<std::optional<time::Micros>> DigestSettledThrough();
  Status SettleDigestThrough(time::Micros scheduled);
  // lead_lag.cpp
  Result<LeadLagReport> LeadLag(const LeadLagRequest& request);
  // sql_statement.cpp: the SQL that computes the selected measures on another engine.
  Result<std::string> Sql(const sql::SqlRequest& request);
  // The results database's path (what a server watches for new values).
  std::string ResultsPath() const;
  // The API token database, beside the results database (auth/token_store.h).
  std::string AuthPath() const;

 private:
  Workspace(std::string dir, const Environment& env) : dir_(std::move(dir)), env_(env) {}
  // compute_engine.cpp: Compute on another engine (request.engine), lock held.
  Result<ComputeReport> ComputeOnEngine(const ComputeRequest& request);
  // The workspace's store, or null when nothing was ever ingested (compute.cpp).
  Result<std::unique_ptr<store::Store>> OpenStore() const;
  // explain.cpp: a qualitative value's example quotes, read from the store.
  Result<std::vector<engine::QuoteSet>> Quotes(const ExplainReport& report) const;
  // InvalidArgument naming how many errors the catalog has, when it has any.
  Status CatalogErrors() const;
  // InvalidArgument when northstar.yaml itself has errors (KPI errors do not stop an ingest).
  Status WorkspaceFileErrors() const;
  // The sources an ingest reads: `source` alone, or all; errors name the known ones.
  Result<std::vector<const catalog::SourceDef*>> SelectSources(const std::string& source,
                                                               const std::string& file) const;

  std::string dir_;
  Environment env_;
  catalog::Catalog catalog_;
  formula::CompiledCatalog compiled_;
  Diagnostics diagnostics_;
  Diagnostics load_diagnostics_;  // of loading alone (the judging operations need no formulas)
  std::mutex mutex_;
};

}  // namespace northstar::service
