#include "server/request_target.h"

#include <fmt/format.h>

#include <optional>

#include "common/utf8.h"

namespace northstar::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool HasControlCharacter(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// Decoded text a route may use: UTF-8 without control characters.
bool IsCleanText(std::string_view text) {
  return IsValidUtf8(text) && !HasControlCharacter(text);
}

std::optional<ApiError> DecodeSegment(std::string_view raw, const RequestLimits& limits, std::string& out) {
  if (!PercentDecode(raw, false, out)) {
    return BadRequest(fmt::format("path segment \"{}\" has a malformed %-escape", Excerpt(raw)));
  }
  if (out.size() > limits.max_segment_bytes) {
    return BadRequest(fmt::format("a path segment is longer than {} bytes", limits.max_segment_bytes));
  }
  if (!IsCleanText(out)) {
    return BadRequest(fmt::format("path segment \"{}\" is not valid UTF-8 text", Excerpt(raw)));
  }
  if (out == "." || out == ".." || out.find('/') != std::string::npos ||
      out.find('\\') != std::string::npos) {
    return BadRequest(fmt::format("path segment \"{}\" is not allowed", Excerpt(out)));
  }
  return std::nullopt;
}

std::optional<ApiError> ParseQuery(std::string_view raw, const RequestLimits& limits, RequestTarget& target) {
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    const std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2"
    if (target.query.size() == limits.max_query_params) {
      return BadRequest(fmt::format("more than {} query parameters", limits.max_query_params));
    }
    const size_t eq = pair.find('=');
    std::string key;
    std::string value;
    if (!PercentDecode(pair.substr(0, eq), true, key) ||
        (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, value))) {
      return BadRequest(fmt::format("query parameter \"{}\" has a malformed %-escape", Excerpt(pair)));
    }
    if (value.size() > limits.max_query_value_bytes || key.size() > limits.max_segment_bytes) {
      return BadRequest(fmt::format("query parameter \"{}\" is longer than {} bytes", Excerpt(key),
                                    limits.max_query_value_bytes));
    }
    if (!IsCleanText(key) || !IsCleanText(value)) {
      return BadRequest(fmt::format("query parameter \"{}\" is not valid UTF-8 text", Excerpt(pair)));
    }
    target.query.emplace_back(std::move(key), std::move(value));
  }
  return std::nullopt;
}

}  // namespace

bool PercentDecode(std::string_view text, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

std::string Excerpt(std::string_view text) {
  constexpr size_t kMaxBytes = 64;
  std::string clean = SanitizeUtf8(text, kMaxBytes);
  for (char& c : clean) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  if (text.size() > kMaxBytes) clean += "...";
  return clean;
}

Decoded<RequestTarget> ParseRequestTarget(std::string_view target, const RequestLimits& limits) {
  if (target.size() > limits.max_target_bytes) {
    return BadRequest(fmt::format("the request target is longer than {} bytes", limits.max_target_bytes));
  }
  if (target.empty() || target.front() != '/') {
    return BadRequest("the request target must be a path starting with \"/\"");
  }
  for (const char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f)
      return BadRequest("the request target holds a space or control character");
  }
  const size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  if (path.find("//") != std::string_view::npos) return BadRequest("the path has an empty segment (\"//\")");
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);

  RequestTarget out;
  path.remove_prefix(1);
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view raw = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (out.segments.size() == limits.max_segments) {
      return BadRequest(fmt::format("the path has more than {} segments", limits.max_segments));
    }
    std::string decoded;
    if (auto error = DecodeSegment(raw, limits, decoded)) return *error;
    out.segments.push_back(std::move(decoded));
  }
  if (auto error = ParseQuery(query, limits, out)) return *error;
  return out;
}

}  // namespace northstar::server
