// The request target (path and query) as the API reads it. Decoding is done here,
// from the raw target, and not by the HTTP library, so that what a route sees is
// checked once: every path segment and query value is percent-decoded, valid UTF-8,
// free of control characters, and a path segment is never "." or ".." and never holds
// a slash (an encoded "%2F" cannot climb out of a static folder or split an id).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/api_error.h"

namespace northstar::server {

struct RequestLimits {
  size_t max_target_bytes = 8192;
  size_t max_segments = 16;
  size_t max_segment_bytes = 256;
  size_t max_query_params = 32;
  size_t max_query_value_bytes = 1024;
  size_t max_body_bytes = 64 * 1024;  // the JSON bodies of SPEC §8 are a few hundred bytes
  int max_json_depth = 8;
};

struct RequestTarget {
  std::vector<std::string> segments;                       // "/api/v1/kpis" → api, v1, kpis
  std::vector<std::pair<std::string, std::string>> query;  // in order, decoded
};

// "/a/b?x=1": a trailing slash is ignored ("/api/v1/kpis/" is "/api/v1/kpis"); an
// empty segment inside the path ("//"), a bad "%" escape or anything above is a 400.
Decoded<RequestTarget> ParseRequestTarget(std::string_view target, const RequestLimits& limits);

// "%41" → "A" (and "+" → " " when `plus_is_space`); false on a malformed escape.
bool PercentDecode(std::string_view text, bool plus_is_space, std::string& out);

// A short, printable excerpt of request text for error messages: at most 64 bytes,
// invalid UTF-8 and control characters replaced.
std::string Excerpt(std::string_view text);

}  // namespace northstar::server
