// Working time between two instants under a working-hours calendar
// (`minutes_between(a, b, CAL)` in formulas).
//
// A calendar (CalendarDef) lists working intervals per weekday in local
// wall-clock minutes, plus holidays (whole local dates). An instant counts as working
// when its local reading in the calendar's zone lies inside one of that local day's
// intervals and the day is not a holiday. So across DST the answer is exact real
// elapsed time: a night shift 00:00-06:00 is 5 hours on a spring-forward night and 7
// on a fall-back night (the repeated hour is worked twice), and wall times inside a
// gap never count.
//
// Cost: the working intervals are converted to UTC and prefix-summed in chunks of 256
// days, built lazily on first use; a query is O(1) (a bucket lookup at each end plus
// one addition per 256 days spanned). Instants are clamped to 1900-01-01..2199-01-01.
//
// Thread safety: all methods are const and safe to call concurrently (chunk building is
// synchronised). Copies share the lazily built chunks.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "time/calendar_def.h"
#include "time/timestamp.h"

namespace northstar::time {

class WorkingCalendar {
 public:
  // `workspace_zone` applies when the calendar names no zone. InvalidArgument for
  // malformed hours (outside 0..1440, empty, unsorted or overlapping); NotFound for an
  // unknown zone.
  static Result<WorkingCalendar> Create(const CalendarDef& def, std::string_view workspace_zone);

  // Working time in [a, b); for b < a, the negative of [b, a).
  Micros WorkingMicrosBetween(Micros a, Micros b) const;
  double WorkingMinutesBetween(Micros a, Micros b) const {
    return static_cast<double>(WorkingMicrosBetween(a, b)) / static_cast<double>(kMicrosPerMinute);
  }

  const std::string& id() const;
  const ZoneConverter& zone() const;

  struct State;  // defined in working_calendar.cpp

 private:
  explicit WorkingCalendar(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

}  // namespace northstar::time
