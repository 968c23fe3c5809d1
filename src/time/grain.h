// Grains: the period lengths KPIs are computed and judged at, and their names — the
// one table every `--grain` flag, the catalog's `frequency:` and the results read.
#pragma once

#include <optional>
#include <string_view>

namespace northstar::time {

enum class Grain { kDay, kWeek, kMonth, kQuarter, kYear };

const char* GrainName(Grain g);  // "day", "week", ...
// A grain from its name ("week") or the catalog's frequency word ("weekly"); nullopt
// for anything else (never a default).
std::optional<Grain> ParseGrain(std::string_view text);
inline constexpr const char* kGrainChoices = "day, week, month, quarter or year (or daily, weekly, ...)";

}  // namespace northstar::time
