// Splits formula text into tokens. Pure function of the text; no allocation
// beyond the token vector. Rejects texts longer than kMaxFormulaLength.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "formula/token.h"

namespace northstar::formula {

inline constexpr size_t kMaxFormulaLength = 64 * 1024;

struct LexError {
  uint32_t begin = 0;  // byte range of the offending text
  uint32_t end = 0;
  std::string message;
  std::string hint;
};

// On success `tokens` ends with a kEnd token and the result is true; on failure
// `error` says where and why.
bool Tokenize(std::string_view text, std::vector<Token>* tokens, LexError* error);

}  // namespace northstar::formula
