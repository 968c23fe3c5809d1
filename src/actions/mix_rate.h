// Why did the total move? The change of a KPI between two periods split over the
// segments of one dimension into a *rate* effect (the segment's own value moved) and a
// *mix* effect (the segment's share of the rows moved).
//
// With w = a segment's share of the dimension's rows and v its value, before (0) and
// after (1):  rate = (v1 - v0) * (w0 + w1) / 2,   mix = (w1 - w0) * (v0 + v1) / 2,
// so rate + mix = w1 v1 - w0 v0 exactly, and the effects of all segments sum to the
// change of the row-weighted mean. For a share or an average over the same rows that
// mean is the total; otherwise (other denominators, nulls) the difference to the real
// change of the total is reported as `residual`. Segments missing or null in either
// period contribute nothing. Pure; O(segments).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace northstar::actions {

struct SegmentValue {
  std::string segment;
  std::optional<double> value;
  int64_t rows = 0;
};

struct SegmentEffect {
  std::string segment;
  std::optional<double> before, after;
  double share_before = 0, share_after = 0;
  double rate = 0, mix = 0;
  double total() const { return rate + mix; }
};

struct MixRate {
  std::vector<SegmentEffect> segments;  // largest |rate + mix| first
  double rate = 0, mix = 0;
  std::optional<double> change;  // total after - before (nullopt when either is null)
  double residual = 0;           // change - (rate + mix)
};

MixRate DecomposeChange(const std::vector<SegmentValue>& before, const std::vector<SegmentValue>& after,
                        std::optional<double> total_before, std::optional<double> total_after);

}  // namespace northstar::actions
