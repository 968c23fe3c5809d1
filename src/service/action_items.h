// The action items of a workspace (`northstar actions list|note|close`, the API's
// /actions routes): read them, add a note, close one by hand.
#pragma once

#include <cstdint>
#include <string>

namespace northstar::service {

struct ActionNoteRequest {
  int64_t id = 0;
  std::string text;  // a note; required for a note, optional when closing
};

}  // namespace northstar::service
