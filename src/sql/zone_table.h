// The workspace zone's offsets as SQL expressions, so generated SQL converts between
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

// The offset (micros) to add to the UTC instant `utc` (a BIGINT expression that is
// cheap to repeat: a column or alias) to read local time: a balanced CASE tree over the
// zone's transitions (from ZoneTransitions), so a value costs about log2(n) comparisons
// and no table lookup. With `unit` = 1000000, `utc` and the offset are in seconds.
std::string UtcOffsetExpr(const std::vector<ZoneTransition>& zone, const SqlDialect& dialect,
                          const std::string& utc, int64_t unit = 1);

// The offset to subtract from the local reading `local` to get UTC, by the rules of
// ZoneConverter::LocalToUtc: a local time in a spring-forward gap moves forward by the
// gap, one in a fall-back overlap takes the earlier instant.
std::string LocalOffsetExpr(const std::vector<ZoneTransition>& zone, const SqlDialect& dialect,
                            const std::string& local, int64_t unit = 1);

}  // namespace northstar::sql
