// The workspace zone's UTC offsets as a SQL VALUES list, so generated SQL converts
// UTC to local time with the tz database Northstar itself uses rather than the
// server's (whose version and settings may differ): `(s, o)` rows, o the offset in
// microseconds (BIGINT, as every timestamp in the SQL) from UTC micros s on, sorted by s; the first row starts at the smallest BIGINT.
#pragma once

#include <string>

#include "catalog/model.h"
#include "common/status.h"
#include "sql/dialect.h"
#include "time/timestamp.h"

namespace northstar::sql {

// The offsets over the days `limits` accepts (a day either side), at most over the
// years the zone converter tabulates (1800-2199). Transitions a few hundred rows long.
Result<std::string> ZoneOffsetValues(const time::ZoneConverter& zone, const catalog::Limits& limits,
                                     const SqlDialect& dialect);

}  // namespace northstar::sql
