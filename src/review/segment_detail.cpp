#include "review/segment_detail.h"

#include <algorithm>

namespace northstar::review {

Result<std::vector<SegmentDetail>> ProblemSegments(actions::Assessment& assessment, const std::string& kpi,
                                                   catalog::Grain grain,
                                                   const actions::AssessedPoint& whole) {
  std::vector<SegmentDetail> out;
  for (const std::string& segment : assessment.Segments(kpi, grain)) {
    if (segment == "*") continue;
    ASSIGN_OR_RETURN(const actions::AssessedSeries* series, assessment.Series(kpi, grain, segment));
    const actions::AssessedPoint* p = series ? series->Find(whole.label) : nullptr;
    if (!p) continue;
    const bool masked = std::any_of(whole.masked.begin(), whole.masked.end(),
                                    [&](const judge::MaskedSegment& m) { return m.segment == segment; });
    if (!masked && p->judged.status != judge::KpiStatus::kOffTrack) continue;
    SegmentDetail d;
    d.segment = segment;
    if (p->input.rows && whole.input.rows && *whole.input.rows > 0)
      d.share = static_cast<double>(*p->input.rows) / static_cast<double>(*whole.input.rows);
    d.value = p->input.value;
    d.status = judge::KpiStatusName(p->judged.status);
    d.masked = masked;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const SegmentDetail& a, const SegmentDetail& b) {
    const double sa = a.share.value_or(-1), sb = b.share.value_or(-1);
    return sa != sb ? sa > sb : a.segment < b.segment;
  });
  return out;
}

}  // namespace northstar::review
