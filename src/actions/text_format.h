// Small text helpers shared by the judging commands and the review.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "common/text.h"  // CsvField, ShortestNumber

namespace northstar::actions {

// One block character per value (▁▂▃▄▅▆▇█), scaled between the smallest and the
// largest value; a null is a space; all equal values print as ▄.
std::string Sparkline(std::span<const std::optional<double>> values);

// Shortest round-trip number, or "" for null (CSV; people read MeasureFormat).
std::string NumberOrEmpty(const std::optional<double>& value);

// `text` padded with spaces to `width` characters (UTF-8 code points, so "€" and
// "…" count as one); longer text is left as it is.
std::string PadLeft(const std::string& text, size_t width);
std::string PadRight(const std::string& text, size_t width);

}  // namespace northstar::actions
