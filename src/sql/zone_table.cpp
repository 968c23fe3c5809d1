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

// rows[lo, hi) as nested CASEs split at the middle row's start: depth log2(n). Bounds
// and offsets in `unit`s of micros (transitions fall on whole seconds). ClickHouse
// gets the shorter if(): its queries are limited in size.
std::string Tree(const std::vector<ZoneTransition>& rows, size_t lo, size_t hi, const SqlDialect& dialect,
                 const std::string& x, int64_t unit) {
  if (hi - lo == 1) return dialect.IntLiteral(rows[lo].offset / unit);
  const size_t mid = lo + (hi - lo) / 2;
  const std::string bound = dialect.IntLiteral(rows[mid].since / unit);
  const std::string left = Tree(rows, lo, mid, dialect, x, unit),
                    right = Tree(rows, mid, hi, dialect, x, unit);
  if (dialect.id() == Dialect::kClickhouse)
    return "if(" + x + " < " + bound + ", " + left + ", " + right + ")";
  return "CASE WHEN " + x + " < " + bound + " THEN " + left + " ELSE " + right + " END";
}

}  // namespace

std::string UtcOffsetExpr(const std::vector<ZoneTransition>& rows, const SqlDialect& dialect,
                          const std::string& utc, int64_t unit) {
  return Tree(rows, 0, rows.size(), dialect, utc, unit);
}

std::string LocalOffsetExpr(const std::vector<ZoneTransition>& rows, const SqlDialect& dialect,
                            const std::string& local, int64_t unit) {
  // At a transition from offset a to b (at UTC s), local readings below s + max(a, b)
  // keep a: before a spring-forward that covers the gap (moved forward by it), before
  // a fall-back the overlap (its earlier instant). From s + max(a, b) on, b.
  std::vector<ZoneTransition> by_local = {rows.front()};
  for (size_t i = 1; i < rows.size(); ++i)
    by_local.push_back({rows[i].since + std::max(rows[i - 1].offset, rows[i].offset), rows[i].offset});
  return Tree(by_local, 0, by_local.size(), dialect, local, unit);
}

}  // namespace northstar::sql
