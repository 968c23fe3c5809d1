// Working time of a calendar in SQL: `minutes_between(a, b, CAL)` as the difference of a
// cumulative working-time function W, exact in integer microseconds like
// time::WorkingCalendar.
//
//   W(t) = F(t + o(t)) + B(t)
//
// F(L) is the working time of the calendar's weekly hours, minus holidays, from a fixed
// origin up to the local reading L: whole weeks, a prefix of the week, the part of L's
// own day, less the holidays before it (a small VALUES table). Within one span of
// constant UTC offset o, W grows exactly as F of the local reading. B corrects across
// DST transitions: at a change from offset a to b at UTC s it steps by
// F(s + a) - F(s + b), taking away the working time of a spring-forward gap (never
// worked) and adding that of a fall-back overlap (worked twice). The offsets and the
// running correction are one VALUES table per calendar, from the tz database Northstar
// uses.
#pragma once

#include <string>

#include "catalog/model.h"
#include "common/status.h"
#include "sql/dialect.h"

namespace northstar::sql {

class WorkingTimeSql {
 public:
  // `index` names the tables: __ns_cal<index> (__ns_s, __ns_e, __ns_o, __ns_b), the offsets
  // and corrections over [s, e), and __ns_hol<index> (__ns_h, __ns_n, __ns_c), the holidays.
  static Result<WorkingTimeSql> Create(const catalog::CalendarDef& def, const catalog::Workspace& workspace,
                                       const SqlDialect& dialect, int index);

  // The CTE definitions the expressions read ("name(cols) AS (VALUES ...)", two of them).
  const std::string& offsets_cte() const { return offsets_cte_; }
  const std::string& holidays_cte() const { return holidays_cte_; }
  // W(t) for a BIGINT of UTC micros `utc` (null stays null).
  std::string Cumulative(const std::string& utc) const;

 private:
  std::string Local(const std::string& local) const;  // F(L)
  const SqlDialect* d_ = nullptr;
  std::string cal_, hol_;  // table names
  catalog::CalendarDef def_;
  std::string offsets_cte_, holidays_cte_;
};

}  // namespace northstar::sql
