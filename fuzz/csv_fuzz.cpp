// Fuzzes the CSV reader on arbitrary bytes. Invariants: no crash, rows read = rows
// stored + rows rejected, every column as long as the batch, and a parse split into
// pieces at arbitrary points equals the parse in one piece.
//
// Input: byte 0 picks options (bit 0: keep the input's own header instead of the fixed
// one; bit 1: ';' as separator; bit 2: "NA" is null); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/batch_builder.h"
#include "ingest/csv_reader.h"
#include "ingest/source_context.h"

namespace {

using northstar::catalog::ColumnType;

northstar::catalog::ColumnDef Column(const char* name, ColumnType type, const char* format = "") {
  northstar::catalog::ColumnDef column;
  column.name = name;
  column.from = name;
  column.type = type;
  column.format = format;
  return column;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

bool SameBatch(const northstar::ingest::Batch& a, const northstar::ingest::Batch& b) {
  if (a.rows_read != b.rows_read || a.source_lines != b.source_lines ||
      a.rejected.size() != b.rejected.size()) {
    return false;
  }
  for (size_t c = 0; c < a.columns.size(); ++c) {
    if (a.columns[c].ints != b.columns[c].ints ||
        northstar::ingest::StringValues(a.columns[c]) != northstar::ingest::StringValues(b.columns[c]) ||
        a.columns[c].valid != b.columns[c].valid ||
        a.columns[c].floats.size() != b.columns[c].floats.size()) {
      return false;
    }
  }
  for (size_t r = 0; r < a.rejected.size(); ++r) {
    if (a.rejected[r].line != b.rejected[r].line || a.rejected[r].reason != b.rejected[r].reason)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  northstar::catalog::SourceDef source;
  source.id = "fuzz";
  source.path = "fuzz.csv";
  source.delimiter = (flags & 2) != 0 ? ';' : ',';
  if ((flags & 4) != 0) source.null_values = {"", "NA"};
  source.columns = {Column("id", ColumnType::kInt),
                    Column("amount", ColumnType::kFloat),
                    Column("flag", ColumnType::kBool),
                    Column("at", ColumnType::kTimestamp),
                    Column("day", ColumnType::kTimestamp, "%m/%d/%Y %H:%M"),
                    Column("note", ColumnType::kString)};
  std::string bytes;
  if ((flags & 1) == 0)
    bytes = (flags & 2) != 0 ? "id;amount;flag;at;day;note\n" : "id,amount,flag,at,day,note\n";
  bytes.append(reinterpret_cast<const char*>(data) + 1, size - 1);

  northstar::catalog::Workspace workspace;
  workspace.timezone = "Europe/Berlin";
  northstar::ingest::ReadOptions one;
  one.threads = 1;
  auto single =
      northstar::ingest::ParseCsv(bytes, northstar::ingest::MakeSourceContext(source, workspace, one));
  if (!single.ok()) return 0;
  Check(single->rows_read == static_cast<int64_t>(single->rows() + single->rejected.size()));
  for (const auto& column : single->columns) Check(column.size() == single->rows());

  // Three pieces parsed one after another on this thread: the stitching is what is
  // checked here, and spawning threads per input would cut the executions tenfold.
  northstar::ingest::ReadOptions many;
  many.threads = 1;
  many.chunks = 3;
  auto split =
      northstar::ingest::ParseCsv(bytes, northstar::ingest::MakeSourceContext(source, workspace, many), 1);
  Check(split.ok());
  Check(SameBatch(*single, *split));
  return 0;
}
