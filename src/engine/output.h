// Printing computed values for machines and people (SPEC §4).
//
// CSV: header `kpi,period,segment,value`, one row per value in the order given (use
// engine::OutputOrder), null as an empty field, numbers in the shortest form that
// reads back to the same double (std::to_chars), fields quoted per RFC 4180 when
// they hold a comma, a double quote, CR or LF.
// JSON: an array of {"kpi","grain","period","segment","value","rows"}; null as null.
// Table: aligned columns for the terminal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace northstar::engine {

// Shortest round-trip text of a double ("0.8125", "12", "1e-07"); "" for null.
std::string FormatNumber(const std::optional<double>& v);

std::string FormatCsv(const std::vector<ComputedValue>& values);
std::string FormatJson(const std::vector<ComputedValue>& values);
std::string FormatTable(const std::vector<ComputedValue>& values);

}  // namespace northstar::engine
