#include "quality/report_format.h"

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "time/timestamp.h"

namespace northstar::quality {

nlohmann::json FindingToJson(const Finding& finding) {
  return {{"kind", FindingKindName(finding.kind)},
          {"count", finding.count},
          {"message", finding.message},
          {"examples", finding.examples}};
}

Result<Finding> FindingFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Status::Corruption("a finding is not a JSON object");
  const std::string kind = json.value("kind", "");
  Finding f;
  bool known = false;
  for (FindingKind k :
       {FindingKind::kDuplicateKeys, FindingKind::kEdits, FindingKind::kLateRows, FindingKind::kGap,
        FindingKind::kVolumeDrop, FindingKind::kStale, FindingKind::kSchemaDrift}) {
    if (kind == FindingKindName(k)) {
      f.kind = k;
      known = true;
    }
  }
  if (!known) return Status::Corruption("unknown finding kind '" + kind + "'");
  try {
    f.count = json.value("count", int64_t{0});
    f.message = json.value("message", "");
    f.examples = json.value("examples", std::vector<std::string>{});
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("bad finding: ") + e.what());
  }
  return f;
}

nlohmann::json SourceQualityToJson(const SourceQuality& q) {
  nlohmann::json json = {{"source", q.source}, {"rows", q.rows}};
  json["newest_time"] = q.newest_time ? nlohmann::json(time::FormatIso(*q.newest_time, nullptr)) : nullptr;
  json["first_day"] = q.first_day ? nlohmann::json(time::FormatLocalDate(*q.first_day)) : nullptr;
  json["last_day"] = q.last_day ? nlohmann::json(time::FormatLocalDate(*q.last_day)) : nullptr;
  json["findings"] = nlohmann::json::array();
  for (const Finding& f : q.findings) json["findings"].push_back(FindingToJson(f));
  json["notes"] = q.notes;
  return json;
}

std::string FormatQualityText(const SourceQuality& q, const std::string& indent) {
  std::string out;
  for (const Finding& f : q.findings) {
    out += indent + "warning: " + std::string(FindingKindName(f.kind)) + ": " + f.message + "\n";
    if (!f.examples.empty()) out += indent + "    e.g. " + Join(f.examples, "; ") + "\n";
  }
  if (q.findings.empty()) out += indent + "no findings\n";
  for (const std::string& note : q.notes) out += indent + "note: " + note + "\n";
  return out;
}

}  // namespace northstar::quality
