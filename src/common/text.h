// Small text helpers shared across modules.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace northstar {

// Edit distance (insertions, deletions, substitutions, adjacent swaps), for
// "did you mean" hints.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo,
// else empty. Close enough: distance <= max(1, len/3).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// An RFC 4180 field: quoted (with doubled quotes) when it holds , " CR or LF.
std::string CsvField(std::string_view text);

// CsvField for a file people open in a spreadsheet (reject files): a cell starting with
// '=', '+', '-', '@', tab or CR would run as a formula there (CSV injection), so it is
// prefixed with a quote ' which the spreadsheet shows as text.
std::string SpreadsheetCsvField(std::string_view text);

// `text` on one line for a terminal: runs of whitespace (line breaks too) become one
// space, and beyond `max_bytes` it is cut at a character boundary and ends in "…".
std::string OneLineExcerpt(std::string_view text, size_t max_bytes);

// The shortest text that reads back as exactly `value` ("0.8125", "12", "1e-07").
std::string ShortestNumber(double value);

// Parses all of `text` as a number of type T (std::from_chars syntax: no "+", no
// spaces, nothing after it). False leaves `value` unspecified.
template <typename T>
bool ParseWhole(std::string_view text, T& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace northstar
