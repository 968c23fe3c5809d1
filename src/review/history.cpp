#include "review/history.h"

#include <algorithm>

#include "actions/measure_format.h"
#include "time/period.h"

namespace northstar::review {

std::vector<ReviewLine> HistoryLines(const ReviewHistory& history, const catalog::Catalog& catalog,
                                     const std::map<std::string, catalog::Grain>& grains,
                                     const ReviewPeriod& period) {
  std::vector<ReviewLine> out;
  out.reserve(history.versions.size() + kMaxRestatementLines + 1);
  std::vector<const results::DefinitionVersion*> versions;
  versions.reserve(history.versions.size());
  for (const auto& v : history.versions) {
    if (v.version > 1) versions.push_back(&v);
  }
  std::sort(versions.begin(), versions.end(),
            [](auto* a, auto* b) { return std::tie(a->kpi, a->version) < std::tie(b->kpi, b->version); });
  for (const auto* v : versions) {
    out.push_back(ReviewLine().Bold(v->kpi).Text(
        " definition v" + std::to_string(v->version) + " since " + v->created_at.substr(0, 10) + ": " +
        (v->change_reason.empty() ? "(no reason recorded)" : v->change_reason) +
        " — values of earlier versions are kept apart"));
  }
  // Restated since the period began: the review day's numbers may differ from what
  // the previous review showed.
  const std::string since = time::PeriodLabel({catalog::Grain::kDay, period.first_day});
  std::vector<const results::Restatement*> restated;
  restated.reserve(history.restatements.size());
  for (const auto& r : history.restatements) {
    auto g = grains.find(r.kpi);
    if (r.segment != "*" || g == grains.end() || r.grain != g->second) continue;
    if (r.restated_at.substr(0, 10) < since) continue;
    restated.push_back(&r);
  }
  std::sort(restated.begin(), restated.end(), [](auto* a, auto* b) {
    return std::tie(b->restated_at, a->kpi, a->period) < std::tie(a->restated_at, b->kpi, b->period);
  });
  for (size_t i = 0; i < restated.size() && i < kMaxRestatementLines; ++i) {
    const results::Restatement& r = *restated[i];
    const catalog::MeasureDef* def = catalog.FindMeasure(r.kpi);
    const actions::MeasureFormat format =
        def ? actions::MeasureFormat(*def, catalog) : actions::MeasureFormat();
    out.push_back(ReviewLine().Bold(r.kpi).Text(" " + r.period + " restated " + format.Value(r.old_value) +
                                                " → " + format.Value(r.new_value) + " on " +
                                                r.restated_at.substr(0, 10) + " (" + r.reason + ")"));
  }
  if (restated.size() > kMaxRestatementLines) {
    out.push_back(ReviewLine().Text("and " + std::to_string(restated.size() - kMaxRestatementLines) +
                                    " more restatements (northstar explain KPI --period P shows each)"));
  }
  return out;
}

}  // namespace northstar::review
