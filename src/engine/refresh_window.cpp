#include "engine/refresh_window.h"

#include <algorithm>

namespace northstar::engine {

bool RefreshWindow::ReadsAny(int32_t first, int32_t last) const {
  first = std::max(first, min_day);
  last = std::min(last, max_day);
  for (int32_t d = first; d <= last; ++d) {
    if (read_day[d - min_day]) return true;
  }
  return false;
}

RefreshWindow PlanRefreshWindow(int32_t min_day, int32_t max_day, const std::vector<int32_t>& changed_days,
                                int64_t reach, const std::vector<catalog::Grain>& grains) {
  RefreshWindow w;
  w.min_day = min_day;
  w.max_day = max_day;
  w.read_day.assign(static_cast<size_t>(max_day) - static_cast<size_t>(min_day) + 1, 0);
  const auto back = static_cast<int32_t>(std::clamp<int64_t>(reach, 0, 100000));
  for (size_t gi = 0; gi < time::kAllGrains.size(); ++gi) {
    const catalog::Grain g = time::kAllGrains[gi];
    const int32_t first = time::PeriodOfDay(min_day, g).index;
    const int32_t count = time::PeriodOfDay(max_day, g).index - first + 1;
    std::vector<uint8_t>& out = w.out[gi];
    out.assign(static_cast<size_t>(count), 0);
    if (!grains.empty() && std::find(grains.begin(), grains.end(), g) == grains.end()) continue;
    for (int32_t d : changed_days) {
      if (d < min_day || d > max_day) continue;
      const int32_t p = time::PeriodOfDay(d, g).index - first;
      for (int32_t k = 0; k <= back && p + k < count; ++k) out[p + k] = 1;
    }
    for (int32_t p = 0; p < count; ++p) {
      if (!out[p]) continue;
      const int32_t from = std::max(0, p - back);
      const int32_t d0 = std::max(time::FirstDay({g, first + from}), min_day) - min_day;
      const int32_t d1 = std::min(time::LastDay({g, first + p}), max_day) - min_day;
      std::fill(w.read_day.begin() + d0, w.read_day.begin() + d1 + 1, 1);
    }
  }
  return w;
}

}  // namespace northstar::engine
