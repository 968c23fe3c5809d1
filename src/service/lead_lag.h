// `northstar analyze leadlag` (SPEC §10) as a service operation: the two KPIs' judged
// series at one grain, paired on their complete periods, through the lead-lag test
// (analysis/lead_lag.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/assessment.h"
#include "analysis/lead_lag.h"
#include "catalog/model.h"

namespace northstar::service {

struct LeadLagRequest {
  std::string leading, lagging;         // KPI or metric ids
  std::optional<catalog::Grain> grain;  // default: the coarser of the two review grains
  std::optional<int> max_lag;           // default: a fifth of the periods, 1..6
};

struct LeadLagReport {
  std::string leading, lagging;
  catalog::Grain grain = catalog::Grain::kWeek;
  std::string first_period, last_period;  // the paired periods
  int periods = 0;                        // paired complete periods
  int max_lag = 0;
  analysis::LeadLagResult result;
};

// The lagging KPIs a leading KPI is meant to drive (SPEC §10): those naming it in
// `drivers`; when none does, the lagging KPIs of its goal and of the goals above and
// below it.
std::vector<const catalog::MeasureDef*> LaggingKpisDrivenBy(const catalog::Catalog& catalog,
                                                            const catalog::MeasureDef& leading);

// The test over an assessment already built (the caller holds the workspace's lock and
// has checked that both ids name measures).
Result<LeadLagReport> LeadLagOver(actions::Assessment& assessment, const catalog::Catalog& catalog,
                                  const LeadLagRequest& request);

}  // namespace northstar::service
