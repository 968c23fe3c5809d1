// The JSON bodies the API accepts (SPEC §8 writes), decoded into plain structs.
// A body is refused as a whole (400, or 413 over the size limit) when it is not one
// JSON object, nests deeper than the limit, holds a key the route does not take, a
// value of the wrong type, or text that is empty, too long or has control characters.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "server/api_error.h"
#include "server/request_target.h"
#include "server/routes.h"

namespace northstar::server {

inline constexpr size_t kMaxNoteBytes = 4000;

// POST /api/v1/annotations and PUT /api/v1/annotations/{id}: {"kpi": "id" or "*", "period": "2026-W10" or
// "2026-W10..2026-W12", "text": "...", "process_change": false}
struct AnnotationInput {
  std::string kpi;
  std::string from, to;  // to == from for one period
  std::string text;
  bool process_change = false;
};

// POST /api/v1/actions/{id}/notes: {"text": "..."}
struct NoteInput {
  std::string text;
};

// POST /api/v1/actions/{id}/close: {} or {"note": "..."}; an empty body too.
struct CloseInput {
  std::string note;
};

// POST /api/v1/refresh: an empty body or {}.
struct RefreshInput {};

// POST /api/v1/session: {"token": "ns_..."}
struct SessionInput {
  std::string token;
};

using RequestBody =
    std::variant<std::monostate, AnnotationInput, NoteInput, CloseInput, RefreshInput, SessionInput>;

// The body `route` takes; std::monostate for routes that take none (a GET or DELETE
// with a body is refused, so nothing sent is silently dropped).
Decoded<RequestBody> DecodeBody(RouteId route, std::string_view body, const RequestLimits& limits);

// A whole request: method, raw target, body.
struct ApiRequest {
  RouteMatch match;
  RequestBody body;
};
Decoded<ApiRequest> DecodeRequest(std::string_view method, std::string_view target, std::string_view body,
                                  const RequestLimits& limits);

}  // namespace northstar::server
