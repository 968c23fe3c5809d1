// Numbers for people (SPEC §5): a value in its KPI's unit, never in scientific
// notation, never "-0", with as many digits as a reader can use.
//
// The catalog's `unit:` is free text; ParseUnit reads the common spellings:
//   ratio, share, fraction, proportion   a fraction of 1, shown as a percentage "85.3 %"
//   percent, %, pct, percentage          already in percent (0..100): "85.3 %"
//   EUR, USD, GBP, JPY, €, $, £          money with its symbol: "€1,234.50"; another
//                                        three-letter code follows the number: "1,234.50 CHF"
//   EUR/day (money per something)        "€12,345/day"
//   s, min, h, days, weeks (+ spellings) durations: "42.4 min", "3.5 h", "2.1 days"
//   score, points, index, number, empty  a plain number
//   anything else (tickets, users, …)    a number followed by the unit: "4,304,348 tickets"
//
// Digits: three significant digits, but never fewer than the integer part (1234.5 →
// "1,235"; 42.35 → "42.4"; 0.01234 → "0.0123"), trailing zeros dropped, thousands
// separated by ",". Durations keep at most one decimal from 1 on; money keeps two
// decimals below 100 000 and none above. A value too small for nine decimals prints
// as 0. Null, NaN and infinities print as "-": a reader is better served by a gap
// than by "nan".
//
// Machine output (CSV, JSON) must not use this: it keeps the exact shortest
// round-trip numbers (common/text.h ShortestNumber).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace northstar {

enum class UnitKind { kNumber, kRatio, kPercent, kCurrency, kDuration };

struct Unit {
  UnitKind kind = UnitKind::kNumber;
  std::string prefix;  // before the number: "€", "$"
  std::string suffix;  // after it: " %", " min", " EUR", " tickets", "/day"
};

// Reads a catalog `unit:` text (see above). Never fails: unknown text is a suffix.
Unit ParseUnit(std::string_view text);

// A value for people in `unit`: "85.3 %", "€1,234.50", "42.4 min", "4,304,348".
std::string FormatQuantity(const std::optional<double>& value, const Unit& unit);

// A signed change in `unit`: "+1.2 pp" for ratios and percentages (percentage
// points), "-€3.50", "+4.5 min", "+1,200 tickets"; "0" without a sign when it rounds
// to zero; "-" when not finite.
std::string FormatChange(double delta, const Unit& unit);

// A relative change: "+12.5 %", "-0.3 %"; "-" when not finite.
std::string FormatRelativeChange(double fraction);

// A plain number with thousands separators and the digits rule above, no unit.
std::string FormatPlainNumber(double value);

// `digits` decimals, no separators: "12.50" (printf's %.*f).
std::string FormatFixed(double value, int digits);

}  // namespace northstar
