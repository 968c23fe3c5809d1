#include "formula/parser.h"

#include <vector>

#include "formula/lexer.h"

namespace northstar::formula {
namespace {

const char* const kReservedWords[] = {"and", "or", "not", "is", "null", "in", "true", "false", "where"};

bool IsReserved(const Token& t) {
  for (const char* word : kReservedWords) {
    if (t.IsKeyword(word)) return true;
  }
  return false;
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kIdent: return IsReserved(t) ? "keyword '" + t.text + "'" : "name '" + t.text + "'";
    case TokenKind::kQuotedIdent: return "name \"" + t.text + "\"";
    case TokenKind::kString: return "string '" + t.text + "'";
    case TokenKind::kInt:
    case TokenKind::kFloat: return "number";
    default: return TokenKindName(t.kind);
  }
}

// Thrown-free parser: every Parse* returns null after recording the first error.
class Parser {
 public:
  Parser(const FormulaSource& source, std::vector<Token> tokens, ParseError* error)
      : source_(source), tokens_(std::move(tokens)), error_(error) {}

  ExprPtr ParseAll() {
    ExprPtr e = ParseOr();
    if (!e) return nullptr;
    if (Peek().kind != TokenKind::kEnd) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kRParen) {
        return Fail(t, "unexpected ')' with no matching '('", "remove it or add the '(' it closes");
      }
      return Fail(t, "unexpected " + Describe(t) + " after a complete expression",
                  "join expressions with an operator (+ - * / and or) or a comparison");
    }
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool Accept(TokenKind k) {
    if (Peek().kind != k) return false;
    Next();
    return true;
  }
  bool AcceptKeyword(const char* word) {
    if (!Peek().IsKeyword(word)) return false;
    Next();
    return true;
  }

  ExprPtr Fail(const Token& at, std::string message, std::string hint = "") {
    if (!failed_) {
      failed_ = true;
      error_->begin = at.begin;
      error_->end = at.end > at.begin ? at.end : at.begin + 1;
      error_->message = std::move(message);
      error_->hint = std::move(hint);
    }
    return nullptr;
  }

  // Guards every recursive production so nesting cannot exhaust the stack.
  struct DepthGuard {
    explicit DepthGuard(Parser* p) : parser(p) { ++parser->depth_; }
    ~DepthGuard() { --parser->depth_; }
    Parser* parser;
  };
  // Each operator of a left-associative chain adds a level to the tree; counting
  // them keeps the tree height (and so every later recursion) bounded.
  struct ChainGuard {
    explicit ChainGuard(Parser* p) : parser(p) {}
    ~ChainGuard() { parser->depth_ -= links; }
    bool AddLink() {
      ++links;
      ++parser->depth_;
      return !parser->TooDeep();
    }
    Parser* parser;
    int links = 0;
  };
  bool TooDeep() {
    if (depth_ <= kMaxNestingDepth) return false;
    Fail(Peek(), "formula is nested too deeply (more than " + std::to_string(kMaxNestingDepth) + " levels)",
         "split it into metrics and reference them by id");
    return true;
  }

  static ExprPtr Make(ExprKind kind, uint32_t begin, uint32_t end) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->begin = begin;
    e->end = end;
    return e;
  }
  static ExprPtr MakeBinary(ExprKind kind, Op op, ExprPtr lhs, ExprPtr rhs) {
    auto e = Make(kind, lhs->begin, rhs->end);
    e->op = op;
    e->args.push_back(std::move(lhs));
    e->args.push_back(std::move(rhs));
    return e;
  }

  // A level is what a reader counts: a parenthesis, a call's arguments, a `not`, a
  // unary minus, an operator of a chain. Counting every grammar rule instead (as once
  // done) let only about 65 parentheses through while the message promised 200.
  ExprPtr ParseOr() {
    ExprPtr lhs = ParseAnd();
    ChainGuard chain(this);
    while (lhs && AcceptKeyword("or")) {
      if (!chain.AddLink()) return nullptr;
      ExprPtr rhs = ParseAnd();
      if (!rhs) return nullptr;
      lhs = MakeBinary(ExprKind::kLogical, Op::kOr, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseAnd() {
    ExprPtr lhs = ParseNot();
    ChainGuard chain(this);
    while (lhs && AcceptKeyword("and")) {
      if (!chain.AddLink()) return nullptr;
      ExprPtr rhs = ParseNot();
      if (!rhs) return nullptr;
      lhs = MakeBinary(ExprKind::kLogical, Op::kAnd, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseNot() {
    if (Peek().IsKeyword("not") && !Peek(1).IsKeyword("in")) {
      DepthGuard guard(this);
      if (TooDeep()) return nullptr;
      uint32_t begin = Next().begin;
      ExprPtr operand = ParseNot();
      if (!operand) return nullptr;
      auto e = Make(ExprKind::kNot, begin, operand->end);
      e->args.push_back(std::move(operand));
      return e;
    }
    return ParseComparison();
  }

  static bool CompareOp(TokenKind k, Op* op) {
    switch (k) {
      case TokenKind::kEq: *op = Op::kEq; return true;
      case TokenKind::kNe: *op = Op::kNe; return true;
      case TokenKind::kLt: *op = Op::kLt; return true;
      case TokenKind::kLe: *op = Op::kLe; return true;
      case TokenKind::kGt: *op = Op::kGt; return true;
      case TokenKind::kGe: *op = Op::kGe; return true;
      default: return false;
    }
  }
  bool AtComparison() const {
    Op op;
    return CompareOp(Peek().kind, &op) || Peek().IsKeyword("is") || Peek().IsKeyword("in") ||
           (Peek().IsKeyword("not") && Peek(1).IsKeyword("in"));
  }

  ExprPtr ParseComparison() {
    ExprPtr lhs = ParseAdditive();
    if (!lhs) return nullptr;
    if (!AtComparison()) return lhs;
    ExprPtr result;
    Op op;
    if (CompareOp(Peek().kind, &op)) {
      Next();
      ExprPtr rhs = ParseAdditive();
      if (!rhs) return nullptr;
      result = MakeBinary(ExprKind::kCompare, op, std::move(lhs), std::move(rhs));
    } else if (Peek().IsKeyword("is")) {
      Next();
      bool negated = AcceptKeyword("not");
      const Token& t = Peek();
      if (!t.IsKeyword("null")) {
        return Fail(
            t,
            std::string("expected 'null' after '") + (negated ? "is not" : "is") + "', found " + Describe(t),
            "write 'x is null' or 'x is not null'; compare values with = or !=");
      }
      Next();
      result = Make(ExprKind::kIsNull, lhs->begin, t.end);
      result->negated = negated;
      result->args.push_back(std::move(lhs));
    } else {
      bool negated = AcceptKeyword("not");
      Next();  // 'in'
      result = ParseInTail(std::move(lhs), negated);
      if (!result) return nullptr;
    }
    if (AtComparison()) {
      return Fail(Peek(), "comparisons cannot be chained",
                  "join the comparisons with 'and': a < b and b < c");
    }
    return result;
  }

  // After `x [not] in`: either `period` or a parenthesised list.
  ExprPtr ParseInTail(ExprPtr lhs, bool negated) {
    const Token& t = Peek();
    if (t.IsKeyword("period")) {
      Next();
      auto e = Make(ExprKind::kInPeriod, lhs->begin, t.end);
      e->negated = negated;
      e->args.push_back(std::move(lhs));
      return e;
    }
    if (t.kind != TokenKind::kLParen) {
      return Fail(t, "expected '(' or 'period' after 'in', found " + Describe(t),
                  "write x in ('a', 'b') for a list or x in period for the period being computed");
    }
    const Token& open = Next();
    auto e = Make(ExprKind::kInList, lhs->begin, open.end);
    e->negated = negated;
    e->args.push_back(std::move(lhs));
    if (Peek().kind == TokenKind::kRParen) {
      return Fail(Peek(), "the list after 'in' is empty", "list at least one value: x in ('a')");
    }
    do {
      ExprPtr item = ParseAdditive();
      if (!item) return nullptr;
      e->args.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    if (!ExpectClose(open, "'in ('")) return nullptr;
    e->end = tokens_[pos_ - 1].end;
    return e;
  }

  // `open` is the token the message points back to: the '(' or a call's name.
  bool ExpectClose(const Token& open, const std::string& what) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kRParen) {
      Next();
      return true;
    }
    std::string found = t.kind == TokenKind::kEnd ? "but the formula ended" : "found " + Describe(t);
    Fail(
        t,
        "expected ')' to close " + what + " opened at " + source_.DescribeColumn(open.begin) + ", " + found,
        t.kind == TokenKind::kEnd ? "add the missing ')'" : "separate arguments with ',' and close with ')'");
    return false;
  }

  ExprPtr ParseAdditive() {
    ExprPtr lhs = ParseMultiplicative();
    ChainGuard chain(this);
    while (lhs && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
      if (!chain.AddLink()) return nullptr;
      Op op = Next().kind == TokenKind::kPlus ? Op::kAdd : Op::kSub;
      ExprPtr rhs = ParseMultiplicative();
      if (!rhs) return nullptr;
      lhs = MakeBinary(ExprKind::kBinary, op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseMultiplicative() {
    ExprPtr lhs = ParseUnary();
    ChainGuard chain(this);
    while (lhs && (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash)) {
      if (!chain.AddLink()) return nullptr;
      Op op = Next().kind == TokenKind::kStar ? Op::kMul : Op::kDiv;
      ExprPtr rhs = ParseUnary();
      if (!rhs) return nullptr;
      lhs = MakeBinary(ExprKind::kBinary, op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseUnary() {
    if (Peek().kind == TokenKind::kMinus) {
      DepthGuard guard(this);
      if (TooDeep()) return nullptr;
      uint32_t begin = Next().begin;
      ExprPtr operand = ParseUnary();
      if (!operand) return nullptr;
      auto e = Make(ExprKind::kUnary, begin, operand->end);
      e->op = Op::kNeg;
      e->args.push_back(std::move(operand));
      return e;
    }
    return ParsePrimary();
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kInt: {
        Next();
        auto e = Make(ExprKind::kLiteral, t.begin, t.end);
        e->value = t.int_value;
        return e;
      }
      case TokenKind::kFloat: {
        Next();
        auto e = Make(ExprKind::kLiteral, t.begin, t.end);
        e->value = t.float_value;
        return e;
      }
      case TokenKind::kString: {
        Next();
        auto e = Make(ExprKind::kLiteral, t.begin, t.end);
        e->value = t.text;
        return e;
      }
      case TokenKind::kLParen: {
        DepthGuard guard(this);
        if (TooDeep()) return nullptr;
        const Token& open = Next();
        ExprPtr inner = ParseOr();
        if (!inner) return nullptr;
        if (!ExpectClose(open, "'('")) return nullptr;
        return inner;
      }
      case TokenKind::kQuotedIdent:
      case TokenKind::kIdent: return ParseNameOrCall();
      case TokenKind::kEnd:
        return Fail(t, "expected a value, but the formula ended",
                    "finish the expression, e.g. with a number, a name or count()");
      default:
        return Fail(t, "expected a value, found " + Describe(t),
                    "a value is a number, a 'string', a name, a function call or a parenthesised expression");
    }
  }

  ExprPtr ParseNameOrCall() {
    const Token& t = Next();
    if (t.kind == TokenKind::kIdent) {
      if (t.IsKeyword("true") || t.IsKeyword("false")) {
        auto e = Make(ExprKind::kLiteral, t.begin, t.end);
        e->value = t.IsKeyword("true");
        return e;
      }
      if (t.IsKeyword("null")) return Make(ExprKind::kLiteral, t.begin, t.end);
      if (IsReserved(t)) {
        return Fail(
            t, "expected a value, found " + Describe(t),
            "to use '" + t.text + "' as a column name, write it in double quotes: \"" + t.text + "\"");
      }
      if (Peek().kind == TokenKind::kLParen) return ParseCallArgs(t);
      if (t.IsKeyword("period") && Peek().kind == TokenKind::kDot) {
        Next();
        const Token& bound = Peek();
        if (!bound.IsKeyword("start") && !bound.IsKeyword("end")) {
          return Fail(
              bound, "expected 'start' or 'end' after 'period.', found " + Describe(bound),
              "period.start is the first instant of the period, period.end the first instant after it");
        }
        Next();
        auto e = Make(ExprKind::kPeriodBound, t.begin, bound.end);
        e->bound_is_end = bound.IsKeyword("end");
        return e;
      }
    }
    auto e = Make(ExprKind::kName, t.begin, t.end);
    e->name = t.text;
    if (Peek().kind == TokenKind::kDot) {
      Next();
      const Token& column = Peek();
      if (column.kind != TokenKind::kIdent && column.kind != TokenKind::kQuotedIdent) {
        return Fail(column, "expected a column name after '" + t.text + ".', found " + Describe(column),
                    "write source.column, e.g. spend.amount");
      }
      Next();
      e->qualifier = t.text;
      e->name = column.text;
      e->end = column.end;
    }
    return e;
  }

  ExprPtr ParseCallArgs(const Token& name) {
    DepthGuard guard(this);
    if (TooDeep()) return nullptr;
    const Token& open = Next();  // '('
    auto e = Make(ExprKind::kCall, name.begin, open.end);
    e->name = name.text;
    for (char& c : e->name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::string what = "'" + name.text + "('";
    if (Peek().kind != TokenKind::kRParen && !Peek().IsKeyword("where")) {
      do {
        ExprPtr arg = ParseOr();
        if (!arg) return nullptr;
        e->args.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
    }
    if (AcceptKeyword("where")) {
      ExprPtr cond = ParseOr();
      if (!cond) return nullptr;
      e->where = std::move(cond);
    }
    if (!ExpectClose(name, what)) return nullptr;
    e->end = tokens_[pos_ - 1].end;
    return e;
  }

  const FormulaSource& source_;
  std::vector<Token> tokens_;
  ParseError* error_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

}  // namespace

bool ParseExpression(const FormulaSource& source, ExprPtr* out, ParseError* error) {
  std::vector<Token> tokens;
  LexError lex_error;
  if (!Tokenize(source.text, &tokens, &lex_error)) {
    *error = {lex_error.begin, lex_error.end, lex_error.message, lex_error.hint};
    return false;
  }
  Parser parser(source, std::move(tokens), error);
  ExprPtr e = parser.ParseAll();
  if (!e) return false;
  *out = std::move(e);
  return true;
}

}  // namespace northstar::formula
