// `northstar compute`: loads the catalog, compiles it, reads every source's rows (store
// snapshot, or the source's `from:` before the first ingest), computes every KPI and
// metric for every period and segment, records the values in the results database
// (one definition version per KPI, restatements for changed values) and prints them.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "catalog/loader.h"
#include "cli/command.h"
#include "engine/coverage.h"
#include "engine/engine.h"
#include "engine/output.h"
#include "engine/plan.h"
#include "engine/refresh.h"
#include "engine/workspace_input.h"
#include "formula/compiler.h"
#include "results/results_db.h"
#include "store/store.h"
#include "time/clock.h"
#include "time/period.h"

namespace northstar::cli {
namespace {

struct ComputeFlags {
  std::string format = "table";
  std::vector<std::string> kpis;
  std::string grain;
  std::string segment;
  std::string from, to;
  bool no_write = false;
  bool timings = false;
  bool full = false;
  bool explain_refresh = false;
};

// "N of M rows": the rows a refresh read of the rows in the store.
std::string RowsRead(const engine::LoadedInput& input) {
  uint64_t read = 0, all = 0;
  for (const auto& [id, table] : input.input.sources) read += table.rows;
  for (const auto& [id, rows] : input.store_rows) all += rows;
  return std::to_string(read) + " of " + std::to_string(all) + " rows";
}

// Wall-clock phases of one run, printed with --timings (to stderr, after the output).
class PhaseTimer {
 public:
  void Mark(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    const std::clock_t cpu = std::clock();
    phases_.push_back({phase, std::chrono::duration<double>(now - last_).count(),
                       static_cast<double>(cpu - last_cpu_) / CLOCKS_PER_SEC});
    last_ = now;
    last_cpu_ = cpu;
  }
  void Print() const {
    for (const auto& p : phases_)
      std::fprintf(stderr, "timing: %-8s %8.3f s wall %8.3f s cpu\n", p.name, p.wall, p.cpu);
  }

 private:
  struct Phase {
    const char* name;
    double wall, cpu;
  };
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::clock_t last_cpu_ = std::clock();
  std::vector<Phase> phases_;
};

// Bumped whenever a change to the engine can change computed values: results recorded
// by another revision are then recomputed in full, never refreshed.
constexpr const char* kEngineRevision = "engine-3";

// FNV-1a, stable across runs and platforms: definition versions are compared by it.
std::string StableHash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// What makes a KPI's values: source, filter, formula (bound, canonical), grain and segments.
std::string CanonicalDefinition(const formula::CompiledMeasure& m) {
  std::string d = "source: " + m.def->source + "\nformula: " + engine::Signature(*m.formula) + "\n";
  if (m.filter) d += "filter: " + engine::Signature(*m.filter) + "\n";
  d += "frequency: " + std::string(catalog::GrainName(m.def->frequency)) + "\nsegments:";
  for (const auto& s : m.def->segments) d += " " + s;
  return d + "\n";
}

// The latest stored values of the plan's measures, as the engine would return them.
Result<std::vector<engine::ComputedValue>> StoredValues(results::ResultsDb& db, const engine::Plan& plan) {
  std::set<std::string> ids;
  for (const auto& m : plan.measures) ids.insert(m.measure->def->id);
  ASSIGN_OR_RETURN(auto rows, db.LatestValues(/*ordered=*/false));  // sorted below
  std::vector<engine::ComputedValue> out;
  for (auto& r : rows) {
    if (!ids.count(r.kpi)) continue;
    engine::ComputedValue v;
    v.kpi = r.kpi;
    v.grain = r.grain;
    v.all = r.period == "all";
    if (!v.all) {
      ASSIGN_OR_RETURN(v.period, time::ParsePeriod(r.period));
    }
    v.segment = std::move(r.segment);
    v.value = r.value;
    v.rows = r.rows;
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), engine::OutputOrder);
  return out;
}

std::string StoreVersionsText(const std::map<std::string, uint64_t>& versions) {
  std::string out;
  for (const auto& [id, v] : versions) out += (out.empty() ? "" : ",") + id + ":" + std::to_string(v);
  return out;
}

constexpr std::string_view kCommand = "compute";

int RunCompute(const GlobalOptions& global, const ComputeFlags& flags) {
  auto fail = [](const Status& s) { return ReportError(kCommand, s); };
  PhaseTimer timer;
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspace(global.workspace, diags);
  if (!loaded.ok()) return fail(loaded.status());
  const catalog::Catalog& catalog = *loaded;
  formula::CompiledCatalog compiled = formula::CompileCatalog(catalog, diags);
  if (diags.has_errors()) {
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::kError) std::cerr << d.ToString() << "\n";
    }
    return ReportError(kCommand, ErrorKind::kInvalidInput,
                       "the catalog has " + std::to_string(diags.error_count()) + " error(s), listed above",
                       "fix them first; `northstar check` lists every problem");
  }
  std::optional<catalog::Grain> grain;
  if (!flags.grain.empty()) {
    grain = catalog::ParseGrain(flags.grain);
    if (!grain) {
      return ReportError(kCommand, ErrorKind::kUsage,
                         "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
    }
  }
  std::optional<time::PeriodKey> from, to;
  for (auto [name, text, out] :
       {std::tuple{"--from", &flags.from, &from}, std::tuple{"--to", &flags.to, &to}}) {
    if (text->empty()) continue;
    auto p = time::ParsePeriod(*text);
    if (!p.ok()) return ReportError(kCommand, ErrorKind::kUsage, name + (": " + p.status().message()));
    *out = *p;
  }
  // Sources every selected measure reads.
  auto plan = engine::BuildPlan(catalog, compiled, flags.kpis);
  if (!plan.ok()) return fail(plan.status());
  std::set<std::string> source_ids;
  for (const auto& m : plan->measures) source_ids.insert(m.sources_read.begin(), m.sources_read.end());

  std::unique_ptr<store::Store> store;
  const std::filesystem::path store_dir =
      std::filesystem::path(catalog.workspace.root_dir) / catalog.workspace.store_dir;
  if (std::filesystem::exists(store_dir)) {
    auto opened = store::Store::Open(store_dir.string());
    if (!opened.ok()) return fail(opened.status().WithContext("store"));
    store = std::move(opened).value();
  }
  timer.Mark("catalog");
  const auto columns = engine::ColumnsRead(*plan, catalog.workspace);
  // Store columns are decoded only once it is clear something must be computed.
  auto input = engine::LoadSources(catalog, {source_ids.begin(), source_ids.end()}, store.get());
  if (!input.ok()) return fail(input.status());
  timer.Mark("read");
  // A results database that cannot be written is an error even when no value is new:
  // without the record of what was seen the next compute cannot tell what changed.
  auto results_error = [](const Status& s) {
    return ReportError(
        kCommand, s.WithContext("results"),
        s.code() == StatusCode::kIOError ? "make the file writable, or run with --no-write" : "");
  };
  std::unique_ptr<results::ResultsDb> db;
  if (!flags.no_write) {
    auto opened = results::ResultsDb::Open(
        (std::filesystem::path(catalog.workspace.root_dir) / catalog.workspace.results_db).string());
    if (!opened.ok()) return results_error(opened.status());
    db = std::move(opened).value();
  }
  // Incremental refresh: only the periods whose rows changed since the last compute.
  // The configuration a refresh must match: the selected definitions and grain, the
  // workspace file (time zone, calendars, sources' time columns change every period)
  // and the engine's revision (how values are computed).
  std::string config = std::string(kEngineRevision) + "\n" + flags.grain + "\n";
  {
    std::ifstream workspace_file(std::filesystem::path(catalog.workspace.root_dir) / "northstar.yaml",
                                 std::ios::binary);
    config += std::string(std::istreambuf_iterator<char>(workspace_file), {}) + "\n";
  }
  for (const auto& m : plan->measures) config += CanonicalDefinition(*m.measure);
  config = StableHash(config);
  engine::RefreshDecision decision;
  decision.why_full = flags.full ? "--full" : "--no-write";
  if (db != nullptr) {
    auto meta = [&](const char* key) -> std::optional<std::string> {
      auto v = db->GetMeta(key);
      return v.ok() ? *v : std::nullopt;
    };
    // Each configuration (selected measures' definitions and grain) keeps its own
    // record, so alternating between e.g. `--grain week` and all grains stays incremental.
    auto decided = engine::DecideRefresh(
        catalog, compiled, *plan, grain ? std::vector{*grain} : std::vector<catalog::Grain>{}, store.get(),
        (*input)->tables, meta(("engine.seen." + config).c_str()), meta(("engine.shape." + config).c_str()));
    if (!decided.ok()) return fail(decided.status());
    decision = std::move(decided).value();
    if (flags.full) {
      decision.unchanged = false;
      decision.refresh.reset();
      decision.why_full = "--full";
    }
  }
  timer.Mark("plan");
  engine::ComputeOptions options;
  options.measures = flags.kpis;
  if (grain) options.grains = {*grain};  // values of other grains are neither computed nor written
  engine::DataShape shape;
  bool full_needed = false;
  if (db != nullptr) options.shape = &shape;  // only recorded with the results
  options.full_needed = &full_needed;
  options.refresh = decision.refresh;
  std::vector<engine::ComputedValue> values;
  if (!decision.unchanged) {
    if (options.refresh) engine::UseTables(**input, decision.read);
    // Store sources are streamed segment by segment, except those snapshot aggregates
    // read (all rows once per period).
    std::set<std::string> whole;
    for (const auto& scan : plan->scans) {
      if (scan.snapshot) whole.insert(scan.source_id);
    }
    Status decoded = engine::StreamStoreColumns(catalog, **input, columns, whole);
    timer.Mark("decode");
    auto computed = decoded.ok() ? engine::Compute(catalog, compiled, (*input)->input, options)
                                 : Result<std::vector<engine::ComputedValue>>(decoded);
    if (computed.ok() && full_needed) {  // a refresh read a segment value its shape lacks
      decision.why_full = "segment values changed";
      options.refresh.reset();
      input = engine::LoadSources(catalog, {source_ids.begin(), source_ids.end()}, store.get());
      decoded = input.ok() ? engine::StreamStoreColumns(catalog, **input, columns, whole) : input.status();
      computed = decoded.ok() ? engine::Compute(catalog, compiled, (*input)->input, options)
                              : Result<std::vector<engine::ComputedValue>>(decoded);
    }
    // The time range of each segment read, so the next refresh can skip it.
    for (const auto& table : (computed.ok() ? (*input)->tables : decltype((*input)->tables){})) {
      auto seen = decision.now.find(table->source());
      const catalog::SourceDef* def = catalog.workspace.FindSource(table->source());
      if (seen == decision.now.end() || def == nullptr) continue;
      auto times = (*input)->part_times.find(table->source());
      if (times != (*input)->part_times.end()) {
        engine::AddPartRanges(*table, *times->second, seen->second);
      } else if (Status st = engine::AddSegmentRanges(*def, *table, seen->second); !st.ok()) {
        computed = st;
      }
    }
    if (!computed.ok()) return fail(computed.status());
    values = std::move(computed).value();
  }
  const bool partial = decision.unchanged || options.refresh.has_value();
  if (flags.explain_refresh) {
    std::cerr << "refresh: "
              << (decision.unchanged ? std::string("nothing changed since the last compute")
                  : partial
                      ? std::to_string(options.refresh->days.size()) + " days changed (" +
                            time::PeriodLabel({catalog::Grain::kDay, options.refresh->days.front()}) +
                            " .. " + time::PeriodLabel({catalog::Grain::kDay, options.refresh->days.back()}) +
                            "); " + std::to_string(values.size()) + " values recomputed from " +
                            RowsRead(**input)
                      : "full compute (" + decision.why_full + ")")
              << "\n";
  }

  timer.Mark("compute");
  if (db != nullptr) {
    time::SystemClock clock;
    const std::string now = time::FormatIso(clock.Now(), nullptr);
    const std::string versions = StoreVersionsText((*input)->store_versions);
    auto seen = db->GetMeta("engine.store_versions");
    const bool store_changed = seen.ok() && seen->has_value() && **seen != versions;
    const std::string reason = store_changed ? "recomputed after ingest" : "recomputed";
    std::map<std::string, std::vector<results::ValueRow>> rows_by_kpi;
    for (const auto& v : values) {
      results::ValueRow row;
      row.kpi = v.kpi;
      row.grain = v.grain;
      row.period = v.PeriodText();
      row.segment = v.segment;
      row.value = v.value;
      row.rows = v.rows;
      rows_by_kpi[v.kpi].push_back(std::move(row));
    }
    // Versions, values and the record of what was seen go in as one transaction.
    if (Status st = db->Begin(); !st.ok()) return results_error(st);
    for (const auto& m : plan->measures) {
      const std::string def = CanonicalDefinition(*m.measure);
      auto version =
          db->EnsureVersion(m.measure->def->id, StableHash(def), def, m.measure->def->change_reason, now);
      if (!version.ok()) {
        db->Rollback();
        return results_error(version.status());
      }
      auto written = db->Write(*version, rows_by_kpi[m.measure->def->id], now, reason);
      if (!written.ok()) {
        db->Rollback();
        return results_error(written.status());
      }
    }
    // The days each measure's data covers, so the judge can tell complete periods.
    if (!decision.unchanged) {
      for (const auto& [kpi, span] : engine::MeasureSpans(catalog, *plan, **input, decision.now)) {
        if (Status st = db->SetCoverage(kpi, span); !st.ok()) {
          db->Rollback();
          return results_error(st);
        }
      }
    }
    // What this compute saw, written with the values: a compute killed before the
    // commit leaves nothing, and the next one redoes it.
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"engine.store_versions", versions},
          {"engine.seen." + config, engine::EncodeSeen(decision.now)},
          {"engine.shape." + config,
           engine::EncodeShape(options.refresh ? options.refresh->shape : shape)}}) {
      if (key.rfind("engine.shape.", 0) == 0 && decision.unchanged) continue;
      if (Status st = db->SetMeta(key, value); !st.ok()) {
        db->Rollback();
        return results_error(st.WithContext("cannot write " + catalog.workspace.results_db));
      }
    }
    if (Status st = db->Commit(); !st.ok()) return results_error(st);
    if (partial) {  // print every value, the unchanged ones from the results database
      auto stored = StoredValues(*db, *plan);
      if (!stored.ok()) return results_error(stored.status());
      values = std::move(stored).value();
    }
  }

  timer.Mark("write");
  // Output filters.
  std::vector<engine::ComputedValue> shown;
  for (auto& v : values) {
    if (grain && !v.all && v.grain != *grain) continue;
    if (!flags.segment.empty() && v.segment != "*" && v.segment.rfind(flags.segment + "=", 0) != 0) continue;
    if (!v.all && from && time::LastDay(v.period) < time::FirstDay(*from)) continue;
    if (!v.all && to && time::FirstDay(v.period) > time::LastDay(*to)) continue;
    shown.push_back(std::move(v));
  }
  if (flags.format == "csv") {
    std::cout << engine::FormatCsv(shown);
  } else if (flags.format == "json") {
    std::cout << engine::FormatJson(shown);
  } else {
    for (const auto& note : (*input)->notes) std::cerr << note << "\n";
    std::cout << engine::FormatTable(shown);
  }
  std::cout.flush();
  timer.Mark("output");
  if (flags.timings) timer.Print();
  return kExitOk;
}

}  // namespace

void RegisterCompute(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ComputeFlags>();
  CLI::App* sub = app.add_subcommand("compute", "Compute every KPI for every period and segment");
  AddWorkspaceOption(sub, global);
  sub->add_option("--format", flags->format, "Output: csv, json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}))
      ->capture_default_str();
  sub->add_option("--kpi", flags->kpis, "Only this KPI or metric (repeatable)");
  sub->add_option("--grain", flags->grain, "Only this grain: day, week, month, quarter, year");
  sub->add_option("--segment", flags->segment, "Only `*` and the values of this dimension");
  sub->add_option("--from", flags->from,
                  "First period to print (2026-03-05, 2026-W10, 2026-03, 2026-Q1, 2026)");
  sub->add_option("--to", flags->to, "Last period to print");
  sub->add_flag("--no-write", flags->no_write, "Do not record the values in the results database");
  sub->add_flag("--timings", flags->timings, "Print how long each phase took (to stderr)");
  sub->add_flag("--full", flags->full, "Recompute every period, not only those whose rows changed");
  sub->add_flag("--explain-refresh", flags->explain_refresh,
                "Say (to stderr) whether this was a full compute or a refresh of changed days, and why");
  Register(
      app, sub, [&global, flags] { return RunCompute(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
