#include "ingest/jsonl_reader.h"

#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "ingest/field_converter.h"
#include "ingest/mapped_file.h"

namespace northstar::ingest {
namespace {

constexpr size_t kRawTextLimit = 1024;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Converts one JSON value into `column`; false with `reason` when it does not fit.
bool AppendJson(const nlohmann::json& value, const FieldConverter& converter,
                const catalog::SourceDef& source, ColumnData& column, std::string& reason) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return converter.AppendNull(column, reason);
    case nlohmann::json::value_t::boolean: return converter.AppendBool(value.get<bool>(), column, reason);
    case nlohmann::json::value_t::number_integer:
      return converter.AppendInt(value.get<int64_t>(), column, reason);
    case nlohmann::json::value_t::number_unsigned: {
      const auto unsigned_value = value.get<uint64_t>();
      if (unsigned_value > static_cast<uint64_t>(INT64_MAX)) {
        reason = "number " + std::to_string(unsigned_value) + " is out of the 64-bit range";
        return false;
      }
      return converter.AppendInt(static_cast<int64_t>(unsigned_value), column, reason);
    }
    case nlohmann::json::value_t::number_float:
      return converter.AppendDouble(value.get<double>(), column, reason);
    case nlohmann::json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      for (const std::string& null_text : source.null_values) {
        if (text == null_text) return converter.AppendNull(column, reason);
      }
      return converter.AppendText(text, column, reason);
    }
    default: reason = "expected a scalar value, found an object or array"; return false;
  }
}

void Reject(const SourceContext& context, int64_t line, std::string column, std::string reason,
            std::string_view raw, Batch& batch) {
  RejectedRow row;
  row.file = context.display_path;
  row.line = line;
  row.column = std::move(column);
  row.reason = std::move(reason);
  row.raw = SanitizeUtf8(raw, kRawTextLimit);
  batch.rejected.push_back(std::move(row));
}

}  // namespace

Result<Batch> ParseJsonl(std::string_view data, const SourceContext& context) {
  const catalog::SourceDef& source = *context.source;
  std::vector<FieldConverter> converters;
  for (const catalog::ColumnDef& column : source.columns) {
    auto converter = FieldConverter::Make(column, source, *context.workspace);
    if (!converter.ok()) return context.Error(StatusCode::kInvalidArgument, converter.status().message());
    converters.push_back(std::move(converter).value());
  }
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);

  Batch batch;
  InitColumns(source, batch);
  batch.bytes_read = static_cast<int64_t>(data.size());
  std::string reason;
  int64_t line_number = 0;
  size_t position = 0;
  size_t reported = 0;
  while (position < data.size()) {
    size_t newline = data.find('\n', position);
    if (newline == std::string_view::npos) newline = data.size();
    std::string_view line = data.substr(position, newline - position);
    position = newline + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    ++batch.rows_read;

    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    } catch (const std::exception& e) {  // parse() may still throw on pathological input
      object = nlohmann::json(nlohmann::json::value_t::discarded);
    }
    if (object.is_discarded()) {
      Reject(context, line_number, "", "malformed JSON (or invalid UTF-8)", line, batch);
      continue;
    }
    if (!object.is_object()) {
      Reject(context, line_number, "", "expected a JSON object per line", line, batch);
      continue;
    }
    const size_t row = batch.rows();
    bool ok = true;
    for (size_t c = 0; c < source.columns.size(); ++c) {
      const catalog::ColumnDef& column = source.columns[c];
      const std::string& key = column.from.empty() ? column.name : column.from;
      auto found = object.find(key);
      const bool converted = found == object.end()
                                 ? converters[c].AppendNull(batch.columns[c], reason)
                                 : AppendJson(*found, converters[c], source, batch.columns[c], reason);
      if (!converted) {
        TruncateColumns(batch, row);
        Reject(context, line_number, column.name, reason, line, batch);
        ok = false;
        break;
      }
    }
    if (ok) batch.source_lines.push_back(line_number);
    if (context.options.progress && position - reported >= (size_t{8} << 20)) {
      reported = position;
      context.options.progress(static_cast<int64_t>(std::min(position, data.size())),
                               static_cast<int64_t>(data.size()), batch.rows_read);
    }
  }
  if (context.options.progress) {
    context.options.progress(static_cast<int64_t>(data.size()), static_cast<int64_t>(data.size()),
                             batch.rows_read);
  }
  return batch;
}

Result<Batch> ReadJsonlFile(const SourceContext& context) {
  auto file = MappedFile::Open(context.path);
  if (!file.ok()) {
    return context.Error(file.status().code(),
                         "cannot open " + context.display_path + ": " + file.status().message());
  }
  if (file->size() == 0) {
    return context.Error(StatusCode::kInvalidArgument,
                         context.display_path + " is empty (expected one JSON object per line)");
  }
  return ParseJsonl(file->data(), context);
}

}  // namespace northstar::ingest
