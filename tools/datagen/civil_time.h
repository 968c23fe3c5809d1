// Calendar arithmetic for the example-data generator: days since 1970-01-01, ISO
// weeks, the Europe/Berlin offset (EU daylight-saving rule), ISO 8601 formatting.
// Self-contained so the generated files do not depend on the tz database.
#pragma once

#include <cstdint>
#include <string>

namespace northstar::datagen {

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(int64_t days);
// 0 = Monday ... 6 = Sunday.
int Weekday(int64_t days);
// Day of year, 0-based.
int DayOfYear(int64_t days);
// Parses "YYYY-MM-DD"; false on anything else.
bool ParseDate(const std::string& text, int64_t* days);
// "2026-W07" for the ISO week holding the day.
std::string IsoWeekName(int64_t days);
std::string DateName(int64_t days);

// UTC offset of Europe/Berlin in seconds at a UTC instant (3600 or 7200).
int BerlinOffsetAtUtc(int64_t utc_seconds);
// UTC offset of Europe/Berlin for local wall-clock times between 03:00 and 24:00 of a
// local day (the only hours the generator converts from local to UTC).
int BerlinOffsetForLocalDay(int64_t local_days);

// Writes "YYYY-MM-DDTHH:MM:SSZ" (20 chars) and returns the end pointer.
char* FormatUtc(char* out, int64_t utc_seconds);
// Writes local time with its offset, "YYYY-MM-DDTHH:MM:SS+01:00" (25 chars).
char* FormatWithOffset(char* out, int64_t utc_seconds, int offset_seconds);
// Writes "YYYY-MM-DD" (10 chars).
char* FormatDate(char* out, int64_t days);

}  // namespace northstar::datagen
