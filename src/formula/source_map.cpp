#include "formula/source_map.h"

#include <algorithm>

namespace northstar::formula {

SourceLocation FormulaSource::At(uint32_t offset) const {
  SourceLocation out = start;
  size_t limit = std::min<size_t>(offset, text.size());
  if (single_line) {
    out.column = start.column + static_cast<int32_t>(offset);
    return out;
  }
  size_t line_start = 0;
  int32_t newlines = 0;
  for (size_t i = 0; i < limit; ++i) {
    if (text[i] == '\n') {
      ++newlines;
      line_start = i + 1;
    }
  }
  out.line = start.line + newlines;
  out.column = start.column + static_cast<int32_t>(offset - line_start);
  return out;
}

std::string FormulaSource::DescribeColumn(uint32_t offset) const {
  SourceLocation at = At(offset);
  bool multi_line = !single_line && text.find('\n') != std::string_view::npos;
  if (multi_line) return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
  return "column " + std::to_string(at.column);
}

std::string FormulaSource::Excerpt(uint32_t begin, uint32_t end) const {
  size_t b = std::min<size_t>(begin, text.size());
  size_t newline = text.substr(0, b).rfind('\n');
  size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  size_t line_end = text.find('\n', b);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string line(text.substr(line_start, line_end - line_start));
  for (char& c : line) {
    if (c == '\t' || c == '\r') c = ' ';
  }
  size_t caret_len =
      std::max<size_t>(1, std::min<size_t>(end, line_end) > b ? std::min<size_t>(end, line_end) - b : 1);
  std::string out = "    " + line + "\n    " + std::string(b - line_start, ' ') + std::string(caret_len, '^');
  return out;
}

}  // namespace northstar::formula
