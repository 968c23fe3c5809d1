#include "sql/dialect.h"

#include "common/text.h"
#include "common/utf8.h"

namespace northstar::sql {
namespace {

Status CheckText(std::string_view text, const char* what) {
  if (text.find('\0') != std::string_view::npos)
    return Status::InvalidArgument(std::string(what) + " holds a NUL byte");
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(what) + " is not valid UTF-8");
  return Status::Ok();
}

// "(text)". Built by appending: GCC 12 warns falsely (-Wrestrict) on "(" + temporary.
std::string Parenthesized(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '(';
  out += text;
  out += ')';
  return out;
}

std::string Quoted(std::string_view name, char quote, bool backslash_escapes) {
  std::string out(1, quote);
  for (char c : name) {
    if (backslash_escapes && (c == '\\' || c == quote)) {
      out += '\\';
    } else if (c == quote) {
      out += quote;
    }
    out += c;
  }
  return out + quote;
}

}  // namespace

const char* DialectName(Dialect d) {
  switch (d) {
    case Dialect::kPostgres: return "postgres";
    case Dialect::kClickhouse: return "clickhouse";
    case Dialect::kSqlite: return "sqlite";
    case Dialect::kDuckdb: return "duckdb";
  }
  return "?";
}

std::optional<Dialect> ParseDialect(std::string_view name) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kClickhouse, Dialect::kSqlite, Dialect::kDuckdb}) {
    if (name == DialectName(d)) return d;
  }
  return std::nullopt;
}

Result<std::string> SqlDialect::Identifier(std::string_view name, bool dotted) const {
  if (name.empty()) return Status::InvalidArgument("an empty SQL name");
  if (Status s = CheckText(name, "a SQL name"); !s.ok()) return s;
  const bool clickhouse = id_ == Dialect::kClickhouse;
  const char quote = clickhouse ? '`' : '"';
  if (!dotted) return Quoted(name, quote, clickhouse);
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty())
      return Status::InvalidArgument("the table name '" + std::string(name) + "' has an empty part");
    if (!out.empty()) out += '.';
    out += Quoted(part, quote, clickhouse);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

Result<std::string> SqlDialect::StringLiteral(std::string_view text) const {
  if (Status s = CheckText(text, "a SQL string"); !s.ok()) return s;
  switch (id_) {
    case Dialect::kPostgres: {
      std::string out = "E";
      out += Quoted(text, '\'', true);
      return out;
    }
    case Dialect::kClickhouse: return Quoted(text, '\'', true);
    case Dialect::kSqlite:
    case Dialect::kDuckdb: return Quoted(text, '\'', false);
  }
  return Status::Internal("unknown dialect");
}

std::string SqlDialect::IntLiteral(int64_t v) const {
  // The most negative value has no literal of its own in most dialects.
  if (v == INT64_MIN) return Parenthesized(std::to_string(v + 1) + " - 1");
  return v < 0 ? Parenthesized(std::to_string(v)) : std::to_string(v);
}

std::string SqlDialect::FloatLiteral(double v) const {
  return ToDouble(v < 0 ? Parenthesized(ShortestNumber(v)) : ShortestNumber(v));
}

std::string SqlDialect::BoolLiteral(bool v) const {
  if (id_ == Dialect::kPostgres || id_ == Dialect::kDuckdb) return v ? "TRUE" : "FALSE";
  return v ? "1" : "0";
}

std::string SqlDialect::ToDouble(const std::string& e) const {
  switch (id_) {
    case Dialect::kPostgres: return "CAST(" + e + " AS DOUBLE PRECISION)";
    case Dialect::kClickhouse: return "toFloat64(" + e + ")";
    case Dialect::kSqlite: return "CAST(" + e + " AS REAL)";
    case Dialect::kDuckdb: return "CAST(" + e + " AS DOUBLE)";
  }
  return e;
}

std::string SqlDialect::ToText(const std::string& e) const {
  switch (id_) {
    case Dialect::kClickhouse: return "toString(" + e + ")";
    case Dialect::kDuckdb: return "CAST(" + e + " AS VARCHAR)";
    case Dialect::kPostgres:
    case Dialect::kSqlite: return "CAST(" + e + " AS TEXT)";
  }
  return e;
}

std::string SqlDialect::FloorMod(const std::string& e, int64_t divisor) const {
  // ClickHouse types a remainder by its divisor: a literal that fits 32 bits gave
  // 18.16 a wrong remainder of a 64-bit dividend.
  const std::string d =
      id_ == Dialect::kClickhouse ? "toInt64(" + std::to_string(divisor) + ")" : std::to_string(divisor);
  return "(((" + e + ") % " + d + " + " + d + ") % " + d + ")";
}

std::string SqlDialect::FloorDiv(const std::string& e, int64_t divisor) const {
  // The numerator is made an exact multiple first, so truncation equals flooring.
  std::string exact = "((" + e + ") - " + FloorMod(e, divisor) + ")";
  const std::string d = std::to_string(divisor);
  switch (id_) {
    case Dialect::kClickhouse: return "intDiv(" + exact + ", toInt64(" + d + "))";
    case Dialect::kDuckdb: return "(" + exact + " // " + d + ")";
    case Dialect::kPostgres:
    case Dialect::kSqlite: return "(" + exact + " / " + d + ")";
  }
  return exact;
}

std::string SqlDialect::EpochMicros(const std::string& column) const {
  switch (id_) {
    case Dialect::kPostgres: return "CAST(EXTRACT(EPOCH FROM " + column + ") * 1000000 AS BIGINT)";
    case Dialect::kDuckdb: return "epoch_us(" + column + ")";
    case Dialect::kClickhouse: return "(toInt64(toUnixTimestamp(" + column + ")) * 1000000)";
    case Dialect::kSqlite:
      // julianday() keeps milliseconds; rounding recovers them exactly.
      return "(CAST(ROUND((julianday(" + column + ") - 2440587.5) * 86400000.0) AS INTEGER) * 1000)";
  }
  return column;
}

std::string SqlDialect::Civil(const std::string& days, CivilPart part) const {
  switch (id_) {
    case Dialect::kPostgres: {
      const char* field = part == CivilPart::kYear    ? "YEAR"
                          : part == CivilPart::kMonth ? "MONTH"
                          : part == CivilPart::kDay   ? "DAY"
                                                      : "DOY";
      return "CAST(EXTRACT(" + std::string(field) + " FROM DATE '1970-01-01' + CAST(" + days +
             " AS INTEGER)) AS BIGINT)";
    }
    case Dialect::kDuckdb: {
      const char* fn = part == CivilPart::kYear    ? "year"
                       : part == CivilPart::kMonth ? "month"
                       : part == CivilPart::kDay   ? "day"
                                                   : "dayofyear";
      return std::string(fn) + "(DATE '1970-01-01' + CAST(" + days + " AS INTEGER))";
    }
    case Dialect::kSqlite: {
      const char* fmt = part == CivilPart::kYear    ? "%Y"
                        : part == CivilPart::kMonth ? "%m"
                        : part == CivilPart::kDay   ? "%d"
                                                    : "%j";
      return "CAST(strftime('" + std::string(fmt) + "', (" + days + ") * 86400, 'unixepoch') AS INTEGER)";
    }
    case Dialect::kClickhouse: {
      const char* fn = part == CivilPart::kYear    ? "toYear"
                       : part == CivilPart::kMonth ? "toMonth"
                       : part == CivilPart::kDay   ? "toDayOfMonth"
                                                   : "toDayOfYear";
      return "toInt64(" + std::string(fn) + "(toDate('1970-01-01') + toInt32(" + days + ")))";
    }
  }
  return days;
}

std::string SqlDialect::FirstOfMonth(const std::string& year, const std::string& month) const {
  switch (id_) {
    case Dialect::kPostgres:
      return "(make_date(CAST(" + year + " AS INTEGER), CAST(" + month +
             " AS INTEGER), 1) - DATE '1970-01-01')";
    case Dialect::kDuckdb:
      return "datediff('day', DATE '1970-01-01', make_date(" + year + ", " + month + ", 1))";
    case Dialect::kSqlite:
      return "CAST(julianday(printf('%04d-%02d-01', " + year + ", " + month + ")) - 2440587.5 AS INTEGER)";
    case Dialect::kClickhouse:
      return "toInt64(toDate(concat(" + Padded(year, 4) + ", '-', " + Padded(month, 2) + ", '-01')))";
  }
  return year;
}

std::string SqlDialect::DateText(const std::string& days) const {
  switch (id_) {
    case Dialect::kPostgres:
      return "to_char(DATE '1970-01-01' + CAST(" + days + " AS INTEGER), 'YYYY-MM-DD')";
    case Dialect::kDuckdb: return "strftime(DATE '1970-01-01' + CAST(" + days + " AS INTEGER), '%Y-%m-%d')";
    case Dialect::kSqlite: return "strftime('%Y-%m-%d', (" + days + ") * 86400, 'unixepoch')";
    case Dialect::kClickhouse: return "toString(toDate('1970-01-01') + toInt32(" + days + "))";
  }
  return days;
}

std::string SqlDialect::Padded(const std::string& e, int width) const {
  const std::string w = std::to_string(width);
  switch (id_) {
    case Dialect::kSqlite: return "printf('%0" + w + "d', " + e + ")";
    case Dialect::kClickhouse: {
      // 18.16 has no leftPad: the digits after a leading 1 (0 <= e < 10^width: years, months).
      std::string power = "1";
      power.append(static_cast<size_t>(width), '0');
      return "substring(toString(" + e + " + " + power + "), 2)";
    }
    case Dialect::kPostgres:
    case Dialect::kDuckdb: return "lpad(" + ToText(e) + ", " + w + ", '0')";
  }
  return e;
}

std::string SqlDialect::Concat(const std::string& a, const std::string& b) const {
  if (id_ == Dialect::kClickhouse) return "concat(" + a + ", " + b + ")";
  return "(" + a + " || " + b + ")";
}

std::string SqlDialect::PercentileCont(const std::string& e, double fraction) const {
  switch (id_) {
    case Dialect::kPostgres:
      return "percentile_cont(" + FloatLiteral(fraction) + ") WITHIN GROUP (ORDER BY " + e + ")";
    case Dialect::kDuckdb: return "quantile_cont(" + e + ", " + ShortestNumber(fraction) + ")";
    case Dialect::kClickhouse: {
      // 18.16 has no percentile_cont and quantileExact does not interpolate: the sorted
      // non-null values, interpolated between ranks floor(h) and floor(h) + 1 (0-based),
      // h = fraction * (n - 1), as the engine does.
      const std::string h = "(" + FloatLiteral(fraction) + " * (length(__ns_a) - 1))";
      const std::string lo = "toUInt64(floor(" + h + "))";
      const std::string at_lo = "__ns_a[" + lo + " + 1]";
      const std::string at_hi = "if(" + lo + " + 2 <= length(__ns_a), __ns_a[" + lo + " + 2], " + at_lo + ")";
      return "arrayMap(__ns_a -> if(length(__ns_a) = 0, NULL, " + at_lo + " + (" + at_hi + " - " + at_lo +
             ") * (" + h + " - " + lo + ")), [arraySort(groupArray(" + e + "))])[1]";
    }
    case Dialect::kSqlite: return "";
  }
  return "";
}

std::string SqlDialect::Bind(const std::string& value, int id,
                             const std::function<std::string(const std::string&)>& fn) const {
  const std::string k = std::to_string(id);
  if (id_ == Dialect::kClickhouse) {
    // An alias may be used anywhere in its SELECT; the tuple carries its definition.
    // (Lambdas that capture another lambda's argument read other rows' values in 18.16.)
    const std::string name = "__ns_x" + k;
    return "tupleElement(tuple((" + value + ") AS " + name + ", " + fn(name) + "), 2)";
  }
  // LIMIT keeps planners from pulling the subquery up, which would copy `value` into
  // every use of the name (PostgreSQL did: exponential in nested bindings).
  const std::string table = "__ns_b" + k;
  return "(SELECT " + fn(table + ".__ns_x") + " FROM (SELECT " + value + " AS __ns_x LIMIT 1) AS " + table +
         ")";
}

std::string SqlDialect::Fence() const {
  switch (id_) {
    case Dialect::kSqlite: return " LIMIT -1 OFFSET 0";  // SQLite has no OFFSET without LIMIT
    case Dialect::kPostgres:
    case Dialect::kDuckdb: return " OFFSET 0";
    case Dialect::kClickhouse: return "";
  }
  return "";
}

std::string SqlDialect::Materialized() const {
  return id_ == Dialect::kClickhouse ? "" : "MATERIALIZED ";
}

std::string SqlDialect::ByteOrder() const {
  return id_ == Dialect::kPostgres ? " COLLATE \"C\"" : "";
}

}  // namespace northstar::sql
