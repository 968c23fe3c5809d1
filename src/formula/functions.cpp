#include "formula/functions.h"

#include <string>
#include <vector>

#include "time/civil.h"

namespace northstar::formula {
namespace {

int64_t LocalDay(time::Micros utc, const time::ZoneConverter& zone) {
  return time::FloorDiv(zone.UtcToLocal(utc), time::kMicrosPerDay);
}
time::CivilDate LocalDate(time::Micros utc, const time::ZoneConverter& zone) {
  return time::CivilFromDays(static_cast<int32_t>(LocalDay(utc, zone)));
}

int64_t YearOf(time::Micros utc, const time::ZoneConverter& zone) {
  return LocalDate(utc, zone).year;
}
int64_t QuarterOf(time::Micros utc, const time::ZoneConverter& zone) {
  return (LocalDate(utc, zone).month - 1) / 3 + 1;
}
int64_t MonthOf(time::Micros utc, const time::ZoneConverter& zone) {
  return LocalDate(utc, zone).month;
}
int64_t DayOf(time::Micros utc, const time::ZoneConverter& zone) {
  return LocalDate(utc, zone).day;
}
int64_t HourOf(time::Micros utc, const time::ZoneConverter& zone) {
  return time::FloorMod(zone.UtcToLocal(utc), time::kMicrosPerDay) / time::kMicrosPerHour;
}
int64_t WeekdayOf(time::Micros utc, const time::ZoneConverter& zone) {
  return time::IsoWeekday(static_cast<int32_t>(LocalDay(utc, zone)));
}
// The instant of local midnight of the day (a gap at midnight moves it forward).
int64_t DateOf(time::Micros utc, const time::ZoneConverter& zone) {
  return zone.LocalToUtc(LocalDay(utc, zone) * time::kMicrosPerDay);
}

constexpr std::string_view kSkipsNulls = "skips null values";

FunctionInfo Aggregated(std::string_view name, Aggregate a, int min_args, int max_args,
                        std::string_view usage, std::string_view result, std::string_view nulls,
                        AggregateState state = AggregateState::kRunning) {
  FunctionInfo f;
  f.name = name, f.kind = CallKind::kAggregate, f.aggregate = a;
  f.min_args = min_args, f.max_args = max_args, f.usage = usage, f.result = result, f.nulls = nulls;
  f.state = state;
  return f;
}

FunctionInfo OverPeriods(std::string_view name, Series s, int min_args, int max_args, std::string_view usage,
                         std::string_view nulls) {
  FunctionInfo f;
  f.name = name, f.kind = CallKind::kSeries, f.series = s;
  f.min_args = min_args, f.max_args = max_args, f.usage = usage, f.result = "float", f.nulls = nulls;
  return f;
}

FunctionInfo PerRow(std::string_view name, Function fn, int min_args, int max_args, std::string_view usage,
                    std::string_view result, std::string_view nulls) {
  FunctionInfo f;
  f.name = name, f.kind = CallKind::kRow, f.function = fn;
  f.min_args = min_args, f.max_args = max_args, f.usage = usage, f.result = result, f.nulls = nulls;
  return f;
}

FunctionInfo Between(std::string_view name, Function fn, double minutes_per_unit, std::string_view usage) {
  FunctionInfo f = PerRow(name, fn, 2, 3, usage, "float", "null when either end is null");
  f.minutes_per_unit = minutes_per_unit;
  return f;
}

FunctionInfo DatePart(std::string_view name, Function fn, DatePartKernel kernel, std::string_view usage,
                      std::string_view result = "int") {
  FunctionInfo f = PerRow(name, fn, 1, 1, usage, result, "null for a null timestamp");
  f.date_part = kernel;
  return f;
}

FunctionInfo AlsoPerPeriod(FunctionInfo f) {
  f.measure_level = true;
  return f;
}

const std::vector<FunctionInfo>& Table() {
  static const std::vector<FunctionInfo> table = {
      Aggregated("count", Aggregate::kCount, 0, 1, "count() or count(condition)", "int",
                 "count() counts rows; count(condition) the rows where it is true"),
      Aggregated("count_distinct", Aggregate::kCountDistinct, 1, 1, "count_distinct(value)", "int",
                 kSkipsNulls, AggregateState::kDistinct),
      Aggregated("sum", Aggregate::kSum, 1, 1, "sum(value)", "int for int values, else float", kSkipsNulls),
      Aggregated("avg", Aggregate::kAvg, 1, 1, "avg(value)", "float", kSkipsNulls),
      Aggregated("min", Aggregate::kMin, 1, 1, "min(value)", "the value's type", kSkipsNulls),
      Aggregated("max", Aggregate::kMax, 1, 1, "max(value)", "the value's type", kSkipsNulls),
      Aggregated("median", Aggregate::kMedian, 1, 1, "median(value)", "float", kSkipsNulls,
                 AggregateState::kOrdered),
      Aggregated("percentile", Aggregate::kPercentile, 2, 2, "percentile(value, 0.9)", "float", kSkipsNulls,
                 AggregateState::kOrdered),
      Aggregated("share", Aggregate::kShare, 1, 1, "share(condition)", "float",
                 "a null condition is not true; null over no rows"),
      OverPeriods("prev", Series::kPrev, 1, 2, "prev(x) or prev(x, n)", "null before the data starts"),
      OverPeriods("growth", Series::kGrowth, 1, 1, "growth(x)", "null when either period is null or zero"),
      OverPeriods("rolling_avg", Series::kRollingAvg, 2, 2, "rolling_avg(x, n)",
                  "null until all n periods exist"),
      AlsoPerPeriod(PerRow("if", Function::kIf, 3, 3, "if(condition, then, else)", "the branches' type",
                           "a null condition takes the else branch")),
      AlsoPerPeriod(PerRow("coalesce", Function::kCoalesce, 1, 64, "coalesce(a, b, ...)",
                           "the arguments' type", "the first non-null argument")),
      Between("minutes_between", Function::kMinutesBetween, 1, "minutes_between(start, end [, calendar])"),
      Between("hours_between", Function::kHoursBetween, 60, "hours_between(start, end [, calendar])"),
      Between("days_between", Function::kDaysBetween, 1440, "days_between(start, end [, calendar])"),
      DatePart("year", Function::kYear, YearOf, "year(timestamp)"),
      DatePart("quarter", Function::kQuarter, QuarterOf, "quarter(timestamp)"),
      DatePart("month", Function::kMonth, MonthOf, "month(timestamp)"),
      DatePart("day", Function::kDay, DayOf, "day(timestamp)"),
      DatePart("hour", Function::kHour, HourOf, "hour(timestamp)"),
      DatePart("weekday", Function::kWeekday, WeekdayOf, "weekday(timestamp)"),
      DatePart("date", Function::kDate, DateOf, "date(timestamp)", "timestamp"),
      PerRow("theme", Function::kTheme, 2, 2, "theme(text, theme_id)", "bool", "null for a null text"),
      PerRow("sentiment", Function::kSentiment, 1, 1, "sentiment(text)", "float", "null for a null text"),
  };
  return table;
}

}  // namespace

std::span<const FunctionInfo> Functions() {
  return Table();
}

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : Table()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FunctionInfo& InfoOf(Function fn) {
  for (const FunctionInfo& f : Table()) {
    if (f.kind == CallKind::kRow && f.function == fn) return f;
  }
  static const FunctionInfo kUnknown;
  return kUnknown;
}

const FunctionInfo& InfoOf(Aggregate a) {
  for (const FunctionInfo& f : Table()) {
    if (f.kind == CallKind::kAggregate && f.aggregate == a) return f;
  }
  static const FunctionInfo kUnknown = Aggregated("", Aggregate::kNone, 0, 0, "", "", "");
  return kUnknown;
}

const FunctionInfo& InfoOf(Series s) {
  for (const FunctionInfo& f : Table()) {
    if (f.kind == CallKind::kSeries && f.series == s) return f;
  }
  static const FunctionInfo kUnknown = OverPeriods("", Series::kNone, 0, 0, "", "");
  return kUnknown;
}

std::string ArgumentCountText(const FunctionInfo& f) {
  std::string lo = std::to_string(f.min_args);
  const std::string hi = std::to_string(f.max_args);
  if (f.min_args == f.max_args) return lo;
  return lo + (f.max_args == f.min_args + 1 ? " or " : " to ") + hi;
}

}  // namespace northstar::formula
