#include "civil_time.h"

#include <cstdio>

namespace northstar::datagen {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

char* Two(char* out, int v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
  return out + 2;
}

// Last Sunday of a month, as days.
int64_t LastSunday(int year, int month) {
  const int64_t first_next = month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
  const int64_t last = first_next - 1;
  return last - ((Weekday(last) + 1) % 7);  // Weekday: Sunday = 6
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int year, int month, int day) {
  const int64_t y = year - (month <= 2);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int Weekday(int64_t days) {
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

int DayOfYear(int64_t days) {
  return static_cast<int>(days - DaysFromCivil(CivilFromDays(days).year, 1, 1));
}

bool ParseDate(const std::string& text, int64_t* days) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  *days = DaysFromCivil(y, m, d);
  return CivilFromDays(*days).day == d;
}

std::string IsoWeekName(int64_t days) {
  const int64_t thursday = days - Weekday(days) + 3;  // the ISO year is the Thursday's year
  const int year = CivilFromDays(thursday).year;
  const int week = static_cast<int>((thursday - DaysFromCivil(year, 1, 1)) / 7 + 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
  return buf;
}

std::string DateName(int64_t days) {
  char buf[11];
  FormatDate(buf, days);
  return std::string(buf, 10);
}

int BerlinOffsetAtUtc(int64_t utc_seconds) {
  const int64_t days = FloorDiv(utc_seconds, 86400);
  const int year = CivilFromDays(days).year;
  const int64_t start = LastSunday(year, 3) * 86400 + 3600;  // 01:00 UTC
  const int64_t end = LastSunday(year, 10) * 86400 + 3600;
  return (utc_seconds >= start && utc_seconds < end) ? 7200 : 3600;
}

int BerlinOffsetForLocalDay(int64_t local_days) {
  const int year = CivilFromDays(local_days).year;
  return (local_days >= LastSunday(year, 3) && local_days < LastSunday(year, 10)) ? 7200 : 3600;
}

char* FormatDate(char* out, int64_t days) {
  const CivilDate c = CivilFromDays(days);
  out = Two(out, c.year / 100);
  out = Two(out, c.year % 100);
  *out++ = '-';
  out = Two(out, c.month);
  *out++ = '-';
  return Two(out, c.day);
}

namespace {
char* FormatLocal(char* out, int64_t local_seconds) {
  const int64_t days = FloorDiv(local_seconds, 86400);
  const int64_t sec = local_seconds - days * 86400;
  out = FormatDate(out, days);
  *out++ = 'T';
  out = Two(out, static_cast<int>(sec / 3600));
  *out++ = ':';
  out = Two(out, static_cast<int>(sec / 60 % 60));
  *out++ = ':';
  return Two(out, static_cast<int>(sec % 60));
}
}  // namespace

char* FormatUtc(char* out, int64_t utc_seconds) {
  out = FormatLocal(out, utc_seconds);
  *out++ = 'Z';
  return out;
}

char* FormatWithOffset(char* out, int64_t utc_seconds, int offset_seconds) {
  out = FormatLocal(out, utc_seconds + offset_seconds);
  *out++ = offset_seconds < 0 ? '-' : '+';
  const int abs = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  out = Two(out, abs / 3600);
  *out++ = ':';
  return Two(out, abs / 60 % 60);
}

}  // namespace northstar::datagen
