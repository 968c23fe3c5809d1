#include "quality/input_columns.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "ingest/csv_tokenizer.h"
#include "ingest/source_context.h"
#include "ingest/sqlite_reader.h"
#include "sqlite/database.h"

namespace northstar::quality {
namespace {

constexpr size_t kHeaderBytes = size_t{1} << 20;  // a header longer than 1 MiB is not a header
constexpr int kJsonlSampleLines = 100;

Result<std::string> ReadPrefix(const std::string& path, size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::string data(bytes, '\0');
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

Result<std::optional<std::vector<std::string>>> CsvColumns(const std::string& path, char delimiter) {
  ASSIGN_OR_RETURN(std::string data, ReadPrefix(path, kHeaderBytes));
  size_t start = data.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  ingest::CsvTokenizer tokenizer(delimiter);
  ingest::CsvRecord record;
  const char* p = data.data() + start;
  const char* end = data.data() + data.size();
  while (p < end) {
    tokenizer.Next(p, end, record);
    if (!record.blank()) {
      // Surrounding spaces in header cells are not part of the name (the reader ignores them too).
      std::vector<std::string> names;
      for (std::string_view f : record.fields) {
        while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
        while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
        names.emplace_back(f);
      }
      return std::optional(std::move(names));
    }
    p = record.next;
  }
  return std::optional(std::vector<std::string>{});
}

Result<std::optional<std::vector<std::string>>> JsonlColumns(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::vector<std::string> names;
  std::set<std::string> seen;
  std::string line;
  for (int objects = 0; objects < kJsonlSampleLines && std::getline(in, line);) {
    auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) continue;  // blank or malformed lines are the reader's business
    ++objects;
    for (const auto& item : parsed.items()) {
      if (seen.insert(item.key()).second) names.push_back(item.key());
    }
  }
  return std::optional(std::move(names));
}

Result<std::optional<std::vector<std::string>>> SqliteColumns(const std::string& path,
                                                              const std::string& table) {
  auto db = sqlite::OpenReadOnly(path);
  if (!db.ok()) return Status::IOError("cannot open SQLite database " + path);
  const std::string sql = ingest::SqliteSourceQuery(table);
  auto statement = sqlite::Statement::Prepare(db->get(), sql.c_str());
  if (!statement.ok()) {
    return Status::InvalidArgument(std::string("cannot read '") + table + "': " + sqlite3_errmsg(db->get()));
  }
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(statement->ColumnCount()));
  for (int i = 0; i < statement->ColumnCount(); ++i) names.push_back(statement->ColumnName(i));
  return std::optional(std::move(names));
}

}  // namespace

Result<std::optional<std::vector<std::string>>> ReadInputColumns(const catalog::SourceDef& source,
                                                                 const catalog::Workspace& workspace,
                                                                 const ingest::ReadOptions& options) {
  const ingest::SourceContext context = ingest::MakeSourceContext(source, workspace, options);
  // The same rule as the readers: never a file outside the workspace, never a FIFO.
  RETURN_IF_ERROR(ingest::CheckSourceFile(context));
  switch (source.kind) {
    case catalog::SourceKind::kCsv: return CsvColumns(context.path, source.delimiter);
    case catalog::SourceKind::kJsonl: return JsonlColumns(context.path);
    case catalog::SourceKind::kSqlite: return SqliteColumns(context.path, source.table);
    case catalog::SourceKind::kPostgres: return std::optional<std::vector<std::string>>();
  }
  return std::optional<std::vector<std::string>>();
}

}  // namespace northstar::quality
