#include "formula/lexer.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace northstar::formula {

const char* TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kEnd: return "the end of the formula";
    case TokenKind::kIdent: return "a name";
    case TokenKind::kQuotedIdent: return "a quoted name";
    case TokenKind::kInt: return "an integer";
    case TokenKind::kFloat: return "a number";
    case TokenKind::kString: return "a string";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kComma: return "','";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kEq: return "'='";
    case TokenKind::kNe: return "'!='";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kLe: return "'<='";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kGe: return "'>='";
  }
  return "?";
}

bool Token::IsKeyword(const char* keyword) const {
  if (kind != TokenKind::kIdent || text.size() != std::strlen(keyword)) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != keyword[i]) return false;
  }
  return true;
}

namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || IsDigit(c);
}

// Reads a quoted run starting at text[i] == quote; a doubled quote is one quote.
bool ReadQuoted(std::string_view text, size_t& i, char quote, std::string* out) {
  ++i;
  while (i < text.size()) {
    char c = text[i];
    if (c == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        out->push_back(quote);
        i += 2;
        continue;
      }
      ++i;
      return true;
    }
    out->push_back(c);
    ++i;
  }
  return false;
}

}  // namespace

bool Tokenize(std::string_view text, std::vector<Token>* tokens, LexError* error) {
  tokens->clear();
  if (text.size() > kMaxFormulaLength) {
    *error = {0, 0, "formula is longer than " + std::to_string(kMaxFormulaLength) + " bytes",
              "split it into metrics and reference them by id"};
    return false;
  }
  auto fail = [&](size_t begin, size_t end, std::string message, std::string hint = "") {
    *error = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), std::move(message), std::move(hint)};
    return false;
  };
  size_t i = 0;
  while (true) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    Token t;
    t.begin = static_cast<uint32_t>(i);
    if (i >= text.size()) {
      t.kind = TokenKind::kEnd;
      t.end = t.begin;
      tokens->push_back(std::move(t));
      return true;
    }
    char c = text[i];
    if (IsIdentStart(c)) {
      size_t start = i;
      while (i < text.size() && IsIdentChar(text[i])) ++i;
      t.kind = TokenKind::kIdent;
      t.text = std::string(text.substr(start, i - start));
    } else if (IsDigit(c)) {
      size_t start = i;
      bool is_float = false;
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
        is_float = true;
        ++i;
        while (i < text.size() && IsDigit(text[i])) ++i;
      }
      if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        if (j < text.size() && IsDigit(text[j])) {
          is_float = true;
          i = j;
          while (i < text.size() && IsDigit(text[i])) ++i;
        }
      }
      if (i < text.size() && (IsIdentChar(text[i]) || text[i] == '.')) {
        return fail(
            start, i + 1, "malformed number '" + std::string(text.substr(start, i + 1 - start)) + "'",
            "numbers are written like 42, 0.25 or 1e6; names cannot start with a digit unless quoted");
      }
      const char* first = text.data() + start;
      const char* last = text.data() + i;
      if (is_float) {
        t.kind = TokenKind::kFloat;
        auto [ptr, ec] = std::from_chars(first, last, t.float_value);
        if (ec != std::errc() || ptr != last) {
          return fail(start, i, "number '" + std::string(first, last) + "' is out of range");
        }
      } else {
        t.kind = TokenKind::kInt;
        auto [ptr, ec] = std::from_chars(first, last, t.int_value);
        if (ec != std::errc() || ptr != last) {
          return fail(start, i, "integer '" + std::string(first, last) + "' does not fit in 64 bits",
                      "write it as a decimal number (e.g. 1e20) if an approximate value is fine");
        }
      }
    } else if (c == '\'') {
      t.kind = TokenKind::kString;
      if (!ReadQuoted(text, i, '\'', &t.text)) {
        return fail(t.begin, t.begin + 1, "string literal is not closed",
                    "end it with ' (write '' for a quote inside the string)");
      }
    } else if (c == '"') {
      t.kind = TokenKind::kQuotedIdent;
      if (!ReadQuoted(text, i, '"', &t.text)) {
        return fail(t.begin, t.begin + 1, "quoted name is not closed",
                    "end it with \" (write \"\" for a quote inside)");
      }
      if (t.text.empty()) return fail(t.begin, i, "empty quoted name \"\"");
    } else {
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      size_t width = 1;
      switch (c) {
        case '(': t.kind = TokenKind::kLParen; break;
        case ')': t.kind = TokenKind::kRParen; break;
        case ',': t.kind = TokenKind::kComma; break;
        case '.': t.kind = TokenKind::kDot; break;
        case '+': t.kind = TokenKind::kPlus; break;
        case '-': t.kind = TokenKind::kMinus; break;
        case '*': t.kind = TokenKind::kStar; break;
        case '/': t.kind = TokenKind::kSlash; break;
        case '=':
          t.kind = TokenKind::kEq;
          if (next == '=') width = 2;  // tolerate ==
          break;
        case '!':
          if (next != '=')
            return fail(i, i + 1, "unexpected '!'", "write 'not x' for negation or '!=' for unequal");
          t.kind = TokenKind::kNe;
          width = 2;
          break;
        case '<':
          if (next == '=') {
            t.kind = TokenKind::kLe;
            width = 2;
          } else if (next == '>') {
            t.kind = TokenKind::kNe;
            width = 2;
          } else {
            t.kind = TokenKind::kLt;
          }
          break;
        case '>':
          t.kind = next == '=' ? TokenKind::kGe : TokenKind::kGt;
          if (next == '=') width = 2;
          break;
        default: {
          char shown[16];
          unsigned char byte = static_cast<unsigned char>(c);
          if (byte < 0x20 || byte >= 0x7f) {
            std::snprintf(shown, sizeof shown, "byte 0x%02X", byte);
          } else {
            std::snprintf(shown, sizeof shown, "'%c'", c);
          }
          return fail(
              i, i + 1, std::string("unexpected character ") + shown,
              "names with spaces or other characters are written in double quotes: \"Ticket Status\"");
        }
      }
      i += width;
    }
    t.end = static_cast<uint32_t>(i);
    tokens->push_back(std::move(t));
  }
}

}  // namespace northstar::formula
