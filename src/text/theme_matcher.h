// Whether a text is about a theme: a theme is a list of keywords and phrases
// (`themes:` in northstar.yaml); a text is about it when any of them occurs among the
// text's words. Both sides are normalised alike (words.h), so "Refunds" in a comment
// matches the keyword "refund" and "double-charged" matches "double charged". A
// keyword ending in `*` matches every word it begins ("bill*": bill, billing, billed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/words.h"

namespace northstar::text {

class ThemeMatcher {
 public:
  // `keywords` as written in the catalog; one with no word in it is skipped (the
  // catalog rejects those before a matcher is built).
  ThemeMatcher(const std::vector<std::string>& keywords, Language language);

  // The keyword (as written) of the first match in `text`; nullopt when none occurs.
  std::optional<std::string> FirstMatch(std::string_view text) const;
  bool Matches(std::string_view text) const { return FirstMatch(text).has_value(); }

 private:
  struct Pattern {
    std::string keyword;             // as written
    std::vector<std::string> words;  // normalised
    bool prefix = false;             // the last word matches as a prefix of a folded word
  };
  bool MatchesAt(const Pattern& p, const std::vector<std::string>& stemmed,
                 const std::vector<std::string>& folded, size_t at) const;

  Language language_;
  std::vector<Pattern> patterns_;
};

}  // namespace northstar::text
