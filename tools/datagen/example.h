// The example data sets northstar-datagen writes. Each generator writes every source
// file of one example workspace (examples/<name>/northstar.yaml) into `out_dir`,
// deterministically: the same options give byte-identical files.
//
// The history covers 104 ISO weeks (728 days) ending on `end_day` inclusive. The effects
// planted in the data are listed in docs/examples.md; the constants that place them are
// in the generator of each example and are stated there relative to the first day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::datagen {

struct GeneratorOptions {
  int64_t rows = 100000;  // data rows of the example's main source
  uint64_t seed = 1;
  std::string out_dir;
  int64_t end_day = 0;  // last day of history, days since 1970-01-01
};

constexpr int64_t kHistoryDays = 728;

Status GenerateSupport(const GeneratorOptions& options);
Status GenerateSaas(const GeneratorOptions& options);
Status GenerateFinance(const GeneratorOptions& options);

// Splits `total` rows over days in proportion to `weights` (largest-remainder free:
// rounding of the running sum), so the counts always add up to `total` exactly.
std::vector<int64_t> SplitByWeight(int64_t total, const std::vector<double>& weights);

// Volume multiplier for the day of the year: a smooth yearly wave peaking on
// `peak_day_of_year` with the given relative amplitude.
double YearlyWave(int64_t day, int peak_day_of_year, double amplitude);

}  // namespace northstar::datagen
