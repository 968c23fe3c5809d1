#include "example.h"

#include <cmath>

#include "civil_time.h"

namespace northstar::datagen {

std::vector<int64_t> SplitByWeight(int64_t total, const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<int64_t> counts(weights.size());
  double running = 0;
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    const int64_t upto =
        i + 1 == weights.size() ? total : std::llround(static_cast<double>(total) * running / sum);
    counts[i] = upto - assigned;
    assigned = upto;
  }
  return counts;
}

double YearlyWave(int64_t day, int peak_day_of_year, double amplitude) {
  const double phase = 6.283185307179586 * (DayOfYear(day) - peak_day_of_year) / 365.25;
  return 1.0 + amplitude * std::cos(phase);
}

}  // namespace northstar::datagen
