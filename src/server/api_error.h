// An API error as the server answers it: an HTTP status and a stable code with a
// message for people, written as {"error": {"code": "...", "message": "..."}}.
// Request decoding returns these as values; nothing in src/server throws.
#pragma once

#include <string>
#include <variant>

#include "common/error_kind.h"

namespace northstar::server {

struct ApiError {
  int http_status = 400;
  std::string code;     // stable snake_case: "bad_request", "not_found", ...
  std::string message;  // valid UTF-8; never quotes more than a short excerpt of the request
};

// The status and code come from the one error table (common/error_kind.h).
ApiError MakeApiError(ErrorKind kind, std::string message);
inline ApiError BadRequest(std::string message) {  // the request line: path, query
  return MakeApiError(ErrorKind::kUsage, std::move(message));
}
inline ApiError InvalidBody(std::string message) {  // the JSON body
  return MakeApiError(ErrorKind::kInvalidInput, std::move(message));
}
inline ApiError NotFound(std::string message) {
  return MakeApiError(ErrorKind::kNotFound, std::move(message));
}
inline ApiError TooLarge(std::string message) {
  return MakeApiError(ErrorKind::kTooLarge, std::move(message));
}

// The error as the JSON body the server sends.
std::string ApiErrorJson(const ApiError& error);

// Either a decoded value or the error to answer with.
template <typename T>
using Decoded = std::variant<T, ApiError>;

}  // namespace northstar::server
