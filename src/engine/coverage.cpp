#include "engine/coverage.h"

#include <algorithm>
#include <limits>

#include "time/period.h"

namespace northstar::engine {
namespace {

struct MicrosRange {
  int64_t min = std::numeric_limits<int64_t>::max();
  int64_t max = std::numeric_limits<int64_t>::min();
  bool empty() const { return min > max; }
  void Add(int64_t lo, int64_t hi) {
    min = std::min(min, lo);
    max = std::max(max, hi);
  }
};

// The time column of a table read whole (not streamed), or null.
const store::ColumnValues* TimeColumn(const catalog::SourceDef& source, const LoadedInput& input) {
  auto it = input.input.sources.find(source.id);
  if (it == input.input.sources.end() || it->second.streamed()) return nullptr;
  for (size_t c = 0; c < source.columns.size() && c < it->second.columns.size(); ++c) {
    if (source.columns[c].name == source.time) return it->second.columns[c];
  }
  return nullptr;
}

}  // namespace

std::optional<time::DaySpan> SourceSpan(const catalog::SourceDef& source, const LoadedInput& input,
                                        const SeenState& seen, const time::ZoneConverter& zone) {
  if (source.time.empty()) return std::nullopt;
  MicrosRange range;
  if (auto s = seen.find(source.id); s != seen.end() && input.store_versions.count(source.id)) {
    for (uint64_t segment : s->second.segments) {
      auto r = s->second.ranges.find(segment);
      if (r == s->second.ranges.end()) return std::nullopt;  // unknown: do not guess
      if (r->second) range.Add(r->second->min, r->second->max);
    }
  } else if (const store::ColumnValues* time = TimeColumn(source, input)) {
    for (size_t r = 0; r < time->size(); ++r) {
      if (time->valid[r]) range.Add(time->ints[r], time->ints[r]);
    }
  } else {
    return std::nullopt;
  }
  if (range.empty()) return std::nullopt;
  return time::DaySpan{time::LocalDay(range.min, zone), time::LocalDay(range.max, zone)};
}

std::map<std::string, std::optional<time::DaySpan>> MeasureSpans(const catalog::Catalog& catalog,
                                                                 const Plan& plan, const LoadedInput& input,
                                                                 const SeenState& seen) {
  std::map<std::string, std::optional<time::DaySpan>> out;
  auto zone = time::ZoneConverter::Create(catalog.workspace.timezone);
  const time::ZoneConverter z = zone.ok() ? *zone : time::ZoneConverter::Utc();
  std::map<std::string, std::optional<time::DaySpan>> by_source;
  for (const MeasurePlan& m : plan.measures) {
    std::optional<time::DaySpan> span;
    for (const std::string& id : m.sources_read) {
      auto cached = by_source.find(id);
      if (cached == by_source.end()) {
        const catalog::SourceDef* def = catalog.workspace.FindSource(id);
        cached = by_source.emplace(id, def ? SourceSpan(*def, input, seen, z) : std::nullopt).first;
      }
      const std::optional<time::DaySpan>& s = cached->second;
      if (!s) continue;
      if (!span) {
        span = s;
      } else {
        span->first_day = std::max(span->first_day, s->first_day);
        span->last_day = std::min(span->last_day, s->last_day);
      }
    }
    out[m.measure->def->id] = span;
  }
  return out;
}

}  // namespace northstar::engine
