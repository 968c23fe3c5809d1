#include "check/check.h"

#include "check/rules.h"

namespace northstar::check {

void RunChecks(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
               const LockFile* lock, Diagnostics& diags) {
  CheckReferences(catalog, diags);
  CheckGoalCycles(catalog, diags);
  CheckColumns(catalog, diags);
  CheckKpiPassports(catalog, diags);
  CheckKpiDesign(catalog, compiled, diags);
  CheckGoals(catalog, diags);
  if (lock) CheckDefinitionChanges(catalog, compiled, *lock, diags);
}

void RunChecks(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
               Diagnostics& diags) {
  std::optional<LockFile> lock;
  if (!catalog.workspace.root_dir.empty()) {
    Result<std::optional<LockFile>> read = ReadLockFile(catalog.workspace.root_dir);
    if (read.ok()) {
      lock = std::move(read).value();
    } else {
      diags.Error("lock-file", SourceLocation{kLockFileName, 0, 0}, read.status().message(),
                  "restore northstar.lock from version control, or delete it and run "
                  "`northstar check --update-lock` to accept the current definitions");
    }
  }
  RunChecks(catalog, compiled, lock ? &*lock : nullptr, diags);
}

}  // namespace northstar::check
