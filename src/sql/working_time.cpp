#include "sql/working_time.h"

#include <array>
#include <limits>

#include "sql/zone_table.h"
#include "time/civil.h"
#include "time/timestamp.h"

namespace northstar::sql {
namespace {

constexpr int64_t kDay = time::kMicrosPerDay;

struct Week {
  std::array<int64_t, 7> total{};   // working micros of each weekday (Monday = 0)
  std::array<int64_t, 8> prefix{};  // before each weekday; prefix[7] = the week
};

Week WeekOf(const catalog::CalendarDef& def) {
  Week w;
  for (int k = 0; k < 7; ++k) {
    for (const auto& [s, e] : def.hours[k]) w.total[k] += int64_t{e - s} * time::kMicrosPerMinute;
    w.prefix[k + 1] = w.prefix[k] + w.total[k];
  }
  return w;
}

// F(L) in C++, the same arithmetic as the SQL of WorkingTimeSql::Local.
int64_t LocalCumulative(const catalog::CalendarDef& def, const Week& week, int64_t local) {
  const int64_t d = time::FloorDiv(local, kDay);
  const int64_t wk = time::FloorDiv(d + 3, 7);
  const int64_t wd = d + 3 - 7 * wk;
  const int64_t m = local - d * kDay;
  int64_t partial = 0;
  for (const auto& [s, e] : def.hours[wd]) {
    const int64_t lo = int64_t{s} * time::kMicrosPerMinute, hi = int64_t{e} * time::kMicrosPerMinute;
    partial += m <= lo ? 0 : m >= hi ? hi - lo : m - lo;
  }
  int64_t holidays = 0;
  bool holiday = false;
  for (int32_t h : def.holidays) {
    if (h < d) holidays += week.total[time::FloorMod(h + 3, 7)];
    holiday |= h == d;
  }
  return wk * week.prefix[7] + week.prefix[wd] + (holiday ? 0 : partial) - holidays;
}

}  // namespace

Result<WorkingTimeSql> WorkingTimeSql::Create(const catalog::CalendarDef& def,
                                              const catalog::Workspace& workspace, const SqlDialect& dialect,
                                              int index) {
  WorkingTimeSql out;
  out.d_ = &dialect;
  out.def_ = def;
  out.cal_ = "__ns_cal" + std::to_string(index);
  out.hol_ = "__ns_hol" + std::to_string(index);
  const std::string zone_name = def.timezone.empty() ? workspace.timezone : def.timezone;
  auto zone = time::ZoneConverter::Create(zone_name);
  if (!zone.ok()) return Status::InvalidArgument("calendar '" + def.id + "': " + zone.status().message());
  const Week week = WeekOf(def);
  ASSIGN_OR_RETURN(std::vector<ZoneTransition> transitions, ZoneTransitions(*zone, workspace.limits));
  std::string rows;
  int64_t base = 0;
  for (size_t k = 0; k < transitions.size(); ++k) {
    if (k > 0) {
      const int64_t s = transitions[k].since;
      base += LocalCumulative(def, week, s + transitions[k - 1].offset) -
              LocalCumulative(def, week, s + transitions[k].offset);
    }
    const int64_t end =
        k + 1 < transitions.size() ? transitions[k + 1].since : std::numeric_limits<int64_t>::max();
    rows += std::string(k ? ", (" : "(") + dialect.IntLiteral(transitions[k].since) + ", " +
            dialect.IntLiteral(end) + ", " + dialect.IntLiteral(transitions[k].offset) + ", " +
            dialect.IntLiteral(base) + ")";
  }
  out.offsets_cte_ = out.cal_ + "(__ns_s, __ns_e, __ns_o, __ns_b) AS (VALUES " + rows + ")";
  // Holidays with the next one (or the largest BIGINT) and the working time lost up
  // to and including each: the loss before day d is on the row with h < d <= next.
  std::string holidays;
  int64_t lost = 0;
  for (size_t i = 0; i < def.holidays.size(); ++i) {
    const int32_t h = def.holidays[i];
    lost += week.total[time::FloorMod(h + 3, 7)];
    const int64_t next =
        i + 1 < def.holidays.size() ? def.holidays[i + 1] : std::numeric_limits<int64_t>::max();
    holidays += std::string(holidays.empty() ? "(" : ", (") + dialect.IntLiteral(h) + ", " +
                dialect.IntLiteral(next) + ", " + dialect.IntLiteral(lost) + ")";
  }
  // A calendar without holidays still needs a row for valid SQL: it loses nothing.
  if (holidays.empty())
    holidays = "(" + dialect.IntLiteral(std::numeric_limits<int64_t>::min()) + ", " +
               dialect.IntLiteral(std::numeric_limits<int64_t>::max()) + ", 0)";
  out.holidays_cte_ = out.hol_ + "(__ns_h, __ns_n, __ns_c) AS (VALUES " + holidays + ")";
  return out;
}

std::string WorkingTimeSql::Local(const std::string& L) const {
  const SqlDialect& d = *d_;
  const std::string day = d.FloorDiv(L, kDay);
  const std::string week = d.FloorDiv(day + " + 3", 7);
  const std::string wd = "((" + day + ") + 3 - 7 * " + week + ")";
  const std::string m = "((" + L + ") - (" + day + ") * " + std::to_string(kDay) + ")";
  const Week w = WeekOf(def_);
  std::string prefix = "CASE " + wd, partial = "CASE " + wd;
  for (int k = 0; k < 7; ++k) {
    prefix += " WHEN " + std::to_string(k) + " THEN " + std::to_string(w.prefix[k]);
    std::string sum;
    for (const auto& [s, e] : def_.hours[k]) {
      const int64_t lo = int64_t{s} * time::kMicrosPerMinute, hi = int64_t{e} * time::kMicrosPerMinute;
      sum += (sum.empty() ? "" : " + ") + std::string("(CASE WHEN ") + m + " <= " + std::to_string(lo) +
             " THEN 0 WHEN " + m + " >= " + std::to_string(hi) + " THEN " + std::to_string(hi - lo) +
             " ELSE " + m + " - " + std::to_string(lo) + " END)";
    }
    if (!sum.empty()) partial += " WHEN " + std::to_string(k) + " THEN " + sum;
  }
  prefix += " END";
  partial += " ELSE 0 END";
  return "(" + week + " * " + std::to_string(w.prefix[7]) + " + " + prefix +
         " + (CASE WHEN EXISTS (SELECT 1 FROM " + hol_ + " WHERE " + hol_ + ".__ns_h = " + day +
         ") THEN 0 ELSE " + partial + " END) - COALESCE((SELECT " + hol_ + ".__ns_c FROM " + hol_ +
         " WHERE " + hol_ + ".__ns_h < " + day + " AND " + day + " <= " + hol_ + ".__ns_n LIMIT 1), 0))";
}

std::string WorkingTimeSql::Cumulative(const std::string& utc) const {
  // The offset row is looked up once; F reads its local reading many times.
  return "(SELECT " + Local("__ns_w.__ns_l") + " + __ns_w.__ns_b FROM (SELECT " + utc + " + " + cal_ +
         ".__ns_o AS __ns_l, " + cal_ + ".__ns_b AS __ns_b FROM " + cal_ + " WHERE " + cal_ +
         ".__ns_s <= " + utc + " AND " + utc + " < " + cal_ + ".__ns_e LIMIT 1) AS __ns_w)";
}

}  // namespace northstar::sql
