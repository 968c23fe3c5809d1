#include "ingest/postgres_reader.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "common/text.h"
#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "ingest/field_converter.h"
#include "ingest/libpq.h"
#include "ingest/sqlite_reader.h"

namespace northstar::ingest {
namespace {

constexpr Oid kBoolOid = 16;

std::string QuoteIdentifier(const std::string& name) {
  // A dotted name (schema.table) is quoted part by part.
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    out += "\"";
    for (char c : part) {
      if (c == '"') out += '"';
      out += c;
    }
    out += "\"";
    if (dot == std::string::npos) break;
    out += ".";
    start = dot + 1;
  }
  return out;
}

}  // namespace

std::string RedactConninfo(const std::string& conninfo) {
  std::string out = conninfo;
  // URI form: postgresql://user:secret@host
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t at = out.find('@', scheme + 3);
    const size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // key=value form: password=secret or password='se cret'
  for (size_t key = out.find("password"); key != std::string::npos; key = out.find("password", key + 1)) {
    size_t p = key + 8;
    while (p < out.size() && out[p] == ' ') ++p;
    if (p >= out.size() || out[p] != '=') continue;
    ++p;
    while (p < out.size() && out[p] == ' ') ++p;
    size_t value_end = p;
    if (value_end < out.size() && out[value_end] == '\'') {
      ++value_end;
      while (value_end < out.size() && out[value_end] != '\'') value_end += out[value_end] == '\\' ? 2 : 1;
      value_end = std::min(value_end + 1, out.size());
    } else {
      while (value_end < out.size() && out[value_end] != ' ') ++value_end;
    }
    out.replace(p, value_end - p, "***");
  }
  return out;
}

Result<Batch> ReadPostgres(const SourceContext& context, const std::string& query_or_table) {
  const catalog::SourceDef& source = *context.source;
  SourceContext safe = context;
  safe.display_path = RedactConninfo(context.display_path);
  auto loaded = LoadLibPq();
  if (!loaded.ok()) return safe.Error(StatusCode::kUnsupported, loaded.status().message());
  const LibPq* pq = *loaded;
  std::unique_ptr<PGconn, FinishConnection> connection(pq->connectdb(context.path.c_str()),
                                                       FinishConnection{pq});
  if (!connection || pq->status(connection.get()) != CONNECTION_OK) {
    return safe.Error(StatusCode::kIOError, "cannot connect to PostgreSQL (" + safe.display_path + "): " +
                                                (connection ? OneLine(pq->errorMessage(connection.get()))
                                                            : std::string("out of memory")));
  }
  if (query_or_table.empty()) {
    return safe.Error(StatusCode::kInvalidArgument, "no query given (write postgres:CONNINFO#QUERY)");
  }
  const std::string sql =
      LooksLikeQuery(query_or_table) ? query_or_table : "SELECT * FROM " + QuoteIdentifier(query_or_table);
  std::unique_ptr<PGresult, ClearResult> result(pq->execParams(connection.get(), sql.c_str(), 0, nullptr,
                                                               nullptr, nullptr, nullptr, /*resultFormat=*/0),
                                                ClearResult{pq});
  if (!result || pq->resultStatus(result.get()) != PGRES_TUPLES_OK) {
    return safe.Error(StatusCode::kInvalidArgument, "cannot read '" + query_or_table + "' from PostgreSQL: " +
                                                        OneLine(result ? pq->resultErrorMessage(result.get())
                                                                       : pq->errorMessage(connection.get())));
  }
  PGresult* rows = result.get();
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(pq->nfields(rows)));
  for (int i = 0; i < pq->nfields(rows); ++i) names.emplace_back(pq->fname(rows, i));
  std::vector<int> result_index;
  std::vector<FieldConverter> converters;
  for (const catalog::ColumnDef& column : source.columns) {
    const std::string& wanted = column.from.empty() ? column.name : column.from;
    auto found = std::find(names.begin(), names.end(), wanted);
    if (found == names.end()) {
      std::string what = "'";
      what.append(query_or_table).append("' has no column '").append(wanted).append("'");
      what += DidYouMean(wanted, names);
      what.append("; its columns are: ").append(Join(names, ", "));
      return safe.Error(StatusCode::kInvalidArgument, what);
    }
    result_index.push_back(static_cast<int>(found - names.begin()));
    auto converter = FieldConverter::Make(column, source, *context.workspace);
    if (!converter.ok()) return safe.Error(StatusCode::kInvalidArgument, converter.status().message());
    converters.push_back(std::move(converter).value());
  }

  Batch batch;
  InitColumns(source, batch);
  const int row_count = pq->ntuples(rows);
  ReserveRows(batch, static_cast<size_t>(row_count));
  std::string reason;
  for (int r = 0; r < row_count; ++r) {
    ++batch.rows_read;
    const size_t row = batch.rows();
    bool ok = true;
    for (size_t c = 0; c < source.columns.size(); ++c) {
      const int index = result_index[c];
      ColumnData& column = batch.columns[c];
      bool converted;
      if (pq->getisnull(rows, r, index)) {
        converted = converters[c].AppendNull(column, reason);
      } else {
        std::string_view text(pq->getvalue(rows, r, index),
                              static_cast<size_t>(pq->getlength(rows, r, index)));
        if (pq->ftype(rows, index) == kBoolOid) text = text == "t" ? "true" : text == "f" ? "false" : text;
        converted =
            std::find(source.null_values.begin(), source.null_values.end(), text) != source.null_values.end()
                ? converters[c].AppendNull(column, reason)
                : converters[c].AppendText(text, column, reason);
      }
      if (!converted) {
        TruncateColumns(batch, row);
        std::string raw;
        for (int k = 0; k < pq->nfields(rows); ++k) {
          if (k > 0) raw += ",";
          raw += pq->getvalue(rows, r, k);
        }
        batch.rejected.push_back(
            RejectedRow{"postgres", r + int64_t{1}, source.columns[c].name, reason, SanitizeUtf8(raw, 1024)});
        ok = false;
        break;
      }
    }
    if (ok) batch.source_lines.push_back(r + int64_t{1});
  }
  if (context.options.progress) context.options.progress(0, 0, batch.rows_read);
  return batch;
}

}  // namespace northstar::ingest
