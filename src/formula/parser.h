// Recursive-descent parser for the formula language (grammar: docs/formula.md).
//
// Precedence, loosest first: or < and < not < comparison (= != <> < <= > >=,
// is [not] null, [not] in (...), x [not] in period) < + - < * / < unary -.
// Comparisons do not chain. Nesting deeper than kMaxNestingDepth is rejected so
// that no input can exhaust the stack (the binder and printer recurse over the
// same depth).
//
// The result is an unbound tree (see ast.h): names are kName, calls are kCall.
#pragma once

#include <string>

#include "formula/ast.h"
#include "formula/source_map.h"

namespace northstar::formula {

inline constexpr int kMaxNestingDepth = 200;

struct ParseError {
  uint32_t begin = 0;  // byte range of the offending token
  uint32_t end = 0;
  std::string message;  // what was expected and what was found
  std::string hint;     // what would be valid
};

// Parses `source.text`. Column numbers inside messages come from `source`.
bool ParseExpression(const FormulaSource& source, ExprPtr* out, ParseError* error);

}  // namespace northstar::formula
