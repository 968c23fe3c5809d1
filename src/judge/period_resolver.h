// How the judge turns period texts from the catalog into series period indexes.
//
// Catalog fields name periods as text ("2026-W01" in a plan or a locked baseline) and
// target changes as dates ("2026-03-01"). The judge works on period indexes only, so
// the caller (which knows the series' grain and time zone) passes a resolver: it maps
// a period label or a YYYY-MM-DD date to the index of the period, at the series'
// grain, that contains it — the same index space as SeriesPoint::period. It returns
// InvalidArgument for text it cannot place (e.g. "2026-W01" for a monthly series).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "common/status.h"

namespace northstar::judge {

using PeriodResolver = std::function<Result<int32_t>(std::string_view text)>;

}  // namespace northstar::judge
