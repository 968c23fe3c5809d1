#include "service/objective_scores.h"

#include <algorithm>
#include <cmath>

namespace northstar::service {

std::optional<double> KeyResultScore(const catalog::KeyResult& kr, double actual) {
  if (!kr.baseline || !kr.target || *kr.baseline == *kr.target || !std::isfinite(actual)) return std::nullopt;
  return std::clamp((actual - *kr.baseline) / (*kr.target - *kr.baseline), 0.0, 1.0);
}

std::vector<ObjectiveCard> ScoreObjectives(const catalog::Catalog& catalog, actions::Assessment& assessment) {
  std::vector<ObjectiveCard> out;
  for (const catalog::ObjectiveDef& o : catalog.objectives) {
    ObjectiveCard card;
    card.def = o;
    card.expected = o.kind == catalog::ObjectiveKind::kAspirational ? 0.7 : 1.0;
    double sum = 0, weights = 0;
    for (const catalog::KeyResult& kr : o.key_results) {
      KeyResultCard k;
      k.def = kr;
      if (!kr.kpi.empty()) {
        auto series = assessment.Series(kr.kpi, "*");
        const actions::AssessedPoint* latest = series.ok() && *series ? (*series)->LatestComplete() : nullptr;
        if (latest && latest->input.value) {
          k.period = latest->label;
          k.actual = latest->input.value;
          k.score = KeyResultScore(kr, *k.actual);
        }
      } else {
        k.score = kr.score;
      }
      if (k.score) {
        sum += *k.score * kr.weight;
        weights += kr.weight;
      }
      card.key_results.push_back(std::move(k));
    }
    if (weights > 0) card.score = sum / weights;
    out.push_back(std::move(card));
  }
  return out;
}

}  // namespace northstar::service
