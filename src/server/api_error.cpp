#include "server/api_error.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace northstar::server {

ApiError MakeApiError(ErrorKind kind, std::string message) {
  return {HttpStatus(kind), std::string(ApiCode(kind)), std::move(message)};
}

std::string ApiErrorJson(const ApiError& error) {
  nlohmann::json body;
  body["error"] = {{"code", error.code}, {"message", error.message}};
  return JsonText(body);
}

}  // namespace northstar::server
