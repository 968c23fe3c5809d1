// Period texts as written in a catalog (plan points, locked baselines):
// 2026-03-05 (day), 2026-W10 (ISO week), 2026-03 (month), 2026-Q1 (quarter), 2026 (year).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "catalog/model.h"

namespace northstar::catalog {

struct PeriodOrdinal {
  Grain grain = Grain::kDay;
  int64_t index = 0;  // consecutive periods of one grain have consecutive indexes
};

// The grain and a monotone index of a period text; nullopt when it is not one.
std::optional<PeriodOrdinal> ParsePeriodText(std::string_view text);

inline bool IsPeriodText(std::string_view text) {
  return ParsePeriodText(text).has_value();
}

}  // namespace northstar::catalog
