// The formula syntax tree, before and after binding.
//
// One node type, `Expr`, with a `kind` and the fields that kind uses (listed per
// kind below); children are owned through `args` (and `where` for aggregates).
// Every node keeps the byte range [begin, end) of the formula text it came from
// and, once bound, its result `type`.
//
// Parsing (parser.h) produces only the "written" kinds: kLiteral, kName,
// kPeriodBound, kUnary, kBinary, kCompare, kLogical, kNot, kIsNull, kInList,
// kInPeriod and kCall. Binding (binder.h) replaces every kName by kColumnRef or
// kMeasureRef and every kCall by kFunction, kAggregate or kSeries, and fills
// `type`. The evaluating engine only ever sees bound trees:
//
//   kLiteral      value (monostate = null; int64_t; double; bool; std::string).
//                 A string literal compared with a timestamp is bound with
//                 type kTimestamp and keeps its text ("2026-01-01" or
//                 "2026-01-01 08:30[:00]"), meaning that local time in the
//                 workspace time zone.
//   kColumnRef    a row value: source_id, column_index into
//                 SourceDef::columns, column_type. Only inside an aggregate (or
//                 a KPI filter). `qualifier`/`name` keep what was written.
//   kMeasureRef   the value of another KPI/metric `name` for the same period
//                 and segment (type kFloat). Only outside aggregates.
//   kPeriodBound  period.start (bound_is_end=false) or period.end (exclusive),
//                 type kTimestamp, of the period being computed.
//   kUnary        op=kNeg, args[0].
//   kBinary       op in kAdd kSub kMul kDiv, args[0] args[1]. int op int is int
//                 except kDiv (always float); division by zero gives null.
//   kCompare      op in kEq kNe kLt kLe kGt kGe, args[0] args[1]; null if either
//                 side is null (SQL).
//   kLogical      op in kAnd kOr, args[0] args[1]; three-valued SQL logic.
//   kNot          args[0].
//   kIsNull       args[0]; negated=true for `is not null`. Never null itself.
//   kInList       args[0] in (args[1..]); negated for `not in`.
//   kInPeriod     args[0] (timestamp) in [period.start, period.end); negated
//                 for `not in period`.
//   kFunction     function, args; calendar_id for *_between with a calendar
//                 (id into Workspace::calendars; the calendar argument itself
//                 is not kept in args); theme_id for theme() (id into
//                 Workspace::themes; likewise not kept in args).
//   kAggregate    aggregate, source_id (resolved), args (count(): none;
//                 count/share: the condition; percentile: args[0] only, the
//                 fraction is in `percentile`), where (may be null), snapshot.
//                 The KPI `filter:` applies additionally when source_id is the
//                 KPI's own source. A snapshot aggregate is evaluated over all
//                 rows of the source for each period instead of only the rows
//                 bucketed into it.
//   kSeries       series, args[0] (a KPI-level expression), periods (n of
//                 prev(x, n) / rolling_avg(x, n); 1 for prev(x) and growth).
//
// Written-only kinds (never in bound trees):
//   kName         qualifier (may be empty) and name.
//   kCall         name (lower-cased), args, where (may be null).
//
// Thread safety: trees are immutable after binding and safe to read concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "formula/types.h"

namespace northstar::formula {

enum class ExprKind {
  kLiteral,
  kName,
  kColumnRef,
  kMeasureRef,
  kPeriodBound,
  kUnary,
  kBinary,
  kCompare,
  kLogical,
  kNot,
  kIsNull,
  kInList,
  kInPeriod,
  kCall,
  kFunction,
  kAggregate,
  kSeries,
};

enum class Op { kNone, kNeg, kAdd, kSub, kMul, kDiv, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr };

enum class Function {
  kNone,
  kIf,
  kCoalesce,
  kMinutesBetween,
  kHoursBetween,
  kDaysBetween,
  kYear,
  kQuarter,
  kMonth,
  kDay,
  kHour,
  kWeekday,    // ISO: Monday = 1 ... Sunday = 7
  kDate,       // local midnight of the timestamp's day (a timestamp)
  kTheme,      // theme(text, THEME): is the text about the theme (text/theme_matcher.h)
  kSentiment,  // sentiment(text): −1 … 1 (text/sentiment.h)
};

enum class Aggregate { kNone, kCount, kCountDistinct, kSum, kAvg, kMin, kMax, kMedian, kPercentile, kShare };

enum class Series { kNone, kPrev, kGrowth, kRollingAvg };

using LiteralValue = std::variant<std::monostate, int64_t, double, bool, std::string>;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  ValueType type = ValueType::kNull;  // filled by the binder
  uint32_t begin = 0;                 // byte range in the formula text
  uint32_t end = 0;

  LiteralValue value;         // kLiteral
  std::string qualifier;      // kName/kColumnRef: `src` of `src.col`; else empty
  std::string name;           // kName, kColumnRef, kMeasureRef (the id), kCall
  Op op = Op::kNone;          // kUnary, kBinary, kCompare, kLogical
  bool negated = false;       // kIsNull, kInList, kInPeriod
  bool bound_is_end = false;  // kPeriodBound
  std::vector<ExprPtr> args;  // children, in source order

  // Bound-only fields.
  std::string source_id;      // kColumnRef, kAggregate
  int32_t column_index = -1;  // kColumnRef: index into SourceDef::columns
  catalog::ColumnType column_type = catalog::ColumnType::kString;  // kColumnRef
  Function function = Function::kNone;                             // kFunction
  std::string calendar_id;                 // kFunction (*_between); empty = wall clock
  std::string theme_id;                    // kFunction (theme)
  Aggregate aggregate = Aggregate::kNone;  // kAggregate
  ExprPtr where;                           // kAggregate / kCall: the `where` condition or null
  bool explicit_source = false;            // kAggregate/kCall: written as agg(src where ...)
  bool snapshot = false;                   // kAggregate
  double percentile = 0;                   // kAggregate kPercentile: fraction in [0, 1]
  Series series = Series::kNone;           // kSeries
  int64_t periods = 1;                     // kSeries
};

// Structural equality: kind, op, flags, names, literal values and children; not
// offsets or bound-only fields. Used to check that printing round-trips.
bool StructurallyEqual(const Expr& a, const Expr& b);

// A deep copy (offsets and bound fields included).
ExprPtr Clone(const Expr& e);

const char* OpText(Op op);  // "+", "and", "<=", ...
// A function's name, arity and meaning: formula/functions.h.

}  // namespace northstar::formula
