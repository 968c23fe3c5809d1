// The words of free text, as themes and sentiment read them. Lower case; accents of
// Latin letters folded (é → e, ß → ss, Æ → ae); Cyrillic and Greek capitals
// lower-cased; combining accents dropped. A word is a run of letters and digits, with
// an apostrophe kept inside it ("don't"); punctuation, symbols, emoji and invalid
// UTF-8 bytes separate words. Other letters are kept as written, and text without
// spaces (Chinese, Japanese) is one word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace northstar::text {

enum class Language {
  kNone,     // folding only: any language
  kEnglish,  // folding, then a light stemmer (Stem)
};

// "en" → kEnglish, "none" → kNone; false for anything else.
bool ParseLanguage(std::string_view name, Language* language);

// The folded words of `text`, in order.
std::vector<std::string> Words(std::string_view text);

// A folded English word without its plural, -ing or -ed ending, so "refunds",
// "refunded" and "refunding" all read "refund" and "charges" reads "charge". Short
// words and words the rules would mangle ("this", "bus", "class", "need") are kept.
std::string Stem(std::string_view word);

// Words(text), stemmed when `language` is kEnglish.
std::vector<std::string> NormalisedWords(std::string_view text, Language language);

}  // namespace northstar::text
