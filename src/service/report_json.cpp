#include "service/report_json.h"

#include <nlohmann/json.hpp>

#include "engine/output.h"
#include "judge/target.h"
#include "quality/report_format.h"
#include "time/period.h"

namespace northstar::service {
namespace {

nlohmann::json Nullable(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// The target's numbers beside its text: target_value, or target_low and target_high.
void AddTargetNumbers(const std::optional<judge::PeriodTarget>& target, nlohmann::json& k) {
  if (target && target->kind == judge::PeriodTarget::Kind::kThreshold) {
    k["target_value"] = target->value;
  } else if (target) {
    k["target_low"] = target->low;
    k["target_high"] = target->high;
  }
}

nlohmann::json PointJson(const actions::AssessedPoint& p) {
  const judge::JudgedPoint& j = p.judged;
  nlohmann::json k = {{"period", p.label}, {"value", Nullable(p.input.value)}};
  k["rows"] = p.input.rows ? nlohmann::json(*p.input.rows) : nlohmann::json(nullptr);
  k["target"] = j.target ? nlohmann::json(judge::FormatTarget(*j.target)) : nlohmann::json(nullptr);
  AddTargetNumbers(j.target, k);
  k["status"] = judge::KpiStatusName(j.status);
  k["limits"] = j.limits ? nlohmann::json{{"lower", j.limits->lower},
                                          {"center", j.limits->center},
                                          {"upper", j.limits->upper}}
                         : nlohmann::json(nullptr);
  k["signals"] = p.SignalIds();
  if (j.status == judge::KpiStatus::kInProgress) {
    k["elapsed"] = p.input.elapsed;
    k["pace"] = Nullable(j.pace);
  }
  if (j.chronic_miss) k["chronic_miss"] = true;
  return k;
}

nlohmann::json ForecastJson(const KpiCard& c) {
  if (!c.forecast) return nullptr;
  const analysis::Forecast& f = *c.forecast;
  return {{"deadline", c.deadline},
          {"deadline_period", c.deadline_period},
          {"model", f.model},
          {"periods_used", f.periods_used},
          {"horizon", f.horizon},
          {"projected", f.projected},
          {"interval_80", {f.low80, f.high80}},
          {"target", Nullable(c.forecast_target)},
          {"probability_on_target", Nullable(f.probability_on_target)}};
}

nlohmann::json CardJson(const KpiCard& c) {
  nlohmann::json k = {{"kpi", c.kpi}, {"name", c.name}, {"owner", c.owner}};
  if (c.latest) {
    const auto& j = c.latest->judged;
    k["grain"] = catalog::GrainName(c.grain);
    k["period"] = c.latest->label;
    k["value"] = Nullable(c.latest->input.value);
    k["target"] = j.target ? judge::FormatTarget(*j.target) : "";
    AddTargetNumbers(j.target, k);
    k["status"] = judge::KpiStatusName(j.status);
    if (j.limits)
      k["limits"] = {{"lower", j.limits->lower}, {"center", j.limits->center}, {"upper", j.limits->upper}};
    k["signals"] = c.latest->SignalIds();
    if (j.chronic_miss) k["chronic_miss"] = true;
    for (const auto& [name, point] :
         {std::pair{"previous", &c.previous}, std::pair{"year_ago", &c.year_ago}}) {
      k[name] = *point
                    ? nlohmann::json{{"period", (*point)->label}, {"value", Nullable((*point)->input.value)}}
                    : nlohmann::json(nullptr);
    }
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
  k["score"] = Nullable(c.score);
  k["weight"] = c.weight;
  k["forecast"] = ForecastJson(c);
  if (!c.forecast) k["forecast_note"] = c.forecast_note;
  return k;
}

nlohmann::json GoalHeadJson(const GoalCards& g) {
  return {{"id", g.goal},
          {"statement", g.def ? g.def->statement : ""},
          {"owner", g.def ? g.def->owner : ""},
          {"level", g.def ? catalog::LevelName(g.def->level) : ""},
          {"deadline", g.def ? g.def->deadline : ""},
          {"weight", g.def ? g.def->weight : 1.0},
          {"score", Nullable(g.score)}};
}

// The goal at `at` with its KPIs and, nested, the goals under it (they follow it in
// depth-first order). Returns the index after its subtree.
size_t GoalSubtreeJson(const std::vector<GoalCards>& goals, size_t at, nlohmann::json& out) {
  const GoalCards& g = goals[at];
  nlohmann::json node = GoalHeadJson(g);
  nlohmann::json kpis = nlohmann::json::array();
  for (const KpiCard& c : g.kpis) kpis.push_back(CardJson(c));
  node["kpis"] = kpis;
  nlohmann::json children = nlohmann::json::array();
  size_t next = at + 1;
  while (next < goals.size() && goals[next].depth > g.depth) next = GoalSubtreeJson(goals, next, children);
  node["goals"] = children;
  out.push_back(node);
  return next;
}

nlohmann::json ObjectiveJson(const ObjectiveCard& o) {
  nlohmann::json krs = nlohmann::json::array();
  for (const KeyResultCard& k : o.key_results) {
    nlohmann::json kr = {{"description", k.def.description},
                         {"kpi", k.def.kpi.empty() ? nlohmann::json(nullptr) : nlohmann::json(k.def.kpi)},
                         {"weight", k.def.weight},
                         {"score", Nullable(k.score)}};
    if (!k.def.kpi.empty()) {
      kr["period"] = k.period;
      kr["actual"] = Nullable(k.actual);
      kr["baseline"] = Nullable(k.def.baseline);
      kr["target"] = Nullable(k.def.target);
    } else {
      kr["note"] = k.def.note;
    }
    krs.push_back(kr);
  }
  const char* kind = o.def.kind == catalog::ObjectiveKind::kAspirational ? "aspirational" : "committed";
  return {{"id", o.def.id},
          {"statement", o.def.statement},
          {"type", kind},
          {"owner", o.def.owner},
          {"goal", o.def.goal},
          {"deadline", o.def.deadline},
          {"score", Nullable(o.score)},
          {"expected", o.expected},
          {"met", o.score ? nlohmann::json(*o.score >= o.expected) : nlohmann::json(nullptr)},
          {"key_results", krs}};
}

}  // namespace

std::string ComputeJson(const ComputeReport& report) {
  return engine::FormatJson(report.values);
}

nlohmann::json StatusJson(const ScorecardReport& card) {
  nlohmann::json goals = nlohmann::json::array();
  for (size_t at = 0; at < card.goals.size();) at = GoalSubtreeJson(card.goals, at, goals);
  nlohmann::json objectives = nlohmann::json::array();
  for (const ObjectiveCard& o : card.objectives) objectives.push_back(ObjectiveJson(o));
  return {{"goals", goals}, {"objectives", objectives}};
}

nlohmann::json ScorecardJson(const ScorecardReport& card) {
  nlohmann::json out = nlohmann::json::array();
  for (const GoalCards& g : card.goals) {
    nlohmann::json jg = GoalHeadJson(g);
    jg["goal"] = g.goal;
    jg["parent"] = g.parent;
    jg["depth"] = g.depth;
    nlohmann::json jk = nlohmann::json::array();
    for (const KpiCard& c : g.kpis) jk.push_back(CardJson(c));
    jg["kpis"] = jk;
    out.push_back(jg);
  }
  return out;
}

nlohmann::json PassportJson(const catalog::MeasureDef& kpi, const KpiCard* card) {
  nlohmann::json p = {
      {"id", kpi.id},
      {"name", kpi.name},
      {"kind", kpi.is_kpi ? "kpi" : "metric"},
      {"goal", kpi.goal},
      {"owner", kpi.owner},
      {"source", kpi.source},
      {"filter", kpi.filter},
      {"formula", kpi.formula},
      {"unit", kpi.unit},
      {"direction", kpi.direction == catalog::Direction::kHigherIsBetter  ? "higher_is_better"
                    : kpi.direction == catalog::Direction::kLowerIsBetter ? "lower_is_better"
                                                                          : ""},
      {"frequency", catalog::GrainName(kpi.frequency)},
      {"type", {{"horizon", kpi.type.horizon}, {"timing", kpi.type.timing}, {"nature", kpi.type.nature}}},
      {"segments", kpi.segments},
      {"guards", kpi.guards},
      {"drivers", kpi.drivers},
      {"constraints", kpi.constraints}};
  nlohmann::json actions = nlohmann::json::array();
  for (const catalog::ActionDef& a : kpi.on_deviation)
    actions.push_back({{"do", a.what}, {"who", a.who}, {"review_after_days", a.review_after_days}});
  p["on_deviation"] = actions;
  if (card) p["latest"] = CardJson(*card);
  return p;
}

nlohmann::json SeriesJson(const SeriesReport& report) {
  nlohmann::json out = {{"kpi", report.kpi ? report.kpi->id : ""},
                        {"grain", catalog::GrainName(report.grain)},
                        {"unit", report.kpi ? report.kpi->unit : ""},
                        {"segments", report.segments}};
  nlohmann::json series = nlohmann::json::array();
  for (const SegmentSeries& s : report.series) {
    nlohmann::json points = nlohmann::json::array();
    for (const actions::AssessedPoint& p : s.points) points.push_back(PointJson(p));
    series.push_back({{"segment", s.segment}, {"points", points}});
  }
  out["series"] = series;
  nlohmann::json restated = nlohmann::json::array();
  for (const results::Restatement& r : report.restatements) {
    restated.push_back({{"period", r.period},
                        {"segment", r.segment},
                        {"old_value", Nullable(r.old_value)},
                        {"new_value", Nullable(r.new_value)},
                        {"restated_at", r.restated_at},
                        {"reason", r.reason}});
  }
  out["restatements"] = restated;
  nlohmann::json notes = nlohmann::json::array();
  for (const results::Annotation& a : report.annotations) notes.push_back(AnnotationJson(a));
  out["annotations"] = notes;
  return out;
}

nlohmann::json AnnotationJson(const results::Annotation& a) {
  return {{"id", a.id},
          {"kpi", a.kpi},
          {"from", a.from},
          {"to", a.to},
          {"text", a.text},
          {"process_change", a.process_change},
          {"created_at", a.created_at}};
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
