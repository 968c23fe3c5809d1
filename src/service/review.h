// The review of one period (`northstar review`, the API's /reviews/{period} and the
// dashboard's /review/{period}): the HTML page and the Markdown summary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "catalog/model.h"

namespace northstar::service {

struct ReviewRequest {
  std::string period;                   // a label; empty: the latest complete period
  std::optional<catalog::Grain> grain;  // judge at this grain (default: each KPI's review grain)
  std::optional<int32_t> today;         // local day for "actions due"; default: the clock's today
};

}  // namespace northstar::service
