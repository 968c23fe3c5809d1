#include "ingest/read_source.h"

#include "ingest/csv_reader.h"
#include "ingest/jsonl_reader.h"
#include "ingest/postgres_reader.h"
#include "ingest/source_context.h"
#include "ingest/sqlite_reader.h"

namespace northstar::ingest {

Result<Batch> ReadSource(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                         const ReadOptions& options) {
  const SourceContext context = MakeSourceContext(source, workspace, options);
  RETURN_IF_ERROR(CheckSourceFile(context));
  switch (source.kind) {
    case catalog::SourceKind::kCsv: return ReadCsvFile(context);
    case catalog::SourceKind::kJsonl: return ReadJsonlFile(context);
    case catalog::SourceKind::kSqlite: return ReadSqlite(context, source.table);
    case catalog::SourceKind::kPostgres: return ReadPostgres(context, source.table);
  }
  return context.Error(StatusCode::kUnsupported, "unknown source kind");
}

Result<ReadTotals> ReadSourceInChunks(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                                      const ReadOptions& options, const ChunkSink& sink) {
  if (source.kind == catalog::SourceKind::kCsv) {
    const SourceContext context = MakeSourceContext(source, workspace, options);
    RETURN_IF_ERROR(CheckSourceFile(context));
    return ReadCsvFileInChunks(context, sink);
  }
  ASSIGN_OR_RETURN(Batch batch, ReadSource(source, workspace, options));
  ReadTotals totals = ReadTotals::TakeFrom(batch);
  RETURN_IF_ERROR(sink(std::move(batch)));
  return totals;
}

}  // namespace northstar::ingest
