// Reporting periods (day, ISO week, month, quarter, year) in a time zone.
//
// A period is a PeriodKey: its grain plus a dense index, so consecutive periods have
// consecutive indexes, Shift() is an addition and keys sort chronologically within a
// grain. Index per grain:
//   day      local day number (days since 1970-01-01)
//   week     (day number of the ISO week's Monday + 3) / 7   (1969-12-29 -> 0)
//   month    year * 12 + month - 1
//   quarter  year * 4 + quarter - 1
//   year     year
// Periods are local calendar periods: a period starts at local midnight of its first
// day in the zone, so DST days are 23 or 25 hours long. Weeks follow ISO 8601: they
// start on Monday and belong to the year of their Thursday ("2020-W53" holds
// 2021-01-03; "2025-W01" starts 2024-12-30).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "time/grain.h"
#include "time/timestamp.h"

namespace northstar::time {

struct PeriodKey {
  Grain grain = Grain::kDay;
  int32_t index = 0;

  friend auto operator<=>(const PeriodKey&, const PeriodKey&) = default;
  friend bool operator==(const PeriodKey&, const PeriodKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const PeriodKey& k) {
    return H::combine(std::move(h), static_cast<int>(k.grain), k.index);
  }
};

inline constexpr std::array<Grain, 5> kAllGrains = {Grain::kDay, Grain::kWeek, Grain::kMonth, Grain::kQuarter,
                                                    Grain::kYear};

// An inclusive span of local days (days since 1970-01-01).
struct DaySpan {
  int32_t first_day = 0;
  int32_t last_day = 0;
  bool operator==(const DaySpan&) const = default;
};

// The local day (days since 1970-01-01) an instant falls on in `zone`.
int32_t LocalDay(Micros utc, const ZoneConverter& zone);

// LocalDay for many instants in a row: the offset span of the last one is reused,
// so instants between two zone transitions cost one comparison each.
class LocalDays {
 public:
  explicit LocalDays(const ZoneConverter& zone) : zone_(zone) {}
  int32_t operator()(Micros utc) {
    const int64_t s = utc >= 0 ? utc / kMicrosPerSecond : -((-utc - 1) / kMicrosPerSecond) - 1;
    if (s < from_ || s >= until_) offset_ = zone_.OffsetSpanAt(utc, &from_, &until_);
    const Micros local = utc + offset_ * kMicrosPerSecond;
    return static_cast<int32_t>(local >= 0 ? local / kMicrosPerDay : -((-local - 1) / kMicrosPerDay) - 1);
  }

 private:
  const ZoneConverter& zone_;
  int64_t from_ = 0, until_ = 0;  // empty: the first call looks up
  int32_t offset_ = 0;
};

// The period of `grain` containing a local day.
PeriodKey PeriodOfDay(int32_t local_day, Grain grain);
// A day coarsened to every grain, in kAllGrains order.
std::array<PeriodKey, 5> PeriodsOfDay(int32_t local_day);

// First and last local day of a period (both inclusive).
int32_t FirstDay(PeriodKey period);
int32_t LastDay(PeriodKey period);

// UTC instant of the period's first local midnight, and its exclusive end (= the next
// period's start). A midnight that falls into a DST gap starts at the gap's end.
Micros PeriodStart(PeriodKey period, const ZoneConverter& zone);
Micros PeriodEnd(PeriodKey period, const ZoneConverter& zone);

// The period n periods later (earlier when n < 0), same grain.
PeriodKey Shift(PeriodKey period, int32_t n);

// "2026-03-05", "2026-W10", "2026-03", "2026-Q1", "2026".
std::string PeriodLabel(PeriodKey period);
// Inverse of PeriodLabel; the grain follows from the shape. InvalidArgument says
// which shapes are accepted; weeks that do not exist are rejected ("2025-W53": 2025
// has 52 ISO weeks, 2026 has 53).
Result<PeriodKey> ParsePeriod(std::string_view text);

// ISO week-year and week number (1..53) of a local day.
struct IsoWeek {
  int32_t year;
  int32_t week;
};
IsoWeek IsoWeekOfDay(int32_t local_day);

}  // namespace northstar::time

template <>
struct std::hash<northstar::time::PeriodKey> {
  size_t operator()(const northstar::time::PeriodKey& k) const noexcept {
    return std::hash<uint64_t>()((static_cast<uint64_t>(k.grain) << 32) ^ static_cast<uint32_t>(k.index));
  }
};
