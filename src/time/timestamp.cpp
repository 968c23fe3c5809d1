#include "time/timestamp.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

#include "time/civil.h"

namespace northstar::time {

// ------------------------------------------------------------------ zone table ----

// Offset segments: segment i is valid for UTC seconds [begin[i], begin[i+1]).
// bucket[k] is the segment holding the first second of bucket k, where buckets are
// 2^22 s (~48.5 days) wide starting at `start`; no zone changes offset twice in one
// bucket often enough to matter, so a lookup steps at most a few segments.
struct ZoneConverter::Table {
  static constexpr int kBucketShift = 22;
  int64_t start = 0;  // first covered UTC second
  int64_t end = 0;    // first UTC second not covered
  std::vector<int64_t> begin;
  std::vector<int32_t> offset;
  std::vector<int32_t> bucket;
  int32_t max_abs_offset = 0;

  size_t SegmentAt(int64_t s) const {  // requires start <= s < end
    size_t i = bucket[static_cast<size_t>((s - start) >> kBucketShift)];
    while (i + 1 < begin.size() && begin[i + 1] <= s) ++i;
    return i;
  }
};

namespace {

constexpr int64_t kTableStart = int64_t{DaysFromCivil(1800, 1, 1)} * 86400;
constexpr int64_t kTableEnd = int64_t{DaysFromCivil(2200, 1, 1)} * 86400;

std::shared_ptr<const ZoneConverter::Table> BuildTable(const date::time_zone* zone) {
  auto table = std::make_shared<ZoneConverter::Table>();
  table->start = kTableStart;
  table->end = kTableEnd;
  using date::sys_seconds;
  int64_t t = kTableStart;
  while (t < kTableEnd) {
    const date::sys_info info = zone->get_info(sys_seconds(std::chrono::seconds(t)));
    const auto offset = static_cast<int32_t>(info.offset.count());
    // Merge segments that only differ in abbreviation or save split.
    if (table->offset.empty() || table->offset.back() != offset) {
      table->begin.push_back(t);
      table->offset.push_back(offset);
      table->max_abs_offset = std::max(table->max_abs_offset, offset < 0 ? -offset : offset);
    }
    const int64_t next = info.end.time_since_epoch().count();
    if (next <= t) break;  // defensive: the database always moves forward
    t = next;
  }
  const int64_t buckets = ((kTableEnd - kTableStart) >> ZoneConverter::Table::kBucketShift) + 1;
  table->bucket.resize(static_cast<size_t>(buckets));
  size_t seg = 0;
  for (int64_t k = 0; k < buckets; ++k) {
    const int64_t s = kTableStart + (k << ZoneConverter::Table::kBucketShift);
    while (seg + 1 < table->begin.size() && table->begin[seg + 1] <= s) ++seg;
    table->bucket[static_cast<size_t>(k)] = static_cast<int32_t>(seg);
  }
  return table;
}

int64_t SecondsOf(Micros us) {
  return FloorDiv(us, kMicrosPerSecond);
}

}  // namespace

Result<ZoneConverter> ZoneConverter::Create(std::string_view name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC" || name == "Z") {
    ZoneConverter utc;
    utc.name_ = name.empty() ? "UTC" : std::string(name);
    return utc;
  }
  ZoneConverter converter;
  converter.name_ = std::string(name);
  // Tables are built once per zone per process: readers create converters per file
  // or column, and building one walks ~800 tz-database transitions.
  static std::mutex cache_mu;
  static std::map<std::string, std::pair<const date::time_zone*, std::shared_ptr<const Table>>, std::less<>>
      cache;
  std::lock_guard<std::mutex> lock(cache_mu);
  if (auto it = cache.find(name); it != cache.end()) {
    converter.zone_ = it->second.first;
    converter.table_ = it->second.second;
    return converter;
  }
  try {
    converter.zone_ = date::locate_zone(name);
  } catch (const std::exception&) {
    return Status::NotFound("unknown time zone '" + std::string(name) + "'");
  }
  converter.table_ = BuildTable(converter.zone_);
  cache.emplace(converter.name_, std::make_pair(converter.zone_, converter.table_));
  return converter;
}

ZoneConverter ZoneConverter::Utc() {
  return ZoneConverter();
}

int32_t ZoneConverter::OffsetSecondsAt(Micros utc) const {
  if (!table_) return 0;
  const int64_t s = SecondsOf(utc);
  if (s >= table_->start && s < table_->end) return table_->offset[table_->SegmentAt(s)];
  const date::sys_info info = zone_->get_info(date::sys_seconds(std::chrono::seconds(s)));
  return static_cast<int32_t>(info.offset.count());
}

int32_t ZoneConverter::OffsetSpanAt(Micros utc, int64_t* from, int64_t* until) const {
  const int64_t s = SecondsOf(utc);
  if (!table_) {
    *from = std::numeric_limits<int64_t>::min();
    *until = std::numeric_limits<int64_t>::max();
    return 0;
  }
  if (s >= table_->start && s < table_->end) {
    const size_t i = table_->SegmentAt(s);
    *from = std::max(table_->begin[i], table_->start);
    *until = i + 1 < table_->begin.size() ? table_->begin[i + 1] : table_->end;
    return table_->offset[i];
  }
  *from = s;
  *until = s + 1;
  return OffsetSecondsAt(utc);
}

int32_t ZoneConverter::OffsetForLocalSeconds(int64_t t) const {
  const Table& tb = *table_;
  const int64_t margin = tb.max_abs_offset + 86400;
  if (t - margin >= tb.start && t + margin < tb.end) {
    // j = last segment that has started by local time t; then prefer the previous
    // segment when t still fits it (overlap -> earlier instant). In a gap neither
    // the next segment has started nor does the previous fit, so j's offset (the
    // one before the jump) applies, which shifts t forward by the gap.
    size_t j = tb.SegmentAt(t - margin);
    while (j + 1 < tb.begin.size() && t - tb.offset[j + 1] >= tb.begin[j + 1]) ++j;
    if (j > 0 && t - tb.offset[j - 1] < tb.begin[j]) --j;
    return tb.offset[j];
  }
  // local_info.first is the earlier instant for an overlap and the pre-gap offset for
  // a gap: both are exactly the documented rules.
  const date::local_info info = zone_->get_info(date::local_seconds(std::chrono::seconds(t)));
  return static_cast<int32_t>(info.first.offset.count());
}

Micros ZoneConverter::LocalToUtc(Micros local) const {
  if (!table_) return local;
  return local - int64_t{OffsetForLocalSeconds(SecondsOf(local))} * kMicrosPerSecond;
}

int ZoneConverter::UtcRangesOfLocal(Micros local_begin, Micros local_end,
                                    std::array<UtcRange, kMaxUtcRanges>& out) const {
  if (local_end <= local_begin) return 0;
  if (!table_) {
    out[0] = {local_begin, local_end};
    return 1;
  }
  const Table& tb = *table_;
  const int64_t margin = tb.max_abs_offset + 86400;
  const int64_t first = SecondsOf(local_begin) - margin;
  const int64_t last = SecondsOf(local_end) + margin;
  if (first < tb.start || last >= tb.end) {
    const Micros b = LocalToUtc(local_begin), e = LocalToUtc(local_end);
    if (e <= b) return 0;
    out[0] = {b, e};
    return 1;
  }
  // Under segment k the local reading is utc + offset[k]; intersect the span shifted
  // by that offset with the segment's own UTC validity.
  int n = 0;
  for (size_t k = tb.SegmentAt(first); k < tb.begin.size() && tb.begin[k] <= last; ++k) {
    const Micros shift = int64_t{tb.offset[k]} * kMicrosPerSecond;
    const Micros seg_begin = tb.begin[k] * kMicrosPerSecond;
    const Micros seg_end =
        k + 1 < tb.begin.size() ? tb.begin[k + 1] * kMicrosPerSecond : tb.end * kMicrosPerSecond;
    const Micros b = std::max(local_begin - shift, seg_begin);
    const Micros e = std::min(local_end - shift, seg_end);
    if (e <= b) continue;
    if (n > 0 && out[n - 1].second == b) {
      out[n - 1].second = e;  // contiguous across a segment change without a jump
    } else if (n < kMaxUtcRanges) {
      out[n++] = {b, e};
    }
  }
  return n;
}

// --------------------------------------------------------------- ISO parsing ----

namespace {

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  out.append(text.substr(0, kMax));
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

Status Bad(std::string_view what, std::string_view text) {
  return Status::InvalidArgument(std::string(what) + ", got " + Quote(text));
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly n digits at p; false when fewer are there.
bool FixedDigits(std::string_view s, size_t& p, int n, int32_t& out) {
  if (p + n > s.size()) return false;
  int32_t v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[p + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  p += n;
  out = v;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Fraction digits after '.' or ',' at p (which points at the first digit): up to 9
// digits, truncated to microseconds.
bool Fraction(std::string_view s, size_t& p, int32_t& micros) {
  const size_t first = p;
  int32_t v = 0;
  int n = 0;
  while (p < s.size() && IsDigit(s[p])) {
    if (n < 6) v = v * 10 + (s[p] - '0');
    ++n;
    ++p;
  }
  if (n == 0 || n > 9) {
    p = first;
    return false;
  }
  for (int i = n; i < 6; ++i) v *= 10;
  micros = v;
  return true;
}

// Zone designator at p: Z, +hh, +hhmm, +hh:mm (or '-'). Returns seconds east of UTC.
bool ZoneDesignator(std::string_view s, size_t& p, int32_t& offset_seconds) {
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
    offset_seconds = 0;
    return true;
  }
  if (p >= s.size() || (s[p] != '+' && s[p] != '-')) return false;
  const int sign = s[p] == '-' ? -1 : 1;
  size_t q = p + 1;
  int32_t hh = 0, mm = 0;
  if (!FixedDigits(s, q, 2, hh)) return false;
  if (q < s.size() && s[q] == ':') {
    ++q;
    if (!FixedDigits(s, q, 2, mm)) return false;
  } else if (q < s.size() && IsDigit(s[q])) {
    if (!FixedDigits(s, q, 2, mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  offset_seconds = sign * (hh * 3600 + mm * 60);
  p = q;
  return true;
}

struct Fields {
  int32_t year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  bool has_offset = false;
  int32_t offset_seconds = 0;
};

Result<Micros> Assemble(const Fields& f, const ZoneConverter& zone) {
  const Micros wall = int64_t{DaysFromCivil(f.year, f.month, f.day)} * kMicrosPerDay +
                      int64_t{f.hour} * kMicrosPerHour + int64_t{f.minute} * kMicrosPerMinute +
                      int64_t{f.second} * kMicrosPerSecond + f.micros;
  if (f.has_offset) return wall - int64_t{f.offset_seconds} * kMicrosPerSecond;
  return zone.LocalToUtc(wall);
}

}  // namespace

Result<Micros> ParseIsoTimestamp(std::string_view text, const ZoneConverter& zone) {
  const std::string_view s = Trim(text);
  constexpr std::string_view kExpected = "expected ISO 8601 timestamp like 2026-03-05T10:20:30";
  Fields f;
  size_t p = 0;
  if (!FixedDigits(s, p, 4, f.year) || p >= s.size() || s[p++] != '-' || !FixedDigits(s, p, 2, f.month) ||
      p >= s.size() || s[p++] != '-' || !FixedDigits(s, p, 2, f.day)) {
    return Bad(kExpected, text);
  }
  if (f.month < 1 || f.month > 12) return Bad("month must be 01-12", text);
  if (f.day < 1 || f.day > DaysInMonth(f.year, f.month)) return Bad("day out of range for the month", text);
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!FixedDigits(s, p, 2, f.hour) || p >= s.size() || s[p++] != ':' || !FixedDigits(s, p, 2, f.minute)) {
      return Bad("expected time hh:mm after the date", text);
    }
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!FixedDigits(s, p, 2, f.second)) return Bad("expected seconds ss after hh:mm:", text);
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        if (!Fraction(s, p, f.micros)) return Bad("expected 1-9 fraction digits after the seconds", text);
      }
    }
    if (f.hour > 23) return Bad("hour must be 00-23", text);
    if (f.minute > 59) return Bad("minute must be 00-59", text);
    if (f.second > 59) return Bad("second must be 00-59", text);
  }
  if (p < s.size()) {
    if (!ZoneDesignator(s, p, f.offset_seconds)) {
      return Bad("expected end of timestamp or a zone like Z or +01:00", text);
    }
    f.has_offset = true;
    if (p != s.size()) return Bad("unexpected text after the timestamp", text);
  }
  return Assemble(f, zone);
}

// ------------------------------------------------------------ strptime parsing ----

namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"january",   "february", "march",    "april",
                                                          "may",       "june",     "july",     "august",
                                                          "september", "october",  "november", "december"};

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool StartsWithNoCase(std::string_view s, size_t p, std::string_view word) {
  if (p + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(s[p + i]) != word[i]) return false;
  }
  return true;
}

// Month name (full or three-letter) at p -> 1..12.
bool MonthName(std::string_view s, size_t& p, int32_t& month) {
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    if (StartsWithNoCase(s, p, kMonthNames[m])) {
      p += kMonthNames[m].size();
      month = static_cast<int32_t>(m) + 1;
      return true;
    }
  }
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    if (StartsWithNoCase(s, p, kMonthNames[m].substr(0, 3))) {
      p += 3;
      month = static_cast<int32_t>(m) + 1;
      return true;
    }
  }
  return false;
}

// 1..max_digits digits at p.
bool VarDigits(std::string_view s, size_t& p, int max_digits, int32_t& out) {
  int32_t v = 0;
  int n = 0;
  while (n < max_digits && p < s.size() && IsDigit(s[p])) {
    v = v * 10 + (s[p] - '0');
    ++p;
    ++n;
  }
  out = v;
  return n > 0;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}

constexpr std::string_view kSupported = "YmdeHMSybBhpIjzTF%";

}  // namespace

Status ValidateTimestampFormat(std::string_view format) {
  bool has_year = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 >= format.size()) return Status::InvalidArgument("timestamp format ends with a lone '%'");
    const char d = format[++i];
    if (kSupported.find(d) == std::string_view::npos) {
      return Status::InvalidArgument(std::string("unsupported directive %") + d +
                                     " in timestamp format (supported: %Y %m %d %e %H %M %S %y %b %B "
                                     "%p %I %j %z %T %F %%)");
    }
    if (d == 'Y' || d == 'y' || d == 'F') has_year = true;
  }
  if (!has_year) return Status::InvalidArgument("timestamp format has no year (%Y, %y or %F)");
  return Status::Ok();
}

Result<Micros> ParseTimestampWithFormat(std::string_view text, std::string_view format,
                                        const ZoneConverter& zone) {
  const std::string_view s = Trim(text);
  Fields f;
  bool has_year = false, has_month_or_day = false, pm = false, has_ampm = false, twelve_hour = false;
  int32_t day_of_year = 0;
  size_t p = 0;
  // Expands %T and %F in place by walking a small stack of pending format pieces.
  std::string_view pending[3] = {format, {}, {}};
  int depth = 0;
  while (depth >= 0) {
    std::string_view& fmt = pending[depth];
    if (fmt.empty()) {
      --depth;
      continue;
    }
    const char c = fmt.front();
    fmt.remove_prefix(1);
    if (c != '%') {
      if (IsSpace(c)) {
        while (p < s.size() && IsSpace(s[p])) ++p;
      } else if (p < s.size() && s[p] == c) {
        ++p;
      } else {
        return Bad(std::string("expected '") + c + "' at position " + std::to_string(p + 1), text);
      }
      continue;
    }
    if (fmt.empty()) return Status::InvalidArgument("timestamp format ends with a lone '%'");
    const char d = fmt.front();
    fmt.remove_prefix(1);
    bool ok = true;
    const char* what = "";
    switch (d) {
      case 'Y':
        what = "a year";
        ok = VarDigits(s, p, 4, f.year);
        has_year = true;
        break;
      case 'y':
        what = "a two-digit year";
        ok = VarDigits(s, p, 2, f.year);
        f.year += f.year < 69 ? 2000 : 1900;  // POSIX pivot
        has_year = true;
        break;
      case 'm':
        what = "a month number";
        ok = VarDigits(s, p, 2, f.month) && f.month >= 1 && f.month <= 12;
        has_month_or_day = true;
        break;
      case 'b':
      case 'B':
      case 'h':
        what = "a month name";
        ok = MonthName(s, p, f.month);
        has_month_or_day = true;
        break;
      case 'd':
      case 'e':
        what = "a day of the month";
        if (d == 'e') {
          while (p < s.size() && IsSpace(s[p])) ++p;
        }
        ok = VarDigits(s, p, 2, f.day) && f.day >= 1 && f.day <= 31;
        has_month_or_day = true;
        break;
      case 'j':
        what = "a day of the year";
        ok = VarDigits(s, p, 3, day_of_year) && day_of_year >= 1 && day_of_year <= 366;
        break;
      case 'H':
        what = "an hour 0-23";
        ok = VarDigits(s, p, 2, f.hour) && f.hour <= 23;
        break;
      case 'I':
        what = "an hour 1-12";
        ok = VarDigits(s, p, 2, f.hour) && f.hour >= 1 && f.hour <= 12;
        twelve_hour = true;
        break;
      case 'M':
        what = "a minute 0-59";
        ok = VarDigits(s, p, 2, f.minute) && f.minute <= 59;
        break;
      case 'S':
        what = "a second 0-59";
        ok = VarDigits(s, p, 2, f.second) && f.second <= 59;
        // A fraction is taken unless the format itself continues with '.' or ','.
        if (ok && p + 1 < s.size() && (s[p] == '.' || s[p] == ',') && IsDigit(s[p + 1]) &&
            (fmt.empty() || fmt.front() != s[p])) {
          ++p;
          ok = Fraction(s, p, f.micros);
          what = "1-9 fraction digits";
        }
        break;
      case 'p':
        what = "AM or PM";
        if (StartsWithNoCase(s, p, "am") || StartsWithNoCase(s, p, "pm")) {
          pm = Lower(s[p]) == 'p';
          p += 2;
        } else if (StartsWithNoCase(s, p, "a.m.") || StartsWithNoCase(s, p, "p.m.")) {
          pm = Lower(s[p]) == 'p';
          p += 4;
        } else {
          ok = false;
        }
        has_ampm = true;
        break;
      case 'z':
        what = "a UTC offset like +01:00 or Z";
        ok = ZoneDesignator(s, p, f.offset_seconds);
        f.has_offset = true;
        break;
      case 'T':
      case 'F':
        if (depth + 1 >= 3) return Status::InvalidArgument("timestamp format nests too deeply");
        pending[++depth] = d == 'T' ? std::string_view("%H:%M:%S") : std::string_view("%Y-%m-%d");
        continue;
      case '%':
        what = "'%'";
        ok = p < s.size() && s[p] == '%';
        if (ok) ++p;
        break;
      default:
        return Status::InvalidArgument(std::string("unsupported directive %") + d + " in timestamp format");
    }
    if (!ok) return Bad(std::string("expected ") + what + " at position " + std::to_string(p + 1), text);
  }
  if (p != s.size()) return Bad("unexpected text after position " + std::to_string(p), text);
  if (!has_year) return Status::InvalidArgument("timestamp format has no year (%Y, %y or %F)");
  if (has_ampm || twelve_hour) {
    if (f.hour > 12 || (has_ampm && f.hour == 0)) return Bad("hour must be 1-12 with AM/PM", text);
    if (has_ampm) f.hour = (f.hour % 12) + (pm ? 12 : 0);
  }
  if (day_of_year > 0 && !has_month_or_day) {
    if (day_of_year > (IsLeapYear(f.year) ? 366 : 365)) return Bad("day of year out of range", text);
    const CivilDate c = CivilFromDays(DaysFromCivil(f.year, 1, 1) + day_of_year - 1);
    f.month = c.month;
    f.day = c.day;
  }
  if (f.day > DaysInMonth(f.year, f.month)) return Bad("day out of range for the month", text);
  return Assemble(f, zone);
}

// ------------------------------------------------------------------ formatting ----

std::string FormatIso(Micros utc, const ZoneConverter* zone_or_utc) {
  const bool utc_out = zone_or_utc == nullptr || zone_or_utc->is_utc();
  const int32_t offset = utc_out ? 0 : zone_or_utc->OffsetSecondsAt(utc);
  const Micros local = utc + int64_t{offset} * kMicrosPerSecond;
  const int64_t day = FloorDiv(local, kMicrosPerDay);
  const int64_t in_day = local - day * kMicrosPerDay;
  const CivilDate c = CivilFromDays(static_cast<int32_t>(day));
  const int64_t secs = in_day / kMicrosPerSecond;
  const int64_t frac = in_day % kMicrosPerSecond;
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day,
                        static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                        static_cast<int>(secs % 60));
  if (frac != 0) {
    if (frac % 1000 == 0) {
      n += std::snprintf(buf + n, sizeof buf - n, ".%03d", static_cast<int>(frac / 1000));
    } else {
      n += std::snprintf(buf + n, sizeof buf - n, ".%06d", static_cast<int>(frac));
    }
  }
  if (utc_out) {
    n += std::snprintf(buf + n, sizeof buf - n, "Z");
  } else {
    const int32_t a = offset < 0 ? -offset : offset;
    n += std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    if (a % 60 != 0) n += std::snprintf(buf + n, sizeof buf - n, ":%02d", a % 60);
  }
  return std::string(buf, static_cast<size_t>(n));
}

Result<int32_t> ParseLocalDate(std::string_view text) {
  const std::string_view s = Trim(text);
  int32_t y = 0, m = 0, d = 0;
  size_t p = 0;
  if (!FixedDigits(s, p, 4, y) || p >= s.size() || s[p++] != '-' || !FixedDigits(s, p, 2, m) ||
      p >= s.size() || s[p++] != '-' || !FixedDigits(s, p, 2, d) || p != s.size()) {
    return Bad("expected a date YYYY-MM-DD", text);
  }
  if (m < 1 || m > 12) return Bad("month must be 01-12", text);
  if (d < 1 || d > DaysInMonth(y, m)) return Bad("day out of range for the month", text);
  return DaysFromCivil(y, m, d);
}

std::string FormatLocalDate(int32_t day) {
  const CivilDate c = CivilFromDays(day);
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace northstar::time
