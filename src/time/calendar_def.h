// A working-hours calendar as the catalog declares it (`calendars:` in northstar.yaml),
// the input of WorkingCalendar::Create. Plain data.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/source_location.h"

namespace northstar::time {

// Working hours as minute intervals per weekday, in the calendar's time zone.
struct CalendarDef {
  std::string id;
  std::string timezone;  // empty = workspace's
  // hours[0] = Monday ... hours[6] = Sunday; each interval is [start, end) in minutes
  // after local midnight, sorted and non-overlapping.
  std::array<std::vector<std::pair<int32_t, int32_t>>, 7> hours;
  std::vector<int32_t> holidays;  // local dates as days since 1970-01-01, sorted
  SourceLocation where;
};

}  // namespace northstar::time
