// Workspace::Sql: `northstar sql` (SPEC §9) over a checked catalog.
#include "service/workspace.h"

namespace northstar::service {

Result<std::string> Workspace::Sql(const sql::SqlRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(CatalogErrors());
  for (const std::string& id : request.measures) {
    if (!catalog_.FindMeasure(id))
      return Status::NotFound("no KPI or metric '" + id + "' in the catalog")
          .WithHint("`northstar explain --list` names them");
  }
  return sql::CompileStatement(catalog_, compiled_, request);
}

}  // namespace northstar::service
