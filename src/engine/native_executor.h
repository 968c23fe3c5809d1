// The native executor: runs a plan's scans over a workspace's rows (engine/source_table.h,
// streamed from the embedded store or read whole), each source's scans in one pass on
// several threads, decomposable aggregates per day rolled up to coarser periods and
// holistic ones grouped once at the end (docs/engine.md).
#pragma once

#include "catalog/model.h"
#include "engine/engine.h"
#include "engine/executor.h"
#include "engine/source_table.h"
#include "formula/compiler.h"

namespace northstar::engine {

class NativeExecutor final : public Executor {
 public:
  // Reads `input` with `options` (threads, grains, refresh); all must outlive Execute.
  NativeExecutor(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                 const EngineInput& input, const ComputeOptions& options);

  // Errors: InvalidArgument for a bad workspace zone or calendar. Fills
  // ComputeOptions::shape (a full compute).
  Result<AggregateTable> Execute(const Plan& plan) override;

 private:
  const catalog::Catalog& catalog_;
  const formula::CompiledCatalog& compiled_;
  const EngineInput& input_;
  const ComputeOptions& options_;
};

}  // namespace northstar::engine
