// Tokens of the formula language, as produced by the lexer (lexer.h).
#pragma once

#include <cstdint>
#include <string>

namespace northstar::formula {

enum class TokenKind {
  kEnd,          // end of the text
  kIdent,        // bare identifier or keyword: [A-Za-z_][A-Za-z0-9_]*
  kQuotedIdent,  // "any name" ("" inside stands for one ")
  kInt,          // 123 (fits int64)
  kFloat,        // 1.5, 2e3
  kString,       // 'text' ('' inside stands for one ')
  kLParen,
  kRParen,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEq,  // =
  kNe,  // != or <>
  kLt,
  kLe,
  kGt,
  kGe,
};

const char* TokenKindName(TokenKind k);  // for messages: "')'", "a number", ...

struct Token {
  TokenKind kind = TokenKind::kEnd;
  uint32_t begin = 0;  // byte range in the text
  uint32_t end = 0;
  std::string text;  // identifier / string contents with escapes resolved
  int64_t int_value = 0;
  double float_value = 0;

  // An unquoted identifier equal (ignoring ASCII case) to `keyword` (lower case).
  bool IsKeyword(const char* keyword) const;
};

}  // namespace northstar::formula
