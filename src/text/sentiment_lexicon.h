// Northstar's English sentiment lexicon: a word's valence from −3 (very negative) to
// +3 (very positive). Written for Northstar and shipped under its licence; the words
// are those of customer feedback, support tickets and reviews (service, speed, price,
// product quality), with the general words of praise and complaint. docs/analysis.md
// says how it was made and where it stops.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace northstar::text {

struct LexiconEntry {
  std::string_view word;  // folded (words.h), unstemmed
  int valence;            // −3 … +3, never 0
};

// Every entry, sorted by word.
std::span<const LexiconEntry> SentimentLexicon();

// The valence of a folded word: the entry of the word itself, else the entry its stem
// (words.h Stem) is; nullopt when the lexicon does not know it.
std::optional<int> Valence(std::string_view word);

}  // namespace northstar::text
