// Maps byte offsets of a formula (or filter) text onto the file it was read from,
// and draws caret excerpts for diagnostics.
//
// Single-line texts map 1:1 onto the file line (column = start.column + offset).
// Multi-line texts (YAML block scalars) count newlines: line = start.line + the
// number of newlines before the offset, column = start.column + the offset within
// that line, which matches block scalars whose lines share one indentation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/source_location.h"

namespace northstar::formula {

struct FormulaSource {
  std::string_view text;
  SourceLocation start{"", 1, 1};  // where text[0] is in the file
  bool single_line = false;        // true: never count newlines

  SourceLocation At(uint32_t offset) const;
  // "line 2, column 7" when the text spans lines, else "column 7" (file columns).
  std::string DescribeColumn(uint32_t offset) const;
  // The text line holding `begin`, then a line with '^' under [begin, end), each
  // indented by four spaces.
  std::string Excerpt(uint32_t begin, uint32_t end) const;
};

}  // namespace northstar::formula
