#include "ingest/field_converter.h"

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "time/civil.h"

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

// n digits at p as a number; false when any is not a digit.
template <int n>
inline bool Digits(const char* p, int32_t& out) {
  int32_t v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int32_t>(d);
  }
  out = v;
  return true;
}

}  // namespace

bool ParseIsoTimestampFast(std::string_view text, const time::ZoneConverter& zone, int64_t& micros) {
  IsoDateMemo memo;
  return ParseIsoTimestampFast(text, zone, memo, micros);
}

bool ParseIsoTimestampFast(std::string_view text, const time::ZoneConverter& zone, IsoDateMemo& memo,
                           int64_t& micros) {
  const char* s = text.data();
  const size_t n = text.size();
  if (n < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  uint64_t head;
  uint16_t tail;
  std::memcpy(&head, s, sizeof head);
  std::memcpy(&tail, s + 8, sizeof tail);
  if (!memo.set || memo.head != head || memo.tail != tail) {
    int32_t year, month, day;
    if (s[4] != '-' || s[7] != '-' || !Digits<4>(s, year) || !Digits<2>(s + 5, month) ||
        !Digits<2>(s + 8, day)) {
      return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > time::DaysInMonth(year, month)) return false;
    memo.set = true;
    memo.head = head;
    memo.tail = tail;
    memo.day_micros = int64_t{time::DaysFromCivil(year, month, day)} * 86'400'000'000;
  }
  int32_t hour, minute, second;
  if (!Digits<2>(s + 11, hour) || !Digits<2>(s + 14, minute) || !Digits<2>(s + 17, second) || hour > 23 ||
      minute > 59 || second > 59) {
    return false;
  }
  size_t p = 19;
  int32_t fraction = 0;
  if (p < n && s[p] == '.') {
    ++p;
    int digits = 0;
    while (p < n && digits < 7 && static_cast<unsigned>(static_cast<unsigned char>(s[p]) - '0') <= 9) {
      fraction = fraction * 10 + (s[p] - '0');
      ++digits;
      ++p;
    }
    if (digits == 0 || digits > 6) return false;
    for (int i = digits; i < 6; ++i) fraction *= 10;
  }
  const int64_t wall = memo.day_micros + int64_t{hour * 3600 + minute * 60 + second} * 1'000'000 + fraction;
  if (p == n) {
    micros = zone.LocalToUtc(wall);
    return true;
  }
  if (s[p] == 'Z' && p + 1 == n) {
    micros = wall;
    return true;
  }
  if (p + 6 != n || (s[p] != '+' && s[p] != '-') || s[p + 3] != ':') return false;
  int32_t offset_hours, offset_minutes;
  if (!Digits<2>(s + p + 1, offset_hours) || !Digits<2>(s + p + 4, offset_minutes) || offset_hours > 23 ||
      offset_minutes > 59) {
    return false;
  }
  const int64_t offset = int64_t{offset_hours * 3600 + offset_minutes * 60} * 1'000'000;
  micros = s[p] == '-' ? wall + offset : wall - offset;
  return true;
}

namespace {

// Plain decimal digits with an optional '-', short enough not to overflow: the usual
// id or count, without from_chars' generality. False sends the text to ParseInt64.
inline bool ParsePlainInt(std::string_view text, int64_t& value) {
  const char* p = text.data();
  size_t n = text.size();
  const bool negative = n > 0 && *p == '-';
  p += negative;
  n -= negative;
  if (n == 0 || n > 18) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  value = negative ? -v : v;
  return true;
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
  // The common spellings first, by length: one compare each.
  switch (text.size()) {
    case 1:
      if (text[0] == '1' || text[0] == '0') {
        value = text[0] == '1';
        return true;
      }
      return false;
    case 4:
      if (text == "true") {
        value = true;
        return true;
      }
      break;
    case 5:
      if (text == "false") {
        value = false;
        return true;
      }
      break;
    case 2:
    case 3: break;
    default: return false;
  }
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
  converter.is_key_ = !source.key.empty() && column.name == source.key;
  converter.max_field_bytes_ = workspace.limits.max_field_bytes;
  if (column.type != ColumnType::kTimestamp) return converter;
  converter.is_time_ = !source.time.empty() && column.name == source.time;
  constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
  converter.first_micros_ = workspace.limits.first_day * kMicrosPerDay;
  converter.end_micros_ = (int64_t{workspace.limits.last_day} + 1) * kMicrosPerDay;
  converter.time_range_text_ = time::FormatLocalDate(workspace.limits.first_day) + ".." +
                               time::FormatLocalDate(workspace.limits.last_day);
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

bool FieldConverter::AppendNull(ColumnData& out, std::string& reason) const {
  if (is_key_) {
    reason = "empty key";
    return false;
  }
  ingest::AppendNull(out);
  return true;
}

bool FieldConverter::AcceptsSize(std::string_view text, std::string* reason) const {
  if (static_cast<int64_t>(text.size()) <= max_field_bytes_) return true;
  if (reason != nullptr) {
    *reason = "field of " + std::to_string(text.size()) + " bytes is over the limit of " +
              std::to_string(max_field_bytes_) + " bytes (`limits: max_field_bytes` in northstar.yaml)";
  }
  return false;
}

bool FieldConverter::AcceptsTime(int64_t micros, std::string* reason) const {
  if (!is_time_ || (micros >= first_micros_ && micros < end_micros_)) return true;
  if (reason != nullptr) {
    *reason = "time " + time::FormatIso(micros, nullptr) + " is outside the accepted range " +
              time_range_text_ + " (`limits: time_range` in northstar.yaml)";
  }
  return false;
}

bool FieldConverter::AppendText(std::string_view text, ColumnData& out, std::string& reason) const {
  if (!AcceptsSize(text, &reason)) return false;
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
    case ColumnType::kString: {
      if (is_key_ && text.empty()) {
        reason = "empty key";
        return false;
      }
      // Only values new to the dictionary need checking: the others were checked.
      const int64_t known = out.coder.Find(out.dictionary, text);
      if (known >= 0) {
        out.codes.push_back(static_cast<uint32_t>(known));
        out.valid.push_back(1);
        return true;
      }
      if (!IsValidUtf8(text)) {
        reason = "invalid UTF-8 in " + Quoted(text);
        return false;
      }
      out.AppendString(text);
      return true;
    }
    case ColumnType::kTimestamp: {
      int64_t micros = 0;
      if (!format_.empty() || !ParseIsoTimestampFast(text, zone_, micros)) {
        Result<time::Micros> parsed = format_.empty() ? time::ParseIsoTimestamp(text, zone_)
                                                      : time::ParseTimestampWithFormat(text, format_, zone_);
        if (!parsed.ok()) {
          reason = "bad timestamp " + Quoted(text) + " (" + parsed.status().message() + ")";
          return false;
        }
        micros = *parsed;
      }
      if (!AcceptsTime(micros, &reason)) return false;
      PushInt(out, micros);
      return true;
    }
  }
  reason = "unknown column type";
  return false;
}

bool FieldConverter::AppendTexts(const std::string_view* fields, size_t stride, size_t n,
                                 const NullTexts& nulls, ColumnData& out) const {
  // The rare rows a rule refuses go back to AppendText / AppendNull, which word why.
  for (size_t i = 0; i < n; ++i) {
    const std::string_view text = fields[i * stride];
    if (!AcceptsSize(text, nullptr) || (is_key_ && (text.empty() || nulls.Is(text)))) return false;
  }
  const size_t base = out.valid.size();
  out.valid.resize(base + n);
  uint8_t* const valid = out.valid.data() + base;
  // Each loop writes value and validity of row i; a null leaves the zeros of resize.
  switch (type_) {
    case ColumnType::kInt:
    case ColumnType::kBool:
    case ColumnType::kTimestamp: {
      out.ints.resize(base + n);
      int64_t* const values = out.ints.data() + base;
      if (type_ == ColumnType::kInt) {
        for (size_t i = 0; i < n; ++i) {
          const std::string_view text = fields[i * stride];
          if (nulls.Is(text)) continue;
          if (!ParsePlainInt(text, values[i]) && !ParseInt64(text, values[i])) return false;
          valid[i] = 1;
        }
      } else if (type_ == ColumnType::kBool) {
        for (size_t i = 0; i < n; ++i) {
          const std::string_view text = fields[i * stride];
          if (nulls.Is(text)) continue;
          bool value = false;
          if (!ParseBool(text, value)) return false;
          values[i] = value ? 1 : 0;
          valid[i] = 1;
        }
      } else {
        IsoDateMemo memo;
        for (size_t i = 0; i < n; ++i) {
          const std::string_view text = fields[i * stride];
          if (nulls.Is(text)) continue;
          if (!format_.empty() || !ParseIsoTimestampFast(text, zone_, memo, values[i])) {
            Result<time::Micros> parsed = format_.empty()
                                              ? time::ParseIsoTimestamp(text, zone_)
                                              : time::ParseTimestampWithFormat(text, format_, zone_);
            if (!parsed.ok()) return false;
            values[i] = *parsed;
          }
          if (!AcceptsTime(values[i], nullptr)) return false;
          valid[i] = 1;
        }
      }
      return true;
    }
    case ColumnType::kFloat: {
      out.floats.resize(base + n);
      double* const values = out.floats.data() + base;
      for (size_t i = 0; i < n; ++i) {
        const std::string_view text = fields[i * stride];
        if (nulls.Is(text)) continue;
        if (!ParseFiniteDouble(text, values[i])) return false;
        valid[i] = 1;
      }
      return true;
    }
    case ColumnType::kString: {
      out.codes.resize(base + n);
      for (size_t i = 0; i < n; ++i) {
        const std::string_view text = fields[i * stride];
        if (nulls.Is(text)) continue;
        int64_t code = out.coder.Find(out.dictionary, text);
        if (code < 0) {
          // Only values new to the dictionary need checking: the others were checked.
          if (!IsValidUtf8(text)) return false;
          code = out.CodeOf(text);
        }
        out.codes[base + i] = static_cast<uint32_t>(code);
        valid[i] = 1;
      }
      return true;
    }
  }
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
    case ColumnType::kString: out.AppendString(std::to_string(value)); return true;
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
      out.AppendString(std::string_view(buffer, ptr - buffer));
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
    case ColumnType::kString: out.AppendString(value ? "true" : "false"); return true;
    case ColumnType::kTimestamp:
      reason = std::string("bad timestamp ") + (value ? "true" : "false");
      return false;
  }
  return false;
}

}  // namespace northstar::ingest
