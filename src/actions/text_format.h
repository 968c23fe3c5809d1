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

// Shortest round-trip number, or "" for null.
std::string NumberOrEmpty(const std::optional<double>& value);

// A value for people: up to 4 significant digits ("0.8125", "17.52", "2138").
std::string Readable(const std::optional<double>& value);

}  // namespace northstar::actions
