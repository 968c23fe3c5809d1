#include "engine/output.h"

#include "common/text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace northstar::engine {
namespace {

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string FormatNumber(const std::optional<double>& v) {
  return v ? ShortestNumber(*v) : "";
}

std::string FormatCsv(const std::vector<ComputedValue>& values) {
  std::string out = "kpi,period,segment,value\n";
  for (const auto& v : values) {
    out += CsvField(v.kpi);
    out += ',';
    out += CsvField(v.PeriodText());
    out += ',';
    out += CsvField(v.segment);
    out += ',';
    out += FormatNumber(v.value);
    out += '\n';
  }
  return out;
}

std::string FormatJson(const std::vector<ComputedValue>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    out += i ? ",\n " : "\n ";
    out += "{\"kpi\":" + JsonString(v.kpi) + ",\"grain\":" + JsonString(catalog::GrainName(v.grain)) +
           ",\"period\":" + JsonString(v.PeriodText()) + ",\"segment\":" + JsonString(v.segment) +
           ",\"value\":" + (v.value ? FormatNumber(v.value) : "null") +
           ",\"rows\":" + std::to_string(v.rows) + "}";
  }
  out += values.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string FormatTable(const std::vector<ComputedValue>& values) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"KPI", "PERIOD", "SEGMENT", "VALUE", "ROWS"});
  for (const auto& v : values) {
    rows.push_back(
        {v.kpi, v.PeriodText(), v.segment, v.value ? FormatNumber(v.value) : "-", std::to_string(v.rows)});
  }
  std::array<size_t, 5> width{};
  for (const auto& r : rows) {
    for (size_t c = 0; c < 5; ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::string out;
  for (const auto& r : rows) {
    for (size_t c = 0; c < 5; ++c) {
      const bool right = c >= 3;
      const std::string pad(width[c] - r[c].size(), ' ');
      out += right ? pad + r[c] : r[c] + (c + 1 < 5 ? pad : "");
      if (c + 1 < 5) out += "  ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace northstar::engine
