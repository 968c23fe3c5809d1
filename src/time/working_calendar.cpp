#include "time/working_calendar.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "time/civil.h"

namespace northstar::time {

namespace {

constexpr int32_t kChunkDays = 256;
constexpr int32_t kCoverFirstDay = DaysFromCivil(1900, 1, 1);
constexpr int32_t kCoverChunks = (DaysFromCivil(2199, 1, 1) - kCoverFirstDay) / kChunkDays;
constexpr Micros kCoverBegin = int64_t{kCoverFirstDay} * kMicrosPerDay;
constexpr Micros kCoverEnd = kCoverBegin + int64_t{kCoverChunks} * kChunkDays * kMicrosPerDay;

// Working time inside one span of kChunkDays UTC days: the UTC working intervals
// (sorted, disjoint, clipped to the chunk) with prefix sums, and per UTC day the first
// interval that ends after the day starts, so Before() scans only that day's few.
struct Chunk {
  Micros begin = 0;
  std::vector<ZoneConverter::UtcRange> intervals;
  std::vector<Micros> prefix;  // prefix[i] = total length of intervals[0, i)
  std::array<int32_t, kChunkDays + 1> day_first{};

  Micros total() const { return prefix.back(); }

  // Working time in [begin, t), for t within the chunk.
  Micros Before(Micros t) const {
    const int64_t d = std::min<int64_t>((t - begin) / kMicrosPerDay, kChunkDays);
    size_t i = static_cast<size_t>(day_first[static_cast<size_t>(d)]);
    while (i < intervals.size() && intervals[i].second <= t) ++i;
    Micros sum = prefix[i];
    if (i < intervals.size() && intervals[i].first < t) sum += t - intervals[i].first;
    return sum;
  }
};

}  // namespace

struct WorkingCalendar::State {
  std::string id;
  ZoneConverter zone = ZoneConverter::Utc();
  std::array<std::vector<std::pair<int32_t, int32_t>>, 7> hours;
  std::vector<int32_t> holidays;  // sorted

  std::mutex build_mu;
  std::vector<std::unique_ptr<Chunk>> owned;  // guarded by build_mu
  std::unique_ptr<std::atomic<const Chunk*>[]> chunks =
      std::make_unique<std::atomic<const Chunk*>[]>(kCoverChunks);

  const Chunk& GetChunk(int32_t k) {
    const Chunk* c = chunks[k].load(std::memory_order_acquire);
    if (c != nullptr) return *c;
    std::lock_guard<std::mutex> lock(build_mu);
    c = chunks[k].load(std::memory_order_acquire);
    if (c != nullptr) return *c;
    owned.push_back(Build(k));
    chunks[k].store(owned.back().get(), std::memory_order_release);
    return *owned.back();
  }

  std::unique_ptr<Chunk> Build(int32_t k) const {
    auto chunk = std::make_unique<Chunk>();
    const int32_t first_day = kCoverFirstDay + k * kChunkDays;
    const Micros begin = int64_t{first_day} * kMicrosPerDay;
    const Micros end = begin + int64_t{kChunkDays} * kMicrosPerDay;
    chunk->begin = begin;
    // Local days reach at most a day (plus the zone offset) past UTC days: take two
    // days of margin on both sides and clip.
    std::array<ZoneConverter::UtcRange, ZoneConverter::kMaxUtcRanges> ranges;
    for (int32_t day = first_day - 2; day < first_day + kChunkDays + 2; ++day) {
      if (std::binary_search(holidays.begin(), holidays.end(), day)) continue;
      const Micros midnight = int64_t{day} * kMicrosPerDay;
      for (const auto& [from, to] : hours[static_cast<size_t>(IsoWeekday(day) - 1)]) {
        const int n = zone.UtcRangesOfLocal(midnight + from * kMicrosPerMinute,
                                            midnight + to * kMicrosPerMinute, ranges);
        for (int i = 0; i < n; ++i) {
          const Micros b = std::max(ranges[i].first, begin), e = std::min(ranges[i].second, end);
          if (b < e) chunk->intervals.emplace_back(b, e);
        }
      }
    }
    std::sort(chunk->intervals.begin(), chunk->intervals.end());
    // Merge touching intervals (e.g. 22:00-24:00 followed by 00:00-06:00).
    std::vector<ZoneConverter::UtcRange> merged;
    for (const auto& r : chunk->intervals) {
      if (!merged.empty() && merged.back().second >= r.first) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    chunk->intervals = std::move(merged);
    chunk->prefix.assign(chunk->intervals.size() + 1, 0);
    for (size_t i = 0; i < chunk->intervals.size(); ++i) {
      chunk->prefix[i + 1] = chunk->prefix[i] + chunk->intervals[i].second - chunk->intervals[i].first;
    }
    size_t i = 0;
    for (int32_t d = 0; d <= kChunkDays; ++d) {
      const Micros day_start = begin + int64_t{d} * kMicrosPerDay;
      while (i < chunk->intervals.size() && chunk->intervals[i].second <= day_start) ++i;
      chunk->day_first[static_cast<size_t>(d)] = static_cast<int32_t>(i);
    }
    return chunk;
  }
};

Result<WorkingCalendar> WorkingCalendar::Create(const CalendarDef& def, std::string_view workspace_zone) {
  auto state = std::make_shared<State>();
  state->id = def.id;
  const std::string_view zone_name = def.timezone.empty() ? workspace_zone : std::string_view(def.timezone);
  auto zone = ZoneConverter::Create(zone_name);
  if (!zone.ok()) return zone.status().WithContext("calendar '" + def.id + "'");
  state->zone = *zone;
  static constexpr const char* kDays[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
  for (size_t wd = 0; wd < 7; ++wd) {
    int32_t previous_end = 0;
    for (const auto& [from, to] : def.hours[wd]) {
      if (from < 0 || to > 1440 || from >= to || from < previous_end) {
        return Status::InvalidArgument("calendar '" + def.id + "': " + kDays[wd] +
                                       " hours must be sorted, non-overlapping intervals within 00:00-24:00");
      }
      previous_end = to;
    }
    state->hours[wd] = def.hours[wd];
  }
  state->holidays = def.holidays;
  std::sort(state->holidays.begin(), state->holidays.end());
  return WorkingCalendar(std::move(state));
}

const std::string& WorkingCalendar::id() const {
  return state_->id;
}
const ZoneConverter& WorkingCalendar::zone() const {
  return state_->zone;
}

Micros WorkingCalendar::WorkingMicrosBetween(Micros a, Micros b) const {
  if (b < a) return -WorkingMicrosBetween(b, a);
  a = std::clamp(a, kCoverBegin, kCoverEnd);
  b = std::clamp(b, kCoverBegin, kCoverEnd);
  if (a == b) return 0;
  const auto chunk_of = [](Micros t) {
    return static_cast<int32_t>(
        std::min<int64_t>((t - kCoverBegin) / (kChunkDays * kMicrosPerDay), kCoverChunks - 1));
  };
  const int32_t ka = chunk_of(a), kb = chunk_of(b);
  State& s = *state_;
  const Chunk& first = s.GetChunk(ka);
  if (ka == kb) return first.Before(b) - first.Before(a);
  Micros sum = first.total() - first.Before(a);
  for (int32_t k = ka + 1; k < kb; ++k) sum += s.GetChunk(k).total();
  return sum + s.GetChunk(kb).Before(b);
}

}  // namespace northstar::time
