#include "service/report_json.h"

#include "engine/output.h"
#include "judge/target.h"
#include "quality/report_format.h"
#include "time/period.h"

namespace northstar::service {
namespace {

nlohmann::json Nullable(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json CardJson(const KpiCard& c) {
  nlohmann::json k = {{"kpi", c.kpi}, {"name", c.name}, {"owner", c.owner}};
  if (c.latest) {
    const auto& j = c.latest->judged;
    k["grain"] = catalog::GrainName(c.grain);
    k["period"] = c.latest->label;
    k["value"] = Nullable(c.latest->input.value);
    k["target"] = j.target ? judge::FormatTarget(*j.target) : "";
    k["status"] = judge::KpiStatusName(j.status);
    if (j.limits)
      k["limits"] = {{"lower", j.limits->lower}, {"center", j.limits->center}, {"upper", j.limits->upper}};
    k["signals"] = c.latest->SignalIds();
    if (j.chronic_miss) k["chronic_miss"] = true;
    if (c.filling) {
      const auto& f = *c.filling;
      k["in_progress"] = {{"period", f.label},
                          {"value", Nullable(f.input.value)},
                          {"elapsed", f.input.elapsed},
                          {"pace", Nullable(f.judged.pace)}};
    }
  } else {
    k["status"] = "no_data";
  }
  nlohmann::json trend = nlohmann::json::array();
  for (const auto& v : c.trend) trend.push_back(Nullable(v));
  k["trend"] = trend;
  k["last_signal"] = {{"period", c.last_signal_period}, {"signals", c.last_signal}};
  k["open_actions"] = c.open_actions;
  return k;
}

}  // namespace

std::string ComputeJson(const ComputeReport& report) {
  return engine::FormatJson(report.values);
}

nlohmann::json ScorecardJson(const ScorecardReport& card) {
  nlohmann::json out = nlohmann::json::array();
  for (const GoalCards& g : card.goals) {
    nlohmann::json jg = {{"goal", g.goal},
                         {"statement", g.def ? g.def->statement : ""},
                         {"owner", g.def ? g.def->owner : ""},
                         {"deadline", g.def ? g.def->deadline : ""}};
    nlohmann::json jk = nlohmann::json::array();
    for (const KpiCard& c : g.kpis) jk.push_back(CardJson(c));
    jg["kpis"] = jk;
    out.push_back(jg);
  }
  return out;
}

nlohmann::json IngestJson(const IngestReport& report) {
  nlohmann::json out = {{"sources", nlohmann::json::array()}};
  for (const SourceIngest& s : report.sources) {
    nlohmann::json json = {{"source", s.source}, {"input", s.input}};
    if (!s.error.ok()) {
      json["error"] = s.error.message();
      out["sources"].push_back(std::move(json));
      continue;
    }
    const store::IngestOutcome& o = s.outcome;
    const double mb = static_cast<double>(s.bytes_read) / 1e6;
    json.update({{"rows_read", s.rows_read},
                 {"rows_stored", s.rows_stored},
                 {"rows_rejected", s.rows_rejected},
                 {"inserted", o.inserted},
                 {"edited", o.updated},
                 {"unchanged", o.unchanged},
                 {"duplicates_in_batch", o.duplicates_in_batch},
                 {"null_keys", o.null_keys},
                 {"rows_written", o.rows_stored},
                 {"batch_id", o.batch_id},
                 {"touched_days", o.touched_days.size()},
                 {"touched_null_time", o.touched_null_time},
                 {"elapsed_seconds", s.elapsed_seconds},
                 {"read_seconds", s.read_seconds},
                 {"commit_seconds", s.elapsed_seconds - s.read_seconds},
                 {"quality_seconds", s.quality_seconds},
                 {"bytes_read", s.bytes_read},
                 {"mb_per_second", s.elapsed_seconds > 0 ? mb / s.elapsed_seconds : 0.0}});
    json["first_touched_day"] = o.touched_days.empty()
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json(time::FormatLocalDate(o.touched_days.front()));
    json["last_touched_day"] = o.touched_days.empty()
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(time::FormatLocalDate(o.touched_days.back()));
    json["reject_file"] = s.reject_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.reject_file);
    json["rejects"] = nlohmann::json::array();
    for (const auto& r : s.first_rejects)
      json["rejects"].push_back({{"line", r.line}, {"column", r.column}, {"reason", r.reason}});
    json["quality"] = quality::SourceQualityToJson(s.quality);
    out["sources"].push_back(std::move(json));
  }
  return out;
}

nlohmann::json StoreJson(const StoreReport& report) {
  nlohmann::json out = {{"sources", nlohmann::json::array()}};
  for (const StoredSource& s : report.sources) {
    if (!s.ingested) {
      out["sources"].push_back({{"source", s.source}, {"rows", 0}, {"note", "never ingested"}});
      continue;
    }
    nlohmann::json j = quality::SourceQualityToJson(s.quality);
    j["edits_total"] = s.edits;
    j["batches"] = s.batches;
    if (s.last_ingest) {
      const quality::IngestState& last = *s.last_ingest;
      j["last_ingest"] = {{"at", last.ingested_at},
                          {"input", last.input},
                          {"rows_read", last.rows_read},
                          {"rows_rejected", last.rows_rejected},
                          {"reject_file", last.reject_file}};
    }
    out["sources"].push_back(std::move(j));
  }
  return out;
}

}  // namespace northstar::service
