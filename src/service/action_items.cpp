#include "service/action_items.h"

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

Result<std::vector<actions::ActionItem>> Workspace::ActionItems(bool open_only) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  return session->log->Items(open_only);
}

Status Workspace::AddActionNote(const ActionNoteRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  RETURN_IF_ERROR(KnownItem(*session->log, request.id));
  return session->log->AddNote(request.id, request.text, time::FormatIso(env_.clock->Now(), nullptr));
}

Status Workspace::CloseAction(const ActionNoteRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
  RETURN_IF_ERROR(KnownItem(*session->log, request.id));
  const std::string now = time::FormatIso(env_.clock->Now(), nullptr);
  if (!request.text.empty()) RETURN_IF_ERROR(session->log->AddNote(request.id, request.text, now));
  return session->log->Close(request.id, now);
}

}  // namespace northstar::service
