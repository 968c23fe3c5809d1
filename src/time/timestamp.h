// Timestamps in Northstar: UTC microseconds since 1970-01-01, and the conversions
// between them, text, and local wall time in a named time zone.
//
// Local wall time is represented as "local micros": the wall-clock reading expressed
// as if it were UTC (so 2026-03-29 02:30 local is DaysFromCivil(2026,3,29)*86400e6 +
// 2.5h whatever the zone). Converting local -> UTC follows two fixed rules:
//   - a nonexistent local time (inside a spring-forward gap) is shifted forward by the
//     length of the gap: 02:30 on 2026-03-29 in Europe/Berlin becomes 03:30 CEST
//     (= 01:30Z);
//   - an ambiguous local time (inside a fall-back overlap) takes the earlier instant:
//     02:30 on 2026-10-25 in Europe/Berlin becomes 02:30 CEST (= 00:30Z).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace date {
class time_zone;
}

namespace northstar::time {

using Micros = int64_t;  // UTC microseconds since the epoch (or local micros, see above)

inline constexpr Micros kMicrosPerSecond = 1'000'000;
inline constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// Converts between UTC and local wall time in one IANA zone (or UTC).
//
// Conversions are O(1): Create() precomputes the zone's offset transitions for the
// years 1800..2200 into a table indexed by fixed-size time buckets, so a conversion
// is one bucket lookup plus a step or two, never a tz-database search. Times outside
// that range fall back to the tz database (correct, slower).
//
// Immutable after Create(); safe to share between threads; cheap to copy (the table
// is shared).
class ZoneConverter {
 public:
  // `name` is an IANA zone ("Europe/Berlin") or "UTC"; empty means UTC.
  // NotFound when the system tz database does not know the zone.
  static Result<ZoneConverter> Create(std::string_view name);
  static ZoneConverter Utc();

  const std::string& name() const { return name_; }
  bool is_utc() const { return table_ == nullptr; }

  // Offset of local time from UTC (local - utc), in seconds, at a UTC instant.
  int32_t OffsetSecondsAt(Micros utc) const;
  // The same, plus the UTC seconds [*from, *until) over which that offset holds (a
  // span of one second outside the precomputed years 1800-2199).
  int32_t OffsetSpanAt(Micros utc, int64_t* from, int64_t* until) const;
  Micros UtcToLocal(Micros utc) const { return utc + OffsetSecondsAt(utc) * kMicrosPerSecond; }
  // Applies the gap/overlap rules in the file comment.
  Micros LocalToUtc(Micros local) const;

  // The exact preimage of a local wall-time span: the UTC instants whose local reading
  // lies in [local_begin, local_end), as sorted, disjoint [begin, end) ranges. Usually
  // one range; none for a span inside a spring-forward gap; two when the span covers
  // part of a fall-back overlap twice. Returns how many ranges were written. Outside
  // the table's years it approximates with the LocalToUtc() of both ends.
  static constexpr int kMaxUtcRanges = 4;
  using UtcRange = std::pair<Micros, Micros>;
  int UtcRangesOfLocal(Micros local_begin, Micros local_end, std::array<UtcRange, kMaxUtcRanges>& out) const;

  struct Table;  // the precomputed transitions (defined in timestamp.cpp)

 private:
  ZoneConverter() = default;
  int32_t OffsetForLocalSeconds(int64_t local_seconds) const;

  std::string name_ = "UTC";
  const date::time_zone* zone_ = nullptr;  // owned by the tz database; null for UTC
  std::shared_ptr<const Table> table_;     // null for UTC
};

// Parses ISO 8601 as found in data files:
//   2026-03-05 | 2026-03-05T10:20 | 2026-03-05 10:20:30 | ...:30.123456789
// with an optional zone designator Z, +01:00, +0100 or +01. Fractions of up to 9
// digits are truncated to microseconds. Text without a designator is local time in
// `zone`. Surrounding spaces are ignored. Allocation-free unless it fails; errors
// are short and say what was expected (they end up in reject reasons).
Result<Micros> ParseIsoTimestamp(std::string_view text, const ZoneConverter& zone);

// Parses with a strptime-style format. Supported: %Y %m %d %e %H %M %S %y %b %B %h %p
// %I %j %z %T (= %H:%M:%S) %F (= %Y-%m-%d) %% and literal characters; a space in the
// format matches any run of spaces (including none). Numbers may be unpadded
// ("3/22/2021 9:05" matches "%m/%d/%Y %H:%M"). %S accepts a trailing fraction
// (".250"). Month names are case-insensitive, full or three-letter. Without %z the
// text is local time in `zone`.
Result<Micros> ParseTimestampWithFormat(std::string_view text, std::string_view format,
                                        const ZoneConverter& zone);

// Checks a format once (e.g. when the catalog is checked) so per-row errors are only
// about the data. InvalidArgument names the unsupported directive.
Status ValidateTimestampFormat(std::string_view format);

// "2026-03-05T10:20:30Z" (zone null or UTC) or "2026-03-05T11:20:30+01:00".
// Fractions print only when non-zero, as 3 or 6 digits.
std::string FormatIso(Micros utc, const ZoneConverter* zone_or_utc);

// "YYYY-MM-DD" -> days since 1970-01-01. InvalidArgument otherwise.
Result<int32_t> ParseLocalDate(std::string_view text);
// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string FormatLocalDate(int32_t day);

}  // namespace northstar::time
