#include "actions/mix_rate.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace northstar::actions {

MixRate DecomposeChange(const std::vector<SegmentValue>& before, const std::vector<SegmentValue>& after,
                        std::optional<double> total_before, std::optional<double> total_after) {
  MixRate out;
  std::map<std::string, std::pair<const SegmentValue*, const SegmentValue*>> pairs;
  double rows0 = 0, rows1 = 0;
  for (const SegmentValue& s : before) {
    pairs[s.segment].first = &s;
    if (s.value) rows0 += static_cast<double>(s.rows);
  }
  for (const SegmentValue& s : after) {
    pairs[s.segment].second = &s;
    if (s.value) rows1 += static_cast<double>(s.rows);
  }
  for (const auto& [segment, p] : pairs) {
    SegmentEffect e;
    e.segment = segment;
    if (p.first) e.before = p.first->value;
    if (p.second) e.after = p.second->value;
    if (p.first && p.first->value && rows0 > 0) e.share_before = p.first->rows / rows0;
    if (p.second && p.second->value && rows1 > 0) e.share_after = p.second->rows / rows1;
    if (e.before && e.after) {
      e.rate = (*e.after - *e.before) * (e.share_before + e.share_after) / 2;
      e.mix = (e.share_after - e.share_before) * (*e.before + *e.after) / 2;
    } else if (e.after) {
      e.mix = e.share_after * *e.after;  // a segment that appeared: all mix
    } else if (e.before) {
      e.mix = -e.share_before * *e.before;  // a segment that disappeared
    }
    out.rate += e.rate;
    out.mix += e.mix;
    out.segments.push_back(std::move(e));
  }
  std::stable_sort(out.segments.begin(), out.segments.end(),
                   [](const SegmentEffect& a, const SegmentEffect& b) {
                     return std::fabs(a.total()) > std::fabs(b.total());
                   });
  if (total_before && total_after) {
    out.change = *total_after - *total_before;
    out.residual = *out.change - (out.rate + out.mix);
  }
  return out;
}

}  // namespace northstar::actions
