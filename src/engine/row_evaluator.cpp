#include "engine/row_evaluator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

#include "engine/plan.h"  // Signature
#include "formula/functions.h"
#include "text/sentiment.h"
#include "text/theme_matcher.h"
#include "time/working_calendar.h"

namespace northstar::engine {

Result<CalendarSet> BuildCalendars(const catalog::Workspace& workspace) {
  CalendarSet out;
  for (const auto& cal : workspace.calendars) {
    ASSIGN_OR_RETURN(auto c, time::WorkingCalendar::Create(cal, workspace.timezone));
    out[cal.id] = std::make_shared<const time::WorkingCalendar>(std::move(c));
  }
  return out;
}

ThemeSet BuildThemes(const catalog::Workspace& workspace) {
  ThemeSet out;
  for (const auto& theme : workspace.themes) {
    text::Language language = text::Language::kEnglish;
    text::ParseLanguage(theme.language, &language);  // the catalog checked it
    out[theme.id] = std::make_shared<const text::ThemeMatcher>(theme.keywords, language);
  }
  return out;
}
namespace {

using formula::Expr;
using formula::ExprKind;
using formula::Function;
using formula::Op;
using formula::ValueType;

enum class Domain { kNull, kInt, kFloat, kString };

Domain CompareDomain(const Vector& a, const Vector& b) {
  if (a.type == ValueType::kNull || b.type == ValueType::kNull) return Domain::kNull;
  if (a.type == ValueType::kString || b.type == ValueType::kString) {
    return a.type == b.type ? Domain::kString : Domain::kNull;
  }
  if (a.type == ValueType::kFloat || b.type == ValueType::kFloat) return Domain::kFloat;
  return Domain::kInt;
}

// -1, 0, 1 comparing row i of a with row j of b in domain d (both valid).
inline int CompareAt(Domain d, const Vector& a, size_t i, const Vector& b, size_t j) {
  switch (d) {
    case Domain::kInt: {
      const int64_t x = a.ints[i], y = b.ints[j];
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case Domain::kFloat: {
      const double x = a.Number(i), y = b.Number(j);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case Domain::kString: {
      const int c = a.strings[i].compare(b.strings[j]);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Domain::kNull: return 0;
  }
  return 0;
}

// out = a <op> b for rows [0, n): null where either side is. One loop per domain and
// operator, with nothing decided per row, since filters run this over every row.
template <typename Holds>
void CompareIn(Domain d, const Vector& a, const Vector& b, size_t n, Holds holds, Vector& out) {
  const uint8_t* av = a.valid.data();
  const uint8_t* bv = b.valid.data();
  uint8_t* valid = out.valid.data();
  int64_t* result = out.ints.data();
  switch (d) {
    case Domain::kNull:
      std::fill_n(valid, n, 0);
      std::fill_n(result, n, 0);
      return;
    case Domain::kInt:
      for (size_t i = 0; i < n; ++i) {
        valid[i] = av[i] & bv[i];
        result[i] = valid[i] & static_cast<int64_t>(holds(a.ints[i], b.ints[i]));
      }
      return;
    case Domain::kFloat:
      if (a.type == ValueType::kFloat && b.type == ValueType::kFloat) {
        for (size_t i = 0; i < n; ++i) {
          valid[i] = av[i] & bv[i];
          result[i] = valid[i] & static_cast<int64_t>(holds(a.floats[i], b.floats[i]));
        }
        return;
      }
      for (size_t i = 0; i < n; ++i) {
        valid[i] = av[i] & bv[i];
        result[i] = valid[i] & static_cast<int64_t>(holds(a.Number(i), b.Number(i)));
      }
      return;
    case Domain::kString:
      for (size_t i = 0; i < n; ++i) {
        valid[i] = av[i] & bv[i];
        result[i] = valid[i] && holds(a.strings[i].compare(b.strings[i]), 0);
      }
      return;
  }
}

void CompareRows(Op op, const Vector& a, const Vector& b, size_t n, Vector& out) {
  const Domain d = CompareDomain(a, b);
  switch (op) {
    case Op::kEq: return CompareIn(d, a, b, n, std::equal_to<>{}, out);
    case Op::kNe: return CompareIn(d, a, b, n, std::not_equal_to<>{}, out);
    case Op::kLt: return CompareIn(d, a, b, n, std::less<>{}, out);
    case Op::kLe: return CompareIn(d, a, b, n, std::less_equal<>{}, out);
    case Op::kGt: return CompareIn(d, a, b, n, std::greater<>{}, out);
    case Op::kGe: return CompareIn(d, a, b, n, std::greater_equal<>{}, out);
    default: return CompareIn(Domain::kNull, a, b, n, std::equal_to<>{}, out);
  }
}

// Three-valued `and` / `or` of two int-backed vectors (bools, ints): false and anything
// is false, true or anything is true, otherwise null where a side is null.
void LogicalOfInts(bool is_and, const Vector& a, const Vector& b, size_t n, Vector& out) {
  for (size_t i = 0; i < n; ++i) {
    const uint8_t av = a.valid[i], bv = b.valid[i];
    const uint8_t at = av & static_cast<uint8_t>(a.ints[i] != 0),
                  bt = bv & static_cast<uint8_t>(b.ints[i] != 0);
    uint8_t valid = 0, value = 0;
    if (is_and) {
      const uint8_t some_false = (av & (at ^ 1)) | (bv & (bt ^ 1));
      value = at & bt;
      valid = some_false | (av & bv);
    } else {
      value = at | bt;
      valid = value | (av & bv);
    }
    out.valid[i] = valid;
    out.ints[i] = value & valid;
  }
}

// Copies row i of `src` into row j of `out`, converting to out.type (int -> float).
inline void CopyValue(const Vector& src, size_t i, Vector& out, size_t j) {
  if (src.type == ValueType::kNull || !src.valid[i]) {
    out.valid[j] = 0;
    return;
  }
  out.valid[j] = 1;
  switch (out.type) {
    case ValueType::kFloat: out.floats[j] = src.Number(i); break;
    case ValueType::kString: out.strings[j] = src.strings[i]; break;
    case ValueType::kNull: out.valid[j] = 0; break;
    default: out.ints[j] = src.UsesInts() ? src.ints[i] : static_cast<int64_t>(src.floats[i]); break;
  }
}

}  // namespace

void TrueMask(const Vector& v, uint8_t* mask) {
  if (v.type == ValueType::kNull) {
    for (size_t i = 0; i < v.size; ++i) mask[i] = 0;
    return;
  }
  if (v.type == ValueType::kFloat) {
    for (size_t i = 0; i < v.size; ++i) mask[i] = v.valid[i] && v.floats[i] != 0;
    return;
  }
  for (size_t i = 0; i < v.size; ++i) mask[i] = v.valid[i] && v.ints[i] != 0;
}

Vector& RowEvaluator::Scratch(const Expr* e) {
  auto& slot = scratch_[e];
  if (!slot) slot = std::make_unique<Vector>();
  return *slot;
}

void RowEvaluator::EvalLiteral(const Expr& e, size_t n, Vector& out) {
  const auto& v = e.value;
  if (std::holds_alternative<std::monostate>(v)) {
    out.Reset(ValueType::kNull, n);
    std::fill(out.valid.begin(), out.valid.end(), 0);
    return;
  }
  if (e.type == ValueType::kTimestamp && std::holds_alternative<std::string>(v)) {
    auto it = literal_times_.find(&e);
    if (it == literal_times_.end()) {
      auto parsed = time::ParseIsoTimestamp(std::get<std::string>(v), *ctx_.zone);
      it =
          literal_times_.emplace(&e, parsed.ok() ? std::optional<time::Micros>(*parsed) : std::nullopt).first;
    }
    out.Reset(ValueType::kTimestamp, n);
    std::fill(out.valid.begin(), out.valid.end(), it->second.has_value());
    std::fill(out.ints.begin(), out.ints.end(), it->second.value_or(0));
    return;
  }
  if (const auto* i = std::get_if<int64_t>(&v)) {
    const ValueType t = e.type == ValueType::kFloat ? ValueType::kFloat : ValueType::kInt;
    out.Reset(t, n);
    if (t == ValueType::kFloat) {
      std::fill(out.floats.begin(), out.floats.end(), static_cast<double>(*i));
    } else {
      std::fill(out.ints.begin(), out.ints.end(), *i);
    }
  } else if (const auto* d = std::get_if<double>(&v)) {
    out.Reset(ValueType::kFloat, n);
    std::fill(out.floats.begin(), out.floats.end(), *d);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out.Reset(ValueType::kBool, n);
    std::fill(out.ints.begin(), out.ints.end(), *b ? 1 : 0);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    out.Reset(ValueType::kString, n);
    std::fill(out.strings.begin(), out.strings.end(), std::string_view(*s));
  }
  std::fill(out.valid.begin(), out.valid.end(), 1);
}

void RowEvaluator::EvalColumn(const Expr& e, size_t begin, size_t n, Vector& out) {
  const ValueType t = formula::FromColumnType(e.column_type);
  out.Reset(t, n);
  const store::ColumnValues* col = nullptr;
  if (e.column_index >= 0 && static_cast<size_t>(e.column_index) < ctx_.table->columns.size()) {
    col = ctx_.table->columns[e.column_index];
  }
  if (col == nullptr) {
    std::fill(out.valid.begin(), out.valid.end(), 0);
    return;
  }
  std::copy_n(col->valid.begin() + begin, n, out.valid.begin());
  switch (t) {
    case ValueType::kFloat: std::copy_n(col->floats.begin() + begin, n, out.floats.begin()); break;
    case ValueType::kString:
      for (size_t i = 0; i < n; ++i) {
        out.strings[i] =
            out.valid[i] ? std::string_view(col->dictionary[col->codes[begin + i]]) : std::string_view();
      }
      break;
    default: std::copy_n(col->ints.begin() + begin, n, out.ints.begin()); break;
  }
}

void RowEvaluator::EvalFunction(const Expr& e, size_t begin, size_t n, Vector& out) {
  switch (e.function) {
    case Function::kIf: {
      const Vector& c = Evaluate(*e.args[0], begin, n);
      const Vector& a = Evaluate(*e.args[1], begin, n);
      const Vector& b = Evaluate(*e.args[2], begin, n);
      out.Reset(e.type, n);
      for (size_t i = 0; i < n; ++i) {
        const bool take_a = c.type != ValueType::kNull && c.valid[i] && c.Number(i) != 0;
        CopyValue(take_a ? a : b, i, out, i);
      }
      return;
    }
    case Function::kCoalesce: {
      out.Reset(e.type, n);
      std::fill(out.valid.begin(), out.valid.end(), 0);
      for (const auto& arg : e.args) {
        const Vector& a = Evaluate(*arg, begin, n);
        if (a.type == ValueType::kNull) continue;
        for (size_t i = 0; i < n; ++i) {
          if (!out.valid[i] && a.valid[i]) CopyValue(a, i, out, i);
        }
      }
      return;
    }
    case Function::kMinutesBetween:
    case Function::kHoursBetween:
    case Function::kDaysBetween: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const Vector& b = Evaluate(*e.args[1], begin, n);
      out.Reset(ValueType::kFloat, n);
      const time::WorkingCalendar* cal = nullptr;
      if (!e.calendar_id.empty() && ctx_.calendars != nullptr) {
        auto it = ctx_.calendars->find(e.calendar_id);
        if (it != ctx_.calendars->end()) cal = it->second.get();
      }
      const double per = formula::InfoOf(e.function).minutes_per_unit;
      const bool missing_calendar = !e.calendar_id.empty() && cal == nullptr;
      for (size_t i = 0; i < n; ++i) {
        const bool ok = a.type != ValueType::kNull && b.type != ValueType::kNull && a.valid[i] &&
                        b.valid[i] && !missing_calendar;
        out.valid[i] = ok;
        if (!ok) continue;
        const double minutes = cal ? cal->WorkingMinutesBetween(a.ints[i], b.ints[i])
                                   : double(b.ints[i] - a.ints[i]) / double(time::kMicrosPerMinute);
        out.floats[i] = minutes / per;
      }
      return;
    }
    case Function::kYear:
    case Function::kQuarter:
    case Function::kMonth:
    case Function::kDay:
    case Function::kHour:
    case Function::kWeekday:
    case Function::kDate: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const formula::DatePartKernel part = formula::InfoOf(e.function).date_part;
      out.Reset(e.type, n);
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = a.type != ValueType::kNull && a.valid[i];
        if (out.valid[i]) out.ints[i] = part(a.ints[i], *ctx_.zone);
      }
      return;
    }
    case Function::kTheme: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const text::ThemeMatcher* theme = nullptr;
      if (ctx_.themes != nullptr) {
        auto it = ctx_.themes->find(e.theme_id);
        if (it != ctx_.themes->end()) theme = it->second.get();
      }
      out.Reset(ValueType::kBool, n);
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = a.type == ValueType::kString && a.valid[i] && theme != nullptr;
        if (out.valid[i]) out.ints[i] = theme->Matches(a.strings[i]) ? 1 : 0;
      }
      return;
    }
    case Function::kSentiment: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      out.Reset(ValueType::kFloat, n);
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = a.type == ValueType::kString && a.valid[i];
        if (out.valid[i]) out.floats[i] = text::Sentiment(a.strings[i]);
      }
      return;
    }
    case Function::kNone: break;
  }
  out.Reset(ValueType::kNull, n);
  std::fill(out.valid.begin(), out.valid.end(), 0);
}

const Expr* RowEvaluator::Representative(const Expr& e) {
  auto it = representative_.find(&e);
  if (it != representative_.end()) return it->second;
  const Expr* rep = by_text_.try_emplace(Signature(e), &e).first->second;
  representative_.emplace(&e, rep);
  return rep;
}

const Vector& RowEvaluator::Evaluate(const Expr& e, size_t begin, size_t n) {
  const Expr* rep = Representative(e);
  Done& done = done_[rep];
  if (done.epoch == epoch_ && done.begin == begin && done.n == n) return Scratch(rep);
  done.epoch = 0;  // not valid while it is being computed
  const Vector& out = EvaluateNode(*rep, begin, n);
  done_[rep] = {begin, n, epoch_};
  return out;
}

const Vector& RowEvaluator::EvaluateNode(const Expr& e, size_t begin, size_t n) {
  Vector& out = Scratch(&e);
  switch (e.kind) {
    case ExprKind::kLiteral: EvalLiteral(e, n, out); break;
    case ExprKind::kColumnRef: EvalColumn(e, begin, n, out); break;
    case ExprKind::kPeriodBound:
      out.Reset(ValueType::kTimestamp, n);
      std::fill(out.valid.begin(), out.valid.end(), has_period_ ? 1 : 0);
      std::fill(out.ints.begin(), out.ints.end(), e.bound_is_end ? period_end_ : period_start_);
      break;
    case ExprKind::kUnary: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const ValueType t = a.type == ValueType::kFloat  ? ValueType::kFloat
                          : a.type == ValueType::kNull ? ValueType::kNull
                                                       : ValueType::kInt;
      out.Reset(t, n);
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = t != ValueType::kNull && a.valid[i];
        if (!out.valid[i]) continue;
        if (t == ValueType::kFloat) {
          out.floats[i] = -a.floats[i];
        } else if (__builtin_sub_overflow(int64_t{0}, a.ints[i], &out.ints[i])) {
          out.valid[i] = 0;
        }
      }
      break;
    }
    case ExprKind::kBinary: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const Vector& b = Evaluate(*e.args[1], begin, n);
      if (a.type == ValueType::kNull || b.type == ValueType::kNull) {
        out.Reset(ValueType::kNull, n);
        std::fill(out.valid.begin(), out.valid.end(), 0);
        break;
      }
      const bool as_int = e.op != Op::kDiv && a.type != ValueType::kFloat && b.type != ValueType::kFloat;
      if (as_int) {
        out.Reset(ValueType::kInt, n);
        for (size_t i = 0; i < n; ++i) {
          bool ok = a.valid[i] && b.valid[i];
          if (ok) {
            const int64_t x = a.ints[i], y = b.ints[i];
            int64_t r = 0;
            bool overflow = false;
            switch (e.op) {
              case Op::kAdd: overflow = __builtin_add_overflow(x, y, &r); break;
              case Op::kSub: overflow = __builtin_sub_overflow(x, y, &r); break;
              case Op::kMul: overflow = __builtin_mul_overflow(x, y, &r); break;
              default: overflow = true; break;
            }
            ok = !overflow;
            out.ints[i] = r;
          }
          out.valid[i] = ok;
        }
      } else {
        out.Reset(ValueType::kFloat, n);
        for (size_t i = 0; i < n; ++i) {
          bool ok = a.valid[i] && b.valid[i];
          double r = 0;
          if (ok) {
            const double x = a.Number(i), y = b.Number(i);
            switch (e.op) {
              case Op::kAdd: r = x + y; break;
              case Op::kSub: r = x - y; break;
              case Op::kMul: r = x * y; break;
              case Op::kDiv:
                if (y == 0)
                  ok = false;
                else
                  r = x / y;
                break;
              default: ok = false; break;
            }
            ok = ok && std::isfinite(r);
          }
          out.valid[i] = ok;
          out.floats[i] = r;
        }
      }
      break;
    }
    case ExprKind::kCompare: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const Vector& b = Evaluate(*e.args[1], begin, n);
      out.Reset(ValueType::kBool, n);
      CompareRows(e.op, a, b, n, out);
      break;
    }
    case ExprKind::kLogical: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      const Vector& b = Evaluate(*e.args[1], begin, n);
      out.Reset(ValueType::kBool, n);
      const bool is_and = e.op == Op::kAnd;
      if (a.UsesInts() && b.UsesInts()) {
        LogicalOfInts(is_and, a, b, n, out);
        break;
      }
      for (size_t i = 0; i < n; ++i) {
        const bool av = a.type != ValueType::kNull && a.valid[i];
        const bool bv = b.type != ValueType::kNull && b.valid[i];
        const bool at = av && a.Number(i) != 0, bt = bv && b.Number(i) != 0;
        if (is_and) {
          if ((av && !at) || (bv && !bt)) {
            out.valid[i] = 1, out.ints[i] = 0;
          } else if (av && bv) {
            out.valid[i] = 1, out.ints[i] = 1;
          } else {
            out.valid[i] = 0, out.ints[i] = 0;
          }
        } else {
          if (at || bt) {
            out.valid[i] = 1, out.ints[i] = 1;
          } else if (av && bv) {
            out.valid[i] = 1, out.ints[i] = 0;
          } else {
            out.valid[i] = 0, out.ints[i] = 0;
          }
        }
      }
      break;
    }
    case ExprKind::kNot: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      out.Reset(ValueType::kBool, n);
      if (a.UsesInts()) {
        for (size_t i = 0; i < n; ++i) {
          out.valid[i] = a.valid[i];
          out.ints[i] = a.valid[i] & static_cast<int64_t>(a.ints[i] == 0);
        }
        break;
      }
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = a.type != ValueType::kNull && a.valid[i];
        out.ints[i] = out.valid[i] && a.Number(i) == 0;
      }
      break;
    }
    case ExprKind::kIsNull: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      out.Reset(ValueType::kBool, n);
      for (size_t i = 0; i < n; ++i) {
        const bool is_null = a.type == ValueType::kNull || !a.valid[i];
        out.valid[i] = 1;
        out.ints[i] = is_null != e.negated;
      }
      break;
    }
    case ExprKind::kInList: {
      const Vector& x = Evaluate(*e.args[0], begin, n);
      out.Reset(ValueType::kBool, n);
      std::vector<uint8_t>& found = out.valid;  // reuse: found -> later valid
      std::vector<uint8_t> saw_null(n, 0);
      std::fill(found.begin(), found.end(), 0);
      for (size_t k = 1; k < e.args.size(); ++k) {
        const Vector& y = Evaluate(*e.args[k], begin, n);
        const Domain d = CompareDomain(x, y);
        for (size_t i = 0; i < n; ++i) {
          if (found[i]) continue;
          if (d == Domain::kNull || !x.valid[i] || !y.valid[i]) {
            saw_null[i] = 1;
          } else if (CompareAt(d, x, i, y, i) == 0) {
            found[i] = 1;
          }
        }
      }
      for (size_t i = 0; i < n; ++i) {
        if (x.type == ValueType::kNull || !x.valid[i]) saw_null[i] = 1, found[i] = 0;
        const bool is_found = found[i];
        out.valid[i] = is_found || !saw_null[i];
        out.ints[i] = out.valid[i] && (is_found != e.negated);
      }
      break;
    }
    case ExprKind::kInPeriod: {
      const Vector& a = Evaluate(*e.args[0], begin, n);
      out.Reset(ValueType::kBool, n);
      for (size_t i = 0; i < n; ++i) {
        out.valid[i] = has_period_ && a.type != ValueType::kNull && a.valid[i];
        const bool in = out.valid[i] && a.ints[i] >= period_start_ && a.ints[i] < period_end_;
        out.ints[i] = out.valid[i] && (in != e.negated);
      }
      break;
    }
    case ExprKind::kFunction: EvalFunction(e, begin, n, out); break;
    default:
      // Measure-level kinds never reach row evaluation (the binder guarantees it).
      out.Reset(ValueType::kNull, n);
      std::fill(out.valid.begin(), out.valid.end(), 0);
      break;
  }
  return out;
}

}  // namespace northstar::engine
