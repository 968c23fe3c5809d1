#include "sql/working_time.h"

#include <algorithm>
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
                                              const std::string& workspace_zone,
                                              const catalog::Limits& limits, const SqlDialect& dialect) {
  WorkingTimeSql out;
  out.d_ = &dialect;
  out.def_ = def;
  const std::string zone_name = def.timezone.empty() ? workspace_zone : def.timezone;
  auto zone = time::ZoneConverter::Create(zone_name);
  if (!zone.ok()) return Status::InvalidArgument("calendar '" + def.id + "': " + zone.status().message());
  const Week week = WeekOf(def);
  ASSIGN_OR_RETURN(out.offsets_, ZoneTransitions(*zone, limits));
  int64_t base = 0;
  for (size_t k = 0; k < out.offsets_.size(); ++k) {
    if (k > 0) {
      const int64_t s = out.offsets_[k].since;
      base += LocalCumulative(def, week, s + out.offsets_[k - 1].offset) -
              LocalCumulative(def, week, s + out.offsets_[k].offset);
    }
    out.corrections_.push_back({out.offsets_[k].since, base});
  }
  // The working time lost to holidays before day d: from the day after each holiday on,
  // the running total up to and including it.
  out.lost_.push_back({std::numeric_limits<int64_t>::min(), 0});
  int64_t lost = 0;
  for (const int32_t h : def.holidays) {
    lost += week.total[time::FloorMod(h + 3, 7)];
    out.lost_.push_back({int64_t{h} + 1, lost});
  }
  return out;
}

// ClickHouse 18.16 copies an alias's definition into every place that names it, so the
// size of F grows with how often it reads L. Here the weekday indexes constant arrays
// (one read each) instead of a CASE per weekday: about a seventh of the reads of the
// generic form, which took 18.16 seconds to analyse and 24 us a row to run.
std::string WorkingTimeSql::LocalClickhouse(const std::string& L) const {
  const SqlDialect& d = *d_;
  const Week w = WeekOf(def_);
  auto array = [](const std::vector<int64_t>& v) {
    std::string out;
    for (int64_t x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
    return "CAST([" + out + "] AS Array(Int64))";
  };
  size_t slots = 0;
  for (const auto& day_hours : def_.hours) slots = std::max(slots, day_hours.size());
  const std::string day = d.FloorDiv(L, kDay);
  const std::string wd = d.FloorMod(day + " + 3", 7);
  const std::string idx = "toUInt64(" + wd + " + 1)";
  const std::string m = "((" + L + ") - (" + day + ") * toInt64(" + std::to_string(kDay) + "))";
  // Working micros up to the day's midnight: whole weeks (day + 3 - wd is a multiple of
  // 7), then the weekdays before it.
  std::string out = "(intDiv((" + day + ") + 3 - " + wd + ", toInt64(7)) * toInt64(" +
                    std::to_string(w.prefix[7]) + ") + arrayElement(" +
                    array({w.prefix.begin(), w.prefix.begin() + 7}) + ", " + idx + ")";
  // The day's own part: its k-th interval of each weekday (0, 0 where it has none).
  std::string partial;
  for (size_t k = 0; k < slots; ++k) {
    std::vector<int64_t> lo(7, 0), len(7, 0);
    for (int wk = 0; wk < 7; ++wk) {
      if (k >= def_.hours[wk].size()) continue;
      const auto& [s, e] = def_.hours[wk][k];
      lo[wk] = int64_t{s} * time::kMicrosPerMinute;
      len[wk] = int64_t{e - s} * time::kMicrosPerMinute;
    }
    partial += (partial.empty() ? "" : " + ") + std::string("least(greatest(") + m + " - arrayElement(" +
               array(lo) + ", " + idx + "), toInt64(0)), arrayElement(" + array(len) + ", " + idx + "))";
  }
  if (!partial.empty()) {
    std::string holidays;
    for (const int32_t h : def_.holidays) holidays += (holidays.empty() ? "" : ", ") + d.IntLiteral(h);
    out += holidays.empty() ? " + " + partial
                            : " + if((" + day + ") IN (" + holidays + "), toInt64(0), " + partial + ")";
  }
  return out + " - " + UtcOffsetExpr(lost_, d, day) + ")";
}

std::string WorkingTimeSql::Local(const std::string& L) const {
  const SqlDialect& d = *d_;
  if (d.id() == Dialect::kClickhouse) return LocalClickhouse(L);
  auto n = [](int64_t v) { return std::to_string(v); };
  const std::string day = d.FloorDiv(L, kDay);
  const std::string week = d.FloorDiv(day + " + 3", 7);
  const std::string wd = "((" + day + ") + 3 - 7 * " + week + ")";
  const std::string m = "((" + L + ") - (" + day + ") * " + n(kDay) + ")";
  const Week w = WeekOf(def_);
  std::string prefix = "CASE", partial = "CASE";
  for (int k = 0; k < 7; ++k) {
    prefix += " WHEN " + wd + " = " + std::to_string(k) + " THEN " + n(w.prefix[k]);
    std::string sum;
    for (const auto& [s, e] : def_.hours[k]) {
      const int64_t lo = int64_t{s} * time::kMicrosPerMinute, hi = int64_t{e} * time::kMicrosPerMinute;
      sum += (sum.empty() ? "" : " + ") + std::string("(CASE WHEN ") + m + " <= " + n(lo) + " THEN " + n(0) +
             " WHEN " + m + " >= " + n(hi) + " THEN " + n(hi - lo) + " ELSE " + m + " - " + n(lo) + " END)";
    }
    if (!sum.empty()) partial += " WHEN " + wd + " = " + std::to_string(k) + " THEN " + sum;
  }
  prefix += " END";
  partial += " ELSE " + n(0) + " END";
  std::string holidays;
  for (const int32_t h : def_.holidays) holidays += (holidays.empty() ? "" : ", ") + d.IntLiteral(h);
  const std::string holiday = holidays.empty() ? "(1 = 0)" : "(" + day + " IN (" + holidays + "))";
  return "(" + week + " * " + n(w.prefix[7]) + " + " + prefix + " + (CASE WHEN " + holiday + " THEN " + n(0) +
         " ELSE " + partial + " END) - " + UtcOffsetExpr(lost_, d, day) + ")";
}

std::string WorkingTimeSql::Cumulative(const std::string& utc, int& bindings) const {
  const SqlDialect& d = *d_;
  // The instant and its local reading are bound once: F reads the reading many times.
  if (d.id() == Dialect::kClickhouse) {
    // Offsets and corrections in seconds (the trees are constant arrays there).
    return d.Bind(utc, bindings++, [&](const std::string& t) {
      return d.Bind("intDiv(" + t + ", 1000000)", bindings++, [&](const std::string& sec) {
        return d.Bind(t + " + " + UtcOffsetExpr(offsets_, d, sec, 1000000) + " * 1000000", bindings++,
                      [&](const std::string& local) {
                        return "(" + Local(local) + " + " + UtcOffsetExpr(corrections_, d, sec, 1000000) +
                               " * 1000000)";
                      });
      });
    });
  }
  return d.Bind(utc, bindings++, [&](const std::string& t) {
    return d.Bind(t + " + " + UtcOffsetExpr(offsets_, d, t), bindings++, [&](const std::string& local) {
      return "(" + Local(local) + " + " + UtcOffsetExpr(corrections_, d, t) + ")";
    });
  });
}

}  // namespace northstar::sql
