// Fuzzes the JSONL reader on arbitrary bytes. Invariants: no crash, rows read = rows
// stored + rows rejected, every column as long as the batch.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/jsonl_reader.h"
#include "ingest/source_context.h"

namespace {

using northstar::catalog::ColumnType;

northstar::catalog::ColumnDef Column(const char* name, ColumnType type) {
  northstar::catalog::ColumnDef column;
  column.name = name;
  column.from = name;
  column.type = type;
  return column;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  northstar::catalog::SourceDef source;
  source.id = "fuzz";
  source.kind = northstar::catalog::SourceKind::kJsonl;
  source.path = "fuzz.jsonl";
  source.null_values = {"", "NA"};
  source.columns = {Column("id", ColumnType::kInt), Column("amount", ColumnType::kFloat),
                    Column("flag", ColumnType::kBool), Column("at", ColumnType::kTimestamp),
                    Column("note", ColumnType::kString)};
  northstar::catalog::Workspace workspace;
  workspace.timezone = "America/New_York";
  auto batch = northstar::ingest::ParseJsonl(std::string_view(reinterpret_cast<const char*>(data), size),
                                             northstar::ingest::MakeSourceContext(source, workspace, {}));
  if (!batch.ok()) return 0;
  if (batch->rows_read != static_cast<int64_t>(batch->rows() + batch->rejected.size())) std::abort();
  for (const auto& column : batch->columns) {
    if (column.size() != batch->rows()) std::abort();
  }
  return 0;
}
