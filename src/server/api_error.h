// An API error as the server answers it: an HTTP status and a stable code with a
// message for people, written as {"error": {"code": "...", "message": "..."}}.
// Request decoding returns these as values; nothing in src/server throws.
#pragma once

#include <string>
#include <variant>

namespace northstar::server {

struct ApiError {
  int http_status = 400;
  std::string code;     // stable snake_case: "bad_request", "not_found", ...
  std::string message;  // valid UTF-8; never quotes more than a short excerpt of the request
};

ApiError BadRequest(std::string message);
ApiError NotFound(std::string message);
ApiError MethodNotAllowed(std::string message);
ApiError PayloadTooLarge(std::string message);

// The error as the JSON body the server sends.
std::string ApiErrorJson(const ApiError& error);

// Either a decoded value or the error to answer with.
template <typename T>
using Decoded = std::variant<T, ApiError>;

}  // namespace northstar::server
