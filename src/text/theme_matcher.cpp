#include "text/theme_matcher.h"

namespace northstar::text {

ThemeMatcher::ThemeMatcher(const std::vector<std::string>& keywords, Language language)
    : language_(language) {
  for (const std::string& keyword : keywords) {
    Pattern p;
    p.keyword = keyword;
    std::string_view body = keyword;
    while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
    if (!body.empty() && body.back() == '*') {
      p.prefix = true;
      body.remove_suffix(1);
    }
    p.words = Words(body);
    if (p.words.empty()) continue;
    // A prefix is matched against folded words as written; the others are stemmed.
    const size_t stemmed = p.prefix ? p.words.size() - 1 : p.words.size();
    if (language_ == Language::kEnglish) {
      for (size_t i = 0; i < stemmed; ++i) p.words[i] = Stem(p.words[i]);
    }
    patterns_.push_back(std::move(p));
  }
}

bool ThemeMatcher::MatchesAt(const Pattern& p, const std::vector<std::string>& stemmed,
                             const std::vector<std::string>& folded, size_t at) const {
  if (at + p.words.size() > stemmed.size()) return false;
  for (size_t k = 0; k < p.words.size(); ++k) {
    const bool last = k + 1 == p.words.size();
    if (last && p.prefix) {
      if (folded[at + k].compare(0, p.words[k].size(), p.words[k]) != 0) return false;
    } else if (stemmed[at + k] != p.words[k]) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> ThemeMatcher::FirstMatch(std::string_view text) const {
  const std::vector<std::string> folded = Words(text);
  std::vector<std::string> stemmed = folded;
  if (language_ == Language::kEnglish) {
    for (std::string& w : stemmed) w = Stem(w);
  }
  for (size_t at = 0; at < folded.size(); ++at) {
    for (const Pattern& p : patterns_) {
      if (MatchesAt(p, stemmed, folded, at)) return p.keyword;
    }
  }
  return std::nullopt;
}

}  // namespace northstar::text
