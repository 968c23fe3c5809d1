// The SQL dialects `northstar sql` writes (SPEC §9), as the few text pieces in which
// they differ. The compiler (sql/statement.h) builds every statement from these, so
// one compiler serves every dialect and a new dialect is one more table entry.
//
// Every timestamp inside generated SQL is a BIGINT of UTC microseconds since 1970
// (EpochMicros converts a stored column), so comparisons, differences, bucketing and
// time-zone offsets are integer arithmetic that means the same in every engine.
//
// How each dialect expects a source table's columns (docs/scale.md has the table):
//   postgres  timestamptz (or timestamp holding UTC), boolean, bigint, double precision, text
//   duckdb    TIMESTAMPTZ (or TIMESTAMP holding UTC), BOOLEAN, BIGINT, DOUBLE, VARCHAR
//   sqlite    ISO 8601 text (UTC unless it carries an offset; millisecond resolution),
//             0/1 integers for booleans, INTEGER, REAL, TEXT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace northstar::sql {

enum class Dialect { kPostgres, kClickhouse, kSqlite, kDuckdb };

inline constexpr const char* kDialectChoices = "postgres, clickhouse, sqlite, duckdb";
const char* DialectName(Dialect d);
std::optional<Dialect> ParseDialect(std::string_view name);

enum class CivilPart { kYear, kMonth, kDay, kDayOfYear };

class SqlDialect {
 public:
  explicit SqlDialect(Dialect d) : id_(d) {}
  Dialect id() const { return id_; }

  // A quoted identifier; a dotted name ("analytics.tickets") when `dotted`, each part
  // quoted. InvalidArgument for an empty name, a NUL byte or invalid UTF-8: no catalog
  // text can end a quote early.
  Result<std::string> Identifier(std::string_view name, bool dotted = false) const;
  // A string literal whose text is exactly `text` whatever the server's settings
  // (PostgreSQL's E'' form, backslashes escaped where they are escapes).
  Result<std::string> StringLiteral(std::string_view text) const;
  std::string IntLiteral(int64_t v) const;
  std::string FloatLiteral(double v) const;  // finite; always typed as a double
  std::string BoolLiteral(bool v) const;

  std::string ToDouble(const std::string& e) const;
  std::string ToText(const std::string& e) const;
  // Integer division of integers, rounding toward minus infinity; `divisor` > 0.
  std::string FloorDiv(const std::string& e, int64_t divisor) const;
  std::string FloorMod(const std::string& e, int64_t divisor) const;
  // A stored timestamp column (already quoted) as UTC microseconds (BIGINT).
  std::string EpochMicros(const std::string& column) const;
  // A part of the proleptic Gregorian date `days` days after 1970-01-01 (an integer).
  std::string Civil(const std::string& days, CivilPart part) const;
  // Days from 1970-01-01 to the first day of `month` (1-12) of `year` (integers).
  std::string FirstOfMonth(const std::string& year, const std::string& month) const;
  // "YYYY-MM-DD" of that date.
  std::string DateText(const std::string& days) const;
  // `e` (a non-negative integer) as text, zero-padded to `width` digits.
  std::string Padded(const std::string& e, int width) const;
  std::string Concat(const std::string& a, const std::string& b) const;
  // percentile_cont(fraction) of `e` as an aggregate, or "" when the dialect has none
  // (the compiler then ranks rows with window functions).
  std::string PercentileCont(const std::string& e, double fraction) const;
  // fn(name), where `name` stands for `value` computed once per row: a FROM-less
  // subquery (aliases numbered by `id`, unique per statement), or on ClickHouse, which
  // has no correlated subqueries, an alias of its SELECT.
  std::string Bind(const std::string& value, int id,
                   const std::function<std::string(const std::string&)>& fn) const;
  // A clause that keeps a derived table from being pulled up into its parent, which
  // would copy its expressions into every use of their names (" OFFSET 0").
  std::string Fence() const;
  // "MATERIALIZED " where a CTE can be asked to be computed once ("" elsewhere).
  std::string Materialized() const;
  // `COLLATE` clause for byte-order sorting of text ("" when that is the default).
  std::string ByteOrder() const;

 private:
  Dialect id_;
};

}  // namespace northstar::sql
