#include "review/markdown_text.h"

#include "review/svg_chart.h"

namespace northstar::review {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string MarkdownEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n':
      case '\r': out += ' '; break;
      case '\\':
      case '`':
      case '*':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      case '_': {
        // Inside a word (first_response_30m) `_` is no emphasis and stays readable.
        const bool inside =
            i > 0 && i + 1 < text.size() && IsWordChar(text[i - 1]) && IsWordChar(text[i + 1]);
        if (!inside) out += '\\';
        out += c;
        break;
      }
      default: out += c;
    }
  }
  return out;
}

ReviewLine& ReviewLine::Text(std::string_view untrusted) {
  markdown_ += MarkdownEscape(untrusted);
  html_ += HtmlEscape(std::string(untrusted));
  return *this;
}

ReviewLine& ReviewLine::Bold(std::string_view untrusted) {
  markdown_ += "**" + MarkdownEscape(untrusted) + "**";
  html_ += "<b>" + HtmlEscape(std::string(untrusted)) + "</b>";
  return *this;
}

}  // namespace northstar::review
