#include "ingest/field_converter.h"

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "ingest/batch_builder.h"
#include "ingest/utf8.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;

// Reasons quote at most this much of the offending text.
constexpr size_t kQuotedTextLimit = 64;

std::string Quoted(std::string_view text) {
  std::string out = "'";
  out += SanitizeUtf8(text, kQuotedTextLimit);
  if (text.size() > kQuotedTextLimit) out += "...";
  out += "'";
  return out;
}

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

void PushInt(ColumnData& out, int64_t value) {
  out.ints.push_back(value);
  out.valid.push_back(1);
}

}  // namespace

bool ParseInt64(std::string_view text, int64_t& value) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') {
    ++first;
    if (first != last && *first == '-') return false;  // "+-5"
  }
  if (first == last) return false;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc() && ptr == last) return true;
  if (ec != std::errc() && ec != std::errc::result_out_of_range) return false;
  // An integral decimal ("3.0", "-12.000") as spreadsheets write whole numbers.
  if (ec == std::errc() && *ptr == '.' && ptr + 1 < last) {
    for (const char* p = ptr + 1; p < last; ++p) {
      if (*p != '0') return false;
    }
    return true;
  }
  return false;
}

bool ParseFiniteDouble(std::string_view text, double& value) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') {
    ++first;
    if (first != last && *first == '-') return false;  // "+-5"
  }
  if (first == last) return false;
  auto [ptr, ec] = fast_float::from_chars(first, last, value);
  return ec == std::errc() && ptr == last && std::isfinite(value);
}

bool ParseBool(std::string_view text, bool& value) {
  if (text == "1" || EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "yes")) {
    value = true;
    return true;
  }
  if (text == "0" || EqualsIgnoreCase(text, "false") || EqualsIgnoreCase(text, "no")) {
    value = false;
    return true;
  }
  return false;
}

Result<FieldConverter> FieldConverter::Make(const catalog::ColumnDef& column,
                                            const catalog::SourceDef& source,
                                            const catalog::Workspace& workspace) {
  FieldConverter converter;
  converter.type_ = column.type;
  if (column.type != ColumnType::kTimestamp) return converter;
  converter.format_ = column.format;
  if (!converter.format_.empty()) {
    Status valid = time::ValidateTimestampFormat(converter.format_);
    if (!valid.ok()) return valid.WithContext("column '" + column.name + "'");
  }
  const std::string& zone = !column.timezone.empty()   ? column.timezone
                            : !source.timezone.empty() ? source.timezone
                                                       : workspace.timezone;
  auto converted = time::ZoneConverter::Create(zone);
  if (!converted.ok()) return converted.status().WithContext("column '" + column.name + "'");
  converter.zone_ = std::move(converted).value();
  return converter;
}

bool FieldConverter::AppendText(std::string_view text, ColumnData& out, std::string& reason) const {
  switch (type_) {
    case ColumnType::kInt: {
      int64_t value = 0;
      if (!ParseInt64(text, value)) {
        reason = "bad int " + Quoted(text);
        return false;
      }
      PushInt(out, value);
      return true;
    }
    case ColumnType::kFloat: {
      double value = 0;
      if (!ParseFiniteDouble(text, value)) {
        reason = "bad float " + Quoted(text);
        return false;
      }
      out.floats.push_back(value);
      out.valid.push_back(1);
      return true;
    }
    case ColumnType::kBool: {
      bool value = false;
      if (!ParseBool(text, value)) {
        reason = "bad bool " + Quoted(text) + " (expected true/false, 1/0 or yes/no)";
        return false;
      }
      PushInt(out, value ? 1 : 0);
      return true;
    }
    case ColumnType::kString:
      if (!IsValidUtf8(text)) {
        reason = "invalid UTF-8 in " + Quoted(text);
        return false;
      }
      out.strings.emplace_back(text);
      out.valid.push_back(1);
      return true;
    case ColumnType::kTimestamp: {
      Result<time::Micros> parsed = format_.empty() ? time::ParseIsoTimestamp(text, zone_)
                                                    : time::ParseTimestampWithFormat(text, format_, zone_);
      if (!parsed.ok()) {
        reason = "bad timestamp " + Quoted(text) + " (" + parsed.status().message() + ")";
        return false;
      }
      PushInt(out, *parsed);
      return true;
    }
  }
  reason = "unknown column type";
  return false;
}

bool FieldConverter::AppendInt(int64_t value, ColumnData& out, std::string& reason) const {
  switch (type_) {
    case ColumnType::kInt: PushInt(out, value); return true;
    case ColumnType::kFloat:
      out.floats.push_back(static_cast<double>(value));
      out.valid.push_back(1);
      return true;
    case ColumnType::kBool:
      if (value == 0 || value == 1) {
        PushInt(out, value);
        return true;
      }
      reason = "bad bool " + std::to_string(value) + " (expected true/false, 1/0 or yes/no)";
      return false;
    case ColumnType::kString:
      out.strings.push_back(std::to_string(value));
      out.valid.push_back(1);
      return true;
    case ColumnType::kTimestamp:
      reason = "bad timestamp " + std::to_string(value) + " (expected a text timestamp, not a number)";
      return false;
  }
  return false;
}

bool FieldConverter::AppendDouble(double value, ColumnData& out, std::string& reason) const {
  if (!std::isfinite(value)) {
    reason = "bad float (not a finite number)";
    return false;
  }
  switch (type_) {
    case ColumnType::kInt:
      // Only whole numbers inside the int64 range (2^63 is exactly representable).
      if (value == std::trunc(value) && value >= -9223372036854775808.0 && value < 9223372036854775808.0) {
        PushInt(out, static_cast<int64_t>(value));
        return true;
      }
      reason = "bad int " + std::to_string(value) + " (not a whole number)";
      return false;
    case ColumnType::kFloat:
      out.floats.push_back(value);
      out.valid.push_back(1);
      return true;
    case ColumnType::kBool:
      if (value == 0 || value == 1) {
        PushInt(out, value == 1 ? 1 : 0);
        return true;
      }
      reason = "bad bool " + std::to_string(value) + " (expected true/false, 1/0 or yes/no)";
      return false;
    case ColumnType::kString: {
      char buffer[32];
      auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
      out.strings.emplace_back(buffer, ptr);
      out.valid.push_back(1);
      return true;
    }
    case ColumnType::kTimestamp:
      reason = "bad timestamp (expected a text timestamp, not a number)";
      return false;
  }
  return false;
}

bool FieldConverter::AppendBool(bool value, ColumnData& out, std::string& reason) const {
  switch (type_) {
    case ColumnType::kBool:
    case ColumnType::kInt: PushInt(out, value ? 1 : 0); return true;
    case ColumnType::kFloat:
      out.floats.push_back(value ? 1.0 : 0.0);
      out.valid.push_back(1);
      return true;
    case ColumnType::kString:
      out.strings.emplace_back(value ? "true" : "false");
      out.valid.push_back(1);
      return true;
    case ColumnType::kTimestamp:
      reason = std::string("bad timestamp ") + (value ? "true" : "false");
      return false;
  }
  return false;
}

}  // namespace northstar::ingest
