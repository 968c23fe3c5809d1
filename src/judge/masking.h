// Segment masking (SPEC §5): the whole population is on track while a segment that
// holds a sizeable share of the rows is off track — "the average masks the problem".
//
// A segment counts when, in the same period,
//   - its rows are at least `min_share` (default 10 %) of the whole population's rows,
//   - its status is off_track, and
//   - it is in a sustained problem (`signalled`, see SustainedProblems): the problem
//     started with two successive periods off track, each with a signal of its own
//     series — an unfavourable (or, without a direction, neutral) signal of its own
//     XmR limits other than mr_beyond_limit, from a baseline of at least 8 values,
//     on a point that is not below the minimum volume — and it lasts for as long as
//     the segment stays off track in successive periods, beyond the limits it had
//     when the problem started (SustainedProblems). Once a problem persists its
//     rolling baseline absorbs it and the signals stop; the miss does not, so the
//     masking is reported in every period for as long as that lasts (SPEC §5).
// An off-track status alone is not enough: when the total sits near its target, some
// segment is off track by chance in most periods; only a segment whose own process
// limits say "not noise" is a problem the average hides. Segments of different
// dimensions are judged independently (each dimension partitions the rows).
// Nothing is reported when the whole population is not on_track (then the total
// already shows the problem) or its row count is unknown or zero.
// Pure, thread-compatible; O(number of segments).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "judge/judge.h"
#include "judge/status.h"

namespace northstar::judge {

inline constexpr double kMaskingMinShare = 0.10;

struct SegmentState {
  std::string segment;  // "region=APAC"
  KpiStatus status = KpiStatus::kNoData;
  int64_t rows = 0;
  std::optional<double> value;
  bool signalled = false;  // in a sustained problem (SustainedProblems)
};

// Whether a judged segment point has a signal that can make it masked (see above).
bool HasMaskingSignal(const JudgedPoint& point);

// `signalled` for `current`: it and `previous` (the segment's point of the period
// before; nullptr when there is none) are both off_track with a masking signal.
// A point off track only through the chronic-miss rule does not count: a segment
// that always sits a little below its target is not a problem that has just begun.
bool SustainedMaskingSignal(const JudgedPoint* previous, const JudgedPoint& current);

// Per point of one segment's judged series (chronological): whether it is in a
// sustained problem. It starts where SustainedMaskingSignal holds and lasts while the
// following periods, one after another, stay off_track *and* beyond the limits in
// force when it started, on the side `direction` calls worse. The second condition
// tells a process that moved (a problem, which the old limits keep seeing) from a
// segment that is always below target and had two chance signals: once such a
// segment is back inside its old limits, the problem has ended.
std::vector<bool> SustainedProblems(std::span<const JudgedPoint> points, catalog::Direction direction);

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
