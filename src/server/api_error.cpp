#include "server/api_error.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace northstar::server {

ApiError BadRequest(std::string message) {
  return {400, "bad_request", std::move(message)};
}
ApiError NotFound(std::string message) {
  return {404, "not_found", std::move(message)};
}
ApiError MethodNotAllowed(std::string message) {
  return {405, "method_not_allowed", std::move(message)};
}
ApiError PayloadTooLarge(std::string message) {
  return {413, "payload_too_large", std::move(message)};
}

std::string ApiErrorJson(const ApiError& error) {
  nlohmann::json body;
  body["error"] = {{"code", error.code}, {"message", error.message}};
  return JsonText(body);
}

}  // namespace northstar::server
