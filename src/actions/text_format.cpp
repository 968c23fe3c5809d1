#include "actions/text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "judge/target.h"

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

std::string Readable(const std::optional<double>& value) {
  if (!value) return "-";
  char buf[32];
  const double a = std::fabs(*value);
  if (a >= 1000)
    std::snprintf(buf, sizeof buf, "%.0f", *value);
  else
    std::snprintf(buf, sizeof buf, "%.4g", *value);
  return buf;
}

}  // namespace northstar::actions
