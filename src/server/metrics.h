// /metrics (SPEC §8) in the Prometheus text exposition format, for Grafana users: the
// latest complete value of every KPI and segment with its target and status.
#pragma once

#include <string>
#include <string_view>

#include "service/scorecard.h"

namespace northstar::server {

// northstar_kpi_value{kpi,segment,grain}, northstar_kpi_target (threshold targets),
// northstar_kpi_status (0 on_track, 1 watch, 2 off_track; other states have none).
// `card` must hold rows (ScorecardRequest::with_rows).
std::string KpiMetrics(const service::ScorecardReport& card);

// A label value escaped as the format requires: backslash, double quote, newline.
std::string EscapeLabel(std::string_view text);

}  // namespace northstar::server
