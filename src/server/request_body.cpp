#include "server/request_body.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "catalog/period_text.h"
#include "common/utf8.h"

namespace northstar::server {
namespace {

using nlohmann::json;

// Text a person typed: valid UTF-8 (the parser checks), no control characters other
// than newline and tab, not only blanks, at most `max_bytes`.
std::optional<ApiError> CheckText(std::string_view field, const std::string& text, size_t max_bytes) {
  if (text.size() > max_bytes)
    return InvalidBody(fmt::format("{} is longer than {} bytes", field, max_bytes));
  bool blank = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f) {
      return InvalidBody(fmt::format("{} holds a control character", field));
    }
    if (c != ' ' && c != '\n' && c != '\t') blank = false;
  }
  if (blank) return InvalidBody(fmt::format("{} is empty", field));
  return std::nullopt;
}

// Parses `body` as one JSON object no deeper than the limit; an empty body is {}.
Decoded<json> ParseObject(std::string_view body, const RequestLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return TooLarge(fmt::format("the body is larger than {} bytes", limits.max_body_bytes));
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  bool too_deep = false;
  const json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t, json&) {
    if (depth > limits.max_json_depth) too_deep = true;
    return !too_deep;
  };
  json parsed = json::parse(body, limit_depth, /*allow_exceptions=*/false);
  if (too_deep)
    return InvalidBody(fmt::format("the body nests deeper than {} levels", limits.max_json_depth));
  if (parsed.is_discarded()) return InvalidBody("the body is not valid JSON (UTF-8)");
  if (!parsed.is_object()) return InvalidBody("the body must be a JSON object");
  return parsed;
}

// Every key of `object` must be one of `keys`.
std::optional<ApiError> OnlyKeys(const json& object, std::initializer_list<std::string_view> keys) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const std::string_view key : keys) known = known || item.key() == key;
    if (!known) {
      std::string list;
      for (const std::string_view key : keys)
        list += list.empty() ? std::string(key) : ", " + std::string(key);
      return InvalidBody(fmt::format("unknown field \"{}\"; this route takes {}", Excerpt(item.key()), list));
    }
  }
  return std::nullopt;
}

// A string field; `required` makes a missing one an error, otherwise it stays "".
std::optional<ApiError> ReadString(const json& object, const char* key, bool required, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) return InvalidBody(fmt::format("field \"{}\" is missing", key));
    return std::nullopt;
  }
  if (!it->is_string()) return InvalidBody(fmt::format("field \"{}\" must be a string", key));
  out = it->get<std::string>();
  return std::nullopt;
}

Decoded<RequestBody> DecodeAnnotation(const json& object) {
  if (auto error = OnlyKeys(object, {"kpi", "period", "text", "process_change"})) return *error;
  AnnotationInput input;
  std::string period;
  if (auto error = ReadString(object, "kpi", true, input.kpi)) return *error;
  if (auto error = ReadString(object, "period", true, period)) return *error;
  if (auto error = ReadString(object, "text", true, input.text)) return *error;
  if (auto error = CheckText("text", input.text, kMaxNoteBytes)) return *error;
  if (input.kpi.empty() || input.kpi.size() > 128 || !IsValidUtf8(input.kpi)) {
    return InvalidBody("field \"kpi\" must be a KPI id or \"*\"");
  }
  const size_t dots = period.find("..");
  input.from = period.substr(0, dots);
  input.to = dots == std::string::npos ? input.from : period.substr(dots + 2);
  const auto from = catalog::ParsePeriodText(input.from);
  const auto to = catalog::ParsePeriodText(input.to);
  if (!from || !to) {
    return InvalidBody(fmt::format(
        "period \"{}\" is not a period or range; write 2026-W10 or 2026-W10..2026-W12", Excerpt(period)));
  }
  if (from->grain != to->grain || from->index > to->index) {
    return InvalidBody(fmt::format("period range \"{}\" must run forward within one grain", Excerpt(period)));
  }
  if (const auto it = object.find("process_change"); it != object.end()) {
    if (!it->is_boolean()) return InvalidBody("field \"process_change\" must be true or false");
    input.process_change = it->get<bool>();
  }
  return RequestBody(std::move(input));
}

Decoded<RequestBody> DecodeFromObject(RouteId route, const json& object) {
  switch (route) {
    case RouteId::kAnnotationCreate:
    case RouteId::kAnnotationUpdate: return DecodeAnnotation(object);
    case RouteId::kActionNote: {
      if (auto error = OnlyKeys(object, {"text"})) return *error;
      NoteInput input;
      if (auto error = ReadString(object, "text", true, input.text)) return *error;
      if (auto error = CheckText("text", input.text, kMaxNoteBytes)) return *error;
      return RequestBody(std::move(input));
    }
    case RouteId::kActionClose: {
      if (auto error = OnlyKeys(object, {"note"})) return *error;
      CloseInput input;
      if (auto error = ReadString(object, "note", false, input.note)) return *error;
      if (!input.note.empty()) {
        if (auto error = CheckText("note", input.note, kMaxNoteBytes)) return *error;
      }
      return RequestBody(std::move(input));
    }
    case RouteId::kRefresh:
      if (auto error = OnlyKeys(object, {})) return *error;
      return RequestBody(RefreshInput{});
    case RouteId::kSessionCreate: {
      if (auto error = OnlyKeys(object, {"token"})) return *error;
      SessionInput input;
      if (auto error = ReadString(object, "token", true, input.token)) return *error;
      if (input.token.size() > 256) return InvalidBody("field \"token\" is not a token");
      return RequestBody(std::move(input));
    }
    default: return RequestBody(std::monostate{});
  }
}

bool TakesBody(RouteId route) {
  return route == RouteId::kAnnotationCreate || route == RouteId::kAnnotationUpdate ||
         route == RouteId::kActionNote || route == RouteId::kActionClose || route == RouteId::kRefresh ||
         route == RouteId::kSessionCreate;
}

}  // namespace

Decoded<RequestBody> DecodeBody(RouteId route, std::string_view body, const RequestLimits& limits) {
  if (!TakesBody(route)) {
    if (!body.empty()) return BadRequest("this route takes no body");
    return RequestBody(std::monostate{});
  }
  Decoded<json> object = ParseObject(body, limits);
  if (auto* error = std::get_if<ApiError>(&object)) return *error;
  return DecodeFromObject(route, std::get<json>(object));
}

Decoded<ApiRequest> DecodeRequest(std::string_view method, std::string_view target, std::string_view body,
                                  const RequestLimits& limits) {
  Decoded<RequestTarget> parsed = ParseRequestTarget(target, limits);
  if (auto* error = std::get_if<ApiError>(&parsed)) return *error;
  Decoded<RouteMatch> match = MatchRoute(ParseMethod(method), std::get<RequestTarget>(parsed));
  if (auto* error = std::get_if<ApiError>(&match)) return *error;
  ApiRequest request{std::move(std::get<RouteMatch>(match)), {}};
  Decoded<RequestBody> decoded = DecodeBody(request.match.route->id, body, limits);
  if (auto* error = std::get_if<ApiError>(&decoded)) return *error;
  request.body = std::move(std::get<RequestBody>(decoded));
  return request;
}

}  // namespace northstar::server
