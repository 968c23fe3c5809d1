#include "actions/text_format.h"

#include <algorithm>
#include <cmath>

namespace northstar::actions {

std::string Sparkline(std::span<const std::optional<double>> values) {
  static const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& v : values) {
    if (!v) continue;
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  }
  std::string out;
  for (const auto& v : values) {
    if (!v) {
      out += ' ';
    } else if (!(hi > lo)) {
      out += kBlocks[3];
    } else {
      int level = static_cast<int>(std::floor((*v - lo) / (hi - lo) * 7.0 + 0.5));
      out += kBlocks[std::clamp(level, 0, 7)];
    }
  }
  return out;
}

std::string NumberOrEmpty(const std::optional<double>& value) {
  return value ? ShortestNumber(*value) : "";
}

namespace {

size_t Characters(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count lead bytes only
  return n;
}

}  // namespace

std::string PadLeft(const std::string& text, size_t width) {
  const size_t n = Characters(text);
  return n >= width ? text : std::string(width - n, ' ') + text;
}

std::string PadRight(const std::string& text, size_t width) {
  const size_t n = Characters(text);
  return n >= width ? text : text + std::string(width - n, ' ');
}

}  // namespace northstar::actions
