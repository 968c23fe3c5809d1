#include "time/period.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "time/civil.h"

namespace northstar::time {
namespace {

int32_t Day(int y, int m, int d) {
  return DaysFromCivil(y, m, d);
}
Micros Utc(int y, int mo, int d, int h = 0, int mi = 0) {
  return int64_t{Day(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute;
}
ZoneConverter Zone(const char* name) {
  return ZoneConverter::Create(name).value();
}
std::string WeekLabel(int y, int m, int d) {
  return PeriodLabel(PeriodOfDay(Day(y, m, d), Grain::kWeek));
}

TEST(Period, IsoWeekEdges) {
  EXPECT_EQ(WeekLabel(2020, 12, 31), "2020-W53");
  EXPECT_EQ(WeekLabel(2021, 1, 3), "2020-W53");
  EXPECT_EQ(WeekLabel(2021, 1, 4), "2021-W01");
  EXPECT_EQ(WeekLabel(2024, 12, 29), "2024-W52");
  EXPECT_EQ(WeekLabel(2024, 12, 30), "2025-W01");
  EXPECT_EQ(WeekLabel(2026, 12, 31), "2026-W53");
  EXPECT_EQ(WeekLabel(2027, 1, 3), "2026-W53");
  EXPECT_EQ(WeekLabel(2026, 3, 5), "2026-W10");
  EXPECT_EQ(WeekLabel(1969, 12, 29), "1970-W01");
}

TEST(Period, LabelsPerGrain) {
  const std::array<PeriodKey, 5> p = PeriodsOfDay(Day(2026, 3, 5));
  EXPECT_EQ(PeriodLabel(p[0]), "2026-03-05");
  EXPECT_EQ(PeriodLabel(p[1]), "2026-W10");
  EXPECT_EQ(PeriodLabel(p[2]), "2026-03");
  EXPECT_EQ(PeriodLabel(p[3]), "2026-Q1");
  EXPECT_EQ(PeriodLabel(p[4]), "2026");
  for (Grain g : kAllGrains) EXPECT_EQ(PeriodOfDay(Day(2026, 3, 5), g), p[static_cast<int>(g)]);
  EXPECT_EQ(PeriodLabel(PeriodOfDay(Day(2026, 12, 31), Grain::kQuarter)), "2026-Q4");
  EXPECT_EQ(std::string(GrainName(Grain::kQuarter)), "quarter");
}

// Every day from 1900 to 2100: labels parse back, periods contain the day, first/last
// days are contiguous, and ISO week numbers agree with an independent definition.
TEST(Period, ExhaustiveConsistency) {
  for (int32_t day = Day(1900, 1, 1); day < Day(2100, 1, 1); ++day) {
    for (PeriodKey key : PeriodsOfDay(day)) {
      ASSERT_LE(FirstDay(key), day);
      ASSERT_GE(LastDay(key), day);
      ASSERT_EQ(FirstDay(Shift(key, 1)), LastDay(key) + 1);
      if (day == FirstDay(key)) {
        auto parsed = ParsePeriod(PeriodLabel(key));
        ASSERT_TRUE(parsed.ok()) << PeriodLabel(key);
        ASSERT_EQ(*parsed, key);
      }
    }
    // Independent ISO rule: week 1 is the week containing January 4th.
    const IsoWeek w = IsoWeekOfDay(day);
    const int32_t jan4 = Day(w.year, 1, 4);
    const int32_t week1_monday = jan4 - (IsoWeekday(jan4) - 1);
    ASSERT_EQ((day - week1_monday) / 7 + 1, w.week) << FormatLocalDate(day);
    ASSERT_GE(day, week1_monday);
  }
}

TEST(Period, ParseRejects) {
  EXPECT_TRUE(ParsePeriod("2026-W53").ok());
  EXPECT_FALSE(ParsePeriod("2025-W53").ok());
  EXPECT_NE(ParsePeriod("2025-W53").status().message().find("does not exist"), std::string::npos);
  EXPECT_FALSE(ParsePeriod("2026-W00").ok());
  EXPECT_FALSE(ParsePeriod("2026-Q5").ok());
  EXPECT_FALSE(ParsePeriod("2026-13").ok());
  EXPECT_FALSE(ParsePeriod("2026-02-29").ok());
  EXPECT_FALSE(ParsePeriod("26-01").ok());
  EXPECT_FALSE(ParsePeriod("2026/01").ok());
  EXPECT_FALSE(ParsePeriod("").ok());
  EXPECT_EQ(ParsePeriod("2026-W01").value(), PeriodOfDay(Day(2025, 12, 29), Grain::kWeek));
}

TEST(Period, ShiftAndOrder) {
  const PeriodKey m = ParsePeriod("2026-01").value();
  EXPECT_EQ(PeriodLabel(Shift(m, -1)), "2025-12");
  EXPECT_EQ(PeriodLabel(Shift(m, 14)), "2027-03");
  const PeriodKey q = ParsePeriod("2026-Q1").value();
  EXPECT_EQ(PeriodLabel(Shift(q, -1)), "2025-Q4");
  const PeriodKey w = ParsePeriod("2026-W53").value();
  EXPECT_EQ(PeriodLabel(Shift(w, 1)), "2027-W01");
  EXPECT_EQ(PeriodLabel(Shift(w, -52)), "2026-W01");
  EXPECT_LT(ParsePeriod("2025-12-31").value(), ParsePeriod("2026-01-01").value());
  std::unordered_set<PeriodKey> set = {m, Shift(m, 1), m};
  EXPECT_EQ(set.size(), 2u);
}

TEST(Period, DstDaysHaveLocalLength) {
  const ZoneConverter berlin = Zone("Europe/Berlin");
  const PeriodKey spring = ParsePeriod("2026-03-29").value();
  EXPECT_EQ(PeriodEnd(spring, berlin) - PeriodStart(spring, berlin), 23 * kMicrosPerHour);
  EXPECT_EQ(PeriodStart(spring, berlin), Utc(2026, 3, 28, 23));
  const PeriodKey autumn = ParsePeriod("2026-10-25").value();
  EXPECT_EQ(PeriodEnd(autumn, berlin) - PeriodStart(autumn, berlin), 25 * kMicrosPerHour);
  const PeriodKey normal = ParsePeriod("2026-03-05").value();
  EXPECT_EQ(PeriodEnd(normal, berlin) - PeriodStart(normal, berlin), 24 * kMicrosPerHour);

  const ZoneConverter ny = Zone("America/New_York");
  EXPECT_EQ(
      PeriodEnd(ParsePeriod("2026-03-08").value(), ny) - PeriodStart(ParsePeriod("2026-03-08").value(), ny),
      23 * kMicrosPerHour);
  EXPECT_EQ(
      PeriodEnd(ParsePeriod("2026-11-01").value(), ny) - PeriodStart(ParsePeriod("2026-11-01").value(), ny),
      25 * kMicrosPerHour);
  // A week and a month containing the spring change are an hour short.
  const PeriodKey week = PeriodOfDay(Day(2026, 3, 29), Grain::kWeek);
  EXPECT_EQ(PeriodEnd(week, berlin) - PeriodStart(week, berlin), (7 * 24 - 1) * kMicrosPerHour);
  const PeriodKey march = ParsePeriod("2026-03").value();
  EXPECT_EQ(PeriodStart(march, berlin), Utc(2026, 2, 28, 23));
  EXPECT_EQ(PeriodEnd(march, berlin), Utc(2026, 3, 31, 22));
}

TEST(Period, LocalDayDiffersFromUtcDay) {
  const ZoneConverter berlin = Zone("Europe/Berlin");
  const ZoneConverter ny = Zone("America/New_York");
  const Micros t = Utc(2026, 3, 4, 23, 30);  // 00:30 on the 5th in Berlin
  EXPECT_EQ(LocalDay(t, ZoneConverter::Utc()), Day(2026, 3, 4));
  EXPECT_EQ(LocalDay(t, berlin), Day(2026, 3, 5));
  EXPECT_EQ(LocalDay(Utc(2026, 3, 5, 3, 0), ny), Day(2026, 3, 4));  // 22:00 the day before
  // New Year's Eve in New York is already next year's first ISO week and quarter in UTC.
  const Micros nye = Utc(2027, 1, 1, 2, 0);
  EXPECT_EQ(PeriodLabel(PeriodOfDay(LocalDay(nye, ny), Grain::kYear)), "2026");
  EXPECT_EQ(PeriodLabel(PeriodOfDay(LocalDay(nye, ZoneConverter::Utc()), Grain::kYear)), "2027");
  // Instants at the period's start belong to it; one microsecond earlier does not.
  const PeriodKey day = ParsePeriod("2026-03-29").value();
  EXPECT_EQ(LocalDay(PeriodStart(day, berlin), berlin), day.index);
  EXPECT_EQ(LocalDay(PeriodStart(day, berlin) - 1, berlin), day.index - 1);
  EXPECT_EQ(LocalDay(PeriodEnd(day, berlin) - 1, berlin), day.index);
  EXPECT_EQ(LocalDay(Utc(1969, 12, 31, 23, 59), ZoneConverter::Utc()), -1);
}

}  // namespace
}  // namespace northstar::time

namespace northstar::time {
namespace {

// LocalDays (offset span reused) gives LocalDay's answer for every instant, across
// DST transitions both ways, outside the precomputed years and out of order.
TEST(LocalDaysTest, MatchesLocalDayEverywhere) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"}) {
    auto zone = ZoneConverter::Create(name);
    ASSERT_TRUE(zone.ok()) << name;
    LocalDays local_day(*zone);
    uint64_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      Micros utc;
      if (i % 1000 == 0) {
        utc = static_cast<Micros>(x % 400000000000000000ull) - 200000000000000000;  // years -4300..8300
      } else {  // 2024-2027, in bursts that cross transitions in order
        utc = 1704067200LL * kMicrosPerSecond + static_cast<Micros>((x >> 8) % (4LL * 366 * kMicrosPerDay));
      }
      ASSERT_EQ(local_day(utc), LocalDay(utc, *zone)) << name << " at " << utc;
      const Micros next = utc + 3600 * kMicrosPerSecond;  // an hour later, often across a transition
      ASSERT_EQ(local_day(next), LocalDay(next, *zone)) << name << " at " << next;
    }
  }
}

}  // namespace
}  // namespace northstar::time
