#include "sql/zone_table.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "time/civil.h"

namespace northstar::sql {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

}  // namespace

Result<std::vector<ZoneTransition>> ZoneTransitions(const time::ZoneConverter& zone,
                                                    const catalog::Limits& limits) {
  constexpr int64_t kSecondsPerDay = 86400;
  const int64_t first =
      std::max<int64_t>(limits.first_day - 1, time::DaysFromCivil(1800, 1, 2)) * kSecondsPerDay;
  const int64_t last =
      std::min<int64_t>(limits.last_day + 2, time::DaysFromCivil(2199, 12, 30)) * kSecondsPerDay;
  std::vector<ZoneTransition> out;
  for (int64_t t = first; t < last;) {
    int64_t from = 0, until = 0;
    const int64_t offset =
        int64_t{zone.OffsetSpanAt(t * time::kMicrosPerSecond, &from, &until)} * time::kMicrosPerSecond;
    if (out.empty() || offset != out.back().offset)
      out.push_back({out.empty() ? kMin : from * time::kMicrosPerSecond, offset});
    if (until <= t) return Status::Internal("the zone table does not advance");
    t = until;
  }
  if (out.empty()) out.push_back({kMin, 0});
  return out;
}

namespace {

std::string Values(const std::vector<ZoneTransition>& rows, const SqlDialect& dialect) {
  std::string out = "VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ", ";
    out += '(';
    out += dialect.IntLiteral(rows[i].since);
    out += ", ";
    // Each row holds its range's end, so a lookup is one range test and no sort.
    out += dialect.IntLiteral(i + 1 < rows.size() ? rows[i + 1].since : std::numeric_limits<int64_t>::max());
    out += ", ";
    out += dialect.IntLiteral(rows[i].offset);
    out += ')';
  }
  return out;
}

}  // namespace

Result<std::string> ZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                     const SqlDialect& dialect) {
  ASSIGN_OR_RETURN(std::vector<ZoneTransition> rows, ZoneTransitions(zone, limits));
  return Values(rows, dialect);
}

Result<std::string> LocalZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                          const SqlDialect& dialect) {
  ASSIGN_OR_RETURN(std::vector<ZoneTransition> rows, ZoneTransitions(zone, limits));
  // At a transition from offset a to b (at UTC s), local readings below s + max(a, b)
  // keep a: before a spring-forward that covers the gap (moved forward by it), before
  // a fall-back the overlap (its earlier instant). From s + max(a, b) on, b.
  std::vector<ZoneTransition> local = {rows.front()};
  for (size_t i = 1; i < rows.size(); ++i)
    local.push_back({rows[i].since + std::max(rows[i - 1].offset, rows[i].offset), rows[i].offset});
  return Values(local, dialect);
}

}  // namespace northstar::sql
