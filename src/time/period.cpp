#include "time/period.h"

#include <cstdio>

#include "time/civil.h"

namespace northstar::time {

namespace {

// Week index <-> Monday: Monday = 7 * index - 3 (1969-12-29 is day -3, index 0).
int32_t WeekIndexOfDay(int32_t day) {
  return static_cast<int32_t>(FloorDiv(int64_t{day} + 3, 7));
}
int32_t MondayOfWeekIndex(int32_t index) {
  return 7 * index - 3;
}

int32_t MondayOfIsoWeek1(int32_t year) {
  const int32_t jan4 = DaysFromCivil(year, 1, 4);
  return jan4 - (IsoWeekday(jan4) - 1);
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool Digits(std::string_view s, size_t pos, size_t n, int32_t& out) {
  if (pos + n > s.size()) return false;
  int32_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

int32_t LocalDay(Micros utc, const ZoneConverter& zone) {
  return static_cast<int32_t>(FloorDiv(zone.UtcToLocal(utc), kMicrosPerDay));
}

PeriodKey PeriodOfDay(int32_t local_day, Grain grain) {
  switch (grain) {
    case Grain::kDay: return {grain, local_day};
    case Grain::kWeek: return {grain, WeekIndexOfDay(local_day)};
    default: break;
  }
  const CivilDate c = CivilFromDays(local_day);
  switch (grain) {
    case Grain::kMonth: return {grain, c.year * 12 + c.month - 1};
    case Grain::kQuarter: return {grain, c.year * 4 + (c.month - 1) / 3};
    default: return {Grain::kYear, c.year};
  }
}

std::array<PeriodKey, 5> PeriodsOfDay(int32_t local_day) {
  const CivilDate c = CivilFromDays(local_day);
  return {PeriodKey{Grain::kDay, local_day}, PeriodKey{Grain::kWeek, WeekIndexOfDay(local_day)},
          PeriodKey{Grain::kMonth, c.year * 12 + c.month - 1},
          PeriodKey{Grain::kQuarter, c.year * 4 + (c.month - 1) / 3}, PeriodKey{Grain::kYear, c.year}};
}

int32_t FirstDay(PeriodKey period) {
  const int32_t i = period.index;
  switch (period.grain) {
    case Grain::kDay: return i;
    case Grain::kWeek: return MondayOfWeekIndex(i);
    case Grain::kMonth: {
      const auto y = static_cast<int32_t>(FloorDiv(i, 12));
      return DaysFromCivil(y, i - y * 12 + 1, 1);
    }
    case Grain::kQuarter: {
      const auto y = static_cast<int32_t>(FloorDiv(i, 4));
      return DaysFromCivil(y, (i - y * 4) * 3 + 1, 1);
    }
    case Grain::kYear: return DaysFromCivil(i, 1, 1);
  }
  return i;
}

int32_t LastDay(PeriodKey period) {
  return FirstDay(Shift(period, 1)) - 1;
}

Micros PeriodStart(PeriodKey period, const ZoneConverter& zone) {
  return zone.LocalToUtc(int64_t{FirstDay(period)} * kMicrosPerDay);
}

Micros PeriodEnd(PeriodKey period, const ZoneConverter& zone) {
  return PeriodStart(Shift(period, 1), zone);
}

PeriodKey Shift(PeriodKey period, int32_t n) {
  return {period.grain, period.index + n};
}

IsoWeek IsoWeekOfDay(int32_t local_day) {
  const int32_t thursday = MondayOfWeekIndex(WeekIndexOfDay(local_day)) + 3;
  const int32_t year = CivilFromDays(thursday).year;
  return {year, (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1};
}

std::string PeriodLabel(PeriodKey period) {
  char buf[32];
  int n = 0;
  const int32_t i = period.index;
  switch (period.grain) {
    case Grain::kDay: {
      const CivilDate c = CivilFromDays(i);
      n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
      break;
    }
    case Grain::kWeek: {
      const IsoWeek w = IsoWeekOfDay(MondayOfWeekIndex(i));
      n = std::snprintf(buf, sizeof buf, "%04d-W%02d", w.year, w.week);
      break;
    }
    case Grain::kMonth: {
      const auto y = static_cast<int32_t>(FloorDiv(i, 12));
      n = std::snprintf(buf, sizeof buf, "%04d-%02d", y, i - y * 12 + 1);
      break;
    }
    case Grain::kQuarter: {
      const auto y = static_cast<int32_t>(FloorDiv(i, 4));
      n = std::snprintf(buf, sizeof buf, "%04d-Q%d", y, i - y * 4 + 1);
      break;
    }
    case Grain::kYear: n = std::snprintf(buf, sizeof buf, "%04d", i); break;
  }
  return std::string(buf, static_cast<size_t>(n));
}

Result<PeriodKey> ParsePeriod(std::string_view text) {
  auto bad = [&](std::string_view why) {
    std::string m = "expected a period like 2026-03-05, 2026-W10, 2026-03, 2026-Q1 or 2026";
    if (!why.empty()) m = std::string(why);
    return Status::InvalidArgument(m + ", got '" + std::string(text.substr(0, 40)) + "'");
  };
  int32_t year = 0;
  if (!Digits(text, 0, 4, year)) return bad("");
  if (text.size() == 4) return PeriodKey{Grain::kYear, year};
  if (text.size() < 6 || text[4] != '-') return bad("");
  const std::string_view rest = text.substr(5);
  int32_t a = 0, b = 0;
  if (rest.size() == 3 && (rest[0] == 'W' || rest[0] == 'w') && Digits(rest, 1, 2, a)) {
    const int32_t monday = MondayOfIsoWeek1(year) + 7 * (a - 1);
    if (a < 1 || IsoWeekOfDay(monday).year != year) {
      return bad("ISO week " + std::to_string(a) + " does not exist in " + std::to_string(year));
    }
    return PeriodKey{Grain::kWeek, WeekIndexOfDay(monday)};
  }
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && Digits(rest, 1, 1, a)) {
    if (a < 1 || a > 4) return bad("quarter must be Q1-Q4");
    return PeriodKey{Grain::kQuarter, year * 4 + a - 1};
  }
  if (rest.size() == 2 && Digits(rest, 0, 2, a)) {
    if (a < 1 || a > 12) return bad("month must be 01-12");
    return PeriodKey{Grain::kMonth, year * 12 + a - 1};
  }
  if (rest.size() == 5 && Digits(rest, 0, 2, a) && rest[2] == '-' && Digits(rest, 3, 2, b)) {
    if (a < 1 || a > 12) return bad("month must be 01-12");
    if (b < 1 || b > DaysInMonth(year, a)) return bad("day out of range for the month");
    return PeriodKey{Grain::kDay, DaysFromCivil(year, a, b)};
  }
  return bad("");
}

}  // namespace northstar::time
