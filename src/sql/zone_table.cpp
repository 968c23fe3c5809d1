#include "sql/zone_table.h"

#include <algorithm>
#include <functional>
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

// ClickHouse's AST grows with every alias use, so a tree over a few hundred transitions
// made statements too big to run. There the offset is a constant-size expression:
// time falls in buckets of 2^25 s (about 388 days); transform() maps a bucket to the
// offset at its start and to the (at most a few) transitions inside it, from constant
// arrays in a hash table.
std::string Buckets(const std::vector<ZoneTransition>& rows, const SqlDialect& dialect, const std::string& x,
                    int64_t unit) {
  if (rows.size() == 1) return "toInt64(" + dialect.IntLiteral(rows[0].offset / unit) + ")";
  // A few transitions (a statement for the data's time range) are cheaper as a tree.
  if (rows.size() <= 16) return "toInt64(" + Tree(rows, 0, rows.size(), dialect, x, unit) + ")";
  constexpr int64_t kBucket = int64_t{1} << 25;
  constexpr int64_t kNever = 9999999999;  // no transition: later than any DateTime (2286)
  const int64_t first = rows[1].since / unit;
  const int64_t count = (rows.back().since / unit - first) / kBucket + 1;
  // Bucket -1 (before `first`) keeps the first offset, bucket `count` the last.
  std::vector<int64_t> start(count + 2);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> inside(count + 2);
  size_t next = 1;
  int64_t offset = rows[0].offset / unit;
  for (int64_t b = -1; b <= count; ++b) {
    const int64_t bucket_start = first + b * kBucket;
    while (next < rows.size() && rows[next].since / unit <= bucket_start) offset = rows[next++].offset / unit;
    start[b + 1] = offset;
    for (; b >= 0 && b < count && next < rows.size() && rows[next].since / unit < bucket_start + kBucket;
         ++next) {
      inside[b + 1].emplace_back(rows[next].since / unit, rows[next].offset / unit);
      offset = rows[next].offset / unit;
    }
  }
  size_t most = 0;
  for (const auto& t : inside) most = std::max(most, t.size());
  auto array = [&](const std::function<int64_t(size_t)>& at) {
    std::string out = "CAST([";
    for (size_t i = 0; i < start.size(); ++i) out += (i ? "," : "") + std::to_string(at(i));
    return out + "] AS Array(Int64))";
  };
  const std::string keys = array([](size_t i) { return static_cast<int64_t>(i) - 1; });
  const std::string bucket = "least(intDiv(greatest(" + x + " - " + std::to_string(first - kBucket) +
                             ", 0), " + std::to_string(kBucket) + ") - 1, " + std::to_string(count) + ")";
  auto lookup = [&](const std::string& values) {
    return "transform(" + bucket + ", " + keys + ", " + values + ", toInt64(0))";
  };
  std::string out = "multiIf(";
  for (size_t j = most; j-- > 0;) {
    const std::string when =
        array([&](size_t i) { return j < inside[i].size() ? inside[i][j].first : kNever; });
    const std::string then = array([&](size_t i) { return j < inside[i].size() ? inside[i][j].second : 0; });
    out += x + " >= " + lookup(when) + ", " + lookup(then) + ", ";
  }
  return out + lookup(array([&](size_t i) { return start[i]; })) + ")";
}

}  // namespace

std::string UtcOffsetExpr(const std::vector<ZoneTransition>& rows, const SqlDialect& dialect,
                          const std::string& utc, int64_t unit) {
  if (dialect.id() == Dialect::kClickhouse) return Buckets(rows, dialect, utc, unit);
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
  if (dialect.id() == Dialect::kClickhouse) return Buckets(by_local, dialect, local, unit);
  return Tree(by_local, 0, by_local.size(), dialect, local, unit);
}

}  // namespace northstar::sql
