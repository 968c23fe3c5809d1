#include "time/timestamp.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "time/civil.h"
#include "time/clock.h"

namespace northstar::time {
namespace {

Micros Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  return int64_t{DaysFromCivil(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute +
         s * kMicrosPerSecond + us;
}

ZoneConverter Zone(const char* name) {
  auto z = ZoneConverter::Create(name);
  EXPECT_TRUE(z.ok()) << z.status().ToString();
  return *z;
}

Micros Iso(std::string_view text, const ZoneConverter& zone = ZoneConverter::Utc()) {
  auto r = ParseIsoTimestamp(text, zone);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : 0;
}

std::string IsoError(std::string_view text) {
  auto r = ParseIsoTimestamp(text, ZoneConverter::Utc());
  EXPECT_FALSE(r.ok()) << text << " parsed";
  return r.ok() ? "" : r.status().message();
}

TEST(Civil, RoundTripsAndWeekdays) {
  for (int32_t day = -800000; day < 800000; day += 37) {
    const CivilDate c = CivilFromDays(day);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), day);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(IsoWeekday(DaysFromCivil(2026, 3, 5)), 4);  // Thursday
  EXPECT_EQ(IsoWeekday(DaysFromCivil(1969, 12, 29)), 1);
  EXPECT_EQ(FloorDiv(-1, 86400), -1);
}

TEST(ParseIso, AcceptedShapes) {
  EXPECT_EQ(Iso("2026-03-05"), Utc(2026, 3, 5));
  EXPECT_EQ(Iso("2026-03-05T10:20"), Utc(2026, 3, 5, 10, 20));
  EXPECT_EQ(Iso("2026-03-05 10:20:30"), Utc(2026, 3, 5, 10, 20, 30));
  EXPECT_EQ(Iso("2026-03-05T10:20:30.5"), Utc(2026, 3, 5, 10, 20, 30, 500000));
  EXPECT_EQ(Iso("2026-03-05T10:20:30.123456789"), Utc(2026, 3, 5, 10, 20, 30, 123456));
  EXPECT_EQ(Iso("2026-03-05T10:20:30Z"), Utc(2026, 3, 5, 10, 20, 30));
  EXPECT_EQ(Iso("2026-03-05T10:20:30+01:00"), Utc(2026, 3, 5, 9, 20, 30));
  EXPECT_EQ(Iso("2026-03-05T10:20:30+0100"), Utc(2026, 3, 5, 9, 20, 30));
  EXPECT_EQ(Iso("2026-03-05T10:20:30+01"), Utc(2026, 3, 5, 9, 20, 30));
  EXPECT_EQ(Iso("2026-03-05T10:20-05:30"), Utc(2026, 3, 5, 15, 50));
  EXPECT_EQ(Iso("2026-03-05T00:20:00.25+02:00"), Utc(2026, 3, 4, 22, 20, 0, 250000));
  EXPECT_EQ(Iso("  2026-03-05  "), Utc(2026, 3, 5));
  EXPECT_EQ(Iso("1969-12-31T23:59:59.999999Z"), -1);
  EXPECT_EQ(Iso("2024-02-29"), Utc(2024, 2, 29));
}

TEST(ParseIso, OffsetlessTextIsLocalTime) {
  const ZoneConverter berlin = Zone("Europe/Berlin");
  EXPECT_EQ(Iso("2026-03-05T10:20", berlin), Utc(2026, 3, 5, 9, 20));    // CET
  EXPECT_EQ(Iso("2026-07-05T10:20", berlin), Utc(2026, 7, 5, 8, 20));    // CEST
  EXPECT_EQ(Iso("2026-07-05T10:20Z", berlin), Utc(2026, 7, 5, 10, 20));  // explicit wins
}

TEST(ParseIso, ErrorsSayWhatWasExpected) {
  EXPECT_NE(IsoError("").find("expected ISO 8601"), std::string::npos);
  EXPECT_NE(IsoError("05.03.2026").find("expected ISO 8601"), std::string::npos);
  EXPECT_NE(IsoError("2026-13-05").find("month"), std::string::npos);
  EXPECT_NE(IsoError("2026-02-30").find("day out of range"), std::string::npos);
  EXPECT_NE(IsoError("2025-02-29").find("day out of range"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T25:00").find("hour"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10").find("hh:mm"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10:20:3").find("seconds"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10:20:30.").find("fraction"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10:20:30.1234567890").find("fraction"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10:20:30 CET").find("zone"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05T10:20:30+01:00x").find("unexpected text"), std::string::npos);
  EXPECT_NE(IsoError("2026-03-05x").find("2026-03-05x"), std::string::npos);  // quotes the input
}

TEST(Zone, UnknownZoneIsNotFound) {
  auto z = ZoneConverter::Create("Mars/Olympus");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(ZoneConverter::Create("").value().is_utc());
  EXPECT_TRUE(ZoneConverter::Create("UTC").value().is_utc());
}

// Readers create a converter per file or column; after the first, creating one for the
// same zone reuses its table.
TEST(Zone, RepeatedCreationIsCheapAndConsistent) {
  const ZoneConverter first = Zone("America/Sao_Paulo");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    const ZoneConverter again = Zone("America/Sao_Paulo");
    ASSERT_EQ(again.OffsetSecondsAt(Utc(2016, 1, 1 + i % 28)),
              first.OffsetSecondsAt(Utc(2016, 1, 1 + i % 28)));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(first.OffsetSecondsAt(Utc(2016, 1, 15)), -2 * 3600);  // DST was still observed in 2016
  EXPECT_EQ(first.OffsetSecondsAt(Utc(2026, 1, 15)), -3 * 3600);  // abolished in 2019
}

TEST(Zone, GapShiftsForwardOverlapTakesEarlierInstant) {
  const ZoneConverter berlin = Zone("Europe/Berlin");
  // 2026-03-29 02:30 does not exist: shifted by the 1 h gap to 03:30 CEST = 01:30Z.
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 3, 29, 2, 30)), Utc(2026, 3, 29, 1, 30));
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 3, 29, 1, 59, 59)), Utc(2026, 3, 29, 0, 59, 59));
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 3, 29, 3, 0)), Utc(2026, 3, 29, 1, 0));
  // 2026-10-25 02:30 happens twice: the earlier one (CEST) = 00:30Z.
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 10, 25, 2, 30)), Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 10, 25, 3, 0)), Utc(2026, 10, 25, 2, 0));
  EXPECT_EQ(berlin.LocalToUtc(Utc(2026, 10, 25, 1, 59)), Utc(2026, 10, 24, 23, 59));

  const ZoneConverter ny = Zone("America/New_York");
  EXPECT_EQ(ny.LocalToUtc(Utc(2026, 3, 8, 2, 15)), Utc(2026, 3, 8, 7, 15));    // gap: 03:15 EDT
  EXPECT_EQ(ny.LocalToUtc(Utc(2026, 11, 1, 1, 30)), Utc(2026, 11, 1, 5, 30));  // overlap: EDT
}

// The precomputed table must agree with the tz database everywhere, in both
// directions, including far outside the table's years (fallback path).
TEST(Zone, MatchesTzDatabaseOnRandomInstants) {
  std::mt19937_64 rng(42);
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
                           "America/Sao_Paulo", "Pacific/Apia", "Europe/London"}) {
    const ZoneConverter zone = Zone(name);
    const date::time_zone* tz = date::locate_zone(name);
    std::uniform_int_distribution<int64_t> secs(int64_t{DaysFromCivil(1750, 1, 1)} * 86400,
                                                int64_t{DaysFromCivil(2250, 1, 1)} * 86400);
    for (int i = 0; i < 20000; ++i) {
      const int64_t s = secs(rng);
      const auto sys = date::sys_seconds(std::chrono::seconds(s));
      ASSERT_EQ(zone.OffsetSecondsAt(s * kMicrosPerSecond), tz->get_info(sys).offset.count())
          << name << " at " << s;
      const auto info = tz->get_info(date::local_seconds(std::chrono::seconds(s)));
      ASSERT_EQ(zone.LocalToUtc(s * kMicrosPerSecond), (s - info.first.offset.count()) * kMicrosPerSecond)
          << name << " local " << s;
    }
  }
}

TEST(Zone, DenseAroundTransitions) {
  const ZoneConverter berlin = Zone("Europe/Berlin");
  const date::time_zone* tz = date::locate_zone("Europe/Berlin");
  for (int64_t s = Utc(2026, 3, 28) / kMicrosPerSecond; s < Utc(2026, 3, 30) / kMicrosPerSecond; s += 61) {
    const auto info = tz->get_info(date::local_seconds(std::chrono::seconds(s)));
    ASSERT_EQ(berlin.LocalToUtc(s * kMicrosPerSecond), (s - info.first.offset.count()) * kMicrosPerSecond);
  }
  for (int64_t s = Utc(2026, 10, 24) / kMicrosPerSecond; s < Utc(2026, 10, 26) / kMicrosPerSecond; s += 61) {
    const auto info = tz->get_info(date::local_seconds(std::chrono::seconds(s)));
    ASSERT_EQ(berlin.LocalToUtc(s * kMicrosPerSecond), (s - info.first.offset.count()) * kMicrosPerSecond);
  }
}

Micros Fmt(std::string_view text, std::string_view format, const ZoneConverter& zone = ZoneConverter::Utc()) {
  auto r = ParseTimestampWithFormat(text, format, zone);
  EXPECT_TRUE(r.ok()) << text << " / " << format << ": " << r.status().ToString();
  return r.ok() ? *r : 0;
}

std::string FmtError(std::string_view text, std::string_view format) {
  auto r = ParseTimestampWithFormat(text, format, ZoneConverter::Utc());
  EXPECT_FALSE(r.ok()) << text << " / " << format << " parsed";
  return r.ok() ? "" : r.status().message();
}

TEST(ParseFormat, Directives) {
  EXPECT_EQ(Fmt("3/22/2021 9:05", "%m/%d/%Y %H:%M"), Utc(2021, 3, 22, 9, 5));
  EXPECT_EQ(Fmt("03/22/2021 09:05", "%m/%d/%Y %H:%M"), Utc(2021, 3, 22, 9, 5));
  EXPECT_EQ(Fmt("22.03.21 17:05:09", "%d.%m.%y %H:%M:%S"), Utc(2021, 3, 22, 17, 5, 9));
  EXPECT_EQ(Fmt("01.01.69", "%d.%m.%y"), Utc(1969, 1, 1));
  EXPECT_EQ(Fmt("01.01.68", "%d.%m.%y"), Utc(2068, 1, 1));
  EXPECT_EQ(Fmt("Mar 5 2026 9:05 PM", "%b %d %Y %I:%M %p"), Utc(2026, 3, 5, 21, 5));
  EXPECT_EQ(Fmt("march 5 2026 12:05 am", "%B %d %Y %I:%M %p"), Utc(2026, 3, 5, 0, 5));
  EXPECT_EQ(Fmt("SEPTEMBER 5 2026 12:05 PM", "%B %d %Y %I:%M %p"), Utc(2026, 9, 5, 12, 5));
  EXPECT_EQ(Fmt("2026-064", "%Y-%j"), Utc(2026, 3, 5));
  EXPECT_EQ(Fmt("2024-366", "%Y-%j"), Utc(2024, 12, 31));
  EXPECT_EQ(Fmt("2026-03-05 10:20:30 +0200", "%Y-%m-%d %H:%M:%S %z"), Utc(2026, 3, 5, 8, 20, 30));
  EXPECT_EQ(Fmt("2026-03-05T10:20:30.250Z", "%FT%T%z"), Utc(2026, 3, 5, 10, 20, 30, 250000));
  EXPECT_EQ(Fmt("100% 2026", "100%% %Y"), Utc(2026, 1, 1));
  EXPECT_EQ(Fmt("20260305", "%Y%m%d"), Utc(2026, 3, 5));  // widths bound unpadded reading
  EXPECT_EQ(Fmt("3/8/2026 2:30", "%m/%d/%Y %H:%M", Zone("America/New_York")), Utc(2026, 3, 8, 7, 30));
}

TEST(ParseFormat, ErrorsSayWhatWasExpected) {
  EXPECT_NE(FmtError("13/22/2021", "%m/%d/%Y").find("expected a month number"), std::string::npos);
  EXPECT_NE(FmtError("3-22-2021", "%m/%d/%Y").find("expected '/'"), std::string::npos);
  EXPECT_NE(FmtError("3/22/2021 x", "%m/%d/%Y").find("unexpected text"), std::string::npos);
  EXPECT_NE(FmtError("2/30/2021", "%m/%d/%Y").find("day out of range"), std::string::npos);
  EXPECT_NE(FmtError("Foo 5 2026", "%b %d %Y").find("month name"), std::string::npos);
  EXPECT_NE(FmtError("5 2026 1:00 XM", "%d %Y %I:%M %p").find("AM or PM"), std::string::npos);
  EXPECT_NE(FmtError("2025-366", "%Y-%j").find("day of year"), std::string::npos);
  EXPECT_NE(FmtError("2026", "%Y %Q").find("unsupported directive %Q"), std::string::npos);
}

TEST(ParseFormat, Validate) {
  EXPECT_TRUE(ValidateTimestampFormat("%m/%d/%Y %H:%M").ok());
  EXPECT_TRUE(ValidateTimestampFormat("%FT%T%z").ok());
  EXPECT_FALSE(ValidateTimestampFormat("%m/%d %H:%M").ok());  // no year
  EXPECT_FALSE(ValidateTimestampFormat("%Y %Q").ok());
  EXPECT_FALSE(ValidateTimestampFormat("%Y %").ok());
}

TEST(FormatIso, UtcAndZone) {
  EXPECT_EQ(FormatIso(Utc(2026, 3, 5, 10, 20, 30), nullptr), "2026-03-05T10:20:30Z");
  EXPECT_EQ(FormatIso(Utc(2026, 3, 5, 10, 20, 30, 250000), nullptr), "2026-03-05T10:20:30.250Z");
  EXPECT_EQ(FormatIso(Utc(2026, 3, 5, 10, 20, 30, 7), nullptr), "2026-03-05T10:20:30.000007Z");
  EXPECT_EQ(FormatIso(-1, nullptr), "1969-12-31T23:59:59.999999Z");
  const ZoneConverter berlin = Zone("Europe/Berlin");
  EXPECT_EQ(FormatIso(Utc(2026, 3, 5, 10, 20, 30), &berlin), "2026-03-05T11:20:30+01:00");
  EXPECT_EQ(FormatIso(Utc(2026, 7, 5, 23, 0), &berlin), "2026-07-06T01:00:00+02:00");
  const ZoneConverter ny = Zone("America/New_York");
  EXPECT_EQ(FormatIso(Utc(2026, 1, 5, 3, 0), &ny), "2026-01-04T22:00:00-05:00");
  const ZoneConverter kolkata = Zone("Asia/Kolkata");
  EXPECT_EQ(FormatIso(Utc(2026, 1, 5, 3, 0), &kolkata), "2026-01-05T08:30:00+05:30");
  // Round trip through the parser.
  for (Micros t : {Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 25, 1, 30), Utc(1999, 12, 31, 23, 59, 59, 1)}) {
    EXPECT_EQ(Iso(FormatIso(t, &berlin)), t);
  }
}

TEST(LocalDate, ParseAndFormat) {
  EXPECT_EQ(ParseLocalDate("1970-01-01").value(), 0);
  EXPECT_EQ(ParseLocalDate("2026-03-05").value(), DaysFromCivil(2026, 3, 5));
  EXPECT_EQ(ParseLocalDate("1969-12-31").value(), -1);
  EXPECT_FALSE(ParseLocalDate("2026-3-5").ok());
  EXPECT_FALSE(ParseLocalDate("2026-02-29").ok());
  EXPECT_FALSE(ParseLocalDate("2026-03-05T00:00").ok());
  EXPECT_EQ(FormatLocalDate(DaysFromCivil(2026, 3, 5)), "2026-03-05");
}

TEST(Clock, FixedClockMovesOnlyWhenTold) {
  FixedClock clock(Utc(2026, 3, 5));
  EXPECT_EQ(clock.Now(), Utc(2026, 3, 5));
  clock.Advance(kMicrosPerHour);
  EXPECT_EQ(clock.Now(), Utc(2026, 3, 5, 1));
  const Clock& system = SystemClock();
  EXPECT_GT(system.Now(), Utc(2024, 1, 1));
}

}  // namespace
}  // namespace northstar::time
