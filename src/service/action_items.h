// The action items of a workspace (`northstar actions list|note|close`, the API's
// /actions routes): read them, add a note, close one by hand.
#pragma once

#include <cstdint>
#include <string>

#include "actions/action_log.h"
#include "time/timestamp.h"

namespace northstar::service {

struct ActionNoteRequest {
  int64_t id = 0;
  std::string text;  // a note; required for a note, optional when closing
};

// An instant as the action log records it: UTC, whole seconds ("2026-03-05T10:20:30Z").
std::string IsoSeconds(time::Micros utc);

// An item as `actions list` prints it: id, status, verdict, KPI, segment, period and
// rules, then what, who and the review date, the verdict's reason and the notes.
std::string ActionItemText(const actions::ActionItem& item);

}  // namespace northstar::service
