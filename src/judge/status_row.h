// The judgement of one point as the text fields of `northstar status --format csv`
// (SPEC §4): value,target,status,lower_limit,center,upper_limit,signals.
//
// Numbers print in the shortest form that reads back to the same double; a null
// value, a missing target and missing limits print empty. CSV quoting is the
// writer's job: these are raw field texts.
#pragma once

#include <string>

#include "judge/judge.h"

namespace northstar::judge {

struct StatusRow {
  std::string value;
  std::string target;  // "0.8", or "0.7..0.9" for a range
  std::string status;  // on_track | watch | off_track | no_data | no_target
  std::string lower_limit;
  std::string center;
  std::string upper_limit;
  std::string signals;  // "beyond_limits;run_of_8"
};

StatusRow ToStatusRow(const JudgedPoint& point);

}  // namespace northstar::judge
