#include "time/working_calendar.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "time/civil.h"
#include "time/period.h"

namespace northstar::time {
namespace {

Micros Local(const ZoneConverter& zone, int y, int mo, int d, int h = 0, int mi = 0) {
  return zone.LocalToUtc(int64_t{DaysFromCivil(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour +
                         mi * kMicrosPerMinute);
}

// Office hours Mon-Fri 09:00-12:00 and 13:00-17:00 in Berlin; 2026-12-25 is a holiday.
CalendarDef Office() {
  CalendarDef def;
  def.id = "office";
  def.timezone = "Europe/Berlin";
  for (int wd = 0; wd < 5; ++wd) def.hours[wd] = {{9 * 60, 12 * 60}, {13 * 60, 17 * 60}};
  def.holidays = {DaysFromCivil(2026, 12, 25), DaysFromCivil(2026, 3, 30)};
  return def;
}

// Night desk, every day 22:00-24:00 and 00:00-06:00, so it works across the DST jumps
// at 02:00/03:00.
CalendarDef Night(const char* zone) {
  CalendarDef def;
  def.id = "night";
  def.timezone = zone;
  for (int wd = 0; wd < 7; ++wd) def.hours[wd] = {{0, 6 * 60}, {22 * 60, 24 * 60}};
  def.holidays = {DaysFromCivil(2026, 11, 3)};
  return def;
}

// Boundaries inside the DST jump hour (02:30, 02:45), where converting only the
// interval ends would miss or double-count wall time.
CalendarDef SplitNight(const char* zone) {
  CalendarDef def = Night(zone);
  def.id = "split_night";
  for (int wd = 0; wd < 7; ++wd) def.hours[wd] = {{0, 150}, {165, 360}};
  return def;
}

WorkingCalendar Make(const CalendarDef& def) {
  auto cal = WorkingCalendar::Create(def, "UTC");
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return *cal;
}

// Reference: walk minute by minute and ask "is the local reading working time?".
int64_t BruteForceMinutes(const CalendarDef& def, const ZoneConverter& zone, Micros a, Micros b) {
  int64_t minutes = 0;
  for (Micros u = a; u < b; u += kMicrosPerMinute) {
    const Micros local = zone.UtcToLocal(u);
    const int32_t day = static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
    if (std::find(def.holidays.begin(), def.holidays.end(), day) != def.holidays.end()) continue;
    const int32_t minute = static_cast<int32_t>((local - int64_t{day} * kMicrosPerDay) / kMicrosPerMinute);
    for (const auto& [from, to] : def.hours[static_cast<size_t>(IsoWeekday(day) - 1)]) {
      if (minute >= from && minute < to) {
        ++minutes;
        break;
      }
    }
  }
  return minutes;
}

TEST(WorkingCalendar, OfficeHours) {
  const WorkingCalendar cal = Make(Office());
  const ZoneConverter& z = cal.zone();
  // Thursday 2026-03-05.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 10), Local(z, 2026, 3, 5, 11, 30)), 90);
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 11), Local(z, 2026, 3, 5, 14)),
                   120);  // lunch
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 7), Local(z, 2026, 3, 5, 8)), 0);
  // Overnight: Thursday 16:00 -> Friday 10:00.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 16), Local(z, 2026, 3, 6, 10)), 120);
  // Weekend: Friday 16:00 -> Monday 2026-03-09 10:00.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 6, 16), Local(z, 2026, 3, 9, 10)), 120);
  // Holiday: Friday 2026-03-27 16:00 -> Tuesday 03-31 10:00 skips the Monday holiday.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 27, 16), Local(z, 2026, 3, 31, 10)), 120);
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 12, 25, 8), Local(z, 2026, 12, 25, 18)), 0);
  // Multi-week: two whole weeks = 10 days * 7 h.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 1, 5), Local(z, 2026, 1, 19)), 10 * 7 * 60);
  // Across a year (spans several 256-day chunks).
  EXPECT_DOUBLE_EQ(
      cal.WorkingMinutesBetween(Local(z, 2025, 1, 6), Local(z, 2027, 1, 4)),
      static_cast<double>(BruteForceMinutes(Office(), z, Local(z, 2025, 1, 6), Local(z, 2027, 1, 4))));
  // Reversed arguments give the negative; sub-minute precision is kept.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 11, 30), Local(z, 2026, 3, 5, 10)), -90);
  EXPECT_DOUBLE_EQ(
      cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 10), Local(z, 2026, 3, 5, 10) + 30 * kMicrosPerSecond),
      0.5);
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 5, 10), Local(z, 2026, 3, 5, 10)), 0);
}

TEST(WorkingCalendar, NightHoursAcrossDst) {
  const WorkingCalendar cal = Make(Night("Europe/Berlin"));
  const ZoneConverter& z = cal.zone();
  // Spring forward: 00:00-06:00 on 2026-03-29 is only 5 real hours.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 29, 0), Local(z, 2026, 3, 29, 12)), 5 * 60);
  // 01:00 -> 04:00 local crosses the gap: 2 real hours.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 29, 1), Local(z, 2026, 3, 29, 4)), 2 * 60);
  // Fall back: the 02:00-03:00 hour happens twice and is worked twice: 7 hours.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 10, 25, 0), Local(z, 2026, 10, 25, 12)), 7 * 60);
  // Wall times inside the gap never happen; inside the overlap they happen twice.
  const WorkingCalendar split = Make(SplitNight("Europe/Berlin"));
  EXPECT_DOUBLE_EQ(split.WorkingMinutesBetween(Local(z, 2026, 3, 29), Local(z, 2026, 3, 29, 12)), 5 * 60);
  EXPECT_DOUBLE_EQ(split.WorkingMinutesBetween(Local(z, 2026, 10, 25), Local(z, 2026, 10, 25, 12)), 6.5 * 60);
  EXPECT_DOUBLE_EQ(split.WorkingMinutesBetween(Local(z, 2026, 3, 5), Local(z, 2026, 3, 5, 12)), 5.75 * 60);
  // A normal night shift from 22:00 to 06:00 is 8 hours.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 4, 22), Local(z, 2026, 3, 5, 6)), 8 * 60);
  // The whole DST weeks: 7 * 8 h, minus 1 h in spring, plus 1 h in autumn.
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 3, 23), Local(z, 2026, 3, 30)), 7 * 8 * 60 - 60);
  EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(Local(z, 2026, 10, 19), Local(z, 2026, 10, 26)),
                   7 * 8 * 60 + 60);
}

TEST(WorkingCalendar, MatchesMinuteByMinuteReferenceOnRandomPairs) {
  std::mt19937_64 rng(7);
  struct Case {
    CalendarDef def;
    int y, m, d;  // window start (a DST change or holiday inside)
  };
  const std::vector<Case> cases = {{Office(), 2026, 3, 20},
                                   {Office(), 2026, 12, 18},
                                   {Night("Europe/Berlin"), 2026, 3, 22},
                                   {Night("Europe/Berlin"), 2026, 10, 18},
                                   {Night("America/New_York"), 2026, 3, 3},
                                   {Night("America/New_York"), 2026, 10, 28},
                                   {Night("Australia/Lord_Howe"), 2026, 4, 1},
                                   {SplitNight("Europe/Berlin"), 2026, 3, 22},
                                   {SplitNight("Europe/Berlin"), 2026, 10, 18},
                                   {SplitNight("America/New_York"), 2026, 10, 28},
                                   {SplitNight("Australia/Lord_Howe"), 2026, 9, 28}};
  for (const Case& c : cases) {
    const WorkingCalendar cal = Make(c.def);
    const ZoneConverter& z = cal.zone();
    const Micros window = Local(z, c.y, c.m, c.d);
    std::uniform_int_distribution<int64_t> minute(0, 16 * 24 * 60);
    for (int i = 0; i < 60; ++i) {
      const Micros a = window + minute(rng) * kMicrosPerMinute;
      const Micros b = window + minute(rng) * kMicrosPerMinute;
      const int64_t expected =
          a <= b ? BruteForceMinutes(c.def, z, a, b) : -BruteForceMinutes(c.def, z, b, a);
      ASSERT_DOUBLE_EQ(cal.WorkingMinutesBetween(a, b), static_cast<double>(expected))
          << c.def.id << " " << c.def.timezone << " " << FormatIso(a, &z) << " -> " << FormatIso(b, &z);
    }
  }
}

TEST(WorkingCalendar, ConcurrentUseAgrees) {
  const WorkingCalendar cal = Make(Office());
  const ZoneConverter& z = cal.zone();
  const Micros start = Local(z, 2000, 1, 1);
  std::vector<double> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      double sum = 0;
      for (int i = 0; i < 2000; ++i) sum += cal.WorkingMinutesBetween(start, start + i * 7 * kMicrosPerDay);
      results[t] = sum;
    });
  }
  for (auto& th : threads) th.join();
  for (double r : results) EXPECT_EQ(r, results[0]);
  EXPECT_GT(results[0], 0);
}

TEST(WorkingCalendar, RejectsBadDefinitions) {
  CalendarDef def = Office();
  def.hours[2] = {{13 * 60, 17 * 60}, {9 * 60, 12 * 60}};  // unsorted
  auto cal = WorkingCalendar::Create(def, "UTC");
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("Wednesday"), std::string::npos);
  def = Office();
  def.hours[0] = {{9 * 60, 25 * 60}};
  EXPECT_FALSE(WorkingCalendar::Create(def, "UTC").ok());
  def = Office();
  def.timezone = "";
  auto fallback = WorkingCalendar::Create(def, "America/New_York");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->zone().name(), "America/New_York");
  EXPECT_EQ(WorkingCalendar::Create(def, "Nowhere/City").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace northstar::time
