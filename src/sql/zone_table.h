// The workspace zone's offsets as SQL VALUES lists, so generated SQL converts between
// UTC and local time with the tz database Northstar itself uses rather than the
// server's (whose version and settings may differ). Offsets and instants are BIGINT
// microseconds, as every timestamp in the generated SQL.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "sql/dialect.h"
#include "time/timestamp.h"

namespace northstar::sql {

// From UTC micros `since` on, local = UTC + `offset` (micros).
struct ZoneTransition {
  int64_t since;  // the first is the smallest BIGINT
  int64_t offset;
};

// The zone's offsets over the days `limits` accepts (a day either side), at most over
// the years the zone converter tabulates (1800-2199).
Result<std::vector<ZoneTransition>> ZoneTransitions(const time::ZoneConverter& zone,
                                                    const catalog::Limits& limits);

// `(s, e, o)` rows sorted by s: over UTC instants [s, e), local = UTC + o. The first
// row starts at the smallest BIGINT, the last ends at the largest. Covers the days `limits` accepts (a day
// either side), at most the years the zone converter tabulates (1800-2199): a few hundred rows.
Result<std::string> ZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                     const SqlDialect& dialect);

// `(l, e, o)` rows sorted by l: over local readings [l, e), UTC = local - o. Follows
// ZoneConverter::LocalToUtc's rules: a local time in a spring-forward gap moves forward
// by the gap, one in a fall-back overlap takes the earlier instant.
Result<std::string> LocalZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                          const SqlDialect& dialect);

}  // namespace northstar::sql
