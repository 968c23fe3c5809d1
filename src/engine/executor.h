// An executor runs a plan's scans (engine/plan.h) and returns the aggregate table
// (engine/aggregate_table.h): every aggregate at every period and segment the data
// has. Measures are then evaluated over that table by engine/measure_evaluator.h,
// the same for every executor. The native executor (engine/native_executor.h) scans
// the embedded store's columns; another one (a SQL engine returning grouped rows)
// fills the same table.
#pragma once

#include "common/status.h"
#include "engine/aggregate_table.h"
#include "engine/plan.h"

namespace northstar::engine {

class Executor {
 public:
  virtual ~Executor() = default;

  // The values of every aggregate of `plan` (columns indexed by AggregatePlan::id),
  // and the days and segment values of each source the plan reads that exists.
  // With `refresh_needs_full` set, nothing was computed: an incremental refresh met
  // data it cannot refresh (the caller computes in full).
  virtual Result<AggregateTable> Execute(const Plan& plan) = 0;
};

}  // namespace northstar::engine
