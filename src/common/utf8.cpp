#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace northstar {
namespace {

// Length of the valid UTF-8 sequence starting at `p` (at most `left` bytes), or 0.
size_t ValidSequenceLength(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i) { return i < left && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[1] > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (c == 0xF4 && p[1] > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t left = text.size();
  while (left > 0) {
    if (left >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        left -= 8;
        continue;
      }
    }
    const size_t n = ValidSequenceLength(p, left);
    if (n == 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t left = text.size();
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  while (left > 0) {
    const size_t n = ValidSequenceLength(p, left);
    const size_t emitted = n == 0 ? kReplacement.size() : n;
    if (out.size() + emitted > max_bytes) break;
    if (n == 0) {
      out.append(kReplacement);
      p += 1;
      left -= 1;
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
      left -= n;
    }
  }
  return out;
}

}  // namespace northstar
