// The JSON forms of action items and of an alert run.
#include <nlohmann/json.hpp>
#include "actions/alert.h"

#include "service/report_json.h"

namespace northstar::service {

nlohmann::json ActionItemJson(const actions::ActionItem& it) {
  nlohmann::json j = {{"id", it.id},
                      {"kpi", it.kpi},
                      {"subject", it.subject},
                      {"segment", it.segment},
                      {"grain", catalog::GrainName(it.grain)},
                      {"period", it.period},
                      {"rules", it.rules},
                      {"what", it.what},
                      {"who", it.who},
                      {"due", it.due},
                      {"opened_at", it.opened_at},
                      {"status", it.status},
                      {"verdict", it.verdict},
                      {"judged_at", it.judged_at},
                      {"closed_at", it.closed_at}};
  // The verdict's numbers are kept as JSON text in the log.
  nlohmann::json detail = it.verdict_detail.empty()
                              ? nlohmann::json(nullptr)
                              : nlohmann::json::parse(it.verdict_detail, nullptr, false);
  j["verdict_detail"] = detail.is_discarded() ? nlohmann::json(nullptr) : detail;
  nlohmann::json notes = nlohmann::json::array();
  for (const actions::ActionNote& n : it.notes) notes.push_back({{"at", n.at}, {"text", n.text}});
  j["notes"] = notes;
  return j;
}

nlohmann::json AlertRunJson(const actions::AlertRunReport& report) {
  nlohmann::json out;
  out["alerts"] = nlohmann::json::array();
  for (const auto& a : report.sent) out["alerts"].push_back(actions::AlertToJson(a));
  out["duplicates"] = report.duplicates;
  out["opened"] = nlohmann::json::array();
  for (const auto& it : report.opened) out["opened"].push_back(ActionItemJson(it));
  out["judged"] = nlohmann::json::array();
  for (const auto& it : report.judged) out["judged"].push_back(ActionItemJson(it));
  out["failures"] = report.failures;
  out["deliveries"] = nlohmann::json::array();
  for (const auto& d : report.deliveries) {
    out["deliveries"].push_back({{"alert", d.alert_key},
                                 {"sink", d.sink},
                                 {"attempts", d.attempts},
                                 {"http_status", d.http_status},
                                 {"accepted", d.accepted},
                                 {"error", d.error},
                                 {"at", d.at}});
  }
  return out;
}

}  // namespace northstar::service
