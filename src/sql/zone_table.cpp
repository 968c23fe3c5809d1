#include "sql/zone_table.h"

#include <algorithm>
#include <limits>

#include "time/civil.h"

namespace northstar::sql {

Result<std::string> ZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                     const SqlDialect& dialect) {
  constexpr int64_t kSecondsPerDay = 86400;
  const int64_t first =
      std::max<int64_t>(limits.first_day - 1, time::DaysFromCivil(1800, 1, 2)) * kSecondsPerDay;
  const int64_t last =
      std::min<int64_t>(limits.last_day + 2, time::DaysFromCivil(2199, 12, 30)) * kSecondsPerDay;
  std::string out = "VALUES ";
  int32_t previous = 0;
  bool any = false;
  for (int64_t t = first; t < last;) {
    int64_t from = 0, until = 0;
    const int32_t offset = zone.OffsetSpanAt(t * time::kMicrosPerSecond, &from, &until);
    if (!any || offset != previous) {
      const int64_t since = any ? from * time::kMicrosPerSecond : std::numeric_limits<int64_t>::min();
      if (any) out += ", ";
      out += '(';
      out += dialect.IntLiteral(since);
      out += ", ";
      out += std::to_string(int64_t{offset} * time::kMicrosPerSecond);
      out += ')';
      previous = offset;
      any = true;
    }
    if (until <= t) return Status::Internal("the zone table does not advance");
    t = until;
  }
  if (!any) {
    out += '(';
    out += dialect.IntLiteral(std::numeric_limits<int64_t>::min());
    out += ", 0)";
  }
  return out;
}

}  // namespace northstar::sql
