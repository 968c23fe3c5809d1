#include "common/number_format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace northstar {
namespace {

constexpr int kSignificant = 3;
constexpr int kMaxDecimals = 9;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool OneOf(const std::string& word, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return word == w; });
}

// Money: a known code or symbol gets its symbol in front; any other three capital
// letters is taken as an ISO 4217 code and written after the number.
std::optional<Unit> CurrencyUnit(std::string_view text) {
  struct Symbol {
    const char* code;
    const char* symbol;
  };
  static constexpr std::array<Symbol, 7> kSymbols = {
      {{"EUR", "€"}, {"USD", "$"}, {"GBP", "£"}, {"JPY", "¥"}, {"€", "€"}, {"$", "$"}, {"£", "£"}}};
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const Symbol& s : kSymbols) {
    if (upper == s.code) return Unit{UnitKind::kCurrency, s.symbol, ""};
  }
  const bool code = text.size() == 3 && std::all_of(text.begin(), text.end(),
                                                    [](unsigned char c) { return std::isupper(c) != 0; });
  if (code) return Unit{UnitKind::kCurrency, "", " " + std::string(text)};
  return std::nullopt;
}

std::optional<Unit> DurationUnit(const std::string& word) {
  if (OneOf(word, {"s", "sec", "secs", "second", "seconds"})) return Unit{UnitKind::kDuration, "", " s"};
  if (OneOf(word, {"min", "mins", "minute", "minutes", "working minutes"}))
    return Unit{UnitKind::kDuration, "", " min"};
  if (OneOf(word, {"h", "hr", "hrs", "hour", "hours", "working hours"}))
    return Unit{UnitKind::kDuration, "", " h"};
  if (OneOf(word, {"d", "day", "days", "working days"})) return Unit{UnitKind::kDuration, "", " days"};
  if (OneOf(word, {"week", "weeks"})) return Unit{UnitKind::kDuration, "", " weeks"};
  return std::nullopt;
}

// Digits after the point for `magnitude` (already scaled to what is printed).
int DecimalsFor(double magnitude, const Unit& unit) {
  if (unit.kind == UnitKind::kCurrency) return magnitude < 100000 ? 2 : 0;
  int decimals = 0;
  if (magnitude > 0) {
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    decimals = std::clamp(kSignificant - 1 - exponent, 0, kMaxDecimals);
  }
  if (unit.kind == UnitKind::kDuration && magnitude >= 1) decimals = std::min(decimals, 1);
  return decimals;
}

// "1234567.891" -> "1,234,567.891"; `digits` is unsigned fixed-point text.
std::string Group(const std::string& digits) {
  const size_t point = std::min(digits.find('.'), digits.size());
  std::string out;
  for (size_t i = 0; i < point; ++i) {
    if (i > 0 && (point - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(point);
}

// Unsigned fixed-point text of |value| with `decimals` digits, trailing zeros
// dropped unless `keep_zeros`.
std::string Fixed(double magnitude, int decimals, bool keep_zeros) {
  std::string text;
  const int n = std::snprintf(nullptr, 0, "%.*f", decimals, magnitude);
  text.resize(static_cast<size_t>(n) + 1);
  std::snprintf(text.data(), text.size(), "%.*f", decimals, magnitude);
  text.resize(static_cast<size_t>(n));
  if (!keep_zeros && text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

bool AllZero(const std::string& digits) {
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0' || c == '.'; });
}

// The shown magnitude: ratios are printed in percent.
double Scaled(double value, const Unit& unit) {
  return unit.kind == UnitKind::kRatio ? value * 100 : value;
}

// Sign, prefix, grouped digits, suffix. `sign_always` puts "+" on positive values.
std::string Compose(double value, const Unit& unit, bool sign_always, const std::string& suffix) {
  const double scaled = Scaled(value, unit);
  const double magnitude = std::fabs(scaled);
  const bool keep_zeros = unit.kind == UnitKind::kCurrency && magnitude < 100000;
  const std::string digits = Fixed(magnitude, DecimalsFor(magnitude, unit), keep_zeros);
  std::string sign;
  if (!AllZero(digits)) {  // a value that rounds to zero has no sign: never "-0"
    if (scaled < 0)
      sign = "-";
    else if (sign_always)
      sign = "+";
  }
  return sign + unit.prefix + Group(digits) + suffix;
}

}  // namespace

Unit ParseUnit(std::string_view text) {
  text = Trim(text);
  const std::string word = Lower(text);
  if (OneOf(word, {"", "score", "points", "index", "number", "value"})) return Unit{};
  if (OneOf(word, {"ratio", "share", "fraction", "proportion"})) return Unit{UnitKind::kRatio, "", " %"};
  if (OneOf(word, {"percent", "%", "pct", "percentage"})) return Unit{UnitKind::kPercent, "", " %"};
  if (auto u = CurrencyUnit(text)) return *u;
  if (auto u = DurationUnit(word)) return *u;
  // Money per something: "EUR/day".
  if (const size_t slash = text.find('/'); slash != std::string_view::npos) {
    if (auto u = CurrencyUnit(Trim(text.substr(0, slash)))) {
      u->suffix += "/" + std::string(Trim(text.substr(slash + 1)));
      return *u;
    }
  }
  return Unit{UnitKind::kNumber, "", " " + std::string(text)};
}

std::string FormatQuantity(const std::optional<double>& value, const Unit& unit) {
  if (!value || !std::isfinite(*value)) return "-";
  return Compose(*value, unit, false, unit.suffix);
}

std::string FormatChange(double delta, const Unit& unit) {
  if (!std::isfinite(delta)) return "-";
  const bool points = unit.kind == UnitKind::kRatio || unit.kind == UnitKind::kPercent;
  return Compose(delta, unit, true, points ? " pp" : unit.suffix);
}

std::string FormatRelativeChange(double fraction) {
  if (!std::isfinite(fraction)) return "-";
  return Compose(fraction, Unit{UnitKind::kRatio, "", " %"}, true, " %");
}

std::string FormatPlainNumber(double value) {
  return FormatQuantity(value, Unit{});
}

std::string FormatFixed(double value, int digits) {
  char text[400];  // %.*f of the largest double with a few digits fits
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

}  // namespace northstar
