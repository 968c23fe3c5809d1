// Every function a formula can call, in one table.
//
// An entry gives a function's name, what kind of call it is, how many arguments it
// takes, how it is written (the hint of every arity error), its result and null rule
// (as docs/formula.md states them; a test keeps the two in step), and the facts the
// evaluators need: the native kernel of a date part, the unit of a duration, how an
// aggregate's state grows. The binder resolves and checks calls from it, the printer
// takes names from it, the row evaluator runs its kernels, and the SQL compiler renders
// each entry for its dialect (sql/statement.cpp, keyed by the same enums).
//
// A new function is an entry here, its type rule in the binder (binder.cpp), its kernel
// (here for a date part; row_evaluator.cpp otherwise) and its SQL rendering.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "formula/ast.h"
#include "time/timestamp.h"

namespace northstar::formula {

enum class CallKind {
  kRow,        // a value per row (and, for `measure_level` ones, per period too)
  kAggregate,  // rows of a period → one value
  kSeries,     // a measure's values over periods → one value
};

// How an aggregate's state grows with its rows: running totals merge in constant
// space; the others keep values (the distinct set, or every value for an exact order
// statistic), so the engine and the SQL compiler treat them apart.
enum class AggregateState { kRunning, kDistinct, kOrdered };

// A date part of a UTC instant, read in the workspace zone.
using DatePartKernel = int64_t (*)(time::Micros utc, const time::ZoneConverter& zone);

struct FunctionInfo {
  std::string_view name;
  CallKind kind = CallKind::kRow;
  Function function = Function::kNone;     // kRow
  Aggregate aggregate = Aggregate::kNone;  // kAggregate
  Series series = Series::kNone;           // kSeries
  int min_args = 1;
  int max_args = 1;
  std::string_view usage;      // how to write it, e.g. "percentile(value, 0.9)"
  std::string_view result;     // the result type: "int", "float", "the value's type", ...
  std::string_view nulls;      // what a null argument does
  bool measure_level = false;  // kRow: also over aggregates and KPI ids
  AggregateState state = AggregateState::kRunning;  // kAggregate
  double minutes_per_unit = 0;                      // the *_between durations: 1, 60, 1440
  DatePartKernel date_part = nullptr;               // date parts: the native kernel
};

// Every entry, aggregates first, then series and row functions, in the order error
// messages list them.
std::span<const FunctionInfo> Functions();

// The entry named `name` (lower case, as the parser gives it); null when unknown.
const FunctionInfo* FindFunction(std::string_view name);

// The entry of a bound call. Every enum value but kNone has one.
const FunctionInfo& InfoOf(Function f);
const FunctionInfo& InfoOf(Aggregate a);
const FunctionInfo& InfoOf(Series s);

// "2", "0 or 1", "1 to 64": how many arguments `f` takes, for messages.
std::string ArgumentCountText(const FunctionInfo& f);

}  // namespace northstar::formula
