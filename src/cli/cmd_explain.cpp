// `northstar explain KPI [--period P] [--segment S]`: the value and everything behind
// it — target, status, limits, signals, guards, the segments that moved most (mix vs
// rate) and the drivers' changes.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/assessment.h"
#include "actions/measure_format.h"
#include "actions/mix_rate.h"
#include "actions/session.h"
#include "actions/text_format.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "common/number_format.h"
#include "common/text.h"
#include "judge/target.h"
#include "results/annotations.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct ExplainFlags {
  std::string kpi, period, segment = "*", grain, format = "text";
  int top = 5;
};

std::string SignalText(const std::vector<judge::Signal>& signals) {
  std::string out;
  for (const judge::Signal& s : signals) {
    if (!out.empty()) out += ", ";
    out += std::string(judge::SignalRuleId(s.rule)) + " " + judge::SideName(s.side) + " (" +
           judge::EffectName(s.effect) + (s.alert ? ", alerts" : "") + ")";
  }
  return out.empty() ? "none" : out;
}

// A share of rows for people: "20 %".
std::string RowShare(double share) {
  return FormatQuantity(share, ParseUnit("ratio"));
}

// The dimension of a segment "channel=email" -> "channel".
std::string DimensionOf(const std::string& segment) {
  return segment.substr(0, segment.find('='));
}

constexpr std::string_view kCommand = "explain";

int RunExplain(GlobalOptions& global, const ExplainFlags& flags) {
  auto fail = [](const Status& s) { return ReportError(kCommand, s); };
  std::optional<catalog::Grain> grain = catalog::ParseGrain(flags.grain);
  if (!flags.grain.empty() && !grain) {
    return ReportError(kCommand, ErrorKind::kUsage,
                       "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
  }
  auto session = actions::OpenSession(global.workspace);
  if (!session.ok()) return fail(session.status());
  actions::Session& s = **session;
  const catalog::MeasureDef* kpi = s.catalog.FindMeasure(flags.kpi);
  if (!kpi) {
    std::vector<std::string> ids;
    ids.reserve(s.catalog.measures.size());
    for (const catalog::MeasureDef& m : s.catalog.measures) ids.push_back(m.id);
    return fail(
        Status::NotFound("no KPI or metric '" + flags.kpi + "' in the catalog" + DidYouMean(flags.kpi, ids)));
  }
  auto built = actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, grain));
  if (!built.ok()) return fail(built.status());
  actions::Assessment& a = **built;
  auto series_r = a.Series(kpi->id, flags.segment);
  if (!series_r.ok()) return fail(series_r.status());
  const actions::AssessedSeries* series = *series_r;
  if (!series || series->points.empty()) {
    return fail(
        Status::NotFound("no values for " + kpi->id + " " + flags.segment + ": run `northstar compute`"));
  }
  const catalog::Grain g = series->grain;
  // By default the latest complete period (one still filling is shown only when asked for).
  const actions::AssessedPoint* latest = series->LatestComplete();
  std::optional<size_t> index = !flags.period.empty() ? series->IndexOf(flags.period)
                                : latest              ? series->IndexOf(latest->label)
                                                      : std::optional<size_t>(series->points.size() - 1);
  if (!index) {
    return fail(Status::NotFound("no value of " + kpi->id + " for period '" + flags.period + "' at grain " +
                                 catalog::GrainName(g) + " (latest: " + series->points.back().label + ")"));
  }
  const actions::AssessedPoint& p = series->points[*index];
  const judge::JudgedPoint& j = p.judged;
  const actions::AssessedPoint* prev = *index > 0 ? &series->points[*index - 1] : nullptr;
  auto label = [&](int32_t idx) { return series->all ? std::string("all") : time::PeriodLabel({g, idx}); };

  nlohmann::json out;
  out["kpi"] = kpi->id;
  out["name"] = kpi->name;
  out["grain"] = catalog::GrainName(g);
  out["period"] = p.label;
  out["segment"] = series->segment;
  out["value"] = p.input.value ? nlohmann::json(*p.input.value) : nlohmann::json(nullptr);
  out["rows"] = p.input.rows.value_or(0);
  out["target"] = j.target ? judge::FormatTarget(*j.target) : "";
  out["status"] = judge::KpiStatusName(j.status);
  if (j.limits) {
    out["limits"] = {{"lower", j.limits->lower},
                     {"center", j.limits->center},
                     {"upper", j.limits->upper},
                     {"sigma", j.limits->sigma}};
  }
  out["baseline"] = {{"from", j.baseline_window.empty() ? "" : label(j.baseline_window.from)},
                     {"to", j.baseline_window.empty() ? "" : label(j.baseline_window.to)},
                     {"values", j.baseline_values},
                     {"short", j.short_baseline}};
  out["signals"] = nlohmann::json::array();
  for (const judge::Signal& sig : j.signals) {
    out["signals"].push_back({{"rule", judge::SignalRuleId(sig.rule)},
                              {"side", judge::SideName(sig.side)},
                              {"effect", judge::EffectName(sig.effect)},
                              {"alert", sig.alert}});
  }
  if (prev) {
    out["previous"] = {
        {"period", prev->label},
        {"value", prev->input.value ? nlohmann::json(*prev->input.value) : nlohmann::json(nullptr)}};
  }

  std::string text;
  auto line = [&](const std::string& l) { text += l + "\n"; };
  const actions::MeasureFormat& format = series->format;
  auto human = [&](const std::optional<double>& v) { return format.Value(v); };
  line(kpi->id + " " + p.label + " " + series->segment + " — " + kpi->name);
  {
    std::string kind;
    for (const std::string* t : {&kpi->type.horizon, &kpi->type.timing, &kpi->type.nature}) {
      if (!t->empty()) kind += (kind.empty() ? "" : ", ") + *t;
    }
    out["type"] = {
        {"horizon", kpi->type.horizon}, {"timing", kpi->type.timing}, {"nature", kpi->type.nature}};
    out["unit"] = kpi->unit;
    out["constraints"] = kpi->constraints;
    if (!kind.empty() || !kpi->unit.empty()) {
      line("  " + (kind.empty() ? std::string() : kind) + (kind.empty() || kpi->unit.empty() ? "" : "; ") +
           (kpi->unit.empty() ? std::string() : "unit " + kpi->unit));
    }
    if (!kpi->constraints.empty()) line("  constraints: " + kpi->constraints);
  }
  line("  value   " + human(p.input.value) + "  (" + FormatPlainNumber(double(p.input.rows.value_or(0))) +
       " rows)   target " + (j.target ? format.Target(*j.target) : "-") + "   status " +
       judge::KpiStatusName(j.status));
  if (j.limits) {
    line("  limits  " + format.LimitRange(*j.limits) + " (center " + format.Limit(j.limits->center) +
         "), baseline " +
         (j.baseline_window.empty() ? "-"
                                    : label(j.baseline_window.from) + " .. " + label(j.baseline_window.to)) +
         " (" + std::to_string(j.baseline_values) + " values" + (j.short_baseline ? ", short" : "") + ")");
  } else {
    line("  limits  none yet (the baseline has no two adjacent values)");
  }
  if (p.input.in_progress) {
    out["in_progress"] = {{"elapsed", p.input.elapsed},
                          {"pace", j.pace ? nlohmann::json(*j.pace) : nlohmann::json(nullptr)}};
    line("  in progress: the data covers " + RowShare(p.input.elapsed) + " of the period" +
         (j.pace ? "; pace " + human(j.pace) : std::string()) +
         " (not judged, never alerted, not in any baseline)");
  } else if (p.input.partial) {
    out["partial"] = true;
    line("  partial: the data starts inside this period (kept out of baselines, never alerted)");
  }
  if (j.chronic_miss) {
    out["chronic_miss"] = true;
    line("  chronic miss: the target was missed in 3 of the last 4 complete periods, so off track");
  }
  line("  signals " + SignalText(j.signals));
  if (prev && prev->input.value && p.input.value) {
    line("  change  " + prev->label + " " + human(prev->input.value) + " -> " + human(p.input.value) + " (" +
         format.Change(*p.input.value - *prev->input.value) + ")");
  }

  // Guards at the same grain, period and segment.
  out["guards"] = nlohmann::json::array();
  if (!kpi->guards.empty()) line("  guards");
  for (const std::string& guard : kpi->guards) {
    auto gs = a.Series(guard, g, series->segment);
    const actions::AssessedPoint* gp = gs.ok() && *gs ? (*gs)->Find(p.label) : nullptr;
    nlohmann::json jg = {{"guard", guard}};
    if (!gp) {
      line("    " + guard + ": no value");
      out["guards"].push_back(jg);
      continue;
    }
    bool worsened = false;
    for (const judge::Signal& sig : gp->judged.signals)
      worsened |= sig.effect == judge::Effect::kUnfavourable;
    jg["value"] = gp->input.value ? nlohmann::json(*gp->input.value) : nlohmann::json(nullptr);
    jg["status"] = judge::KpiStatusName(gp->judged.status);
    jg["signals"] = gp->judged.SignalIds();
    jg["worsened"] = worsened;
    out["guards"].push_back(jg);
    line("    " + guard + " " + (*gs)->format.Value(gp->input.value) + " (" +
         judge::KpiStatusName(gp->judged.status) + ") signals: " + SignalText(gp->judged.signals) +
         (worsened ? "  <- worsened" : ""));
  }
  out["gaming_risks"] = nlohmann::json::array();
  for (const judge::GamingRisk& r : p.gaming) {
    out["gaming_risks"].push_back(judge::DescribeGamingRisk(r));
    line("  GAMING RISK: " + judge::DescribeGamingRisk(r));
  }
  out["masked_segments"] = nlohmann::json::array();
  for (const judge::MaskedSegment& m : p.masked) {
    out["masked_segments"].push_back(
        {{"segment", m.segment},
         {"share", m.share},
         {"value", m.value ? nlohmann::json(*m.value) : nlohmann::json(nullptr)}});
    line("  MASKED SEGMENT: " + m.segment + " (" + RowShare(m.share) + " of rows) is off track at " +
         human(m.value) + " while the total is on track");
  }

  // Segments that moved most: mix vs rate per dimension, against the previous period.
  out["segments"] = nlohmann::json::array();
  if (series->segment == "*" && prev) {
    std::map<std::string, std::pair<std::vector<actions::SegmentValue>, std::vector<actions::SegmentValue>>>
        dims;
    for (const std::string& seg : a.Segments(kpi->id, g)) {
      if (seg == "*") continue;
      auto ss = a.Series(kpi->id, g, seg);
      if (!ss.ok() || !*ss) continue;
      auto& d = dims[DimensionOf(seg)];
      if (const auto* sp = (*ss)->Find(prev->label))
        d.first.push_back({seg, sp->input.value, sp->input.rows.value_or(0)});
      if (const auto* sp = (*ss)->Find(p.label))
        d.second.push_back({seg, sp->input.value, sp->input.rows.value_or(0)});
    }
    if (!dims.empty())
      line("  segments that moved most (vs " + prev->label +
           "; rate = own value moved, mix = share of rows moved)");
    for (const auto& [dim, values] : dims) {
      actions::MixRate mr =
          actions::DecomposeChange(values.first, values.second, prev->input.value, p.input.value);
      nlohmann::json jd = {{"dimension", dim}, {"rate", mr.rate}, {"mix", mr.mix}, {"residual", mr.residual}};
      jd["segments"] = nlohmann::json::array();
      line("    " + dim + ": rate " + format.Change(mr.rate) + ", mix " + format.Change(mr.mix) +
           ", residual " + format.Change(mr.residual));
      int shown = 0;
      for (const actions::SegmentEffect& e : mr.segments) {
        jd["segments"].push_back({{"segment", e.segment},
                                  {"before", e.before ? nlohmann::json(*e.before) : nlohmann::json(nullptr)},
                                  {"after", e.after ? nlohmann::json(*e.after) : nlohmann::json(nullptr)},
                                  {"share_before", e.share_before},
                                  {"share_after", e.share_after},
                                  {"rate", e.rate},
                                  {"mix", e.mix}});
        if (shown++ >= flags.top) continue;
        line("      " + e.segment + "  " + human(e.before) + " -> " + human(e.after) + "  rows " +
             RowShare(e.share_before) + " -> " + RowShare(e.share_after) + "  rate " + format.Change(e.rate) +
             "  mix " + format.Change(e.mix));
      }
      out["segments"].push_back(jd);
    }
  }

  // Drivers: their change over the same two periods.
  out["drivers"] = nlohmann::json::array();
  if (!kpi->drivers.empty()) line("  drivers (vs " + (prev ? prev->label : std::string("-")) + ")");
  for (const std::string& driver : kpi->drivers) {
    auto ds = a.Series(driver, g, series->segment);
    const actions::AssessedPoint* now = ds.ok() && *ds ? (*ds)->Find(p.label) : nullptr;
    const actions::AssessedPoint* before = ds.ok() && *ds && prev ? (*ds)->Find(prev->label) : nullptr;
    std::optional<double> v1 = now ? now->input.value : std::nullopt;
    std::optional<double> v0 = before ? before->input.value : std::nullopt;
    nlohmann::json jd = {{"driver", driver},
                         {"value", v1 ? nlohmann::json(*v1) : nlohmann::json(nullptr)},
                         {"previous", v0 ? nlohmann::json(*v0) : nlohmann::json(nullptr)},
                         {"signals", now ? now->judged.SignalIds() : ""}};
    out["drivers"].push_back(jd);
    // Without a series both values are null, which every format prints alike.
    const actions::MeasureFormat driver_format = ds.ok() && *ds ? (*ds)->format : actions::MeasureFormat();
    std::string change;
    if (v0 && v1) {
      change = " (" + driver_format.Change(*v1 - *v0) +
               (*v0 != 0 ? ", " + FormatRelativeChange(*v1 / *v0 - 1) : "") + ")";
    }
    line("    " + driver + " " + driver_format.Value(v0) + " -> " + driver_format.Value(v1) + change +
         (now && !now->judged.SignalIds().empty() ? "  signals: " + now->judged.SignalIds() : ""));
  }

  // Lead-lag evidence (SPEC §10): does this leading KPI lead the lagging KPIs it drives?
  out["leads"] = nlohmann::json::array();
  if (kpi->is_kpi && kpi->type.timing == "leading") {
    const auto driven = service::LaggingKpisDrivenBy(s.catalog, *kpi);
    auto ws = driven.empty() ? Result<std::unique_ptr<service::Workspace>>(Status::NotFound("none"))
                             : service::Workspace::Open(global.workspace, service::Environment::System());
    if (!driven.empty()) line("  does it lead? (northstar analyze leadlag)");
    for (const catalog::MeasureDef* lagging : driven) {
      if (!ws.ok()) break;
      auto r = (*ws)->LeadLag({kpi->id, lagging->id, std::nullopt, std::nullopt});
      if (!r.ok()) {
        out["leads"].push_back({{"lagging", lagging->id}, {"error", r.status().message()}});
        line("    " + lagging->id + ": not tested: " + r.status().message());
        continue;
      }
      const analysis::LeadLagResult& x = r->result;
      out["leads"].push_back({{"lagging", lagging->id},
                              {"grain", catalog::GrainName(r->grain)},
                              {"best_lag", x.best_lag},
                              {"correlation", x.correlation},
                              {"p_value", x.p_value},
                              {"leads", x.leads}});
      line("    " + lagging->id + ": " +
           (x.leads ? "leads by " + std::to_string(x.best_lag) + " " + catalog::GrainName(r->grain) +
                          (x.best_lag == 1 ? "" : "s")
                    : std::string("no significant lead")) +
           fmt::format(" (best lag {}, r = {:.3f}, p = {:.4f}, {} periods)", x.best_lag, x.correlation,
                       x.p_value, r->periods));
    }
  }

  // Annotations on this KPI (or on every KPI) that cover the period.
  out["annotations"] = nlohmann::json::array();
  if (auto store = results::AnnotationStore::Open(s.results_path); store.ok()) {
    if (auto notes = (*store)->List(kpi->id); notes.ok()) {
      for (const results::Annotation& n : *notes) {
        // Labels of one grain sort as text; another grain's annotation is not this period's.
        if (n.from.size() != p.label.size() || n.from > p.label || n.to < p.label) continue;
        out["annotations"].push_back({{"id", n.id},
                                      {"from", n.from},
                                      {"to", n.to},
                                      {"text", n.text},
                                      {"process_change", n.process_change}});
        line("  note #" + std::to_string(n.id) + " " + n.from + (n.to != n.from ? ".." + n.to : "") + ": " +
             n.text + (n.process_change ? " (process change: a new baseline starts here)" : ""));
      }
    }
  }

  // Open action items of this KPI.
  auto items = s.log->Items(true);
  out["open_actions"] = nlohmann::json::array();
  if (items.ok()) {
    for (const auto& it : *items) {
      if (it.kpi != kpi->id) continue;
      out["open_actions"].push_back({{"id", it.id}, {"what", it.what}, {"who", it.who}, {"due", it.due}});
      line("  open action #" + std::to_string(it.id) + ": " + it.what + " (" + it.who + ", review " + it.due +
           ")");
    }
  }
  // History: definition versions with their reasons, and restatements of this value.
  out["versions"] = nlohmann::json::array();
  out["restatements"] = nlohmann::json::array();
  if (auto versions = s.db->Versions(kpi->id); versions.ok()) {
    if (versions->size() > 1) line("  definition versions (values of different versions are never mixed)");
    for (const results::DefinitionVersion& v : *versions) {
      out["versions"].push_back(
          {{"version", v.version}, {"created_at", v.created_at}, {"change_reason", v.change_reason}});
      if (versions->size() > 1) {
        line("    v" + std::to_string(v.version) + " since " + v.created_at + ": " +
             (v.change_reason.empty() ? "(no reason recorded)" : v.change_reason));
      }
    }
  }
  if (auto restated = s.db->Restatements(kpi->id); restated.ok()) {
    for (const results::Restatement& r : *restated) {
      if (r.period != p.label || r.segment != series->segment || r.grain != g) continue;
      out["restatements"].push_back(
          {{"old", r.old_value ? nlohmann::json(*r.old_value) : nlohmann::json(nullptr)},
           {"new", r.new_value ? nlohmann::json(*r.new_value) : nlohmann::json(nullptr)},
           {"restated_at", r.restated_at},
           {"reason", r.reason},
           {"version", r.version}});
      line("  restated " + r.restated_at + ": " + human(r.old_value) + " -> " + human(r.new_value) + " (" +
           r.reason + ")");
    }
  }
  if (flags.format == "json") {
    std::cout << JsonText(out, 2) << "\n";
  } else {
    std::cout << text;
  }
  return kExitOk;
}

}  // namespace

void RegisterExplain(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* sub = app.add_subcommand("explain", "Signals, guards, segments and drivers behind a value");
  AddWorkspaceOption(sub, global);
  sub->add_option("kpi", flags->kpi, "KPI id")->required();
  sub->add_option("--period", flags->period, "Period label (default: the latest)");
  sub->add_option("--segment", flags->segment, "Segment (default: *)")->capture_default_str();
  sub->add_option("--grain", flags->grain, "Grain (default: the KPI's review grain)");
  sub->add_option("--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--top", flags->top, "Segments shown per dimension")->capture_default_str();
  Register(
      app, sub, [&global, flags]() { return RunExplain(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
