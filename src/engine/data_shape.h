// The shape of the data a compute read: per source, how many live rows each local day
// holds and how many each segment value has. The shape decides which periods and
// segments exist, so a refresh is exact only while no segment value appears or
// disappears and no source's first day moves. Because the shape after a change is
// the shape before plus the rows added minus the rows superseded, a refresh learns
// it from the changed rows alone, without reading every row (engine/refresh.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/status.h"

namespace northstar::engine {

struct SourceShape {
  bool timed = false;                                                // the source has a `time` column
  std::map<int32_t, int64_t> day_rows;                               // local day -> live rows with that day
  std::map<std::string, std::map<std::string, int64_t>> label_rows;  // dimension -> value label -> live rows

  bool has_days() const { return !day_rows.empty(); }
  int32_t min_day() const { return day_rows.begin()->first; }  // only when has_days()
  int32_t max_day() const { return day_rows.rbegin()->first; }
};

struct DataShape {
  std::map<std::string, SourceShape> sources;  // source id -> shape
};

// `delta` added to `base`, dropping entries whose count becomes 0. InvalidArgument
// when a count would become negative (the delta does not belong to this base).
Status AddShape(DataShape& base, const DataShape& delta);

// Text form (one line per source, day run or label; labels escaped), and back.
// DecodeShape: InvalidArgument for text EncodeShape did not write.
std::string EncodeShape(const DataShape& shape);
Result<DataShape> DecodeShape(const std::string& text);

}  // namespace northstar::engine
