#include "ingest/sqlite_reader.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "common/text.h"
#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "ingest/field_converter.h"

namespace northstar::ingest {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CellText(sqlite3_stmt* statement, int index) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, index));
  if (text == nullptr) return "";
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, index)));
}

}  // namespace

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
  sqlite3* raw_db = nullptr;
  const int opened = sqlite3_open_v2(context.path.c_str(), &raw_db, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, CloseDatabase> db(raw_db);
  if (opened != SQLITE_OK) {
    return context.Error(StatusCode::kIOError, "cannot open SQLite database " + context.display_path + ": " +
                                                   (db ? sqlite3_errmsg(db.get()) : "out of memory"));
  }
  if (query_or_table.empty()) {
    return context.Error(
        StatusCode::kInvalidArgument,
        "no table given for SQLite database " + context.display_path + " (write sqlite:PATH#TABLE)");
  }
  const std::string sql =
      LooksLikeQuery(query_or_table) ? query_or_table : "SELECT * FROM " + QuoteIdentifier(query_or_table);
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw_statement, nullptr) != SQLITE_OK) {
    return context.Error(StatusCode::kInvalidArgument, "cannot read '" + query_or_table + "' from " +
                                                           context.display_path + ": " +
                                                           sqlite3_errmsg(db.get()));
  }
  std::unique_ptr<sqlite3_stmt, FinalizeStatement> statement(raw_statement);

  std::vector<std::string> names;
  for (int i = 0; i < sqlite3_column_count(statement.get()); ++i) {
    const char* name = sqlite3_column_name(statement.get(), i);
    names.emplace_back(name != nullptr ? name : "");
  }
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
    const int step = sqlite3_step(statement.get());
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      return context.Error(StatusCode::kIOError, "reading '" + query_or_table + "' from " +
                                                     context.display_path + " failed at row " +
                                                     std::to_string(row_number + 1) + ": " +
                                                     sqlite3_errmsg(db.get()));
    }
    ++row_number;
    ++batch.rows_read;
    const size_t row = batch.rows();
    bool ok = true;
    for (size_t c = 0; c < source.columns.size() && ok; ++c) {
      const int index = result_index[c];
      ColumnData& column = batch.columns[c];
      switch (sqlite3_column_type(statement.get(), index)) {
        case SQLITE_NULL: ok = converters[c].AppendNull(column, reason); break;
        case SQLITE_INTEGER:
          ok = converters[c].AppendInt(sqlite3_column_int64(statement.get(), index), column, reason);
          break;
        case SQLITE_FLOAT:
          ok = converters[c].AppendDouble(sqlite3_column_double(statement.get(), index), column, reason);
          break;
        default: {  // TEXT, or a BLOB read as its bytes
          const std::string text = CellText(statement.get(), index);
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
          raw += CellText(statement.get(), static_cast<int>(k));
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
