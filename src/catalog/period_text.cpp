#include "catalog/period_text.h"

#include "time/civil.h"

namespace northstar::catalog {

namespace {

// Parses exactly `width` digits at `at`; -1 otherwise.
int32_t Digits(std::string_view s, size_t at, size_t width) {
  if (at + width > s.size()) return -1;
  int32_t value = 0;
  for (size_t i = at; i < at + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Day number of the Monday of ISO week 1 of `year`.
int32_t IsoWeekOneMonday(int32_t year) {
  const int32_t jan4 = time::DaysFromCivil(year, 1, 4);
  return jan4 - (time::IsoWeekday(jan4) - 1);
}

}  // namespace

std::optional<PeriodOrdinal> ParsePeriodText(std::string_view s) {
  const int32_t year = Digits(s, 0, 4);
  if (year < 1) return std::nullopt;
  if (s.size() == 4) return PeriodOrdinal{Grain::kYear, year};
  if (s[4] != '-' || s.size() < 7) return std::nullopt;
  if (s.size() == 7 && s[5] == 'Q') {
    const int32_t q = Digits(s, 6, 1);
    if (q < 1 || q > 4) return std::nullopt;
    return PeriodOrdinal{Grain::kQuarter, int64_t{year} * 4 + q - 1};
  }
  if (s.size() == 8 && s[5] == 'W') {
    const int32_t week = Digits(s, 6, 2);
    const int32_t weeks_in_year = (IsoWeekOneMonday(year + 1) - IsoWeekOneMonday(year)) / 7;
    if (week < 1 || week > weeks_in_year) return std::nullopt;
    return PeriodOrdinal{Grain::kWeek, (IsoWeekOneMonday(year) + int64_t{week - 1} * 7 + 3) / 7};
  }
  const int32_t month = Digits(s, 5, 2);
  if (month < 1 || month > 12) return std::nullopt;
  if (s.size() == 7) return PeriodOrdinal{Grain::kMonth, int64_t{year} * 12 + month - 1};
  if (s.size() != 10 || s[7] != '-') return std::nullopt;
  const int32_t day = Digits(s, 8, 2);
  if (day < 1 || day > time::DaysInMonth(year, month)) return std::nullopt;
  return PeriodOrdinal{Grain::kDay, time::DaysFromCivil(year, month, day)};
}

}  // namespace northstar::catalog
