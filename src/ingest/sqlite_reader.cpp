#include "ingest/sqlite_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/text.h"
#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "ingest/field_converter.h"
#include "sqlite/database.h"

namespace northstar::ingest {
namespace {

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string SqliteSourceQuery(const std::string& query_or_table) {
  return LooksLikeQuery(query_or_table) ? query_or_table : "SELECT * FROM " + QuoteIdentifier(query_or_table);
}

bool LooksLikeQuery(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  std::string word;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    ++i;
  }
  return (word == "select" || word == "with") && i < text.size();
}

Result<Batch> ReadSqlite(const SourceContext& context, const std::string& query_or_table) {
  const catalog::SourceDef& source = *context.source;
  struct stat info {};
  if (::stat(context.path.c_str(), &info) != 0) {
    return context.Error(StatusCode::kNotFound,
                         "cannot open " + context.display_path + ": No such file or directory");
  }
  auto db = sqlite::OpenReadOnly(context.path);
  if (!db.ok()) {
    return context.Error(StatusCode::kIOError, "cannot open SQLite database " + context.display_path + ": " +
                                                   db.status().message());
  }
  if (query_or_table.empty()) {
    return context.Error(
        StatusCode::kInvalidArgument,
        "no table given for SQLite database " + context.display_path + " (write sqlite:PATH#TABLE)");
  }
  const std::string sql = SqliteSourceQuery(query_or_table);
  auto prepared = sqlite::Statement::Prepare(db->get(), sql.c_str());
  if (!prepared.ok()) {
    return context.Error(StatusCode::kInvalidArgument, "cannot read '" + query_or_table + "' from " +
                                                           context.display_path + ": " +
                                                           sqlite3_errmsg(db->get()));
  }
  sqlite::Statement& statement = *prepared;

  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(statement.ColumnCount()));
  for (int i = 0; i < statement.ColumnCount(); ++i) names.push_back(statement.ColumnName(i));
  std::vector<int> result_index;
  std::vector<FieldConverter> converters;
  for (const catalog::ColumnDef& column : source.columns) {
    const std::string& wanted = column.from.empty() ? column.name : column.from;
    auto found = std::find(names.begin(), names.end(), wanted);
    if (found == names.end()) {
      std::string what = "'";
      what.append(query_or_table).append("' in ").append(context.display_path);
      what.append(" has no column '").append(wanted).append("'");
      what += DidYouMean(wanted, names);
      what.append("; its columns are: ").append(Join(names, ", "));
      return context.Error(StatusCode::kInvalidArgument, what);
    }
    result_index.push_back(static_cast<int>(found - names.begin()));
    auto converter = FieldConverter::Make(column, source, *context.workspace);
    if (!converter.ok()) return context.Error(StatusCode::kInvalidArgument, converter.status().message());
    converters.push_back(std::move(converter).value());
  }

  Batch batch;
  InitColumns(source, batch);
  const std::string file_label = "sqlite:" + context.display_path;
  std::string reason;
  int64_t row_number = 0;
  while (true) {
    const Result<bool> step = statement.Step();
    if (!step.ok()) {
      return context.Error(StatusCode::kIOError, "reading '" + query_or_table + "' from " +
                                                     context.display_path + " failed at row " +
                                                     std::to_string(row_number + 1) + ": " +
                                                     sqlite3_errmsg(db->get()));
    }
    if (!*step) break;
    ++row_number;
    ++batch.rows_read;
    const size_t row = batch.rows();
    bool ok = true;
    for (size_t c = 0; c < source.columns.size() && ok; ++c) {
      const int index = result_index[c];
      ColumnData& column = batch.columns[c];
      switch (statement.Type(index)) {
        case SQLITE_NULL: ok = converters[c].AppendNull(column, reason); break;
        case SQLITE_INTEGER: ok = converters[c].AppendInt(statement.Int(index), column, reason); break;
        case SQLITE_FLOAT: ok = converters[c].AppendDouble(*statement.Double(index), column, reason); break;
        default: {  // TEXT, or a BLOB read as its bytes
          const std::string text = statement.Text(index);
          if (std::find(source.null_values.begin(), source.null_values.end(), text) !=
              source.null_values.end()) {
            ok = converters[c].AppendNull(column, reason);
          } else {
            ok = converters[c].AppendText(text, column, reason);
          }
        }
      }
      if (!ok) {
        TruncateColumns(batch, row);
        std::string raw;
        for (size_t k = 0; k < names.size(); ++k) {
          if (k > 0) raw += ",";
          raw += statement.Text(static_cast<int>(k));
        }
        batch.rejected.push_back(
            RejectedRow{file_label, row_number, source.columns[c].name, reason, SanitizeUtf8(raw, 1024)});
      }
    }
    if (ok) batch.source_lines.push_back(row_number);
    if (context.options.progress && row_number % 100000 == 0) context.options.progress(0, 0, row_number);
  }
  if (context.options.progress) context.options.progress(0, 0, row_number);
  return batch;
}

}  // namespace northstar::ingest
