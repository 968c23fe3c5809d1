// UTF-8 checks: string fields and raw text of rejected rows (ingest), catalog text (catalog).
#pragma once

#include <string>
#include <string_view>

namespace northstar {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF). Pure ASCII is checked eight bytes at a time.
bool IsValidUtf8(std::string_view text);

// A copy of `text` cut to at most `max_bytes` (never inside a character) with every
// invalid byte replaced by U+FFFD, so rejected rows can be printed and stored safely.
std::string SanitizeUtf8(std::string_view text, size_t max_bytes);

}  // namespace northstar
