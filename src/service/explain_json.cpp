// The JSON form of an explain report (`explain --format json`).
#include <nlohmann/json.hpp>
#include "judge/target.h"

#include "service/report_json.h"

namespace northstar::service {
namespace {

nlohmann::json Nullable(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

void AddValue(const ExplainReport& r, nlohmann::json& out) {
  const catalog::MeasureDef& kpi = *r.kpi;
  const actions::AssessedPoint& p = r.point;
  const judge::JudgedPoint& j = p.judged;
  out["kpi"] = kpi.id;
  out["name"] = kpi.name;
  out["grain"] = catalog::GrainName(r.grain);
  out["period"] = p.label;
  out["segment"] = r.segment;
  out["value"] = Nullable(p.input.value);
  out["rows"] = p.input.rows.value_or(0);
  out["target"] = j.target ? judge::FormatTarget(*j.target) : "";
  out["status"] = judge::KpiStatusName(j.status);
  out["type"] = {{"horizon", kpi.type.horizon}, {"timing", kpi.type.timing}, {"nature", kpi.type.nature}};
  out["unit"] = kpi.unit;
  out["constraints"] = kpi.constraints;
  if (j.limits) {
    out["limits"] = {{"lower", j.limits->lower},
                     {"center", j.limits->center},
                     {"upper", j.limits->upper},
                     {"sigma", j.limits->sigma}};
  }
  out["baseline"] = {{"from", r.baseline_from},
                     {"to", r.baseline_to},
                     {"values", j.baseline_values},
                     {"short", j.short_baseline}};
  out["signals"] = nlohmann::json::array();
  for (const judge::Signal& sig : j.signals) {
    out["signals"].push_back({{"rule", judge::SignalRuleId(sig.rule)},
                              {"side", judge::SideName(sig.side)},
                              {"effect", judge::EffectName(sig.effect)},
                              {"alert", sig.alert}});
  }
  if (r.previous)
    out["previous"] = {{"period", r.previous->label}, {"value", Nullable(r.previous->input.value)}};
  if (p.input.in_progress) {
    out["in_progress"] = {{"elapsed", p.input.elapsed}, {"pace", Nullable(j.pace)}};
  } else if (p.input.partial) {
    out["partial"] = true;
  }
  if (j.chronic_miss) out["chronic_miss"] = true;
}

void AddFindings(const ExplainReport& r, nlohmann::json& out) {
  out["guards"] = nlohmann::json::array();
  for (const ExplainGuard& g : r.guards) {
    nlohmann::json jg = {{"guard", g.id}};
    if (g.point) {
      jg["value"] = Nullable(g.point->input.value);
      jg["status"] = judge::KpiStatusName(g.point->judged.status);
      jg["signals"] = g.point->judged.SignalIds();
      jg["worsened"] = g.worsened;
    }
    out["guards"].push_back(jg);
  }
  out["gaming_risks"] = nlohmann::json::array();
  for (const judge::GamingRisk& risk : r.point.gaming)
    out["gaming_risks"].push_back(judge::DescribeGamingRisk(risk));
  out["masked_segments"] = nlohmann::json::array();
  for (const judge::MaskedSegment& m : r.point.masked) {
    out["masked_segments"].push_back(
        {{"segment", m.segment}, {"share", m.share}, {"value", Nullable(m.value)}});
  }
  out["segments"] = nlohmann::json::array();
  for (const ExplainDimension& d : r.dimensions) {
    const actions::MixRate& mr = d.mix_rate;
    nlohmann::json jd = {
        {"dimension", d.dimension}, {"rate", mr.rate}, {"mix", mr.mix}, {"residual", mr.residual}};
    jd["segments"] = nlohmann::json::array();
    for (const actions::SegmentEffect& e : mr.segments) {
      jd["segments"].push_back({{"segment", e.segment},
                                {"before", Nullable(e.before)},
                                {"after", Nullable(e.after)},
                                {"share_before", e.share_before},
                                {"share_after", e.share_after},
                                {"rate", e.rate},
                                {"mix", e.mix}});
    }
    out["segments"].push_back(jd);
  }
  out["drivers"] = nlohmann::json::array();
  for (const ExplainDriver& d : r.drivers) {
    out["drivers"].push_back({{"driver", d.id},
                              {"value", Nullable(d.value)},
                              {"previous", Nullable(d.previous)},
                              {"signals", d.signal_ids}});
  }
  out["leads"] = nlohmann::json::array();
  for (const ExplainLead& l : r.leads) {
    if (!l.error.empty()) {
      out["leads"].push_back({{"lagging", l.lagging}, {"error", l.error}});
      continue;
    }
    const analysis::LeadLagResult& x = l.report.result;
    out["leads"].push_back({{"lagging", l.lagging},
                            {"grain", catalog::GrainName(l.report.grain)},
                            {"best_lag", x.best_lag},
                            {"correlation", x.correlation},
                            {"p_value", x.p_value},
                            {"leads", x.leads}});
  }
}

const char* QuoteKindName(engine::QuoteSet::Kind kind) {
  switch (kind) {
    case engine::QuoteSet::Kind::kMatching: return "matching";
    case engine::QuoteSet::Kind::kLowest: return "lowest";
    case engine::QuoteSet::Kind::kHighest: return "highest";
  }
  return "";
}

void AddQuotes(const ExplainReport& r, nlohmann::json& out) {
  out["quotes"] = nlohmann::json::array();
  for (const engine::QuoteSet& q : r.quotes) {
    nlohmann::json jq = {{"kind", QuoteKindName(q.kind)},    {"measure", q.measure}, {"source", q.source},
                         {"expression", q.expression},       {"text", q.text},       {"rows", q.rows},
                         {"quotes", nlohmann::json::array()}};
    for (const engine::Quote& quote : q.quotes) {
      jq["quotes"].push_back({{"text", quote.text},
                              {"time", quote.time.empty() ? nlohmann::json() : nlohmann::json(quote.time)},
                              {"score", Nullable(quote.score)}});
    }
    out["quotes"].push_back(std::move(jq));
  }
  if (!r.quotes_error.empty()) out["quotes_error"] = r.quotes_error;
}

void AddHistory(const ExplainReport& r, nlohmann::json& out) {
  out["annotations"] = nlohmann::json::array();
  for (const results::Annotation& n : r.annotations) {
    out["annotations"].push_back({{"id", n.id},
                                  {"from", n.from},
                                  {"to", n.to},
                                  {"text", n.text},
                                  {"process_change", n.process_change}});
  }
  out["open_actions"] = nlohmann::json::array();
  for (const actions::ActionItem& it : r.open_actions)
    out["open_actions"].push_back({{"id", it.id}, {"what", it.what}, {"who", it.who}, {"due", it.due}});
  out["versions"] = nlohmann::json::array();
  for (const results::DefinitionVersion& v : r.versions) {
    out["versions"].push_back(
        {{"version", v.version}, {"created_at", v.created_at}, {"change_reason", v.change_reason}});
  }
  out["restatements"] = nlohmann::json::array();
  for (const results::Restatement& x : r.restatements) {
    out["restatements"].push_back({{"old", Nullable(x.old_value)},
                                   {"new", Nullable(x.new_value)},
                                   {"restated_at", x.restated_at},
                                   {"reason", x.reason},
                                   {"version", x.version}});
  }
}

}  // namespace

nlohmann::json ExplainJson(const ExplainReport& report) {
  nlohmann::json out;
  AddValue(report, out);
  AddFindings(report, out);
  AddQuotes(report, out);
  AddHistory(report, out);
  return out;
}

}  // namespace northstar::service
