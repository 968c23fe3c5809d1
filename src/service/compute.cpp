#include "service/compute.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "engine/coverage.h"
#include "engine/output.h"
#include "engine/plan.h"
#include "engine/refresh.h"
#include "engine/workspace_input.h"
#include "formula/definition_identity.h"
#include "results/results_db.h"
#include "service/workspace.h"
#include "store/store.h"
#include "time/period.h"

namespace northstar::service {
namespace {

// Wall-clock and CPU time of each phase of one compute.
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
  std::vector<Phase> Take() { return std::move(phases_); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::clock_t last_cpu_ = std::clock();
  std::vector<Phase> phases_;
};

// Bumped whenever a change to the engine can change computed values: results recorded
// by another revision are then recomputed in full, never refreshed.
constexpr const char* kEngineRevision = "engine-3";

// The identity definition versions had before formula::DefinitionHash (it also counted
// frequency and segments, and used a mistyped FNV offset basis). A results database
// written then is re-keyed on its next compute, so no KPI gains a version by the upgrade.
// Which values a measure produces besides its definition: its finest grain and its
// segment dimensions ("frequency day segments channel region").
std::string MeasureShape(const catalog::MeasureDef& def) {
  std::string shape = "frequency " + std::string(catalog::GrainName(def.frequency)) + " segments";
  for (const std::string& s : def.segments) shape += " " + s;
  return shape;
}

std::string LegacyDefinitionHash(const formula::CompiledMeasure& m) {
  std::string d = "source: " + m.def->source + "\nformula: " + engine::Signature(*m.formula) + "\n";
  if (m.filter) d += "filter: " + engine::Signature(*m.filter) + "\n";
  d += "frequency: " + std::string(catalog::GrainName(m.def->frequency)) + "\nsegments:";
  for (const auto& s : m.def->segments) d += " " + s;
  d += "\n";
  return formula::Fnv1aHex(d, 1469598103934665603ull);  // one digit short of FNV's basis
}

}  // namespace

Status WriteValues(results::ResultsDb& db, const engine::Plan& plan,
                   const std::vector<engine::ComputedValue>& values, const std::string& now,
                   const std::string& reason) {
  std::map<std::string, std::vector<results::ValueRow>> rows_by_kpi;
  for (const auto& v : values)
    rows_by_kpi[v.kpi].push_back({v.kpi, v.grain, v.PeriodText(), v.segment, v.value, v.rows});
  for (const auto& m : plan.measures) {
    const catalog::MeasureDef& def = *m.measure->def;
    const std::string text = formula::CanonicalDefinition(def, m.measure);
    ASSIGN_OR_RETURN(auto version, db.EnsureVersion(def.id, formula::Fnv1aHex(text), text, def.change_reason,
                                                    now, LegacyDefinitionHash(*m.measure)));
    // Values a former shape produced go when the shape changes (not on every refresh).
    const std::string shape = std::to_string(version) + " " + MeasureShape(def);
    ASSIGN_OR_RETURN(auto recorded, db.GetMeta("shape." + def.id));
    if (recorded != shape) {
      RETURN_IF_ERROR(db.DropValuesOutside(def.id, version, def.frequency, def.segments).status());
      RETURN_IF_ERROR(db.SetMeta("shape." + def.id, shape));
    }
    RETURN_IF_ERROR(db.Write(version, rows_by_kpi[def.id], now, reason).status());
  }
  return Status::Ok();
}

std::vector<engine::ComputedValue> FilterForOutput(std::vector<engine::ComputedValue> values,
                                                   const ComputeRequest& request) {
  std::vector<engine::ComputedValue> out;
  for (auto& v : values) {
    if (request.grain && !v.all && v.grain != *request.grain) continue;
    if (!request.segment.empty() && v.segment != "*" && v.segment.rfind(request.segment + "=", 0) != 0)
      continue;
    if (!v.all && request.from && time::LastDay(v.period) < time::FirstDay(*request.from)) continue;
    if (!v.all && request.to && time::FirstDay(v.period) > time::LastDay(*request.to)) continue;
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

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

}  // namespace

std::string DescribeRefresh(const RefreshSummary& r) {
  switch (r.kind) {
    case RefreshSummary::Kind::kUnchanged: return "nothing changed since the last compute";
    case RefreshSummary::Kind::kRefresh:
      return std::to_string(r.changed_days) + (r.changed_days == 1 ? " day" : " days") + " changed (" +
             time::PeriodLabel({catalog::Grain::kDay, r.first_day}) + " .. " +
             time::PeriodLabel({catalog::Grain::kDay, r.last_day}) + "); " +
             std::to_string(r.values_recomputed) + (r.values_recomputed == 1 ? " value" : " values") +
             " recomputed from " + std::to_string(r.rows_read) + " of " + std::to_string(r.rows_stored) +
             " rows";
    case RefreshSummary::Kind::kFull: break;
  }
  return "full compute (" + r.why_full + ")";
}

Result<std::unique_ptr<store::Store>> Workspace::OpenStore() const {
  const std::filesystem::path store_dir =
      std::filesystem::path(catalog_.workspace.root_dir) / catalog_.workspace.store_dir;
  if (!std::filesystem::exists(store_dir)) return std::unique_ptr<store::Store>();
  store::StoreOptions options;
  options.file_system = env_.file_system;
  auto opened = store::Store::Open(store_dir.string(), options);
  if (!opened.ok()) return opened.status().WithContext("store");
  return std::move(opened).value();
}

Result<ComputeReport> Workspace::Compute(const ComputeRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(CatalogErrors());
  if (!request.engine.empty() && request.engine != "native") return ComputeOnEngine(request);
  PhaseTimer timer;
  const catalog::Catalog& catalog = catalog_;
  const formula::CompiledCatalog& compiled = compiled_;
  const std::optional<catalog::Grain>& grain = request.grain;
  // Sources every selected measure reads.
  ASSIGN_OR_RETURN(auto plan, engine::BuildPlan(catalog, compiled, request.kpis));
  std::set<std::string> source_ids;
  for (const auto& m : plan.measures) source_ids.insert(m.sources_read.begin(), m.sources_read.end());

  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenStore());
  const std::filesystem::path root(catalog.workspace.root_dir);
  timer.Mark("catalog");
  const auto columns = engine::ColumnsRead(plan, catalog.workspace);
  // Store columns are decoded only once it is clear something must be computed.
  ASSIGN_OR_RETURN(auto input,
                   engine::LoadSources(catalog, {source_ids.begin(), source_ids.end()}, store.get()));
  timer.Mark("read");
  // A results database that cannot be written is an error even when no value is new:
  // without the record of what was seen the next compute cannot tell what changed.
  auto results_error = [](const Status& s) {
    Status out = s.WithContext("results");
    return s.code() == StatusCode::kIOError ? out.WithHint("make the file writable, or run with --no-write")
                                            : out;
  };
  std::unique_ptr<results::ResultsDb> db;
  if (request.write) {
    auto opened = results::ResultsDb::Open((root / catalog.workspace.results_db).string(), env_.results_vfs);
    if (!opened.ok()) return results_error(opened.status());
    db = std::move(opened).value();
  }
  // Incremental refresh: only the periods whose rows changed since the last compute.
  // The configuration a refresh must match: the selected definitions and grain, the
  // workspace file (time zone, calendars, sources' time columns change every period)
  // and the engine's revision (how values are computed).
  std::string config =
      std::string(kEngineRevision) + "\n" + (grain ? catalog::GrainName(*grain) : std::string()) + "\n";
  {
    std::ifstream workspace_file(root / "northstar.yaml", std::ios::binary);
    config += std::string(std::istreambuf_iterator<char>(workspace_file), {}) + "\n";
  }
  for (const auto& m : plan.measures) {
    const catalog::MeasureDef& def = *m.measure->def;
    config += formula::CanonicalDefinition(def, m.measure) + "\n" + MeasureShape(def) + "\n";
  }
  config = formula::Fnv1aHex(config);
  engine::RefreshDecision decision;
  decision.why_full = request.full ? "--full" : "--no-write";
  if (db != nullptr) {
    auto meta = [&](const char* key) -> std::optional<std::string> {
      auto v = db->GetMeta(key);
      return v.ok() ? *v : std::nullopt;
    };
    // Each configuration (selected measures' definitions and grain) keeps its own
    // record, so alternating between e.g. `--grain week` and all grains stays incremental.
    ASSIGN_OR_RETURN(
        decision, engine::DecideRefresh(catalog, compiled, plan,
                                        grain ? std::vector{*grain} : std::vector<catalog::Grain>{},
                                        store.get(), input->tables, meta(("engine.seen." + config).c_str()),
                                        meta(("engine.shape." + config).c_str())));
    if (request.full) {
      decision.unchanged = false;
      decision.refresh.reset();
      decision.why_full = "--full";
    }
  }
  timer.Mark("plan");
  engine::ComputeOptions options;  // the measures are the plan's
  options.threads = env_.threads;
  if (grain) options.grains = {*grain};  // values of other grains are neither computed nor written
  engine::DataShape shape;
  bool full_needed = false;
  if (db != nullptr) options.shape = &shape;  // only recorded with the results
  options.full_needed = &full_needed;
  options.refresh = decision.refresh;
  std::vector<engine::ComputedValue> values;
  if (!decision.unchanged) {
    if (options.refresh) engine::UseTables(*input, decision.read);
    // Store sources are streamed segment by segment, except those snapshot aggregates
    // read (all rows once per period).
    std::set<std::string> whole;
    for (const auto& scan : plan.scans) {
      if (scan.snapshot) whole.insert(scan.source_id);
    }
    Status decoded = engine::StreamStoreColumns(catalog, *input, columns, whole);
    timer.Mark("decode");
    auto computed = decoded.ok() ? engine::Compute(catalog, compiled, plan, input->input, options)
                                 : Result<std::vector<engine::ComputedValue>>(decoded);
    if (computed.ok() && full_needed) {  // a refresh read a segment value its shape lacks
      decision.why_full = "segment values changed";
      options.refresh.reset();
      auto reloaded = engine::LoadSources(catalog, {source_ids.begin(), source_ids.end()}, store.get());
      if (reloaded.ok()) {
        input = std::move(reloaded).value();
        decoded = engine::StreamStoreColumns(catalog, *input, columns, whole);
      } else {
        decoded = reloaded.status();
      }
      computed = decoded.ok() ? engine::Compute(catalog, compiled, plan, input->input, options)
                              : Result<std::vector<engine::ComputedValue>>(decoded);
    }
    // The time range of each segment read, so the next refresh can skip it.
    for (const auto& table : (computed.ok() ? input->tables : decltype(input->tables){})) {
      auto seen = decision.now.find(table->source());
      const catalog::SourceDef* def = catalog.workspace.FindSource(table->source());
      if (seen == decision.now.end() || def == nullptr) continue;
      auto times = input->part_times.find(table->source());
      if (times != input->part_times.end()) {
        engine::AddPartRanges(*table, *times->second, seen->second);
      } else if (Status st = engine::AddSegmentRanges(*def, *table, seen->second); !st.ok()) {
        computed = st;
      }
    }
    if (!computed.ok()) return computed.status();
    values = std::move(computed).value();
  }
  const bool partial = decision.unchanged || options.refresh.has_value();
  ComputeReport report;
  report.notes = input->notes;
  RefreshSummary& refresh = report.refresh;
  if (decision.unchanged) {
    refresh.kind = RefreshSummary::Kind::kUnchanged;
  } else if (partial) {
    refresh.kind = RefreshSummary::Kind::kRefresh;
    refresh.changed_days = options.refresh->days.size();
    refresh.first_day = options.refresh->days.front();
    refresh.last_day = options.refresh->days.back();
    refresh.values_recomputed = values.size();
    for (const auto& [id, table] : input->input.sources) refresh.rows_read += table.rows;
    for (const auto& [id, rows] : input->store_rows) refresh.rows_stored += rows;
  } else {
    refresh.why_full = decision.why_full;
  }

  timer.Mark("compute");
  if (db != nullptr) {
    const std::string now = time::FormatIso(env_.clock->Now(), nullptr);
    const std::string versions = StoreVersionsText(input->store_versions);
    auto seen = db->GetMeta("engine.store_versions");
    const bool store_changed = seen.ok() && seen->has_value() && **seen != versions;
    const std::string reason = store_changed ? "recomputed after ingest" : "recomputed";
    // Versions, values and the record of what was seen go in as one transaction.
    auto write = [&]() -> Status {
      RETURN_IF_ERROR(WriteValues(*db, plan, values, now, reason));
      // The days each measure's data covers, so the judge can tell complete periods.
      if (!decision.unchanged) {
        for (const auto& [kpi, span] : engine::MeasureSpans(catalog, plan, *input, decision.now)) {
          RETURN_IF_ERROR(db->SetCoverage(kpi, span));
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
        RETURN_IF_ERROR(db->SetMeta(key, value).WithContext("cannot write " + catalog.workspace.results_db));
      }
      return Status::Ok();
    };
    if (Status st = db->Begin(); !st.ok()) return results_error(st);
    if (Status st = write(); !st.ok()) {
      db->Rollback();
      return results_error(st);
    }
    if (Status st = db->Commit(); !st.ok()) return results_error(st);
    if (partial) {  // every value, the unchanged ones from the results database
      auto stored = StoredValues(*db, plan);
      if (!stored.ok()) return results_error(stored.status());
      values = std::move(stored).value();
    }
  }

  timer.Mark("write");
  report.values = FilterForOutput(std::move(values), request);
  report.phases = timer.Take();
  return report;
}

}  // namespace northstar::service
