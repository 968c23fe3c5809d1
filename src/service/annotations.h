// Annotations on KPI charts (`northstar annotate`, the API's /annotations): add, list,
// edit, delete. A process change starts a new baseline (results/annotations.h).
#pragma once

#include <string>

namespace northstar::service {

struct AnnotationRequest {
  std::string kpi;       // a KPI or metric id, or "*"
  std::string from, to;  // period labels of one grain, from <= to; to empty: from
  std::string text;
  bool process_change = false;
};

}  // namespace northstar::service
