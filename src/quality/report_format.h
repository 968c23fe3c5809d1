// Printing the data-quality report: text for people, JSON for machines. The JSON
// shape (stable): {"source", "rows", "newest_time" (ISO 8601 or null), "first_day",
// "last_day" (YYYY-MM-DD or null), "findings": [{"kind", "count", "message",
// "examples": [...]}], "notes": [...]}.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/status.h"
#include "quality/finding.h"

namespace northstar::quality {

nlohmann::json FindingToJson(const Finding& finding);
Result<Finding> FindingFromJson(const nlohmann::json& json);

nlohmann::json SourceQualityToJson(const SourceQuality& quality);

// Indented lines: "  warning: <message>" + "      e.g. <examples>", or "  no findings".
std::string FormatQualityText(const SourceQuality& quality, const std::string& indent = "  ");

}  // namespace northstar::quality
