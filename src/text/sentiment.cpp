#include "text/sentiment.h"

#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "text/sentiment_lexicon.h"
#include "text/words.h"

namespace northstar::text {
namespace {

constexpr double kNegated = -0.75;
constexpr double kIntensified = 1.5;
constexpr double kDampened = 0.5;
constexpr double kNormalisation = 15;  // VADER's alpha
constexpr size_t kNegationReach = 3;   // words before a sentiment word

bool IsNegation(const std::string& w) {
  static const std::unordered_set<std::string> kWords = {
      "not",    "no",     "never",    "none",    "nobody",   "nothing", "neither",   "nor",      "without",
      "hardly", "cannot", "can't",    "cant",    "don't",    "dont",    "doesn't",   "doesnt",   "didn't",
      "didnt",  "isn't",  "isnt",     "wasn't",  "wasnt",    "aren't",  "arent",     "weren't",  "werent",
      "won't",  "wont",   "wouldn't", "wouldnt", "couldn't", "couldnt", "shouldn't", "shouldnt", "haven't",
      "havent", "hasn't", "hasnt",    "hadn't",  "hadnt",    "ain't",   "aint",      "barely"};
  return kWords.count(w) > 0;
}

double Degree(const std::string& w) {
  static const std::unordered_set<std::string> kUp = {
      "very",       "really",  "extremely",  "so",     "too",   "super",         "incredibly",
      "absolutely", "totally", "completely", "highly", "truly", "exceptionally", "utterly"};
  static const std::unordered_set<std::string> kDown = {"slightly", "somewhat", "fairly", "mildly",
                                                        "marginally"};
  if (kUp.count(w) > 0) return kIntensified;
  if (kDown.count(w) > 0) return kDampened;
  return 1;
}

}  // namespace

double Sentiment(std::string_view text) {
  const std::vector<std::string> words = Words(text);
  double sum = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::optional<int> valence = Valence(words[i]);
    if (!valence) continue;
    double v = *valence;
    if (i > 0) v *= Degree(words[i - 1]);
    for (size_t back = 1; back <= kNegationReach && back <= i; ++back) {
      if (IsNegation(words[i - back])) {
        v *= kNegated;
        break;
      }
    }
    sum += v;
  }
  if (sum == 0) return 0;
  return sum / std::sqrt(sum * sum + kNormalisation);
}

}  // namespace northstar::text
