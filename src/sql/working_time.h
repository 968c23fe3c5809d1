// Working time of a calendar in SQL: `minutes_between(a, b, CAL)` as the difference of a
// cumulative working-time function W, exact in integer microseconds like
// time::WorkingCalendar.
//
//   W(t) = F(t + o(t)) + B(t)
//
// F(L) is the working time of the calendar's weekly hours, minus holidays, from a fixed
// origin up to the local reading L: whole weeks, a prefix of the week, the part of L's
// own day, less the holidays before it. Within one span of constant UTC offset o, W
// grows exactly as F of the local reading. B corrects across DST transitions: at a
// change from offset a to b at UTC s it steps by F(s + a) - F(s + b), taking away the
// working time of a spring-forward gap (never worked) and adding that of a fall-back
// overlap (worked twice). The offsets, the running correction and the holidays' running
// loss are piecewise constant: expressions over the transitions (sql/zone_table.h),
// from the tz database Northstar uses, with no table and no subquery per row.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "sql/dialect.h"
#include "sql/zone_table.h"

namespace northstar::sql {

class WorkingTimeSql {
 public:
  // `limits`: the days its instants can fall on (the workspace's, or the data's range).
  static Result<WorkingTimeSql> Create(const catalog::CalendarDef& def, const std::string& workspace_zone,
                                       const catalog::Limits& limits, const SqlDialect& dialect);

  // W(t) for a BIGINT of UTC micros `utc` (null stays null). `bindings` numbers the
  // names it binds (SqlDialect::Bind), unique in the statement.
  std::string Cumulative(const std::string& utc, int& bindings) const;

 private:
  std::string Local(const std::string& local) const;  // F(L)
  std::string LocalClickhouse(const std::string& local) const;
  const SqlDialect* d_ = nullptr;
  catalog::CalendarDef def_;
  std::vector<ZoneTransition> offsets_;      // UTC micros -> the calendar zone's offset
  std::vector<ZoneTransition> corrections_;  // UTC micros -> B
  std::vector<ZoneTransition> lost_;         // local day -> working micros of the holidays before it
};

}  // namespace northstar::sql
