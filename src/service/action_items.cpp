#include "service/action_items.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "actions/session.h"
#include "service/workspace.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

Status KnownItem(actions::ActionLog& log, int64_t id) {
  ASSIGN_OR_RETURN(auto item, log.Item(id));
  if (!item) {
    return Status::NotFound("no action item #" + std::to_string(id))
        .WithHint("`northstar actions list --all` (or GET /api/v1/actions) shows the items");
  }
  return Status::Ok();
}

}  // namespace

std::string IsoSeconds(time::Micros now) {
  return time::FormatIso(now - now % time::kMicrosPerSecond, nullptr);
}

Result<std::vector<actions::ActionItem>> Workspace::ActionItems(bool open_only) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  return session->log->Items(open_only);
}

Status Workspace::AddActionNote(const ActionNoteRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  RETURN_IF_ERROR(KnownItem(*session->log, request.id));
  return session->log->AddNote(request.id, request.text, IsoSeconds(env_.clock->Now()));
}

Status Workspace::CloseAction(const ActionNoteRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  RETURN_IF_ERROR(KnownItem(*session->log, request.id));
  const std::string now = IsoSeconds(env_.clock->Now());
  if (!request.text.empty()) RETURN_IF_ERROR(session->log->AddNote(request.id, request.text, now));
  return session->log->Close(request.id, now);
}

std::string ActionItemText(const actions::ActionItem& it) {
  std::ostringstream out;
  out << "#" << it.id << "  " << it.status;
  if (!it.verdict.empty()) out << " (" << it.verdict << ")";
  out << "  " << it.kpi << " " << it.segment << " " << it.period << " [" << it.rules << "]\n"
      << "    " << it.what << " — " << it.who << ", review " << it.due << "\n";
  if (!it.verdict_detail.empty()) {
    auto d = nlohmann::json::parse(it.verdict_detail, nullptr, false);
    if (d.is_object() && d.contains("reason") && d["reason"].is_string())
      out << "    verdict: " << d["reason"].get<std::string>() << "\n";
  }
  for (const auto& n : it.notes) out << "    note " << n.at << ": " << n.text << "\n";
  return out.str();
}

}  // namespace northstar::service
