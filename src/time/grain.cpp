#include "time/grain.h"

#include <utility>

namespace northstar::time {

const char* GrainName(Grain g) {
  switch (g) {
    case Grain::kDay: return "day";
    case Grain::kWeek: return "week";
    case Grain::kMonth: return "month";
    case Grain::kQuarter: return "quarter";
    case Grain::kYear: return "year";
  }
  return "?";
}

std::optional<Grain> ParseGrain(std::string_view text) {
  static constexpr std::pair<std::string_view, Grain> kNames[] = {
      {"day", Grain::kDay},         {"daily", Grain::kDay},         {"week", Grain::kWeek},
      {"weekly", Grain::kWeek},     {"month", Grain::kMonth},       {"monthly", Grain::kMonth},
      {"quarter", Grain::kQuarter}, {"quarterly", Grain::kQuarter}, {"year", Grain::kYear},
      {"yearly", Grain::kYear}};
  for (const auto& [name, grain] : kNames) {
    if (text == name) return grain;
  }
  return std::nullopt;
}

}  // namespace northstar::time
