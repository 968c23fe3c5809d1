// Untrusted text in the Markdown review. KPI names, owners, segment values and action
// text come from the catalog and the data; pasted raw, `<script>` or `<!channel>` would
// reach whatever renders or forwards review.md. Each summary line is built once in both
// forms (Markdown, HTML), so neither is derived by unescaping the other.
#pragma once

#include <string>
#include <string_view>

namespace northstar::review {

// `text` as literal Markdown: HTML's < > & become entities, Markdown's \ ` * [ ] | ~
// (and _ at a word's edge, where it would start emphasis) are backslash-escaped, and
// line breaks become spaces so a value cannot start a heading or list item.
std::string MarkdownEscape(std::string_view text);

// One summary line of the review in Markdown and HTML.
class ReviewLine {
 public:
  ReviewLine& Text(std::string_view untrusted);
  ReviewLine& Bold(std::string_view untrusted);

  const std::string& markdown() const { return markdown_; }
  const std::string& html() const { return html_; }

 private:
  std::string markdown_, html_;
};

}  // namespace northstar::review
