// RowEvaluator: evaluates bound row expressions (formula/ast.h, row level: column
// references, arithmetic, comparisons, logic, functions, period bounds) over a batch
// of rows at a time. Each node is visited once per batch and loops over the rows
// with typed arrays, so the cost per row is a few array operations per node.
//
// Semantics are SQL's (SPEC §3): nulls propagate through arithmetic and comparisons,
// `and`/`or` use three-valued logic, `x in (...)` is null when nothing matches and
// something was null. Integer overflow, division by zero and non-finite float
// results (inf, nan) give null, never a trap or an `inf`.
//
// Thread safety: one RowEvaluator per thread (it owns scratch vectors). The context
// it reads is shared and immutable while it runs.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/source_table.h"
#include "engine/vector.h"
#include "formula/ast.h"
#include "time/timestamp.h"

namespace northstar::time {
class WorkingCalendar;
}
namespace northstar::text {
class ThemeMatcher;
}

namespace northstar::engine {

// Calendar id (Workspace::calendars) -> the working-hours calendar it names.
using CalendarSet = std::map<std::string, std::shared_ptr<const time::WorkingCalendar>>;

// Theme id (Workspace::themes) -> its matcher.
using ThemeSet = std::map<std::string, std::shared_ptr<const text::ThemeMatcher>>;

// The workspace's calendars and themes, as row expressions read them. Errors:
// InvalidArgument for a calendar the zone database cannot place.
Result<CalendarSet> BuildCalendars(const catalog::Workspace& workspace);
ThemeSet BuildThemes(const catalog::Workspace& workspace);

// What row expressions of one source read. All pointers must outlive the evaluator.
struct RowContext {
  const SourceTable* table = nullptr;
  const time::ZoneConverter* zone = nullptr;  // workspace zone: date parts, timestamp literals
  const CalendarSet* calendars = nullptr;
  const ThemeSet* themes = nullptr;
};

class RowEvaluator {
 public:
  explicit RowEvaluator(const RowContext& context) : ctx_(context) {}

  // The period whose bounds period.start / period.end / `in period` read; without one
  // they are null.
  void SetPeriod(time::Micros start, time::Micros end) {
    has_period_ = true;
    period_start_ = start;
    period_end_ = end;
    ++epoch_;
  }
  void ClearPeriod() {
    has_period_ = false;
    ++epoch_;
  }

  // Evaluates `e` over rows [begin, begin + n) of the context's table. The result is
  // owned by the evaluator and valid until an expression with the same canonical text
  // is evaluated over other rows. Expressions with the same canonical text (say
  // `minutes_between(created_at, first_reply_at)` in three KPIs) are evaluated once
  // per batch of rows.
  const Vector& Evaluate(const formula::Expr& e, size_t begin, size_t n);

 private:
  Vector& Scratch(const formula::Expr* e);
  void EvalLiteral(const formula::Expr& e, size_t n, Vector& out);
  void EvalColumn(const formula::Expr& e, size_t begin, size_t n, Vector& out);
  void EvalFunction(const formula::Expr& e, size_t begin, size_t n, Vector& out);

  const Vector& EvaluateNode(const formula::Expr& e, size_t begin, size_t n);
  // The first expression evaluated with e's canonical text: it holds the result.
  const formula::Expr* Representative(const formula::Expr& e);

  RowContext ctx_;
  struct Done {  // the rows (and period epoch) a representative's result is for
    size_t begin = 0, n = 0;
    uint64_t epoch = 0;
  };
  std::unordered_map<const formula::Expr*, const formula::Expr*> representative_;
  std::unordered_map<std::string, const formula::Expr*> by_text_;
  std::unordered_map<const formula::Expr*, Done> done_;
  uint64_t epoch_ = 1;  // changes with the period
  bool has_period_ = false;
  time::Micros period_start_ = 0, period_end_ = 0;
  std::unordered_map<const formula::Expr*, std::unique_ptr<Vector>> scratch_;
  std::unordered_map<const formula::Expr*, std::optional<time::Micros>> literal_times_;
};

// Rows of `v` that are true (valid and non-zero), as a 0/1 mask.
void TrueMask(const Vector& v, uint8_t* mask);

}  // namespace northstar::engine
