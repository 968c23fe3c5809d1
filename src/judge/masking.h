// Segment masking (SPEC §5): the whole population is on track while a segment that
// holds a sizeable share of the rows is off track — "the average masks the problem".
//
// A segment counts when its rows are at least `min_share` (default 10 %) of the whole
// population's rows in the same period and its status is off_track. Segments of
// different dimensions are judged independently (each dimension partitions the rows).
// Nothing is reported when the whole population is not on_track (then the total
// already shows the problem) or its row count is unknown or zero.
// Pure, thread-compatible; O(number of segments).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "judge/status.h"

namespace northstar::judge {

inline constexpr double kMaskingMinShare = 0.10;

struct SegmentState {
  std::string segment;  // "region=APAC"
  KpiStatus status = KpiStatus::kNoData;
  int64_t rows = 0;
  std::optional<double> value;
};

struct MaskedSegment {
  std::string segment;
  double share = 0;  // rows of the segment / rows of the whole population
  int64_t rows = 0;
  std::optional<double> value;
};

// The off-track segments hidden by an on-track total, in input order.
std::vector<MaskedSegment> FindMaskedSegments(KpiStatus whole_status, int64_t whole_rows,
                                              std::span<const SegmentState> segments,
                                              double min_share = kMaskingMinShare);

}  // namespace northstar::judge
