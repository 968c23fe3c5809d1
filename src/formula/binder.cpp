#include "formula/binder.h"

#include <algorithm>
#include <cmath>

#include "common/text.h"
#include "formula/functions.h"

namespace northstar::formula {
namespace {

constexpr int64_t kMaxSeriesPeriods = 1000;

std::string WrittenName(const Expr& e) {
  return e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
}

std::vector<std::string> ColumnNames(const catalog::SourceDef& s) {
  std::vector<std::string> out;
  for (const auto& c : s.columns) out.push_back(c.name);
  return out;
}

const catalog::SourceDef* FindSourceById(const catalog::Workspace& w, const std::string& id) {
  for (const auto& s : w.sources) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

int32_t FindColumnIndex(const catalog::SourceDef& s, const std::string& name) {
  for (size_t i = 0; i < s.columns.size(); ++i) {
    if (s.columns[i].name == name) return static_cast<int32_t>(i);
  }
  return -1;
}

// A hint listing up to 12 columns of a source.
std::string ColumnListHint(const catalog::SourceDef& s) {
  std::vector<std::string> names = ColumnNames(s);
  if (names.size() > 12) {
    names.resize(12);
    names.push_back("...");
  }
  return "columns of '" + s.id + "': " + Join(names, ", ");
}

bool AllDigits(const std::string& s, size_t from, size_t count) {
  if (from + count > s.size()) return false;
  for (size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(const std::string& s, size_t from, size_t count) {
  return std::stoi(s.substr(from, count));
}

// A numeric constant: a number literal, possibly negated.
bool ConstantNumber(const Expr& e, double* out) {
  if (e.kind == ExprKind::kUnary && e.op == Op::kNeg && e.args.size() == 1) {
    if (!ConstantNumber(*e.args[0], out)) return false;
    *out = -*out;
    return true;
  }
  if (e.kind != ExprKind::kLiteral) return false;
  if (const auto* i = std::get_if<int64_t>(&e.value)) {
    *out = static_cast<double>(*i);
    return true;
  }
  if (const auto* d = std::get_if<double>(&e.value)) {
    *out = *d;
    return true;
  }
  return false;
}

bool ConstantInteger(const Expr& e, int64_t* out) {
  if (e.kind != ExprKind::kLiteral) return false;
  if (const auto* i = std::get_if<int64_t>(&e.value)) {
    *out = *i;
    return true;
  }
  return false;
}

}  // namespace

bool IsTimestampLiteral(const std::string& t) {
  if (t.size() < 10 || !AllDigits(t, 0, 4) || t[4] != '-' || !AllDigits(t, 5, 2) || t[7] != '-' ||
      !AllDigits(t, 8, 2)) {
    return false;
  }
  int month = Number(t, 5, 2), day = Number(t, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (t.size() == 10) return true;
  if (t[10] != 'T' && t[10] != ' ') return false;
  if (t.size() != 16 && t.size() != 19) return false;
  if (!AllDigits(t, 11, 2) || t[13] != ':' || !AllDigits(t, 14, 2)) return false;
  if (Number(t, 11, 2) > 23 || Number(t, 14, 2) > 59) return false;
  if (t.size() == 19 && (t[16] != ':' || !AllDigits(t, 17, 2) || Number(t, 17, 2) > 60)) return false;
  return true;
}

const std::vector<std::string>& Binder::KnownFunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const FunctionInfo& f : Functions()) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

Binder::Binder(const catalog::Catalog& catalog, const catalog::MeasureDef& measure, Diagnostics& diags)
    : catalog_(catalog), measure_(measure), diags_(diags) {}

void Binder::ErrorRange(const std::string& rule, uint32_t begin, uint32_t end, std::string message,
                        std::string hint) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.rule = rule;
  d.where = source_->At(begin);
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.excerpt = source_->Excerpt(begin, end);
  diags_.Add(std::move(d));
}

void Binder::Error(const std::string& rule, const Expr& at, std::string message, std::string hint) {
  ErrorRange(rule, at.begin, at.end, std::move(message), std::move(hint));
}

bool Binder::ExpectType(const Expr& e, bool ok, const std::string& what) {
  if (ok) return true;
  Error("formula-type", e, what + ", but this is " + ValueTypeName(e.type), "");
  return false;
}

bool Binder::BindFilter(const FormulaSource& source, Expr& expr) {
  source_ = &source;
  const catalog::SourceDef* own = MeasureSource(expr);
  if (!own) return false;
  Scope scope;
  scope.source = own;
  scope.in_filter = true;
  scope.mentions_period = &filter_mentions_period_;
  if (!Bind(expr, scope)) return false;
  if (expr.type != ValueType::kBool && expr.type != ValueType::kNull) {
    Error("formula-type", expr,
          std::string("a filter must be a condition (bool), but this is ") + ValueTypeName(expr.type),
          "compare the value, e.g. channel = 'email' or amount > 0");
    return false;
  }
  return true;
}

bool Binder::BindFormula(const FormulaSource& source, Expr& expr, FormulaFacts* facts) {
  source_ = &source;
  facts_ = facts;
  Scope scope;
  if (!Bind(expr, scope)) return false;
  if (!IsNumeric(expr.type) && expr.type != ValueType::kNull) {
    std::string hint = expr.type == ValueType::kBool
                           ? "for the share of rows meeting a condition write share(condition); "
                             "for a number write if(condition, 1, 0)"
                           : "a KPI is a number: aggregate the rows, e.g. count(), avg(x), share(condition)";
    Error("formula-type", expr,
          std::string("a formula must produce a number, but this one produces ") + ValueTypeName(expr.type),
          hint);
    return false;
  }
  if (expr.type == ValueType::kNull) expr.type = ValueType::kFloat;
  return true;
}

const catalog::SourceDef* Binder::MeasureSource(const Expr& at) {
  if (measure_.source.empty()) {
    Error("unknown-source", at, "'" + measure_.id + "' has no source for this to read",
          "set `source:` on the KPI, or name the source in the aggregate: sum(src.col) or count(src where "
          "...)");
    return nullptr;
  }
  const catalog::SourceDef* s = FindSourceById(catalog_.workspace, measure_.source);
  if (!s) {
    std::vector<std::string> ids;
    for (const auto& src : catalog_.workspace.sources) ids.push_back(src.id);
    Error("unknown-source", at,
          "source '" + measure_.source + "' of '" + measure_.id + "' is not defined" +
              DidYouMean(measure_.source, ids),
          "define it under `sources:` in northstar.yaml");
  }
  return s;
}

bool Binder::Bind(Expr& e, const Scope& scope) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      if (std::holds_alternative<std::monostate>(e.value))
        e.type = ValueType::kNull;
      else if (std::holds_alternative<int64_t>(e.value))
        e.type = ValueType::kInt;
      else if (std::holds_alternative<double>(e.value))
        e.type = ValueType::kFloat;
      else if (std::holds_alternative<bool>(e.value))
        e.type = ValueType::kBool;
      else
        e.type = ValueType::kString;
      return true;
    case ExprKind::kName: return BindName(e, scope);
    case ExprKind::kPeriodBound:
      if (!scope.source) {
        Error("formula-type", e,
              std::string(e.bound_is_end ? "period.end" : "period.start") +
                  " is a row condition and can only be used inside an aggregate",
              "use it in a condition: count(customers where started_at < period.start)");
        return false;
      }
      *scope.mentions_period = true;
      e.type = ValueType::kTimestamp;
      return true;
    case ExprKind::kUnary: {
      if (!Bind(*e.args[0], scope)) return false;
      e.type = e.args[0]->type == ValueType::kNull ? ValueType::kNull : e.args[0]->type;
      return ExpectType(*e.args[0], IsNumeric(e.args[0]->type) || e.args[0]->type == ValueType::kNull,
                        "'-' needs a number");
    }
    case ExprKind::kBinary: {
      bool ok = Bind(*e.args[0], scope);
      ok = Bind(*e.args[1], scope) && ok;
      if (!ok) return false;
      ValueType a = e.args[0]->type, b = e.args[1]->type;
      std::string what = std::string("'") + OpText(e.op) + "' needs numbers";
      for (const auto& arg : e.args) {
        if (!IsNumeric(arg->type) && arg->type != ValueType::kNull) {
          std::string hint = arg->type == ValueType::kTimestamp
                                 ? "for the time between two timestamps use minutes_between(a, b), "
                                   "hours_between or days_between"
                                 : "";
          Error("formula-type", *arg, what + ", but this is " + ValueTypeName(arg->type), hint);
          return false;
        }
      }
      if (e.op == Op::kDiv)
        e.type = ValueType::kFloat;
      else if (a == ValueType::kFloat || b == ValueType::kFloat)
        e.type = ValueType::kFloat;
      else if (a == ValueType::kInt || b == ValueType::kInt)
        e.type = ValueType::kInt;
      else
        e.type = ValueType::kNull;
      return true;
    }
    case ExprKind::kCompare: {
      bool ok = Bind(*e.args[0], scope);
      ok = Bind(*e.args[1], scope) && ok;
      e.type = ValueType::kBool;
      return ok && BindComparable(*e.args[0], *e.args[1], e);
    }
    case ExprKind::kLogical:
    case ExprKind::kNot: {
      bool ok = true;
      for (auto& arg : e.args) ok = Bind(*arg, scope) && ok;
      e.type = ValueType::kBool;
      if (!ok) return false;
      for (auto& arg : e.args) {
        if (arg->type != ValueType::kBool && arg->type != ValueType::kNull) {
          const char* op = e.kind == ExprKind::kNot ? "not" : OpText(e.op);
          Error("formula-type", *arg,
                std::string("'") + op + "' needs conditions (bool), but this is " + ValueTypeName(arg->type),
                "compare the value to make a condition, e.g. x > 0 or x is not null");
          return false;
        }
      }
      return true;
    }
    case ExprKind::kIsNull: e.type = ValueType::kBool; return Bind(*e.args[0], scope);
    case ExprKind::kInList: {
      bool ok = true;
      for (auto& arg : e.args) ok = Bind(*arg, scope) && ok;
      e.type = ValueType::kBool;
      if (!ok) return false;
      for (size_t i = 1; i < e.args.size(); ++i) {
        if (!BindComparable(*e.args[0], *e.args[i], *e.args[i])) return false;
      }
      return true;
    }
    case ExprKind::kInPeriod: {
      e.type = ValueType::kBool;
      if (!scope.source) {
        Error("formula-type", e, "'in period' is a row condition and can only be used inside an aggregate",
              "use it in a condition: count(customers where ended_at in period)");
        return false;
      }
      *scope.mentions_period = true;
      if (!Bind(*e.args[0], scope)) return false;
      return ExpectType(*e.args[0],
                        e.args[0]->type == ValueType::kTimestamp || e.args[0]->type == ValueType::kNull,
                        "'in period' needs a timestamp");
    }
    case ExprKind::kCall: return BindCall(e, scope);
    default:
      // Already bound (kColumnRef, kMeasureRef, kFunction, ...): binding twice is a caller bug.
      Error("formula-type", e, "internal error: expression bound twice");
      return false;
  }
}

bool Binder::BindComparable(Expr& lhs, Expr& rhs, const Expr& at) {
  // A 'YYYY-MM-DD' literal compared with a timestamp is a timestamp.
  for (auto [ts, lit] : {std::pair<Expr*, Expr*>{&lhs, &rhs}, std::pair<Expr*, Expr*>{&rhs, &lhs}}) {
    if (ts->type == ValueType::kTimestamp && lit->kind == ExprKind::kLiteral &&
        lit->type == ValueType::kString) {
      const std::string& text = std::get<std::string>(lit->value);
      if (!IsTimestampLiteral(text)) {
        Error("formula-type", *lit, "'" + text + "' is not a date or timestamp",
              "write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]' (workspace time zone)");
        return false;
      }
      lit->type = ValueType::kTimestamp;
    }
  }
  if (Comparable(lhs.type, rhs.type)) return true;
  ErrorRange("formula-type", at.begin, at.end,
             std::string("cannot compare ") + ValueTypeName(lhs.type) + " with " + ValueTypeName(rhs.type),
             "compare values of the same type (numbers with numbers, strings with 'strings', "
             "timestamps with timestamps or 'YYYY-MM-DD')");
  return false;
}

bool Binder::BindName(Expr& e, const Scope& scope) {
  std::vector<std::string> source_ids;
  for (const auto& s : catalog_.workspace.sources) source_ids.push_back(s.id);
  if (scope.source) {
    if (!e.qualifier.empty() && e.qualifier != scope.source->id) {
      if (FindSourceById(catalog_.workspace, e.qualifier)) {
        Error("unknown-column", e,
              "'" + WrittenName(e) + "' is a column of source '" + e.qualifier + "', but this " +
                  (scope.in_filter ? "filter" : "aggregate") + " reads source '" + scope.source->id + "'",
              "an aggregate reads one source; aggregate each source separately, e.g. sum(" + e.qualifier +
                  "." + e.name + ") / count()");
      } else {
        Error("unknown-source", e,
              "unknown source '" + e.qualifier + "'" + DidYouMean(e.qualifier, source_ids),
              "sources are defined under `sources:` in northstar.yaml");
      }
      return false;
    }
    int32_t index = FindColumnIndex(*scope.source, e.name);
    if (index < 0) {
      Error("unknown-column", e,
            "source '" + scope.source->id + "' has no column '" + e.name + "'" +
                DidYouMean(e.name, ColumnNames(*scope.source)),
            ColumnListHint(*scope.source));
      return false;
    }
    e.kind = ExprKind::kColumnRef;
    e.source_id = scope.source->id;
    e.column_index = index;
    e.column_type = scope.source->columns[static_cast<size_t>(index)].type;
    e.type = FromColumnType(e.column_type);
    return true;
  }

  // Measure level: a KPI/metric id.
  if (e.qualifier.empty()) {
    for (const auto& m : catalog_.measures) {
      if (m.id == e.name) {
        e.kind = ExprKind::kMeasureRef;
        e.type = ValueType::kFloat;
        if (facts_ && std::find(facts_->depends_on.begin(), facts_->depends_on.end(), e.name) ==
                          facts_->depends_on.end()) {
          facts_->depends_on.push_back(e.name);
        }
        return true;
      }
    }
  }
  // Not an id: explain a column used outside an aggregate.
  const catalog::SourceDef* column_source =
      e.qualifier.empty()
          ? (measure_.source.empty() ? nullptr : FindSourceById(catalog_.workspace, measure_.source))
          : FindSourceById(catalog_.workspace, e.qualifier);
  if (column_source && FindColumnIndex(*column_source, e.name) >= 0) {
    std::string col = WrittenName(e);
    Error("formula-type", e,
          "'" + col + "' is a column of source '" + column_source->id +
              "'; outside an aggregate a name must be a KPI or metric id",
          "wrap the column in an aggregate, e.g. sum(" + col + "), avg(" + col + ") or count(" + col +
              " is not null)");
    return false;
  }
  if (!e.qualifier.empty()) {
    if (!column_source) {
      Error("unknown-source", e, "unknown source '" + e.qualifier + "'" + DidYouMean(e.qualifier, source_ids),
            "sources are defined under `sources:` in northstar.yaml");
    } else {
      Error("unknown-column", e,
            "source '" + column_source->id + "' has no column '" + e.name + "'" +
                DidYouMean(e.name, ColumnNames(*column_source)),
            ColumnListHint(*column_source));
    }
    return false;
  }
  std::vector<std::string> ids;
  for (const auto& m : catalog_.measures) ids.push_back(m.id);
  Error("unknown-id", e, "unknown KPI or metric '" + e.name + "'" + DidYouMean(e.name, ids),
        "outside an aggregate a name refers to a KPI or metric id; columns are read inside aggregates "
        "such as sum(x) or count(x > 0)");
  return false;
}

bool Binder::BindCall(Expr& e, const Scope& scope) {
  const FunctionInfo* f = FindFunction(e.name);
  if (f && f->kind == CallKind::kAggregate) {
    e.aggregate = f->aggregate;
    return BindAggregate(e, scope);
  }
  if (e.where) {
    Error("formula-syntax", *e.where, "'where' is only allowed inside an aggregate, not in '" + e.name + "('",
          "filter the rows of an aggregate: count(x where cond)");
    return false;
  }
  if (f && f->kind == CallKind::kSeries) {
    e.series = f->series;
    return BindSeries(e, scope);
  }
  if (f) {
    e.function = f->function;
    return BindFunction(e, scope);
  }
  uint32_t name_end = e.begin + static_cast<uint32_t>(e.name.size());
  ErrorRange("unknown-function", e.begin, name_end,
             "unknown function '" + e.name + "'" + DidYouMean(e.name, KnownFunctionNames()),
             "valid functions: " + Join(KnownFunctionNames(), ", "));
  return false;
}

const catalog::SourceDef* Binder::ResolveAggregateSource(Expr& e) {
  // agg(src where ...) or count(src): a lone bare name that is a source, not a column.
  const catalog::SourceDef* own =
      measure_.source.empty() ? nullptr : FindSourceById(catalog_.workspace, measure_.source);
  if (e.args.size() == 1 && e.args[0]->kind == ExprKind::kName && e.args[0]->qualifier.empty()) {
    const catalog::SourceDef* named = FindSourceById(catalog_.workspace, e.args[0]->name);
    if (named && !(own && FindColumnIndex(*own, e.args[0]->name) >= 0)) {
      e.explicit_source = true;
      e.source_id = named->id;
      e.args.clear();
      return named;
    }
  }
  // agg(src.col ...): the first qualifier written inside the aggregate.
  const Expr* qualified = nullptr;
  auto find = [&](const Expr& x, auto&& self) -> void {
    if (qualified) return;
    if (x.kind == ExprKind::kName && !x.qualifier.empty()) {
      qualified = &x;
      return;
    }
    for (const auto& a : x.args) self(*a, self);
    if (x.where) self(*x.where, self);
  };
  find(e, find);
  if (qualified) {
    const catalog::SourceDef* s = FindSourceById(catalog_.workspace, qualified->qualifier);
    if (!s) {
      std::vector<std::string> ids;
      for (const auto& src : catalog_.workspace.sources) ids.push_back(src.id);
      Error("unknown-source", *qualified,
            "unknown source '" + qualified->qualifier + "'" + DidYouMean(qualified->qualifier, ids),
            "sources are defined under `sources:` in northstar.yaml");
      return nullptr;
    }
    e.source_id = s->id;
    return s;
  }
  const catalog::SourceDef* s = MeasureSource(e);
  if (s) e.source_id = s->id;
  return s;
}

bool Binder::HasArgumentCount(const Expr& e, const FunctionInfo& f) {
  const auto n = static_cast<int>(e.args.size());
  if (n >= f.min_args && n <= f.max_args) return true;
  Error("formula-type", e,
        "'" + e.name + "(' takes " + ArgumentCountText(f) + (f.max_args == 1 ? " argument" : " arguments") +
            ", got " + std::to_string(n),
        "write " + std::string(f.usage));
  return false;
}

bool Binder::BindAggregate(Expr& e, const Scope& scope) {
  const std::string name = e.name;
  if (scope.source) {
    Error("formula-type", e,
          scope.in_filter ? "a filter is a row condition and cannot contain the aggregate '" + name + "('"
                          : "aggregates cannot be nested: '" + name + "(' is inside another aggregate",
          scope.in_filter
              ? "put aggregates in the formula; the filter selects rows"
              : "aggregate the row values once, and combine aggregates outside: sum(a) / count()");
    return false;
  }
  const catalog::SourceDef* source = ResolveAggregateSource(e);
  if (!source) return false;

  const FunctionInfo& info = InfoOf(e.aggregate);
  if (e.explicit_source && e.args.empty() && info.min_args > 0) {
    Error("formula-type", e, "'" + name + "(" + e.source_id + " where ...)' names a source but no value",
          "write " + std::string(info.usage));
    return false;
  }
  if (!HasArgumentCount(e, info)) return false;

  bool mentions_period = false;
  Scope row;
  row.source = source;
  row.mentions_period = &mentions_period;
  bool ok = true;
  for (auto& arg : e.args) ok = Bind(*arg, row) && ok;
  if (e.where) {
    ok = Bind(*e.where, row) && ok;
    if (ok && e.where->type != ValueType::kBool && e.where->type != ValueType::kNull) {
      Error("formula-type", *e.where,
            std::string("'where' needs a condition (bool), but this is ") + ValueTypeName(e.where->type),
            "compare the value, e.g. where amount > 0");
      ok = false;
    }
  }
  if (!ok) return false;

  const Expr* value = e.args.empty() ? nullptr : e.args[0].get();
  ValueType vt = value ? value->type : ValueType::kNull;
  switch (e.aggregate) {
    case Aggregate::kCount:
    case Aggregate::kShare:
      if (value && vt != ValueType::kBool && vt != ValueType::kNull) {
        Error("formula-type", *value,
              "'" + name + "(' needs a condition (bool), but this is " + ValueTypeName(vt),
              name == "count"
                  ? "count rows with a value: count(x is not null); count distinct values: count_distinct(x)"
                  : "write a condition, e.g. share(x > 0)");
        return false;
      }
      e.type = e.aggregate == Aggregate::kCount ? ValueType::kInt : ValueType::kFloat;
      break;
    case Aggregate::kCountDistinct: e.type = ValueType::kInt; break;
    case Aggregate::kSum:
    case Aggregate::kAvg:
    case Aggregate::kMedian:
    case Aggregate::kPercentile:
      if (!IsNumeric(vt) && vt != ValueType::kNull) {
        std::string hint =
            vt == ValueType::kBool        ? "for the share of rows meeting a condition use share(condition)"
            : vt == ValueType::kTimestamp ? "aggregate a duration instead, e.g. avg(minutes_between(a, b))"
                                          : "";
        Error("formula-type", *value, "'" + name + "(' needs a number, but this is " + ValueTypeName(vt),
              hint);
        return false;
      }
      e.type =
          (e.aggregate == Aggregate::kSum && vt == ValueType::kInt) ? ValueType::kInt : ValueType::kFloat;
      break;
    case Aggregate::kMin:
    case Aggregate::kMax:
      if (!IsNumeric(vt) && vt != ValueType::kTimestamp && vt != ValueType::kNull) {
        Error("formula-type", *value,
              "'" + name + "(' needs a number or timestamp, but this is " + ValueTypeName(vt));
        return false;
      }
      e.type = vt == ValueType::kNull ? ValueType::kFloat : vt;
      break;
    case Aggregate::kNone: break;
  }
  if (e.aggregate == Aggregate::kPercentile) {
    double p = 0;
    const Expr& fraction = *e.args[1];
    if (!ConstantNumber(fraction, &p) || !(p >= 0 && p <= 1)) {
      Error("formula-type", fraction, "the percentile must be a constant between 0 and 1",
            "write e.g. percentile(x, 0.9) for the 90th percentile");
      return false;
    }
    e.percentile = p;
    e.args.resize(1);
  }
  e.kind = ExprKind::kAggregate;
  e.snapshot = mentions_period || (filter_mentions_period_ && source->id == measure_.source);
  if (e.snapshot && facts_) facts_->has_snapshot = true;
  return true;
}

bool Binder::BindSeries(Expr& e, const Scope& scope) {
  const std::string name = e.name;
  if (scope.source) {
    Error("formula-type", e, "'" + name + "(' works on KPI values per period and cannot be used on rows",
          "apply it to an aggregate or KPI id: " + name + "(count())");
    return false;
  }
  const std::string usage(InfoOf(e.series).usage);
  if (!HasArgumentCount(e, InfoOf(e.series))) return false;
  if (!Bind(*e.args[0], scope)) return false;
  if (!IsNumeric(e.args[0]->type) && e.args[0]->type != ValueType::kNull) {
    Error("formula-type", *e.args[0],
          "'" + name + "(' needs a number, but this is " + ValueTypeName(e.args[0]->type), "write " + usage);
    return false;
  }
  e.periods = 1;
  if (e.args.size() == 2) {
    int64_t n = 0;
    if (!ConstantInteger(*e.args[1], &n) || n < 1 || n > kMaxSeriesPeriods) {
      Error("formula-type", *e.args[1],
            "the number of periods must be a whole number from 1 to " + std::to_string(kMaxSeriesPeriods),
            "write " + usage);
      return false;
    }
    e.periods = n;
    e.args.resize(1);
  }
  e.kind = ExprKind::kSeries;
  e.type = ValueType::kFloat;
  return true;
}

bool Binder::BindFunction(Expr& e, const Scope& scope) {
  const std::string name = e.name;
  if (!HasArgumentCount(e, InfoOf(e.function))) return false;
  switch (e.function) {
    case Function::kIf: {
      bool ok = true;
      for (auto& a : e.args) ok = Bind(*a, scope) && ok;
      if (!ok) return false;
      if (e.args[0]->type != ValueType::kBool && e.args[0]->type != ValueType::kNull) {
        Error("formula-type", *e.args[0],
              std::string("the first argument of 'if(' must be a condition (bool), but this is ") +
                  ValueTypeName(e.args[0]->type));
        return false;
      }
      if (!UnifyTypes(e.args[1]->type, e.args[2]->type, &e.type)) {
        Error("formula-type", e,
              std::string("the branches of 'if(' have different types: ") + ValueTypeName(e.args[1]->type) +
                  " and " + ValueTypeName(e.args[2]->type),
              "both branches must be numbers, or both the same type");
        return false;
      }
      break;
    }
    case Function::kCoalesce: {
      bool ok = true;
      for (auto& a : e.args) ok = Bind(*a, scope) && ok;
      if (!ok) return false;
      e.type = ValueType::kNull;
      for (auto& a : e.args) {
        if (!UnifyTypes(e.type, a->type, &e.type)) {
          Error("formula-type", *a,
                std::string("coalesce arguments must share a type; this one is ") + ValueTypeName(a->type));
          return false;
        }
      }
      break;
    }
    case Function::kMinutesBetween:
    case Function::kHoursBetween:
    case Function::kDaysBetween: {
      if (e.args.size() == 3) {
        const Expr& cal = *e.args[2];
        std::vector<std::string> ids;
        for (const auto& c : catalog_.workspace.calendars) ids.push_back(c.id);
        if (cal.kind != ExprKind::kName || !cal.qualifier.empty()) {
          Error("unknown-calendar", cal, "the third argument of '" + name + "(' must be a calendar id",
                ids.empty() ? "define calendars under `calendars:` in northstar.yaml"
                            : "calendars: " + Join(ids, ", "));
          return false;
        }
        bool found = std::find(ids.begin(), ids.end(), cal.name) != ids.end();
        if (!found) {
          Error("unknown-calendar", cal, "unknown calendar '" + cal.name + "'" + DidYouMean(cal.name, ids),
                ids.empty() ? "define calendars under `calendars:` in northstar.yaml"
                            : "calendars: " + Join(ids, ", "));
          return false;
        }
        e.calendar_id = cal.name;
        e.args.resize(2);
      }
      bool ok = true;
      for (auto& a : e.args) ok = Bind(*a, scope) && ok;
      if (!ok) return false;
      for (auto& a : e.args) {
        if (a->kind == ExprKind::kLiteral && a->type == ValueType::kString &&
            IsTimestampLiteral(std::get<std::string>(a->value))) {
          a->type = ValueType::kTimestamp;
        }
        if (!ExpectType(*a, a->type == ValueType::kTimestamp || a->type == ValueType::kNull,
                        "'" + name + "(' needs timestamps")) {
          return false;
        }
      }
      e.type = ValueType::kFloat;
      break;
    }
    case Function::kTheme: {
      const Expr& theme = *e.args[1];
      std::vector<std::string> ids;
      for (const auto& t : catalog_.workspace.themes) ids.push_back(t.id);
      const std::string hint =
          ids.empty() ? "define themes under `themes:` in northstar.yaml" : "themes: " + Join(ids, ", ");
      if (theme.kind != ExprKind::kName || !theme.qualifier.empty()) {
        Error("unknown-theme", theme, "the second argument of 'theme(' must be a theme id", hint);
        return false;
      }
      if (std::find(ids.begin(), ids.end(), theme.name) == ids.end()) {
        Error("unknown-theme", theme, "unknown theme '" + theme.name + "'" + DidYouMean(theme.name, ids),
              hint);
        return false;
      }
      e.theme_id = theme.name;
      e.args.resize(1);
      [[fallthrough]];
    }
    case Function::kSentiment: {
      if (!Bind(*e.args[0], scope)) return false;
      Expr& a = *e.args[0];
      if (a.type != ValueType::kString && a.type != ValueType::kNull) {
        Error("formula-type", a,
              "'" + name + "(' needs a text (string) column, but this is " + ValueTypeName(a.type),
              "write " + std::string(InfoOf(e.function).usage) + " with a column of type string");
        return false;
      }
      e.type = e.function == Function::kTheme ? ValueType::kBool : ValueType::kFloat;
      break;
    }
    default: {  // date parts
      if (!Bind(*e.args[0], scope)) return false;
      Expr& a = *e.args[0];
      if (!ExpectType(a, a.type == ValueType::kTimestamp || a.type == ValueType::kNull,
                      "'" + name + "(' needs a timestamp")) {
        return false;
      }
      e.type = e.function == Function::kDate ? ValueType::kTimestamp : ValueType::kInt;
      break;
    }
  }
  e.kind = ExprKind::kFunction;
  return true;
}

}  // namespace northstar::formula
