#include "service/explain.h"

#include <map>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "common/text.h"
#include "engine/workspace_input.h"
#include "service/workspace.h"

namespace northstar::service {
namespace {

// The dimension of a segment "channel=email" -> "channel".
std::string DimensionOf(const std::string& segment) {
  return segment.substr(0, segment.find('='));
}

std::vector<ExplainGuard> Guards(actions::Assessment& a, const catalog::MeasureDef& kpi, catalog::Grain g,
                                 const std::string& segment, const std::string& label) {
  std::vector<ExplainGuard> out;
  for (const std::string& guard : kpi.guards) {
    ExplainGuard eg{guard, std::nullopt, {}, false};
    auto gs = a.Series(guard, g, segment);
    if (const actions::AssessedPoint* gp = gs.ok() && *gs ? (*gs)->Find(label) : nullptr) {
      eg.point = *gp;
      eg.format = (*gs)->format;
      for (const judge::Signal& sig : gp->judged.signals)
        eg.worsened |= sig.effect == judge::Effect::kUnfavourable;
    }
    out.push_back(std::move(eg));
  }
  return out;
}

// Mix vs rate per dimension between the previous period and this one.
std::vector<ExplainDimension> Dimensions(actions::Assessment& a, const catalog::MeasureDef& kpi,
                                         catalog::Grain g, const actions::AssessedPoint& before,
                                         const actions::AssessedPoint& after) {
  std::map<std::string, std::pair<std::vector<actions::SegmentValue>, std::vector<actions::SegmentValue>>>
      dims;
  for (const std::string& seg : a.Segments(kpi.id, g)) {
    if (seg == "*") continue;
    auto ss = a.Series(kpi.id, g, seg);
    if (!ss.ok() || !*ss) continue;
    auto& d = dims[DimensionOf(seg)];
    if (const auto* sp = (*ss)->Find(before.label))
      d.first.push_back({seg, sp->input.value, sp->input.rows.value_or(0)});
    if (const auto* sp = (*ss)->Find(after.label))
      d.second.push_back({seg, sp->input.value, sp->input.rows.value_or(0)});
  }
  std::vector<ExplainDimension> out;
  out.reserve(dims.size());
  for (const auto& [dim, values] : dims) {
    out.push_back(
        {dim, actions::DecomposeChange(values.first, values.second, before.input.value, after.input.value)});
  }
  return out;
}

std::vector<ExplainDriver> Drivers(actions::Assessment& a, const catalog::MeasureDef& kpi, catalog::Grain g,
                                   const std::string& segment, const std::string& label,
                                   const actions::AssessedPoint* prev) {
  std::vector<ExplainDriver> out;
  for (const std::string& driver : kpi.drivers) {
    auto ds = a.Series(driver, g, segment);
    const bool found = ds.ok() && *ds;
    const actions::AssessedPoint* now = found ? (*ds)->Find(label) : nullptr;
    const actions::AssessedPoint* before = found && prev ? (*ds)->Find(prev->label) : nullptr;
    // Without a series both values are null, which every format prints alike.
    out.push_back({driver, now ? now->input.value : std::nullopt, before ? before->input.value : std::nullopt,
                   now ? now->judged.SignalIds() : "", found ? (*ds)->format : actions::MeasureFormat()});
  }
  return out;
}

}  // namespace

Result<std::vector<engine::QuoteSet>> Workspace::Quotes(const ExplainReport& report) const {
  const auto columns = engine::QuoteColumns(catalog_, compiled_, report.kpi->id);
  if (columns.empty()) return std::vector<engine::QuoteSet>();
  engine::QuoteRequest request;
  request.measure = report.kpi->id;
  request.segment = report.segment;
  request.all = report.point.label == "all";
  if (!request.all) {
    ASSIGN_OR_RETURN(request.period, time::ParsePeriod(report.point.label));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenStore());
  std::vector<std::string> sources;
  sources.reserve(columns.size());
  for (const auto& [source, cols] : columns) sources.push_back(source);
  ASSIGN_OR_RETURN(auto input, engine::LoadSources(catalog_, sources, store.get()));
  RETURN_IF_ERROR(engine::StreamStoreColumns(catalog_, *input, columns, {}, env_.threads));
  return engine::ExampleQuotes(catalog_, compiled_, input->input, request);
}

Result<ExplainReport> Workspace::Explain(const ExplainRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  actions::Session& s = *session;
  const catalog::MeasureDef* kpi = catalog_.FindMeasure(request.kpi);
  if (!kpi) {
    std::vector<std::string> ids;
    ids.reserve(catalog_.measures.size());
    for (const catalog::MeasureDef& m : catalog_.measures) ids.push_back(m.id);
    return Status::NotFound("no KPI or metric '" + request.kpi + "' in the catalog" +
                            DidYouMean(request.kpi, ids));
  }
  ASSIGN_OR_RETURN(
      auto assessment,
      actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, request.grain)));
  actions::Assessment& a = *assessment;
  ASSIGN_OR_RETURN(const actions::AssessedSeries* series, a.Series(kpi->id, request.segment));
  if (!series || series->points.empty())
    return Status::NotFound("no values for " + kpi->id + " " + request.segment + ": run `northstar compute`");
  const catalog::Grain g = series->grain;
  // By default the latest complete period (one still filling is shown only when asked for).
  const actions::AssessedPoint* latest = series->LatestComplete();
  std::optional<size_t> index = !request.period.empty() ? series->IndexOf(request.period)
                                : latest                ? series->IndexOf(latest->label)
                                                        : std::optional<size_t>(series->points.size() - 1);
  if (!index) {
    return Status::NotFound("no value of " + kpi->id + " for period '" + request.period + "' at grain " +
                            catalog::GrainName(g) + " (latest: " + series->points.back().label + ")");
  }
  ExplainReport report;
  report.kpi = kpi;
  report.grain = g;
  report.segment = series->segment;
  report.format = series->format;
  report.point = series->points[*index];
  const actions::AssessedPoint* prev = *index > 0 ? &series->points[*index - 1] : nullptr;
  if (prev) report.previous = *prev;
  const judge::JudgedPoint& j = report.point.judged;
  if (!j.baseline_window.empty()) {
    auto label = [&](int32_t idx) { return series->all ? std::string("all") : time::PeriodLabel({g, idx}); };
    report.baseline_from = label(j.baseline_window.from);
    report.baseline_to = label(j.baseline_window.to);
  }
  const std::string& label = report.point.label;
  report.guards = Guards(a, *kpi, g, series->segment, label);
  if (series->segment == "*" && prev) report.dimensions = Dimensions(a, *kpi, g, *prev, report.point);
  report.drivers = Drivers(a, *kpi, g, series->segment, label, prev);

  // Lead-lag evidence (SPEC §10): does this leading KPI lead the lagging KPIs it drives?
  // Tested at each pair's own default grain, as `northstar analyze leadlag` does.
  if (kpi->is_kpi && kpi->type.timing == "leading") {
    const auto driven = LaggingKpisDrivenBy(catalog_, *kpi);
    // With --grain the assessment above judges at that grain; the test wants each KPI's own.
    Result<std::unique_ptr<actions::Assessment>> own =
        !driven.empty() && request.grain
            ? actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, std::nullopt))
            : Result<std::unique_ptr<actions::Assessment>>(nullptr);
    for (const catalog::MeasureDef* lagging : driven) {
      auto r = !own.ok() ? Result<LeadLagReport>(own.status())
                         : LeadLagOver(*own ? **own : a, catalog_,
                                       {kpi->id, lagging->id, std::nullopt, std::nullopt});
      if (r.ok()) {
        report.leads.push_back({lagging->id, "", std::move(r).value()});
      } else {
        report.leads.push_back({lagging->id, r.status().message(), {}});
      }
    }
  }

  // Annotations on this KPI (or on every KPI) that cover the period.
  if (auto store = results::AnnotationStore::Open(s.results_path, env_.results_vfs); store.ok()) {
    if (auto notes = (*store)->List(kpi->id); notes.ok()) {
      for (results::Annotation& n : *notes) {
        // Labels of one grain sort as text; another grain's annotation is not this period's.
        if (n.from.size() != label.size() || n.from > label || n.to < label) continue;
        report.annotations.push_back(std::move(n));
      }
    }
  }
  if (auto items = s.log->Items(true); items.ok()) {
    for (actions::ActionItem& it : *items) {
      if (it.kpi == kpi->id) report.open_actions.push_back(std::move(it));
    }
  }
  if (auto quotes = Quotes(report); quotes.ok()) {
    report.quotes = std::move(quotes).value();
  } else {
    report.quotes_error = quotes.status().ToString();
  }
  if (auto versions = s.db->Versions(kpi->id); versions.ok()) report.versions = std::move(versions).value();
  if (auto restated = s.db->Restatements(kpi->id); restated.ok()) {
    for (results::Restatement& r : *restated) {
      if (r.period == label && r.segment == series->segment && r.grain == g)
        report.restatements.push_back(std::move(r));
    }
  }
  return report;
}

}  // namespace northstar::service
