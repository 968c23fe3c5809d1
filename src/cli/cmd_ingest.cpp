// `northstar ingest [SOURCE] [--file PATH]`: reads each source (or the named one, or a
// batch file for it) and commits its rows to the workspace's store, then prints per
// source the identity `rows read = stored + rejected`, what the commit did, the periods
// it touched, speed, where the rejected rows went, and the data-quality report (SPEC §7).
// `--report` prints the data-quality report of the stored state without ingesting.
//
// Exit codes (docs/errors.md): 0 when every source was read and committed, even with
// rejected rows (they are reported and kept in a reject file, never fatal). When a source
// cannot be read as a whole (missing file: not_found; missing column: invalid_input;
// unreadable database: io_error) or the store fails (locked: conflict; damaged:
// damaged_store), that source commits nothing, the others still do, and the exit code is
// the kind of the first source that failed. --file without SOURCE is a usage error; an
// unknown SOURCE is not_found.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "catalog/loader.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "common/json_text.h"
#include "common/text.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "quality/analyze.h"
#include "quality/ingest_state.h"
#include "quality/input_columns.h"
#include "quality/report_format.h"
#include "results/results_db.h"
#include "store/first_load.h"
#include "store/store.h"
#include "time/clock.h"
#include "time/period.h"

namespace northstar::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCommand = "ingest";
constexpr size_t kInlineRejects = 5;  // reasons printed inline; the rest are in the reject file

struct IngestFlags {
  std::string source;
  std::string file;
  bool report = false;
  std::string format = "text";
  double stale_after_days = 2;
};

std::string Fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

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
std::map<std::string, int32_t> LastComputedDays(const catalog::Catalog& catalog) {
  std::map<std::string, int32_t> out;
  const fs::path path = fs::path(catalog.workspace.root_dir) / catalog.workspace.results_db;
  if (!fs::exists(path)) return out;
  auto db = results::ResultsDb::Open(path.string());
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

std::string DayRangeText(const std::vector<int32_t>& days) {
  if (days.empty()) return "none";
  std::string out = std::to_string(days.size()) + (days.size() == 1 ? " day " : " days ") +
                    time::FormatLocalDate(days.front());
  if (days.size() > 1) out += ".." + time::FormatLocalDate(days.back());
  const time::PeriodKey w0 = time::PeriodOfDay(days.front(), catalog::Grain::kWeek);
  const time::PeriodKey w1 = time::PeriodOfDay(days.back(), catalog::Grain::kWeek);
  out += " (weeks " + time::PeriodLabel(w0) + (w0 == w1 ? "" : ".." + time::PeriodLabel(w1)) + ")";
  return out;
}

class IngestCommand {
 public:
  IngestCommand(const GlobalOptions& global, const IngestFlags& flags) : global_(global), flags_(flags) {
    options_.stale_after = static_cast<time::Micros>(flags.stale_after_days * time::kMicrosPerDay);
  }

  int Run() {
    Diagnostics diags;
    auto loaded = catalog::LoadWorkspace(global_.workspace, diags);
    if (!loaded.ok()) return Fail(loaded.status());
    bool workspace_errors = false;
    for (const auto& d : diags.items()) {
      // Catalog (KPI) errors do not stop an ingest; a broken northstar.yaml does.
      if (d.severity == Severity::kError && d.where.file == "northstar.yaml") {
        std::cerr << d.ToString() << "\n";
        workspace_errors = true;
      }
    }
    if (workspace_errors) {
      return Fail(Status::InvalidArgument("northstar.yaml has errors, listed above"),
                  "fix them first; `northstar check` lists every problem");
    }
    catalog_ = std::move(loaded).value();
    const catalog::Workspace& ws = catalog_.workspace;
    auto zone = time::ZoneConverter::Create(ws.timezone);
    if (!zone.ok()) return Fail(zone.status().WithContext("workspace time zone"));
    zone_ = *zone;
    store_dir_ = (fs::path(ws.root_dir) / ws.store_dir).lexically_normal();

    std::vector<const catalog::SourceDef*> sources;
    if (!flags_.file.empty() && flags_.source.empty()) {
      return ReportError(kCommand, ErrorKind::kUsage,
                         "--file needs a SOURCE: the file is read as a batch of that source");
    }
    if (!flags_.source.empty()) {
      const catalog::SourceDef* s = ws.FindSource(flags_.source);
      if (s == nullptr) {
        std::vector<std::string> ids;
        for (const auto& src : ws.sources) ids.push_back(src.id);
        return Fail(Status::NotFound("no source '" + flags_.source + "' in northstar.yaml" +
                                     DidYouMean(flags_.source, ids) + " (sources: " + Join(ids, ", ") + ")"));
      }
      sources.push_back(s);
    } else {
      for (const auto& s : ws.sources) sources.push_back(&s);
    }
    if (sources.empty()) {
      return Fail(Status::InvalidArgument("northstar.yaml declares no sources: add one under `sources:`"));
    }
    return flags_.report ? Report(sources) : Ingest(sources);
  }

 private:
  static int Fail(const Status& status, std::string_view hint = {}) {
    return ReportError(kCommand, status, hint);
  }

  time::Micros Now() const { return clock_.Now(); }
  store::DayOfFn DayOf() const {
    return [zone = zone_](int64_t utc) { return time::LocalDay(utc, zone); };
  }

  Status OpenStore() {
    if (store_) return Status::Ok();
    ASSIGN_OR_RETURN(store_, store::Store::Open(store_dir_.string()));
    return Status::Ok();
  }

  int Ingest(const std::vector<const catalog::SourceDef*>& sources) {
    const auto last_computed = LastComputedDays(catalog_);
    nlohmann::json out = {{"sources", nlohmann::json::array()}};
    int exit_code = kExitOk;
    for (const catalog::SourceDef* source : sources) {
      std::optional<int32_t> computed;
      if (auto it = last_computed.find(source->id); it != last_computed.end()) computed = it->second;
      nlohmann::json result;
      const int code = IngestOne(*source, computed, result);
      if (exit_code == kExitOk) exit_code = code;  // the first failed source's kind
      out["sources"].push_back(std::move(result));
    }
    if (flags_.format == "json") std::cout << JsonText(out, 2) << "\n";
    return exit_code;
  }

  int IngestOne(const catalog::SourceDef& source, std::optional<int32_t> last_computed_day,
                nlohmann::json& json) {
    json = {{"source", source.id}};
    ingest::ReadOptions read_options;
    if (!flags_.file.empty()) read_options.file = flags_.file;
    const std::string input =
        ingest::MakeSourceContext(source, catalog_.workspace, read_options).display_path;
    json["input"] = input;
    auto error = [&](const Status& status) {
      json["error"] = status.message();
      return Fail(status);
    };

    // The input's columns, before reading, for the schema-drift check.
    auto input_columns = quality::ReadInputColumns(source, catalog_.workspace, read_options);

    const auto start = std::chrono::steady_clock::now();
    if (Status s = OpenStore(); !s.ok()) return error(s.WithContext("store"));
    std::optional<store::SourceStats> before;
    {
      auto sources = store_->Sources();
      if (!sources.ok()) return error(sources.status().WithContext("store"));
      if (std::find(sources->begin(), sources->end(), source.id) != sources->end()) {
        auto stats = store_->Stats(source.id, DayOf());
        if (!stats.ok()) return error(stats.status().WithContext("store"));
        before = std::move(stats).value();
      }
    }
    const time::Micros now = Now();
    // Runs read() with a progress line for this source on stderr.
    auto with_progress = [&](auto read) {
      ProgressLine progress(source.id, ProgressLine::IsInteractive(stderr));
      read_options.progress = [&progress](int64_t done, int64_t total, int64_t rows) {
        progress.Update(done, total, rows);
      };
      auto result = read();
      read_options.progress = nullptr;  // `progress` ends here
      return result;
    };
    auto seconds_since_start = [&start] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    auto check_counts = [&](const ingest::ReadTotals& t) -> std::optional<Status> {
      const int64_t rejected = static_cast<int64_t>(t.rejected.size());
      if (t.rows_read == t.rows + rejected) return std::nullopt;
      return Status::Internal(source.id + ": rows read " + std::to_string(t.rows_read) + " != stored " +
                              std::to_string(t.rows) + " + rejected " + std::to_string(rejected) +
                              "; nothing committed");
    };
    // "SOURCE: store: ...; nothing committed"
    auto store_error = [&](const Status& s) {
      return error(Status(s.code(), source.id + ": store: " + s.message() + "; nothing committed"));
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
        if (!read.ok()) {
          if (store_failed) return store_error(read.status());
          return error(read.status());
        }
        totals = std::move(read).value();
        read_seconds = seconds_since_start();
        if (auto wrong = check_counts(totals)) return error(*wrong);
        auto finished = (*load)->Finish();
        if (!finished.ok()) return store_error(finished.status());
        outcome = std::move(finished).value();  // nullopt: keys repeat, nothing committed
        if (outcome) streamed_stats = (*load)->stats();
      }
    }
    if (!outcome) {
      auto read = with_progress([&] { return ingest::ReadSource(source, catalog_.workspace, read_options); });
      if (!read.ok()) return error(read.status());
      batch = std::move(read).value();
      read_seconds = seconds_since_start();
      totals = ingest::ReadTotals::TakeFrom(batch);
      if (auto wrong = check_counts(totals)) return error(*wrong);
      auto committed = store_->Commit(source, batch, now, DayOf());
      if (!committed.ok()) return store_error(committed.status());
      outcome = std::move(committed).value();
    }
    const int64_t stored = totals.rows;
    const int64_t rejected = static_cast<int64_t>(totals.rejected.size());
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::string reject_file;
    if (rejected > 0) {
      auto written = WriteRejectFile(store_dir_.parent_path() / "rejects", source.id, now, totals.rejected);
      if (!written.ok()) return error(written.status().WithContext(source.id + ": rows committed, but"));
      reject_file = *written;
    }

    // Data quality of this commit.
    const auto quality_start = std::chrono::steady_clock::now();
    Result<store::SourceStats> after =
        streamed_stats ? Result<store::SourceStats>(*streamed_stats) : store_->Stats(source.id, DayOf());
    if (!after.ok()) return error(after.status().WithContext("store"));
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
    quality::SourceQuality quality = quality::AnalyzeIngest(facts, zone_, now, options_);
    const double quality_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - quality_start).count();

    quality::IngestState state;
    state.columns =
        facts.input_columns ? facts.input_columns : (previous.ok() ? previous->columns : std::nullopt);
    state.ingested_at = time::FormatIso(now, nullptr);
    state.input = input;
    state.rows_read = totals.rows_read;
    state.rows_rejected = rejected;
    state.reject_file = reject_file;
    for (const auto& f : quality.findings) {
      if (quality::IsBatchFinding(f.kind)) state.batch_findings.push_back(f);
    }
    if (Status s = quality::SaveIngestState(store_dir_.string(), source.id, state); !s.ok()) {
      quality.notes.push_back("could not remember this ingest for the next drift check: " + s.message());
    }

    const double mb = totals.bytes_read / 1e6;
    json.update({{"rows_read", totals.rows_read},
                 {"rows_stored", stored},
                 {"rows_rejected", rejected},
                 {"inserted", outcome->inserted},
                 {"edited", outcome->updated},
                 {"unchanged", outcome->unchanged},
                 {"duplicates_in_batch", outcome->duplicates_in_batch},
                 {"null_keys", outcome->null_keys},
                 {"rows_written", outcome->rows_stored},
                 {"batch_id", outcome->batch_id},
                 {"touched_days", outcome->touched_days.size()},
                 {"touched_null_time", outcome->touched_null_time},
                 {"elapsed_seconds", elapsed},
                 {"read_seconds", read_seconds},
                 {"commit_seconds", elapsed - read_seconds},
                 {"quality_seconds", quality_seconds},
                 {"bytes_read", totals.bytes_read},
                 {"mb_per_second", elapsed > 0 ? mb / elapsed : 0.0}});
    json["first_touched_day"] = outcome->touched_days.empty()
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json(time::FormatLocalDate(outcome->touched_days.front()));
    json["last_touched_day"] = outcome->touched_days.empty()
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(time::FormatLocalDate(outcome->touched_days.back()));
    json["reject_file"] = reject_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(reject_file);
    json["rejects"] = nlohmann::json::array();
    for (size_t i = 0; i < totals.rejected.size() && i < kInlineRejects; ++i) {
      const auto& r = totals.rejected[i];
      json["rejects"].push_back({{"line", r.line}, {"column", r.column}, {"reason", r.reason}});
    }
    json["quality"] = quality::SourceQualityToJson(quality);

    if (flags_.format == "json") return kExitOk;
    std::string text = source.id + " (" + input + ")\n";
    text += "  rows read " + std::to_string(totals.rows_read) + " = stored " + std::to_string(stored) +
            " + rejected " + std::to_string(rejected) + "\n";
    text += "  stored: " + std::to_string(outcome->inserted) + " inserted, " +
            std::to_string(outcome->updated) + " edited, " + std::to_string(outcome->unchanged) +
            " unchanged, " + std::to_string(outcome->duplicates_in_batch) +
            " duplicates in batch (last row of a key kept)\n";
    text += "  touched periods: " + DayRangeText(outcome->touched_days) +
            (outcome->touched_null_time ? " + rows without time" : "") + "\n";
    text += "  elapsed " + Fixed(elapsed, 2) + " s (read " + Fixed(read_seconds, 2) + " s, commit " +
            Fixed(elapsed - read_seconds, 2) + " s), " + Fixed(elapsed > 0 ? mb / elapsed : 0, 1) +
            " MB/s (" + Fixed(mb, 1) + " MB read, " + Fixed(elapsed > 0 ? totals.rows_read / elapsed : 0, 0) +
            " rows/s)\n";
    if (rejected > 0) {
      text += "  rejected " + std::to_string(rejected) + (rejected == 1 ? " row" : " rows") +
              ", written to " + reject_file + "\n";
      for (size_t i = 0; i < totals.rejected.size() && i < kInlineRejects; ++i) {
        const auto& r = totals.rejected[i];
        text += "    line " + std::to_string(r.line) + (r.column.empty() ? "" : ", " + r.column) + ": " +
                r.reason + "\n";
      }
      if (totals.rejected.size() > kInlineRejects) {
        text += "    ... and " + std::to_string(totals.rejected.size() - kInlineRejects) +
                " more in the reject file\n";
      }
    }
    text += "  data quality:\n" + quality::FormatQualityText(quality, "    ");
    std::cout << text << std::flush;
    return kExitOk;
  }

  int Report(const std::vector<const catalog::SourceDef*>& sources) {
    if (!fs::exists(store_dir_)) {
      return Fail(Status::NotFound("no store yet at " + fs::proximate(store_dir_).string() +
                                   ": run `northstar ingest` first"));
    }
    if (Status s = OpenStore(); !s.ok()) return Fail(s.WithContext("store"));
    auto stored = store_->Sources();
    if (!stored.ok()) return Fail(stored.status().WithContext("store"));
    nlohmann::json out = {{"sources", nlohmann::json::array()}};
    std::string text;
    const time::Micros now = Now();
    for (const catalog::SourceDef* source : sources) {
      if (std::find(stored->begin(), stored->end(), source->id) == stored->end()) {
        out["sources"].push_back({{"source", source->id}, {"rows", 0}, {"note", "never ingested"}});
        text += source->id + ": never ingested (run `northstar ingest " + source->id + "`)\n";
        continue;
      }
      auto stats = store_->Stats(source->id, DayOf());
      if (!stats.ok()) return Fail(stats.status().WithContext("store"));
      auto state = quality::LoadIngestState(store_dir_.string(), source->id);
      std::vector<quality::Finding> last;
      if (state.ok()) last = state->batch_findings;
      quality::SourceQuality q =
          quality::AnalyzeStored(source->id, !source->time.empty(), *stats, last, now, options_);
      if (!state.ok() && state.status().code() != StatusCode::kNotFound)
        q.notes.push_back(state.status().message());
      nlohmann::json j = quality::SourceQualityToJson(q);
      j["edits_total"] = stats->edits;
      j["batches"] = stats->batches;
      if (state.ok()) {
        j["last_ingest"] = {{"at", state->ingested_at},
                            {"input", state->input},
                            {"rows_read", state->rows_read},
                            {"rows_rejected", state->rows_rejected},
                            {"reject_file", state->reject_file}};
      }
      out["sources"].push_back(std::move(j));

      text += source->id + ": " + std::to_string(q.rows) + " rows";
      if (q.first_day)
        text += ", days " + time::FormatLocalDate(*q.first_day) + ".." + time::FormatLocalDate(*q.last_day);
      if (q.newest_time) text += ", newest " + time::FormatIso(*q.newest_time, nullptr);
      text +=
          ", " + std::to_string(stats->edits) + " edits in " + std::to_string(stats->batches) + " batches\n";
      if (state.ok()) {
        text += "  last ingest " + state->ingested_at + " from " + state->input + ": read " +
                std::to_string(state->rows_read) + ", rejected " + std::to_string(state->rows_rejected) +
                (state->reject_file.empty() ? "" : " (" + state->reject_file + ")") + "\n";
      }
      text += quality::FormatQualityText(q, "  ");
    }
    if (flags_.format == "json") {
      std::cout << JsonText(out, 2) << "\n";
    } else {
      std::cout << text;
    }
    return kExitOk;
  }

  const GlobalOptions& global_;
  const IngestFlags& flags_;
  quality::QualityOptions options_;
  catalog::Catalog catalog_;
  time::ZoneConverter zone_ = time::ZoneConverter::Utc();
  fs::path store_dir_;
  std::unique_ptr<store::Store> store_;
  time::SystemClock clock_;
};

}  // namespace

void RegisterIngest(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* sub =
      app.add_subcommand("ingest", "Load rows into the store; report rejected rows and data quality");
  AddWorkspaceOption(sub, global);
  sub->add_option("source", flags->source, "Only this source (default: every source in northstar.yaml)");
  sub->add_option("--file", flags->file, "Read this batch file for SOURCE instead of its `from:`");
  sub->add_flag("--report", flags->report, "Print the data-quality report of the store; ingest nothing");
  sub->add_option("--format", flags->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->add_option("--stale-after", flags->stale_after_days, "Warn when a source's newest row is older (days)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  Register(
      app, sub, [&global, flags] { return IngestCommand(global, *flags).Run(); }, exit_code);
}

}  // namespace northstar::cli
