// Canonical text of a formula: one spelling per tree, for definition hashing and
// as the starting point of SQL generation.
//
// Normalisation: keywords and function names in lower case, single spaces around
// binary operators, ", " between arguments, only the parentheses precedence needs,
// names double-quoted only when they must be, strings single-quoted ('' escapes),
// != for inequality, floats in the shortest form that reads back exactly.
// For any parsed tree t: Parse(ToCanonicalString(t)) is structurally equal to t.
// Bound trees print the same way (an aggregate's explicit source, a calendar, a
// percentile fraction and a series period count print from their bound fields).
#pragma once

#include <string>

#include "formula/ast.h"

namespace northstar::formula {

std::string ToCanonicalString(const Expr& e);

// `name` as written in a formula: bare when it is a plain identifier and not a
// keyword, else in double quotes.
std::string QuoteName(const std::string& name);

}  // namespace northstar::formula
