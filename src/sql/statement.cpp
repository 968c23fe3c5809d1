#include "sql/statement.h"

#include <algorithm>
#include <functional>
#include <set>

#include "engine/plan.h"
#include "formula/functions.h"
#include "sql/table_check.h"
#include "sql/working_time.h"
#include "sql/zone_table.h"
#include "time/civil.h"
#include "time/timestamp.h"

namespace northstar::sql {
namespace {

using formula::Aggregate;
using formula::Expr;
using formula::ExprKind;
using formula::Function;
using formula::Op;

constexpr int64_t kMicrosPerDay = 86400000000;
constexpr int64_t kMicrosPerHour = 3600000000;
constexpr int64_t kMicrosPerMinute = 60000000;
constexpr int64_t kMicrosPerSecond = 1000000;

// A series function's column in a layer over the block's frame.
struct SeriesColumn {
  std::string name;
  int depth = 1;    // 1 + the deepest series inside its argument
  std::string sql;  // the window function (not ClickHouse)
  formula::Series kind = formula::Series::kNone;
  int64_t periods = 0;
  std::string argument;  // over the layer below (ClickHouse builds it from arrays)
};

// An aggregate's rows joined onto the frame.
struct FrameJoin {
  std::string table;   // its CTE
  std::string alias;   // __j<id>
  std::string on;      // period and segment
  std::string column;  // the frame's value, over __f and the alias
  std::string name;    // __a<id>
};

// A source as a query reads it: `with` (ClickHouse: the local day as WITH aliases) goes
// before SELECT, `from` after FROM.
struct SourceRef {
  std::string with;
  std::string from;
};

// One measure at one grain (or its single `all` period).
struct Block {
  int n = 0;
  int order = 0;  // rank of the measure id in output order
  const engine::MeasurePlan* measure = nullptr;
  std::string id;
  bool timed = false;  // periods of a grain; false: the one period `all`
  catalog::Grain grain = catalog::Grain::kDay;
  std::vector<std::string> dims;
  std::map<int32_t, std::string> aggregate_columns;  // aggregate id -> frame column
  std::vector<FrameJoin> joins;                      // LEFT JOINs onto the frame
  std::map<const Expr*, SeriesColumn> series;
  int depth_seen = 0;       // deepest series met while compiling the current argument
  bool has_bounds = false;  // its period-bounds CTE (for snapshot aggregates) is written
  std::string segments;     // the CTE of its segments (`*` and each dimension's values)
};

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

const char* CompareText(Op op) {
  switch (op) {
    case Op::kEq: return "=";
    case Op::kNe: return "<>";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    default: return "?";
  }
}

class Compiler {
 public:
  Compiler(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
           const engine::Plan& plan, const SqlRequest& request, time::ZoneConverter zone)
      : catalog_(catalog),
        compiled_(compiled),
        plan_(plan),
        request_(request),
        d_(request.dialect),
        zone_(std::move(zone)) {}

  Result<std::string> Run();
  Result<std::string> Spans(const std::vector<std::string>& sources);
  Result<std::string> TimeRange(const std::vector<std::string>& sources);
  Status Prepare() {
    catalog::Limits& limits = limits_;
    limits = catalog_.workspace.limits;
    if (request_.time_range) {
      constexpr int64_t kMarginDays = 400;  // a year's period bounds around any instant
      const int64_t first = time::FloorDiv(request_.time_range->first, time::kMicrosPerDay) - kMarginDays;
      const int64_t last = time::FloorDiv(request_.time_range->second, time::kMicrosPerDay) + kMarginDays;
      if (first <= limits.last_day && last >= limits.first_day && first <= last) {
        limits.first_day = static_cast<int32_t>(std::max<int64_t>(limits.first_day, first));
        limits.last_day = static_cast<int32_t>(std::min<int64_t>(limits.last_day, last));
      }
    }
    if (!zone_.is_utc()) {
      ASSIGN_OR_RETURN(zone_rows_, ZoneTransitions(zone_, limits));
    }
    return Status::Ok();
  }

 private:
  Status Unsupported(const std::string& what) const {
    return Status::Unsupported("KPI '" + kpi_ + "': " + what + " cannot be compiled to " +
                               DialectName(d_.id()) + " SQL yet");
  }
  Result<std::string> Literal(std::string_view text) const { return d_.StringLiteral(text); }
  // NOT x. ClickHouse 18.16 drops a NOT NOT pair from some of its copies of an
  // expression and then cannot find the column it named: there, x = 0 (null stays null).
  std::string Not(const std::string& x) const { return ch_ ? "(" + x + " = 0)" : "(NOT " + x + ")"; }

  // fn(local reading of `utc_micros`), the zone's offset looked up once per value.
  std::string WithLocal(const std::string& utc_micros,
                        const std::function<std::string(const std::string&)>& fn);
  std::string LocalToUtc(const std::string& local_micros);
  std::string PeriodStartDay(const std::string& period, catalog::Grain g) const;
  std::string PeriodOf(const std::string& day, catalog::Grain g) const;
  Result<std::string> PeriodLabel(catalog::Grain g) const;

  Result<SourceRef> Source(const std::string& source_id);
  Result<std::string> Table(const std::string& source_id) const { return TableName(request_, source_id); }
  // A CTE, or on ClickHouse (which has no named CTEs) its body, inlined where Ref is.
  void AddCte(const std::string& name, const std::string& body, bool materialized = false) {
    ctes_.push_back(name + " AS " + (materialized ? d_.Materialized() : "") + "(" + body + ")");
    cte_bodies_[name] = body;
  }
  std::string Ref(const std::string& name, const std::string& alias = "") const {
    if (!ch_) return alias.empty() ? name : name + " AS " + alias;
    return "(" + cte_bodies_.at(name) + ") AS " + (alias.empty() ? name : alias);
  }
  std::string Frame(const Block& b, const std::string& periods, const std::string& prefix) const;
  Result<std::string> SpanCte(const engine::MeasurePlan& measure);
  std::string SeriesLayer(const Block& b, int depth, const std::string& below) const;
  std::string Logical(bool is_and, const std::string& a, const std::string& c);
  Result<std::string> SegmentText(const catalog::SourceDef& src, const std::string& dim) const;

  Result<std::string> Row(const Expr& e);
  Result<std::string> Value(const Expr& e, Block& b);
  Result<std::string> Structural(const Expr& e, Block* b);
  Result<std::string> FunctionCall(const Expr& e, Block* b);
  Result<std::string> AggregateColumn(const Expr& e, Block& b);
  Result<std::string> SeriesValue(const Expr& e, Block& b);

  Result<std::string> BlockSelect(Block& b);

  const catalog::Catalog& catalog_;
  const formula::CompiledCatalog& compiled_;
  const engine::Plan& plan_;
  const SqlRequest& request_;
  SqlDialect d_;
  time::ZoneConverter zone_;
  std::string kpi_;  // the measure being compiled, for messages
  const bool ch_ = d_.id() == Dialect::kClickhouse;
  std::vector<std::string> ctes_;
  std::map<std::string, std::string> cte_bodies_;
  std::map<std::string, SourceRef> sources_;
  std::vector<ZoneTransition> zone_rows_;            // the workspace zone's offsets (empty in UTC)
  int bindings_ = 0;                                 // WithLocal and LocalToUtc aliases written
  std::map<std::string, WorkingTimeSql> calendars_;  // by calendar id
  catalog::Limits limits_;  // the workspace's, narrowed to the data's time range when known
  std::map<std::string, std::string> row_ctes_;  // aggregate id and dimensions -> its row CTE
  // Shared by every block that reads the same: sources -> their span of local days,
  // source and dimensions -> the segments.
  std::map<std::string, std::string> span_ctes_, segment_ctes_;
  std::map<std::string, std::string> day_ctes_;  // aggregate id and dimensions -> its day-level CTE
  // While compiling a snapshot aggregate: the alias of the period-bounds row (__ps, __pe).
  std::string snapshot_bounds_;
};

// The instant is bound to a name once, so the offset's CASE tree and `fn` repeat a name,
// not the expression.
std::string Compiler::WithLocal(const std::string& utc,
                                const std::function<std::string(const std::string&)>& fn) {
  if (zone_.is_utc()) return fn(utc);
  if (ch_) {
    // Its offsets' tree in seconds, to keep queries short.
    return d_.Bind(utc, bindings_++, [&](const std::string& t) {
      return d_.Bind("intDiv(" + t + ", 1000000)", bindings_++, [&](const std::string& sec) {
        return d_.Bind(t + " + " + UtcOffsetExpr(zone_rows_, d_, sec, kMicrosPerSecond) + " * 1000000",
                       bindings_++, fn);
      });
    });
  }
  return d_.Bind(utc, bindings_++, [&](const std::string& t) {
    return d_.Bind(t + " + " + UtcOffsetExpr(zone_rows_, d_, t), bindings_++, fn);
  });
}

std::string Compiler::LocalToUtc(const std::string& local) {
  if (zone_.is_utc()) return local;
  if (ch_) {
    return d_.Bind(local, bindings_++, [&](const std::string& t) {
      return d_.Bind("intDiv(" + t + ", 1000000)", bindings_++, [&](const std::string& sec) {
        return t + " - " + LocalOffsetExpr(zone_rows_, d_, sec, kMicrosPerSecond) + " * 1000000";
      });
    });
  }
  return d_.Bind(local, bindings_++,
                 [&](const std::string& t) { return t + " - " + LocalOffsetExpr(zone_rows_, d_, t); });
}

std::string Compiler::PeriodStartDay(const std::string& p, catalog::Grain g) const {
  switch (g) {
    case catalog::Grain::kDay: return p;
    case catalog::Grain::kWeek: return "(7 * (" + p + ") - 3)";
    case catalog::Grain::kMonth: return d_.FirstOfMonth(d_.FloorDiv(p, 12), d_.FloorMod(p, 12) + " + 1");
    case catalog::Grain::kQuarter: return d_.FirstOfMonth(d_.FloorDiv(p, 4), d_.FloorMod(p, 4) + " * 3 + 1");
    case catalog::Grain::kYear: return d_.FirstOfMonth(p, "1");
  }
  return p;
}

std::string Compiler::PeriodOf(const std::string& day, catalog::Grain g) const {
  switch (g) {
    case catalog::Grain::kDay: return day;
    case catalog::Grain::kWeek: return d_.FloorDiv("(" + day + ") + 3", 7);  // weeks start on Monday
    case catalog::Grain::kMonth:
      return "(" + d_.Civil(day, CivilPart::kYear) + " * 12 + " + d_.Civil(day, CivilPart::kMonth) + " - 1)";
    case catalog::Grain::kQuarter:
      return "(" + d_.Civil(day, CivilPart::kYear) + " * 4 + " +
             d_.FloorDiv(d_.Civil(day, CivilPart::kMonth) + " - 1", 3) + ")";
    case catalog::Grain::kYear: return d_.Civil(day, CivilPart::kYear);
  }
  return day;
}

Result<std::string> Compiler::PeriodLabel(catalog::Grain g) const {
  const std::string p = "__p";
  switch (g) {
    case catalog::Grain::kDay: return d_.DateText(p);
    case catalog::Grain::kWeek: {
      // The week's Thursday (day 7p) names its ISO year and week.
      const std::string thursday = "(" + p + " * 7)";
      const std::string week =
          "(" + d_.FloorDiv(d_.Civil(thursday, CivilPart::kDayOfYear) + " - 1", 7) + " + 1)";
      ASSIGN_OR_RETURN(std::string w, Literal("-W"));
      return d_.Concat(d_.Concat(d_.Padded(d_.Civil(thursday, CivilPart::kYear), 4), w), d_.Padded(week, 2));
    }
    case catalog::Grain::kMonth: {
      ASSIGN_OR_RETURN(std::string dash, Literal("-"));
      return d_.Concat(d_.Concat(d_.Padded(d_.FloorDiv(p, 12), 4), dash),
                       d_.Padded(d_.FloorMod(p, 12) + " + 1", 2));
    }
    case catalog::Grain::kQuarter: {
      ASSIGN_OR_RETURN(std::string q, Literal("-Q"));
      return d_.Concat(d_.Concat(d_.Padded(d_.FloorDiv(p, 4), 4), q),
                       d_.ToText("(" + d_.FloorMod(p, 4) + " + 1)"));
    }
    case catalog::Grain::kYear: return d_.Padded(p, 4);
  }
  return p;
}

Result<SourceRef> Compiler::Source(const std::string& source_id) {
  if (auto it = sources_.find(source_id); it != sources_.end()) return it->second;
  const catalog::SourceDef* src = catalog_.workspace.FindSource(source_id);
  if (src == nullptr) return Status::NotFound("unknown source '" + source_id + "'");
  ASSIGN_OR_RETURN(std::string table, Table(source_id));
  // Generated names all start with `__`; a source column may not, so none is captured.
  for (const catalog::ColumnDef& col : src->columns) {
    if (col.name.rfind("__", 0) == 0)
      return Status::InvalidArgument("source '" + source_id + "': the column '" + col.name +
                                     "' starts with `__`, which generated SQL reserves for its own names")
          .WithHint("rename the column in the table (and the catalog)");
  }
  std::string column;
  if (!src->time.empty()) {
    const catalog::ColumnDef* time = src->FindColumn(src->time);
    if (time == nullptr || time->type != catalog::ColumnType::kTimestamp)
      return Status::InvalidArgument("source '" + source_id + "': its time column '" + src->time +
                                     "' is not a timestamp column");
    ASSIGN_OR_RETURN(column, d_.Identifier(time->name));
  }
  SourceRef ref;
  if (ch_) {
    // Each query reads the table itself, so a Distributed table aggregates on its
    // shards; the local day is a WITH alias of the query.
    ref.from = table;
    if (!column.empty()) {
      // In seconds (a DateTime's unit, never before 1970), the local day as one integer
      // division of a shifted, so positive, numerator: ClickHouse expands aliases, and
      // each use of the offset would be analysed again.
      const std::string offset =
          zone_.is_utc() ? "" : " + " + UtcOffsetExpr(zone_rows_, d_, "__ns_us", kMicrosPerSecond);
      ref.with = "WITH toInt64(toUnixTimestamp(" + column + ")) AS __ns_us, intDiv(__ns_us" + offset +
                 " + 86400000, 86400) - 1000 AS __ns_day ";
    }
    sources_[source_id] = ref;
    return ref;
  }
  std::string body = "SELECT __t.*";
  if (column.empty()) {
    body += " FROM " + table + " AS __t";
  } else if (zone_.is_utc()) {
    body += ", " + d_.FloorDiv(d_.EpochMicros("__t." + column), kMicrosPerDay) + " AS __ns_day FROM " +
            table + " AS __t";
  } else {
    // Every row's local day without a subquery per row: UTC micros, then local micros
    // (the offset's CASE tree over a column), then the day, one derived table each,
    // fenced so that no planner copies an expression into each use of its name
    // (PostgreSQL did: the epoch, a numeric, was computed some thirty times a row).
    body = "SELECT __v.*, " + d_.FloorDiv("__v.__ns_lt", kMicrosPerDay) +
           " AS __ns_day FROM (SELECT __u.*, __u.__ns_ut + " + UtcOffsetExpr(zone_rows_, d_, "__u.__ns_ut") +
           " AS __ns_lt FROM (SELECT __t.*, " + d_.EpochMicros("__t." + column) + " AS __ns_ut FROM " +
           table + " AS __t" + d_.Fence() + ") AS __u" + d_.Fence() + ") AS __v";
  }
  const std::string name = "__ns_src" + std::to_string(sources_.size());
  AddCte(name, body, true);
  ref.from = name;
  sources_[source_id] = ref;
  return ref;
}

Result<std::string> Compiler::SegmentText(const catalog::SourceDef& src, const std::string& dim) const {
  const catalog::ColumnDef* col = src.FindColumn(dim);
  ASSIGN_OR_RETURN(std::string ident, d_.Identifier(dim));
  ASSIGN_OR_RETURN(std::string prefix, Literal(dim + "="));
  ASSIGN_OR_RETURN(std::string null_text, Literal("(null)"));
  std::string text;
  switch (col->type) {
    case catalog::ColumnType::kString: text = ident; break;
    case catalog::ColumnType::kInt: text = d_.ToText(ident); break;
    case catalog::ColumnType::kBool: {
      ASSIGN_OR_RETURN(std::string t, Literal("true"));
      ASSIGN_OR_RETURN(std::string f, Literal("false"));
      text = "CASE WHEN " + ident + " THEN " + t + " WHEN NOT " + ident + " THEN " + f + " END";
      break;
    }
    case catalog::ColumnType::kFloat:
    case catalog::ColumnType::kTimestamp:
      return Unsupported("a segment over the " + std::string(catalog::ColumnTypeName(col->type)) +
                         " column '" + dim + "'");
  }
  return d_.Concat(prefix, "COALESCE(" + text + ", " + null_text + ")");
}

Result<std::string> Compiler::Row(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef: {
      const catalog::SourceDef* src = catalog_.workspace.FindSource(e.source_id);
      if (src == nullptr || e.column_index < 0 || static_cast<size_t>(e.column_index) >= src->columns.size())
        return Status::Internal("an unbound column reference");
      ASSIGN_OR_RETURN(std::string ident, d_.Identifier(src->columns[e.column_index].name));
      return e.column_type == catalog::ColumnType::kTimestamp ? d_.EpochMicros(ident) : ident;
    }
    case ExprKind::kPeriodBound:
      if (snapshot_bounds_.empty()) return Unsupported("period.start or period.end outside an aggregate");
      return snapshot_bounds_ + (e.bound_is_end ? ".__pe" : ".__ps");
    case ExprKind::kInPeriod: {
      if (snapshot_bounds_.empty()) return Unsupported("`in period` outside an aggregate");
      ASSIGN_OR_RETURN(std::string x, Row(*e.args[0]));
      const std::string in =
          "(" + x + " >= " + snapshot_bounds_ + ".__ps AND " + x + " < " + snapshot_bounds_ + ".__pe)";
      return e.negated ? Not(in) : in;
    }
    case ExprKind::kAggregate:
    case ExprKind::kSeries:
    case ExprKind::kMeasureRef: return Status::Internal("an aggregate inside a row expression");
    default: return Structural(e, nullptr);
  }
}

// Kinds shared by row and KPI-level expressions; `b` is null at row level.
Result<std::string> Compiler::Structural(const Expr& e, Block* b) {
  auto sub = [&](const Expr& x) { return b == nullptr ? Row(x) : Value(x, *b); };
  switch (e.kind) {
    case ExprKind::kLiteral: {
      const auto& v = e.value;
      if (std::holds_alternative<std::monostate>(v)) return std::string("NULL");
      if (const auto* s = std::get_if<std::string>(&v)) {
        if (e.type != formula::ValueType::kTimestamp) return Literal(*s);
        auto utc = time::ParseIsoTimestamp(*s, zone_);
        return utc.ok() ? d_.IntLiteral(*utc) : std::string("NULL");
      }
      if (const auto* i = std::get_if<int64_t>(&v)) {
        if (b != nullptr || e.type == formula::ValueType::kFloat)
          return d_.FloatLiteral(static_cast<double>(*i));
        return d_.IntLiteral(*i);
      }
      if (const auto* f = std::get_if<double>(&v)) return d_.FloatLiteral(*f);
      return d_.BoolLiteral(std::get<bool>(v));
    }
    case ExprKind::kUnary: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      // ClickHouse 18.16 forwards -(-x) to its shards as `--x`, a comment there.
      return ch_ ? "(-1 * " + a + ")" : "(-" + a + ")";
    }
    case ExprKind::kBinary: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      ASSIGN_OR_RETURN(std::string c, sub(*e.args[1]));
      if (e.op == Op::kDiv) return "(" + d_.ToDouble(a) + " / NULLIF(" + d_.ToDouble(c) + ", 0))";
      const char* op = e.op == Op::kAdd ? " + " : e.op == Op::kSub ? " - " : " * ";
      return "(" + a + op + c + ")";
    }
    case ExprKind::kCompare: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      ASSIGN_OR_RETURN(std::string c, sub(*e.args[1]));
      return "(" + a + " " + CompareText(e.op) + " " + c + ")";
    }
    case ExprKind::kLogical: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      ASSIGN_OR_RETURN(std::string c, sub(*e.args[1]));
      return Logical(e.op == Op::kAnd, a, c);
    }
    case ExprKind::kNot: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      return Not(a);
    }
    case ExprKind::kIsNull: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      return "(" + a + (e.negated ? " IS NOT NULL)" : " IS NULL)");
    }
    case ExprKind::kInList: {
      ASSIGN_OR_RETURN(std::string a, sub(*e.args[0]));
      std::vector<std::string> items;
      for (size_t i = 1; i < e.args.size(); ++i) {
        ASSIGN_OR_RETURN(std::string item, sub(*e.args[i]));
        items.push_back(item);
      }
      if (!ch_) return "(" + a + (e.negated ? " NOT IN (" : " IN (") + Join(items, ", ") + "))";
      // ClickHouse refuses NULL in an IN list: the equalities, or-ed with SQL's logic.
      return d_.Bind(a, bindings_++, [&](const std::string& x) {
        std::string any = "(" + x + " = " + items[0] + ")";
        for (size_t i = 1; i < items.size(); ++i) any = Logical(false, any, "(" + x + " = " + items[i] + ")");
        return e.negated ? Not(any) : any;
      });
    }
    case ExprKind::kFunction: return FunctionCall(e, b);
    default: return Status::Internal("an expression kind the SQL compiler does not know");
  }
}

// a AND b, a OR b. ClickHouse 18.16 gets null wrong (NULL OR 0 is 0, NULL AND 0 is null):
// there the truth table is spelt out over each operand bound once.
std::string Compiler::Logical(bool is_and, const std::string& a, const std::string& c) {
  if (!ch_) return "(" + a + (is_and ? " AND " : " OR ") + c + ")";
  const std::string decides = is_and ? "0" : "1", other = is_and ? "1" : "0";
  return d_.Bind(a, bindings_++, [&](const std::string& x) {
    return d_.Bind(c, bindings_++, [&](const std::string& y) {
      return "multiIf(" + x + " = " + decides + " OR " + y + " = " + decides + ", " + decides + ", " + x +
             " IS NULL OR " + y + " IS NULL, NULL, " + other + ")";
    });
  });
}

Result<std::string> Compiler::FunctionCall(const Expr& e, Block* b) {
  std::vector<std::string> args;
  for (const auto& a : e.args) {
    ASSIGN_OR_RETURN(std::string s, b == nullptr ? Row(*a) : Value(*a, *b));
    args.push_back(s);
  }
  // ClickHouse finds no common type for Int64 and Float64 branches: ints become floats.
  if (ch_ && e.type == formula::ValueType::kFloat &&
      (e.function == Function::kIf || e.function == Function::kCoalesce)) {
    for (size_t i = e.function == Function::kIf ? 1 : 0; i < args.size(); ++i) {
      if (e.args[i]->type == formula::ValueType::kInt) args[i] = d_.ToDouble(args[i]);
    }
  }
  switch (e.function) {
    case Function::kIf:
      // The engine takes the first branch only when the condition is true (not null).
      return "(CASE WHEN " + args[0] + " THEN " + args[1] + " ELSE " + args[2] + " END)";
    case Function::kCoalesce: return "COALESCE(" + Join(args, ", ") + ")";
    case Function::kMinutesBetween:
    case Function::kHoursBetween:
    case Function::kDaysBetween: {
      const double per = formula::InfoOf(e.function).minutes_per_unit;
      std::string micros = "(" + args[1] + " - " + args[0] + ")";
      if (!e.calendar_id.empty()) {
        auto it = calendars_.find(e.calendar_id);
        if (it == calendars_.end()) {
          const catalog::CalendarDef* def = catalog_.workspace.FindCalendar(e.calendar_id);
          if (def == nullptr) return Status::NotFound("unknown calendar '" + e.calendar_id + "'");
          ASSIGN_OR_RETURN(WorkingTimeSql cal,
                           WorkingTimeSql::Create(*def, catalog_.workspace.timezone, limits_, d_));
          it = calendars_.emplace(e.calendar_id, std::move(cal)).first;
        }
        micros = "(" + it->second.Cumulative(args[1], bindings_) + " - " +
                 it->second.Cumulative(args[0], bindings_) + ")";
      }
      // As the engine: minutes as a double first, then the unit.
      return "(" + d_.ToDouble(micros) + " / " + d_.FloatLiteral(static_cast<double>(kMicrosPerMinute)) +
             " / " + d_.FloatLiteral(per) + ")";
    }
    case Function::kYear:
    case Function::kQuarter:
    case Function::kMonth:
    case Function::kDay:
    case Function::kHour:
    case Function::kWeekday:
    case Function::kDate: {
      return WithLocal(args[0], [&](const std::string& local) -> std::string {
        const std::string day = d_.FloorDiv(local, kMicrosPerDay);
        switch (e.function) {
          case Function::kYear: return d_.Civil(day, CivilPart::kYear);
          case Function::kQuarter:
            return "(" + d_.FloorDiv(d_.Civil(day, CivilPart::kMonth) + " - 1", 3) + " + 1)";
          case Function::kMonth: return d_.Civil(day, CivilPart::kMonth);
          case Function::kDay: return d_.Civil(day, CivilPart::kDay);
          case Function::kHour: return d_.FloorDiv(d_.FloorMod(local, kMicrosPerDay), kMicrosPerHour);
          case Function::kWeekday:
            return "(" + d_.FloorMod(day + " + 3", 7) + " + 1)";  // 1970-01-01 was a Thursday
          default: return LocalToUtc("(" + day + " * " + std::to_string(kMicrosPerDay) + ")");
        }
      });
    }
    case Function::kTheme:
    case Function::kSentiment:
      // Folding, stemming and the lexicon live in the native engine (text/); SQL
      // string functions would give other numbers.
      return Unsupported(std::string(formula::InfoOf(e.function).name) +
                         "() (text analysis runs in the native engine only)");
    case Function::kNone: break;
  }
  return Status::Internal("an unknown function");
}

Result<std::string> Compiler::Value(const Expr& e, Block& b) {
  switch (e.kind) {
    case ExprKind::kAggregate: return AggregateColumn(e, b);
    case ExprKind::kSeries: return SeriesValue(e, b);
    case ExprKind::kMeasureRef: {
      // Inline, as the engine evaluates a reference: same period and segment.
      const formula::CompiledMeasure* m = compiled_.Find(e.name);
      if (m == nullptr || m->formula == nullptr)
        return Status::NotFound("unknown or broken measure '" + e.name + "'");
      return Value(*m->formula, b);
    }
    case ExprKind::kColumnRef: return Status::Internal("a column outside an aggregate");
    case ExprKind::kPeriodBound:
    case ExprKind::kInPeriod:
      return Unsupported("a snapshot condition (period.start, period.end, in period)");
    default: return Structural(e, &b);
  }
}

Result<std::string> Compiler::AggregateColumn(const Expr& e, Block& b) {
  const auto found = plan_.aggregate_of.find(&e);
  if (found == plan_.aggregate_of.end()) return Status::Internal("an aggregate missing from the plan");
  const int32_t id = found->second;
  if (auto it = b.aggregate_columns.find(id); it != b.aggregate_columns.end()) return it->second;
  const engine::AggregatePlan& ap = plan_.aggregates[id];
  if (ap.snapshot && !b.timed) return Unsupported("a snapshot aggregate in a measure without periods");
  const catalog::SourceDef* src = catalog_.workspace.FindSource(ap.source_id);
  if (src == nullptr) return Status::NotFound("unknown source '" + ap.source_id + "'");
  ASSIGN_OR_RETURN(const SourceRef source, Source(ap.source_id));
  std::string from = ch_ ? source.from : Ref(source.from);
  std::string with = source.with;
  // A snapshot reads every row once per period, beside that period's bounds.
  const bool by_period = ap.snapshot || (b.timed && !src->time.empty());
  if (ap.snapshot) {
    const std::string bounds = "__b" + std::to_string(b.n) + "_pb";
    if (!b.has_bounds) {
      const std::string start = PeriodStartDay("__p", b.grain), next = PeriodStartDay("__p + 1", b.grain);
      const std::string day = std::to_string(kMicrosPerDay);
      AddCte(bounds,
             "SELECT __p AS __bp, " + LocalToUtc("(" + start + ") * " + day) + " AS __ps, " +
                 LocalToUtc("(" + next + ") * " + day) + " AS __pe FROM " +
                 Ref("__b" + std::to_string(b.n) + "_p"),
             true);
      b.has_bounds = true;
    }
    // ClickHouse holds a join's right side in memory: the table streams on the left, and
    // GLOBAL sends the few period rows to a Distributed table's shards once.
    from = ch_ ? from + " GLOBAL CROSS JOIN " + Ref(bounds, "__pb")
               : Ref(bounds, "__pb") + " CROSS JOIN " + from;
    with.clear();
    snapshot_bounds_ = "__pb";
  }
  struct Reset {
    std::string& s;
    ~Reset() { s.clear(); }
  } reset{snapshot_bounds_};

  std::vector<std::string> conditions;
  if (ap.filter != nullptr) {
    ASSIGN_OR_RETURN(std::string f, Row(*ap.filter));
    conditions.push_back(f);
  }
  if (e.where != nullptr) {
    ASSIGN_OR_RETURN(std::string w, Row(*e.where));
    conditions.push_back(w);
  }
  std::string argument;
  if (!e.args.empty()) {
    ASSIGN_OR_RETURN(argument, Row(*e.args[0]));
  }
  // The segment dimensions this aggregate's source has, and their texts.
  std::vector<std::string> dims, segment_texts;
  for (const std::string& dim : b.dims) {
    if (src->FindColumn(dim) == nullptr) continue;
    ASSIGN_OR_RETURN(std::string text, SegmentText(*src, dim));
    dims.push_back(dim);
    segment_texts.push_back(text);
  }
  if (!ap.snapshot && !ch_) {
    // The row expressions are evaluated once, in a CTE every grain of every measure
    // using this aggregate groups from (a shared scan, as in the engine). ClickHouse
    // scans per aggregate instead, inside one query a Distributed table runs on its shards.
    const std::string key = std::to_string(id) + "|" + Join(dims, "|");
    auto it = row_ctes_.find(key);
    if (it == row_ctes_.end()) {
      const std::string name = "__ns_r" + std::to_string(row_ctes_.size());
      std::vector<std::string> columns;
      if (!src->time.empty()) columns.push_back("__ns_day");
      for (size_t k = 0; k < segment_texts.size(); ++k)
        columns.push_back(segment_texts[k] + " AS __ns_g" + std::to_string(k));
      if (!argument.empty()) columns.push_back(argument + " AS __ns_x");
      if (columns.empty()) columns.push_back("1 AS __ns_one");
      AddCte(name,
             with + "SELECT " + Join(columns, ", ") + " FROM " + from +
                 (conditions.empty() ? "" : " WHERE " + Join(conditions, " AND ")),
             true);
      it = row_ctes_.emplace(key, name).first;
    }
    from = Ref(it->second);
    conditions.clear();
    if (!argument.empty()) argument = "__ns_x";
    for (size_t k = 0; k < segment_texts.size(); ++k) segment_texts[k] = "__ns_g" + std::to_string(k);
  }
  if (by_period && !ap.snapshot) conditions.push_back("__ns_day IS NOT NULL");
  const bool holistic = formula::InfoOf(e.aggregate).state == formula::AggregateState::kOrdered;
  const double fraction = e.aggregate == Aggregate::kMedian ? 0.5 : e.percentile;
  std::string value, weight;  // weight: share's denominator
  switch (e.aggregate) {
    case Aggregate::kCount:
      value = argument.empty() ? "COUNT(*)" : "COUNT(CASE WHEN " + argument + " THEN 1 END)";
      break;
    case Aggregate::kShare:
      value = "COUNT(CASE WHEN " + argument + " THEN 1 END)";
      weight = "COUNT(*)";
      break;
    case Aggregate::kCountDistinct: value = "COUNT(DISTINCT " + argument + ")"; break;
    case Aggregate::kSum: value = "SUM(" + argument + ")"; break;
    case Aggregate::kAvg: value = "AVG(" + d_.ToDouble(argument) + ")"; break;
    case Aggregate::kMin: value = "MIN(" + argument + ")"; break;
    case Aggregate::kMax: value = "MAX(" + argument + ")"; break;
    case Aggregate::kMedian:
    case Aggregate::kPercentile: value = d_.PercentileCont(d_.ToDouble(argument), fraction); break;
    case Aggregate::kNone: return Status::Internal("an aggregate without a kind");
  }
  // ClickHouse's aggregates of no values give 0 (or nan) for a column that is not
  // Nullable; the engine, like SQL, gives null.
  if (ch_ && !holistic &&
      (e.aggregate == Aggregate::kSum || e.aggregate == Aggregate::kAvg || e.aggregate == Aggregate::kMin ||
       e.aggregate == Aggregate::kMax))
    value = "if(count(" + argument + ") = 0, NULL, " + value + ")";

  // One branch per segment grouping: `*`, then each dimension its source has.
  std::vector<std::pair<std::string, std::string>> groupings;  // (segment text, dimension)
  ASSIGN_OR_RETURN(std::string star, Literal("*"));
  groupings.emplace_back(star, "");
  std::vector<std::string> applicable = {star};
  for (size_t k = 0; k < dims.size(); ++k) {
    groupings.emplace_back(segment_texts[k], dims[k]);
    ASSIGN_OR_RETURN(std::string lit, Literal(dims[k]));
    applicable.push_back(lit);
  }
  std::string period = ap.snapshot ? "__pb.__bp" : by_period ? PeriodOf("__ns_day", b.grain) : "0";
  if (ch_) period = "toInt64(" + period + ")";  // join keys must have one type
  const std::string where = conditions.empty() ? "" : " WHERE " + Join(conditions, " AND ");
  std::vector<std::string> branches;
  for (const auto& [segment, dim] : groupings) {
    std::vector<std::string> group;
    if (by_period) group.push_back(period);
    if (!dim.empty()) group.push_back(segment);
    const std::string group_by = group.empty() ? "" : " GROUP BY " + Join(group, ", ");
    if (holistic && value.empty()) {
      // No percentile_cont: rank the non-null values of each group (see below).
      branches.push_back("SELECT " + period + " AS __p, " + segment + " AS __s, " + d_.ToDouble(argument) +
                         " AS __x FROM " + from + where + (where.empty() ? " WHERE " : " AND ") + argument +
                         " IS NOT NULL");
    } else {
      branches.push_back(with + "SELECT " + period + " AS __p, " + segment + " AS __s, " + value + " AS __v" +
                         (weight.empty() ? "" : ", " + weight + " AS __w") + " FROM " + from + where +
                         group_by);
    }
  }
  const std::string cte = "__b" + std::to_string(b.n) + "_a" + std::to_string(id);
  std::string body = Join(branches, " UNION ALL ");
  // Counts and extremes of a coarser grain are those of its days: every grain groups one
  // materialized day-level result instead of scanning the rows again. (Not sums, whose
  // floating-point order would change; not ClickHouse, which has no CTEs to share.)
  const bool counts = e.aggregate == Aggregate::kCount || e.aggregate == Aggregate::kShare;
  if (!ch_ && by_period && !ap.snapshot &&
      (counts || e.aggregate == Aggregate::kMin || e.aggregate == Aggregate::kMax)) {
    const std::string key = std::to_string(id) + "|" + Join(dims, "|");
    auto day = day_ctes_.find(key);
    if (day == day_ctes_.end()) {
      std::vector<std::string> days;
      days.reserve(groupings.size());
      for (const auto& [segment, dim] : groupings) {
        days.push_back("SELECT __ns_day AS __p, " + segment + " AS __s, " + value + " AS __v" +
                       (weight.empty() ? "" : ", " + weight + " AS __w") + " FROM " + from + where +
                       " GROUP BY __ns_day" + (dim.empty() ? "" : ", " + segment));
      }
      const std::string name = "__ns_d" + std::to_string(day_ctes_.size());
      AddCte(name, Join(days, " UNION ALL "), true);
      day = day_ctes_.emplace(key, name).first;
    }
    const std::string roll = counts ? "SUM" : e.aggregate == Aggregate::kMin ? "MIN" : "MAX";
    const std::string p = PeriodOf("__p", b.grain);
    body = "SELECT " + p + " AS __p, __s, " + roll + "(__v) AS __v" +
           (weight.empty() ? "" : ", SUM(__w) AS __w") + " FROM " + day->second + " GROUP BY " + p + ", __s";
  }
  if (holistic && value.empty()) {
    // percentile_cont by ranks: the values at ranks floor(h) and floor(h) + 1 of each
    // group, h = fraction * (n - 1), interpolated as the engine does.
    const std::string h = "(" + d_.FloatLiteral(fraction) + " * (__n - 1))";
    const std::string lo = "CAST(" + h + " AS INTEGER)";
    const std::string at_lo = "MAX(CASE WHEN __r = " + lo + " THEN __x END)";
    const std::string at_hi = "MAX(CASE WHEN __r = " + lo + " + 1 THEN __x END)";
    const std::string w = "MAX(" + h + " - " + lo + ")";
    body = "SELECT __p, __s, " + at_lo + " + (COALESCE(" + at_hi + ", " + at_lo + ") - " + at_lo + ") * " +
           w +
           " AS __v FROM (SELECT __p, __s, __x, ROW_NUMBER() OVER (PARTITION BY __p, __s ORDER BY __x) - 1 "
           "AS __r, "
           "COUNT(*) OVER (PARTITION BY __p, __s) AS __n FROM (" +
           body + ") AS __i) AS __o GROUP BY __p, __s";
  }
  AddCte(cte, body);

  // The frame's column: counts of no rows are 0 where the segment applies to this
  // source, null where the source lacks the segment's dimension.
  const std::string j = "__j" + std::to_string(id);
  std::string column;
  const bool counting = e.aggregate == Aggregate::kCount || e.aggregate == Aggregate::kCountDistinct;
  if (e.aggregate == Aggregate::kShare) {
    column = "(" + d_.ToDouble(j + ".__v") + " / NULLIF(" + d_.ToDouble(j + ".__w") + ", 0))";
  } else if (counting) {
    column = "COALESCE(" + j + ".__v, 0)";
    if (applicable.size() < b.dims.size() + 1)
      column = "(CASE WHEN __f.__k IN (" + Join(applicable, ", ") + ") THEN " + column + " END)";
  } else {
    column = j + ".__v";
  }
  const std::string name = "__a" + std::to_string(id);
  b.joins.push_back(FrameJoin{cte, j,
                              j + ".__s = __f.__s" + (by_period ? " AND " + j + ".__p = __f.__p" : ""),
                              d_.ToDouble(column), name});
  b.aggregate_columns[id] = name;
  return name;
}

Result<std::string> Compiler::SeriesValue(const Expr& e, Block& b) {
  if (auto it = b.series.find(&e); it != b.series.end()) {
    b.depth_seen = std::max(b.depth_seen, it->second.depth);
    return it->second.name;
  }
  const int outer = b.depth_seen;
  b.depth_seen = 0;
  ASSIGN_OR_RETURN(std::string x, Value(*e.args[0], b));
  const int depth = b.depth_seen + 1;
  b.depth_seen = std::max(outer, depth);
  const std::string window = " OVER (PARTITION BY __s ORDER BY __p";
  const std::string n = std::to_string(e.periods);
  std::string sql;
  switch (e.series) {
    case formula::Series::kPrev: sql = "LAG(" + x + ", " + n + ")" + window + ")"; break;
    case formula::Series::kGrowth:
      sql = "(" + x + " / NULLIF(LAG(" + x + ", " + n + ")" + window + "), 0) - 1)";
      break;
    case formula::Series::kRollingAvg: {
      if (e.periods < 1) {
        sql = "NULL";
        break;
      }
      const std::string frame =
          window + " ROWS BETWEEN " + std::to_string(e.periods - 1) + " PRECEDING AND CURRENT ROW)";
      sql = "(CASE WHEN COUNT(" + x + ")" + frame + " = " + n + " THEN AVG(" + x + ")" + frame + " END)";
      break;
    }
    case formula::Series::kNone: return Status::Internal("a series without a kind");
  }
  const std::string name = "__x" + std::to_string(b.series.size());
  b.series[&e] = SeriesColumn{name, depth, sql, e.series, e.periods, x};
  return name;
}

// The period x segment frame (CTE __b<n>_l0) with each aggregate joined on. ClickHouse
// 18.16 allows one JOIN per SELECT: there each join wraps the one before.
std::string Compiler::Frame(const Block& b, const std::string& periods, const std::string& prefix) const {
  const std::string base = "SELECT __pp.__p AS __p, __ss.__s AS __s, __ss.__k AS __k FROM " + periods +
                           " CROSS JOIN " + Ref(b.segments, "__ss");
  if (!ch_) {
    std::string frame = "SELECT __f.__p AS __p, __f.__s AS __s, __f.__k AS __k";
    for (const FrameJoin& j : b.joins) frame += ", " + j.column + " AS " + j.name;
    frame += " FROM (" + base + ") AS __f";
    for (const FrameJoin& j : b.joins) frame += " LEFT JOIN " + j.table + " AS " + j.alias + " ON " + j.on;
    return frame;
  }
  std::string frame = base;
  std::string carried = "__f.__p AS __p, __f.__s AS __s, __f.__k AS __k";
  for (const FrameJoin& j : b.joins) {
    frame = "SELECT " + carried + ", " + j.column + " AS " + j.name + " FROM (" + frame +
            ") AS __f ALL LEFT JOIN " + Ref(j.table, j.alias) + " ON " + j.on;
    carried += ", __f." + j.name + " AS " + j.name;
  }
  return frame;
}

// ClickHouse 18.16 has no window functions: each segment's rows become one array sorted
// by period (the frame holds every period of every segment, so index i - n is period
// p - n), and each series column of this depth is read from it.
std::string Compiler::SeriesLayer(const Block& b, int depth, const std::string& below) const {
  std::vector<std::string> names = {"__p", "__k"};
  for (const FrameJoin& j : b.joins) names.push_back(j.name);
  for (const auto& [node, s] : b.series) {
    if (s.depth < depth) names.push_back(s.name);
  }
  std::vector<std::string> tuple = names;
  std::map<std::string, size_t> argument_index;  // argument text -> its place in the tuple (1-based)
  for (const auto& [node, s] : b.series) {
    if (s.depth != depth || argument_index.count(s.argument)) continue;
    tuple.push_back(d_.ToDouble(s.argument));
    argument_index[s.argument] = tuple.size();
  }
  std::string out = "SELECT __s";
  for (size_t i = 0; i < names.size(); ++i)
    out += ", tupleElement(__ns_row, " + std::to_string(i + 1) + ") AS " + names[i];
  for (const auto& [node, s] : b.series) {
    if (s.depth != depth) continue;
    const std::string q = std::to_string(argument_index.at(s.argument));
    const std::string n = std::to_string(s.periods);
    const std::string current = "tupleElement(__ns_row, " + q + ")";
    const std::string back =
        "if(__ns_i > " + n + ", tupleElement(__ns_rows[__ns_i - " + n + "], " + q + "), NULL)";
    std::string sql;
    switch (s.kind) {
      case formula::Series::kPrev: sql = back; break;
      case formula::Series::kGrowth: sql = "(" + current + " / NULLIF(" + back + ", 0) - 1)"; break;
      case formula::Series::kRollingAvg: {
        if (s.periods < 1) {
          sql = "NULL";
          break;
        }
        const std::string window = "arrayMap(__ns_r -> tupleElement(__ns_r, " + q +
                                   "), arraySlice(__ns_rows, __ns_i - " + n + " + 1, " + n + "))";
        sql = "if(__ns_i >= " + n + " AND arrayCount(__ns_v -> __ns_v IS NOT NULL, " + window + ") = " + n +
              ", arraySum(arrayMap(__ns_v -> assumeNotNull(__ns_v), " + window + ")) / " + n + ", NULL)";
        break;
      }
      case formula::Series::kNone: sql = "NULL"; break;
    }
    out += ", " + sql + " AS " + s.name;
  }
  return out + " FROM (SELECT __s, arraySort(__ns_r -> tupleElement(__ns_r, 1), groupArray(tuple(" +
         Join(tuple, ", ") + "))) AS __ns_rows FROM " + Ref(below) +
         " GROUP BY __s) ARRAY JOIN __ns_rows AS __ns_row, arrayEnumerate(__ns_rows) AS __ns_i";
}

// The CTE of one row (__lo, __hi): the first and the last local day of any row of the
// timed sources the measure reads, null when they hold none. Known days (from the
// caller's span query) are literals; otherwise each source is scanned, once for every
// block reading the same sources.
Result<std::string> Compiler::SpanCte(const engine::MeasurePlan& measure) {
  std::vector<std::string> timed;
  for (const std::string& id : measure.sources_read) {
    const catalog::SourceDef* src = catalog_.workspace.FindSource(id);
    if (src != nullptr && !src->time.empty()) timed.push_back(id);
  }
  std::sort(timed.begin(), timed.end());
  timed.erase(std::unique(timed.begin(), timed.end()), timed.end());
  const std::string key = Join(timed, "|");
  if (auto it = span_ctes_.find(key); it != span_ctes_.end()) return it->second;
  const std::string name = "__ns_span" + std::to_string(span_ctes_.size());
  std::string body;
  if (request_.source_days) {
    std::optional<std::pair<int64_t, int64_t>> days;
    for (const std::string& id : timed) {
      const auto it = request_.source_days->find(id);
      if (it == request_.source_days->end()) continue;
      days = days ? std::make_pair(std::min<int64_t>(days->first, it->second.first),
                                   std::max<int64_t>(days->second, it->second.second))
                  : std::make_pair<int64_t, int64_t>(it->second.first, it->second.second);
    }
    if (ch_) {
      body = days ? "SELECT toInt64(" + std::to_string(days->first) + ") AS __lo, toInt64(" +
                        std::to_string(days->second) + ") AS __hi"
                  : "SELECT toInt64(0) AS __lo, toInt64(0) AS __hi WHERE 0";
    } else {
      const std::string lo = days ? std::to_string(days->first) : "NULL";
      const std::string hi = days ? std::to_string(days->second) : "NULL";
      body = "SELECT CAST(" + lo + " AS BIGINT) AS __lo, CAST(" + hi + " AS BIGINT) AS __hi";
    }
  } else {
    std::vector<std::string> ends;
    for (const std::string& id : timed) {
      ASSIGN_OR_RETURN(const SourceRef ref, Source(id));
      if (ch_) {
        // An aggregate of no rows is 0 there, not null.
        ends.push_back(ref.with + "SELECT if(count() = 0, NULL, min(__ns_day)) AS __d FROM " + ref.from);
        ends.push_back(ref.with + "SELECT if(count() = 0, NULL, max(__ns_day)) AS __d FROM " + ref.from);
      } else {
        ends.push_back("SELECT MIN(__ns_day) AS __d FROM " + Ref(ref.from));
        ends.push_back("SELECT MAX(__ns_day) AS __d FROM " + Ref(ref.from));
      }
    }
    body = "SELECT MIN(__d) AS __lo, MAX(__d) AS __hi FROM (" + Join(ends, " UNION ALL ") + ") AS __u" +
           (ch_ ? " WHERE __d IS NOT NULL" : "");
  }
  AddCte(name, body);
  span_ctes_.emplace(key, name);
  return name;
}

Result<std::string> Compiler::BlockSelect(Block& b) {
  const formula::CompiledMeasure& m = *b.measure->measure;
  kpi_ = b.id;
  const std::string prefix = "__b" + std::to_string(b.n);
  const catalog::SourceDef* own = catalog_.workspace.FindSource(m.def->source);
  if (own == nullptr) return Status::NotFound("KPI '" + b.id + "': unknown source '" + m.def->source + "'");
  ASSIGN_OR_RETURN(const SourceRef own_source, Source(own->id));

  // Periods: every one from the first to the last row of any timed source read.
  std::string periods = ch_ ? "(SELECT toInt64(0) AS __p) AS __pp" : "(SELECT 0 AS __p) AS __pp";
  if (b.timed) {
    ASSIGN_OR_RETURN(const std::string span, SpanCte(*b.measure));
    if (ch_) {
      // No recursive CTEs: the periods as an array from the first to the last.
      const std::string lo = PeriodOf("__lo", b.grain), hi = PeriodOf("__hi", b.grain);
      AddCte(prefix + "_p",
             "SELECT toInt64(arrayJoin(range(toUInt64(" + hi + " - " + lo + " + 1))) + " + lo +
                 ") AS __p FROM (SELECT assumeNotNull(__lo) AS __lo, assumeNotNull(__hi) AS __hi FROM " +
                 Ref(span) + " WHERE __lo IS NOT NULL)");
    } else {
      ctes_.push_back(prefix + "_p(__p) AS (SELECT " + PeriodOf("__lo", b.grain) + " FROM " + span +
                      " WHERE __lo IS NOT NULL UNION ALL SELECT " + prefix + "_p.__p + 1 FROM " + prefix +
                      "_p, " + span + " WHERE " + prefix + "_p.__p < " + PeriodOf(span + ".__hi", b.grain) +
                      ")");
    }
    periods = Ref(prefix + "_p", "__pp");
  }
  // The value, which writes each aggregate's CTE (snapshots read the periods above).
  ASSIGN_OR_RETURN(std::string value, Value(*m.formula, b));
  std::string rows;
  if (request_.with_rows) {
    const int32_t id = b.measure->rows_aggregate;
    if (id < 0 || plan_.aggregates[id].expr == nullptr)
      return Status::Internal("a measure without a rows count");
    ASSIGN_OR_RETURN(rows, AggregateColumn(*plan_.aggregates[id].expr, b));
    rows = ", " + rows + " AS rows";
  }
  // Segments: `*` and every value of each dimension among the own source's rows.
  ASSIGN_OR_RETURN(std::string star, Literal("*"));
  std::vector<std::string> segments = {"SELECT " + star + " AS __s, " + star + " AS __k"};
  for (const std::string& dim : b.dims) {
    ASSIGN_OR_RETURN(std::string text, SegmentText(*own, dim));
    ASSIGN_OR_RETURN(std::string lit, Literal(dim));
    segments.push_back(own_source.with + "SELECT DISTINCT " + text + " AS __s, " + lit + " AS __k FROM " +
                       (ch_ ? own_source.from : Ref(own_source.from)));
  }
  const std::string segments_key = own->id + "|" + Join(b.dims, "|");
  auto seg = segment_ctes_.find(segments_key);
  if (seg == segment_ctes_.end()) {
    AddCte(prefix + "_s", Join(segments, " UNION ALL "));
    seg = segment_ctes_.emplace(segments_key, prefix + "_s").first;
  }
  b.segments = seg->second;
  AddCte(prefix + "_l0", Frame(b, periods, prefix));

  // One layer per depth of series functions, each over the one before.
  int depth = 0;
  for (const auto& [node, s] : b.series) depth = std::max(depth, s.depth);
  for (int k = 1; k <= depth; ++k) {
    const std::string below = prefix + "_l" + std::to_string(k - 1);
    if (ch_) {
      AddCte(prefix + "_l" + std::to_string(k), SeriesLayer(b, k, below));
      continue;
    }
    std::string layer = "SELECT *";
    for (const auto& [node, s] : b.series) {
      if (s.depth == k) layer += ", " + s.sql + " AS " + s.name;
    }
    AddCte(prefix + "_l" + std::to_string(k), layer + " FROM " + below);
  }
  ASSIGN_OR_RETURN(std::string kpi, Literal(b.id));
  std::string label;
  if (b.timed) {
    ASSIGN_OR_RETURN(label, PeriodLabel(b.grain));
  } else {
    ASSIGN_OR_RETURN(label, Literal("all"));
  }
  const std::string grain = std::to_string(static_cast<int>(b.timed ? b.grain : m.def->frequency));
  const std::string order = std::to_string(b.order);
  return "SELECT " + kpi + " AS kpi, " + label + " AS period, __s AS segment, " + d_.ToDouble(value) +
         " AS value" + rows + ", " + (ch_ ? "toInt64(" + grain + ")" : grain) + " AS __g, __p AS __pk, " +
         (ch_ ? "toInt64(" + order + ")" : order) + " AS __o FROM " +
         Ref(prefix + "_l" + std::to_string(depth));
}

Result<std::string> Compiler::Run() {
  for (const auto& [source, table] : request_.tables) {
    if (catalog_.workspace.FindSource(source) == nullptr)
      return Status::NotFound("--table names the unknown source '" + source + "'");
  }
  // Blocks in compute's order: measure id, then grain from finest to coarsest.
  std::vector<const engine::MeasurePlan*> measures;
  for (const auto& mp : plan_.measures) measures.push_back(&mp);
  std::sort(measures.begin(), measures.end(),
            [](const auto* a, const auto* b) { return a->measure->def->id < b->measure->def->id; });
  std::vector<std::string> selects;
  int n = 0;
  for (size_t order = 0; order < measures.size(); ++order) {
    const engine::MeasurePlan* mp = measures[order];
    const catalog::MeasureDef& def = *mp->measure->def;
    const catalog::SourceDef* own = catalog_.workspace.FindSource(def.source);
    const bool timed = own != nullptr && !own->time.empty();
    std::vector<std::pair<bool, catalog::Grain>> grains;
    if (!timed) {
      grains.emplace_back(false, def.frequency);
    } else {
      for (catalog::Grain g : {catalog::Grain::kDay, catalog::Grain::kWeek, catalog::Grain::kMonth,
                               catalog::Grain::kQuarter, catalog::Grain::kYear}) {
        if (g < def.frequency || (request_.grain && g != *request_.grain)) continue;
        grains.emplace_back(true, g);
      }
    }
    for (const auto& [is_timed, grain] : grains) {
      Block b;
      b.n = n++;
      b.measure = mp;
      b.id = def.id;
      b.timed = is_timed;
      b.grain = grain;
      b.dims = mp->dims;
      b.order = static_cast<int>(order);
      ASSIGN_OR_RETURN(std::string select, BlockSelect(b));
      selects.push_back(select);
    }
  }
  if (selects.empty()) return Status::NotFound("no KPI or metric to compute at this grain");
  ASSIGN_OR_RETURN(std::string star, Literal("*"));
  const std::string body =
      "SELECT kpi, period, segment, value" + std::string(request_.with_rows ? ", rows" : "") + " FROM (\n" +
      Join(selects, "\nUNION ALL\n") + "\n) AS __all\nORDER BY __o, __g, __pk, CASE WHEN segment = " + star +
      " THEN 0 ELSE 1 END, segment" + d_.ByteOrder() + "\n";
  // ClickHouse: every CTE is inlined (Ref), and a LEFT JOIN's missing side is null.
  if (ch_) return body + "SETTINGS join_use_nulls = 1, max_expanded_ast_elements = 100000000\n";
  return "WITH RECURSIVE\n" + Join(ctes_, ",\n") + "\n" + body;
}

Result<std::string> Compiler::Spans(const std::vector<std::string>& sources) {
  std::vector<std::string> selects;
  for (const std::string& id : sources) {
    const catalog::SourceDef* src = catalog_.workspace.FindSource(id);
    if (src == nullptr) return Status::NotFound("unknown source '" + id + "'");
    if (src->time.empty()) continue;
    ASSIGN_OR_RETURN(const SourceRef ref, Source(id));
    ASSIGN_OR_RETURN(std::string name, Literal(id));
    if (ch_) {
      selects.push_back(
          ref.with + "SELECT " + name +
          " AS source, if(count() = 0, NULL, min(__ns_day)) AS first_day, if(count() = 0, NULL, "
          "max(__ns_day)) AS last_day FROM " +
          ref.from);
    } else {
      selects.push_back("SELECT " + name +
                        " AS source, MIN(__ns_day) AS first_day, MAX(__ns_day) AS last_day FROM " + ref.from);
    }
  }
  if (selects.empty()) return std::string();
  if (ch_) return Join(selects, "\nUNION ALL\n") + "\n";
  return "WITH " + Join(ctes_, ",\n") + "\n" + Join(selects, "\nUNION ALL\n") + "\n";
}

Result<std::string> Compiler::TimeRange(const std::vector<std::string>& sources) {
  std::vector<std::string> selects;
  for (const std::string& id : sources) {
    const catalog::SourceDef* src = catalog_.workspace.FindSource(id);
    if (src == nullptr) return Status::NotFound("unknown source '" + id + "'");
    ASSIGN_OR_RETURN(std::string table, Table(id));
    for (const catalog::ColumnDef& col : src->columns) {
      if (col.type != catalog::ColumnType::kTimestamp) continue;
      ASSIGN_OR_RETURN(std::string ident, d_.Identifier(col.name));
      const std::string micros = d_.EpochMicros(ident);
      // ClickHouse's min() of no rows is 0, not null.
      selects.push_back(
          ch_ ? "SELECT if(count(" + ident + ") = 0, NULL, min(" + micros + ")) AS __lo, if(count(" + ident +
                    ") = 0, NULL, max(" + micros + ")) AS __hi FROM " + table
              : "SELECT MIN(" + micros + ") AS __lo, MAX(" + micros + ") AS __hi FROM " + table);
    }
  }
  if (selects.empty()) return std::string();
  return "SELECT MIN(__lo) AS first, MAX(__hi) AS last FROM (" + Join(selects, "\nUNION ALL\n") +
         ") AS __r\n";
}

}  // namespace

Result<std::string> CompileTimeRange(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const SqlRequest& request,
                                     const std::vector<std::string>& sources) {
  const engine::Plan plan;
  Compiler compiler(catalog, compiled, plan, request, time::ZoneConverter::Utc());
  return compiler.TimeRange(sources);
}

Result<std::string> CompileSourceSpans(const catalog::Catalog& catalog,
                                       const formula::CompiledCatalog& compiled, const SqlRequest& request,
                                       const std::vector<std::string>& sources) {
  const engine::Plan plan;
  auto zone = time::ZoneConverter::Create(catalog.workspace.timezone);
  if (!zone.ok()) return Status::InvalidArgument("workspace time zone: " + zone.status().message());
  Compiler compiler(catalog, compiled, plan, request, std::move(zone).value());
  RETURN_IF_ERROR(compiler.Prepare());
  return compiler.Spans(sources);
}

Result<std::string> CompileStatement(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const SqlRequest& request) {
  ASSIGN_OR_RETURN(const engine::Plan plan, engine::BuildPlan(catalog, compiled, request.measures));
  return CompileStatement(catalog, compiled, plan, request);
}

Result<std::string> CompileStatement(const catalog::Catalog& catalog,
                                     const formula::CompiledCatalog& compiled, const engine::Plan& plan,
                                     const SqlRequest& request) {
  auto zone = time::ZoneConverter::Create(catalog.workspace.timezone);
  if (!zone.ok()) return Status::InvalidArgument("workspace time zone: " + zone.status().message());
  Compiler compiler(catalog, compiled, plan, request, std::move(zone).value());
  RETURN_IF_ERROR(compiler.Prepare());
  return compiler.Run();
}

}  // namespace northstar::sql
