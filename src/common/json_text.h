// JSON text that never throws: nlohmann's dump() throws type_error 316 on invalid UTF-8,
// which would abort a command after its work was done (an alert recorded but never
// printed). Every string that reaches JSON output goes through here, and a bad byte
// becomes U+FFFD. Header-only so common does not link the JSON library.
#pragma once

#include <string>

namespace northstar {

// `indent` as for nlohmann::json::dump (-1: one line).
template <typename Json>
std::string JsonText(const Json& json, int indent = -1) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace northstar
