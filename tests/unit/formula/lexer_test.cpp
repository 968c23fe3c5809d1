#include "formula/lexer.h"

#include <gtest/gtest.h>

namespace northstar::formula {
namespace {

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> tokens;
  LexError error;
  EXPECT_TRUE(Tokenize(text, &tokens, &error)) << error.message;
  return tokens;
}

LexError LexFailure(std::string_view text) {
  std::vector<Token> tokens;
  LexError error;
  EXPECT_FALSE(Tokenize(text, &tokens, &error));
  return error;
}

TEST(LexerTest, SplitsOperatorsNamesAndLiterals) {
  auto t = Lex("count(x where a.b >= 1.5e2) <> 'it''s' and \"Ticket Status\" != 42");
  std::vector<TokenKind> kinds;
  for (const auto& tok : t) kinds.push_back(tok.kind);
  std::vector<TokenKind> expected = {
      TokenKind::kIdent, TokenKind::kLParen, TokenKind::kIdent, TokenKind::kIdent,       TokenKind::kIdent,
      TokenKind::kDot,   TokenKind::kIdent,  TokenKind::kGe,    TokenKind::kFloat,       TokenKind::kRParen,
      TokenKind::kNe,    TokenKind::kString, TokenKind::kIdent, TokenKind::kQuotedIdent, TokenKind::kNe,
      TokenKind::kInt,   TokenKind::kEnd};
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(t[8].float_value, 150.0);
  EXPECT_EQ(t[11].text, "it's");
  EXPECT_EQ(t[13].text, "Ticket Status");
  EXPECT_EQ(t[15].int_value, 42);
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 5u);
  EXPECT_EQ(t[1].begin, 5u);
}

TEST(LexerTest, KeepsIntegersExact) {
  auto t = Lex("9223372036854775807");
  ASSERT_EQ(t[0].kind, TokenKind::kInt);
  EXPECT_EQ(t[0].int_value, INT64_MAX);
  auto e = LexFailure("9223372036854775808");
  EXPECT_NE(e.message.find("does not fit in 64 bits"), std::string::npos);
}

TEST(LexerTest, KeywordsAreCaseInsensitiveButNotWhenQuoted) {
  auto t = Lex("AND \"and\"");
  EXPECT_TRUE(t[0].IsKeyword("and"));
  EXPECT_FALSE(t[1].IsKeyword("and"));
}

TEST(LexerTest, ReportsUnclosedStringsAndStrayCharacters) {
  auto e = LexFailure("count() + 'abc");
  EXPECT_EQ(e.begin, 10u);
  EXPECT_NE(e.message.find("not closed"), std::string::npos);
  e = LexFailure("a # b");
  EXPECT_EQ(e.begin, 2u);
  EXPECT_NE(e.message.find("'#'"), std::string::npos);
  e = LexFailure("12abc");
  EXPECT_NE(e.message.find("malformed number"), std::string::npos);
  e = LexFailure("x \xC3\xA9");
  EXPECT_NE(e.message.find("0xC3"), std::string::npos);
}

TEST(LexerTest, RejectsOverlongText) {
  std::string text(kMaxFormulaLength + 1, ' ');
  auto e = LexFailure(text);
  EXPECT_NE(e.message.find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace northstar::formula
