#include "service/ingest.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/text.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "quality/analyze.h"
#include "quality/input_columns.h"
#include "results/results_db.h"
#include "service/workspace.h"
#include "store/first_load.h"
#include "time/period.h"

namespace northstar::service {
namespace {

namespace fs = std::filesystem;

// "20261123T020304Z" for file names.
std::string CompactTimestamp(time::Micros now) {
  std::string iso = time::FormatIso(now - now % time::kMicrosPerSecond, nullptr);
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

Result<std::string> WriteRejectFile(const fs::path& dir, const std::string& source, time::Micros now,
                                    const std::vector<ingest::RejectedRow>& rejected) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir.string() + ": " + ec.message());
  const std::string stem = source + "-" + CompactTimestamp(now);
  fs::path path = dir / (stem + ".csv");
  for (int n = 2; fs::exists(path); ++n) path = dir / (stem + "-" + std::to_string(n) + ".csv");
  std::ofstream out(path, std::ios::binary);
  out << "file,line,column,reason,raw\n";
  for (const auto& r : rejected) {
    // Rows come from untrusted data and the file is meant for a spreadsheet.
    out << SpreadsheetCsvField(r.file) << ',' << r.line << ',' << SpreadsheetCsvField(r.column) << ','
        << SpreadsheetCsvField(r.reason) << ',' << SpreadsheetCsvField(r.raw) << '\n';
  }
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  // Relative to the current directory when inside it (short), else absolute.
  const fs::path relative = fs::proximate(path);
  return relative.begin() != relative.end() && *relative.begin() == ".." ? fs::absolute(path).string()
                                                                         : relative.string();
}

// Per source: the last local day already computed into the results database (periods
// of every KPI/metric over that source), when there is a results database.
std::map<std::string, int32_t> LastComputedDays(const catalog::Catalog& catalog, const std::string& vfs) {
  std::map<std::string, int32_t> out;
  const fs::path path = fs::path(catalog.workspace.root_dir) / catalog.workspace.results_db;
  if (!fs::exists(path)) return out;
  auto db = results::ResultsDb::Open(path.string(), vfs);
  if (!db.ok()) return out;
  auto values = (*db)->LatestValues();
  if (!values.ok()) return out;
  for (const auto& v : *values) {
    const catalog::MeasureDef* m = catalog.FindMeasure(v.kpi);
    if (m == nullptr || v.period == "all") continue;
    auto period = time::ParsePeriod(v.period);
    if (!period.ok()) continue;
    const int32_t last = time::LastDay(*period);
    auto [it, fresh] = out.try_emplace(m->source, last);
    if (!fresh) it->second = std::max(it->second, last);
  }
  return out;
}

// One ingest: the workspace's store, zone and clock, and what one source needs.
class SourceIngester {
 public:
  SourceIngester(const catalog::Catalog& catalog, const Environment& env, const IngestRequest& request,
                 const time::ZoneConverter& zone, const fs::path& store_dir)
      : catalog_(catalog), env_(env), request_(request), zone_(zone), store_dir_(store_dir) {}

  // Reads and commits `source`; fills `out` (out.error when nothing was committed).
  void Run(const catalog::SourceDef& source, std::optional<int32_t> last_computed_day, SourceIngest& out);

 private:
  store::DayOfFn DayOf() const {
    return [zone = zone_](int64_t utc) { return time::LocalDay(utc, zone); };
  }
  Status OpenStore() {
    if (store_) return Status::Ok();
    store::StoreOptions options;
    options.file_system = env_.file_system;
    ASSIGN_OR_RETURN(store_, store::Store::Open(store_dir_.string(), options));
    return Status::Ok();
  }
  Status Ingest(const catalog::SourceDef& source, std::optional<int32_t> last_computed_day,
                SourceIngest& out);

  const catalog::Catalog& catalog_;
  const Environment& env_;
  const IngestRequest& request_;
  time::ZoneConverter zone_;
  fs::path store_dir_;
  std::unique_ptr<store::Store> store_;
};

void SourceIngester::Run(const catalog::SourceDef& source, std::optional<int32_t> last_computed_day,
                         SourceIngest& out) {
  out.source = source.id;
  out.error = Ingest(source, last_computed_day, out);
}

Status SourceIngester::Ingest(const catalog::SourceDef& source, std::optional<int32_t> last_computed_day,
                              SourceIngest& out) {
  ingest::ReadOptions read_options;
  read_options.threads = env_.threads;
  if (!request_.file.empty()) read_options.file = request_.file;
  out.input = ingest::MakeSourceContext(source, catalog_.workspace, read_options).display_path;

  // The input's columns, before reading, for the schema-drift check.
  auto input_columns = quality::ReadInputColumns(source, catalog_.workspace, read_options);

  const auto start = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(OpenStore().WithContext("store"));
  std::optional<store::SourceStats> before;
  {
    auto sources = store_->Sources();
    if (!sources.ok()) return sources.status().WithContext("store");
    if (std::find(sources->begin(), sources->end(), source.id) != sources->end()) {
      auto stats = store_->Stats(source.id, DayOf());
      if (!stats.ok()) return stats.status().WithContext("store");
      before = std::move(stats).value();
    }
  }
  const time::Micros now = env_.clock->Now();
  // Runs read() reporting its progress.
  auto with_progress = [&](auto read) {
    IngestProgress* progress = request_.progress;
    if (progress != nullptr) {
      progress->Begin(source.id);
      read_options.progress = [progress](int64_t done, int64_t total, int64_t rows) {
        progress->Update(done, total, rows);
      };
    }
    auto result = read();
    if (progress != nullptr) progress->End();
    read_options.progress = nullptr;
    return result;
  };
  auto seconds_since_start = [&start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto check_counts = [&](const ingest::ReadTotals& t) {
    const int64_t rejected = static_cast<int64_t>(t.rejected.size());
    if (t.rows_read == t.rows + rejected) return Status::Ok();
    return Status::Internal(source.id + ": rows read " + std::to_string(t.rows_read) + " != stored " +
                            std::to_string(t.rows) + " + rejected " + std::to_string(rejected) +
                            "; nothing committed");
  };
  // "SOURCE: store: ...; nothing committed"
  auto store_error = [&](const Status& s) {
    return Status(s.code(), source.id + ": store: " + s.message() + "; nothing committed");
  };

  // A first load is streamed: rows go to segment files while later rows are still
  // being parsed, and are never held whole. Otherwise (rows already stored, keys to
  // match) the batch is read whole and upserted.
  ingest::ReadTotals totals;
  ingest::Batch batch;  // the rows, when committed whole
  std::optional<store::IngestOutcome> outcome;
  std::optional<store::SourceStats> streamed_stats;  // the stored state after a streamed load
  double read_seconds = 0;
  {
    auto load = store_->BeginFirstLoad(source, DayOf());
    if (!load.ok()) return store_error(load.status());
    if (*load) {
      bool store_failed = false;
      auto read = with_progress([&] {
        return ingest::ReadSourceInChunks(source, catalog_.workspace, read_options,
                                          [&](ingest::Batch&& chunk) {
                                            Status s = (*load)->Add(std::move(chunk));
                                            store_failed = store_failed || !s.ok();
                                            return s;
                                          });
      });
      if (!read.ok()) return store_failed ? store_error(read.status()) : read.status();
      totals = std::move(read).value();
      read_seconds = seconds_since_start();
      RETURN_IF_ERROR(check_counts(totals));
      auto finished = (*load)->Finish();
      if (!finished.ok()) return store_error(finished.status());
      outcome = std::move(finished).value();  // nullopt: keys repeat, nothing committed
      if (outcome) streamed_stats = (*load)->stats();
    }
  }
  if (!outcome) {
    auto read = with_progress([&] { return ingest::ReadSource(source, catalog_.workspace, read_options); });
    if (!read.ok()) return read.status();
    batch = std::move(read).value();
    read_seconds = seconds_since_start();
    totals = ingest::ReadTotals::TakeFrom(batch);
    RETURN_IF_ERROR(check_counts(totals));
    auto committed = store_->Commit(source, batch, now, DayOf());
    if (!committed.ok()) return store_error(committed.status());
    outcome = std::move(committed).value();
  }
  out.rows_read = totals.rows_read;
  out.rows_stored = totals.rows;
  out.rows_rejected = static_cast<int64_t>(totals.rejected.size());
  out.outcome = *outcome;
  out.bytes_read = totals.bytes_read;
  out.read_seconds = read_seconds;
  out.elapsed_seconds = seconds_since_start();
  for (size_t i = 0; i < totals.rejected.size() && i < kInlineRejects; ++i)
    out.first_rejects.push_back(totals.rejected[i]);

  if (out.rows_rejected > 0) {
    auto written = WriteRejectFile(store_dir_.parent_path() / "rejects", source.id, now, totals.rejected);
    if (!written.ok()) return written.status().WithContext(source.id + ": rows committed, but");
    out.reject_file = *written;
  }

  // Data quality of this commit.
  const auto quality_start = std::chrono::steady_clock::now();
  Result<store::SourceStats> after =
      streamed_stats ? Result<store::SourceStats>(*streamed_stats) : store_->Stats(source.id, DayOf());
  if (!after.ok()) return after.status().WithContext("store");
  std::shared_ptr<const store::Table> edit_log;
  if (outcome->updated > 0) {
    auto log = store_->EditLog(source.id);
    if (log.ok()) edit_log = *log;
  }
  auto previous = quality::LoadIngestState(store_dir_.string(), source.id);
  quality::IngestFacts facts;
  facts.source = &source;
  facts.batch = &batch;  // only read when the commit counted duplicates
  facts.outcome = &*outcome;
  facts.before = before;
  facts.after = &*after;
  facts.edit_log = edit_log.get();
  if (last_computed_day && before && before->newest_time) {
    // A computed week or month may reach past the data it was computed from.
    last_computed_day = std::min(*last_computed_day, time::LocalDay(*before->newest_time, zone_));
  }
  facts.last_computed_day = last_computed_day;
  if (input_columns.ok()) facts.input_columns = *input_columns;
  if (previous.ok()) facts.previous_columns = previous->columns;
  out.quality = quality::AnalyzeIngest(facts, zone_, now, request_.quality);
  out.quality_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - quality_start).count();

  quality::IngestState state;
  state.columns =
      facts.input_columns ? facts.input_columns : (previous.ok() ? previous->columns : std::nullopt);
  state.ingested_at = time::FormatIso(now, nullptr);
  state.input = out.input;
  state.rows_read = totals.rows_read;
  state.rows_rejected = out.rows_rejected;
  state.reject_file = out.reject_file;
  for (const auto& f : out.quality.findings) {
    if (quality::IsBatchFinding(f.kind)) state.batch_findings.push_back(f);
  }
  if (Status s = quality::SaveIngestState(store_dir_.string(), source.id, state); !s.ok()) {
    out.quality.notes.push_back("could not remember this ingest for the next drift check: " + s.message());
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<const catalog::SourceDef*>> Workspace::SelectSources(const std::string& source,
                                                                        const std::string& file) const {
  const catalog::Workspace& ws = catalog_.workspace;
  if (!file.empty() && source.empty()) {
    return Status::InvalidArgument("--file needs a SOURCE: the file is read as a batch of that source");
  }
  std::vector<const catalog::SourceDef*> sources;
  if (!source.empty()) {
    const catalog::SourceDef* s = ws.FindSource(source);
    if (s == nullptr) {
      std::vector<std::string> ids;
      ids.reserve(ws.sources.size());
      for (const auto& src : ws.sources) ids.push_back(src.id);
      return Status::NotFound("no source '" + source + "' in northstar.yaml" + DidYouMean(source, ids) +
                              " (sources: " + Join(ids, ", ") + ")");
    }
    sources.push_back(s);
  } else {
    for (const auto& s : ws.sources) sources.push_back(&s);
  }
  if (sources.empty()) {
    return Status::InvalidArgument("northstar.yaml declares no sources: add one under `sources:`");
  }
  return sources;
}

Status Workspace::WorkspaceFileErrors() const {
  // Catalog (KPI) errors do not stop an ingest; a broken northstar.yaml does.
  for (const Diagnostic& d : load_diagnostics_.items()) {
    if (d.severity == Severity::kError && d.where.file == "northstar.yaml") {
      return Status::InvalidArgument("northstar.yaml has errors")
          .WithHint("fix them first; `northstar check` lists every problem");
    }
  }
  return Status::Ok();
}

Result<IngestReport> Workspace::Ingest(const IngestRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(WorkspaceFileErrors());
  const catalog::Workspace& ws = catalog_.workspace;
  auto zone = time::ZoneConverter::Create(ws.timezone);
  if (!zone.ok()) return zone.status().WithContext("workspace time zone");
  ASSIGN_OR_RETURN(auto sources, SelectSources(request.source, request.file));
  const fs::path store_dir = (fs::path(ws.root_dir) / ws.store_dir).lexically_normal();
  SourceIngester ingester(catalog_, env_, request, *zone, store_dir);
  const auto last_computed = LastComputedDays(catalog_, env_.results_vfs);
  IngestReport report;
  report.sources.resize(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    std::optional<int32_t> computed;
    if (auto it = last_computed.find(sources[i]->id); it != last_computed.end()) computed = it->second;
    ingester.Run(*sources[i], computed, report.sources[i]);
  }
  return report;
}

Result<StoreReport> Workspace::StoreState(const IngestRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(WorkspaceFileErrors());
  const catalog::Workspace& ws = catalog_.workspace;
  auto zone = time::ZoneConverter::Create(ws.timezone);
  if (!zone.ok()) return zone.status().WithContext("workspace time zone");
  ASSIGN_OR_RETURN(auto sources, SelectSources(request.source, request.file));
  const fs::path store_dir = (fs::path(ws.root_dir) / ws.store_dir).lexically_normal();
  if (!fs::exists(store_dir)) {
    return Status::NotFound("no store yet at " + fs::proximate(store_dir).string() +
                            ": run `northstar ingest` first");
  }
  store::StoreOptions options;
  options.file_system = env_.file_system;
  auto opened = store::Store::Open(store_dir.string(), options);
  if (!opened.ok()) return opened.status().WithContext("store");
  std::unique_ptr<store::Store> store = std::move(opened).value();
  auto listed = store->Sources();
  if (!listed.ok()) return listed.status().WithContext("store");
  const std::vector<std::string>& stored = *listed;
  const time::Micros now = env_.clock->Now();
  auto day_of = [z = *zone](int64_t utc) { return time::LocalDay(utc, z); };
  StoreReport report;
  for (const catalog::SourceDef* source : sources) {
    StoredSource& out = report.sources.emplace_back();
    out.source = source->id;
    if (std::find(stored.begin(), stored.end(), source->id) == stored.end()) continue;
    out.ingested = true;
    auto stats = store->Stats(source->id, day_of);
    if (!stats.ok()) return stats.status().WithContext("store");
    auto state = quality::LoadIngestState(store_dir.string(), source->id);
    std::vector<quality::Finding> last;
    if (state.ok()) last = state->batch_findings;
    out.quality =
        quality::AnalyzeStored(source->id, !source->time.empty(), *stats, last, now, request.quality);
    if (!state.ok() && state.status().code() != StatusCode::kNotFound)
      out.quality.notes.push_back(state.status().message());
    out.edits = static_cast<int64_t>(stats->edits);
    out.batches = stats->batches;
    if (state.ok()) out.last_ingest = *state;
  }
  return report;
}

}  // namespace northstar::service
