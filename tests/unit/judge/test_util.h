// Helpers shared by the judge tests: series builders and a period resolver over a
// fixed table of labels.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "judge/period_resolver.h"
#include "judge/series.h"

namespace northstar::judge::testing {

// Points at periods first, first+1, ... with the given values (all present).
inline std::vector<SeriesPoint> Series(std::initializer_list<double> values, int32_t first = 0) {
  std::vector<SeriesPoint> out;
  int32_t p = first;
  for (double v : values) out.push_back({p++, v, std::nullopt});
  return out;
}

// Resolves labels from a table; anything else is an InvalidArgument.
inline PeriodResolver TableResolver(std::map<std::string, int32_t> table) {
  return [table = std::move(table)](std::string_view text) -> Result<int32_t> {
    auto it = table.find(std::string(text));
    if (it == table.end()) return Status::InvalidArgument("unknown period");
    return it->second;
  };
}

}  // namespace northstar::judge::testing
