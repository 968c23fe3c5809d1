// Words, themes and sentiment of free text (src/text/), each with answers worked out
// by hand from the rules their headers state.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "text/sentiment.h"
#include "text/sentiment_lexicon.h"
#include "text/theme_matcher.h"
#include "text/words.h"

namespace northstar::text {
namespace {

using Strings = std::vector<std::string>;

TEST(WordsTest, LowerCaseFoldedAndSplitAtPunctuation) {
  EXPECT_EQ(Words("Héllo, WORLD! Don't-stop \xE2\x80\x99til 3am"),
            (Strings{"hello", "world", "don't", "stop", "til", "3am"}));
  EXPECT_EQ(Words("Ærger in der Straße, Łódź"), (Strings{"aerger", "in", "der", "strasse", "lodz"}));
  EXPECT_EQ(Words("it\xE2\x80\x99s done"), (Strings{"it's", "done"}));  // a typographic apostrophe
  EXPECT_EQ(Words("'quoted' words''"), (Strings{"quoted", "words"}));
  EXPECT_EQ(Words("5×3÷2"), (Strings{"5", "3", "2"}));
  EXPECT_EQ(Words("Привет мир"), (Strings{"привет", "мир"}));  // other scripts: lower case, no folding
  EXPECT_EQ(Words("ab\xFF"
                  "cd\xC3"),
            (Strings{"ab", "cd"}));                           // invalid bytes separate
  EXPECT_EQ(Words("\xEF\xBB\xBFstart"), (Strings{"start"}));  // a byte order mark
  EXPECT_EQ(Words("Amazing\xF0\x9F\x98\x8D\xE2\x9D\xA4\xEF\xB8\x8F!"), Strings{"amazing"});  // emoji separate
  EXPECT_EQ(Words("cafe\xCC\x81 Cafe\xCC\x81s"), (Strings{"cafe", "cafes"}));  // decomposed accents
  EXPECT_EQ(Words("Оплата ΚΑΛΟ Ёж"), (Strings{"оплата", "καλο", "ёж"}));       // Cyrillic, Greek capitals
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words(" ,.;!? ").empty());
}

TEST(WordsTest, TheStemmerJoinsInflectionsAndKeepsWhatItWouldMangle) {
  for (const char* w : {"refund", "refunds", "refunded", "refunding"}) EXPECT_EQ(Stem(w), "refund") << w;
  for (const char* w : {"charge", "charges", "charged", "charging"}) EXPECT_EQ(Stem(w), "charg") << w;
  for (const char* w : {"bill", "bills", "billed", "billing"}) EXPECT_EQ(Stem(w), "bil") << w;
  for (const char* w : {"cancel", "cancels", "cancelled", "cancelling"}) EXPECT_EQ(Stem(w), "cancel") << w;
  EXPECT_EQ(Stem("stopped"), "stop");
  EXPECT_EQ(Stem("replies"), "reply");
  EXPECT_EQ(Stem("boxes"), "box");
  EXPECT_EQ(Stem("customer's"), "customer");
  for (const char* w : {"this", "bus", "need", "is", "red", "ring", "status", "love"}) {
    EXPECT_EQ(Stem(w), w) << w;
  }
  EXPECT_EQ(NormalisedWords("Refunds REFUNDED", Language::kEnglish), (Strings{"refund", "refund"}));
  EXPECT_EQ(NormalisedWords("Refunds REFUNDED", Language::kNone), (Strings{"refunds", "refunded"}));
  Language language = Language::kNone;
  EXPECT_TRUE(ParseLanguage("en", &language));
  EXPECT_EQ(language, Language::kEnglish);
  EXPECT_TRUE(ParseLanguage("none", &language));
  EXPECT_EQ(language, Language::kNone);
  EXPECT_FALSE(ParseLanguage("fr", &language));
}

TEST(ThemeMatcherTest, KeywordsPhrasesAndPrefixes) {
  const ThemeMatcher billing({"invoice", "refund*", "double charged", "bill*"}, Language::kEnglish);
  EXPECT_EQ(billing.FirstMatch("I was double-charged!"), "double charged");
  EXPECT_EQ(billing.FirstMatch("Double charging, again"), "double charged");
  EXPECT_EQ(billing.FirstMatch("Refunds take forever"), "refund*");
  EXPECT_EQ(billing.FirstMatch("where is my INVOICES page"), "invoice");
  EXPECT_EQ(billing.FirstMatch("The billing team"), "bill*");
  EXPECT_EQ(billing.FirstMatch("charged twice, then a bill"), "bill*");  // "charged" alone is no phrase
  EXPECT_FALSE(billing.Matches("Great service"));
  EXPECT_FALSE(billing.Matches("double the fun, charged up"));  // the phrase's words must be adjacent
  EXPECT_FALSE(billing.Matches(""));
  EXPECT_TRUE(billing.Matches("billiards"));  // a prefix matches every word it begins
  EXPECT_FALSE(billing.Matches("rebilled"));  // and only at a word's start
}

TEST(ThemeMatcherTest, LanguageNoneFoldsButDoesNotStem) {
  const ThemeMatcher exact({"refund", "Café"}, Language::kNone);
  EXPECT_FALSE(exact.Matches("Refunds"));
  EXPECT_TRUE(exact.Matches("REFUND please"));
  EXPECT_TRUE(exact.Matches("the cafe was closed"));
  const ThemeMatcher stemmed({"refund"}, Language::kEnglish);
  EXPECT_TRUE(stemmed.Matches("Refunds"));
  const ThemeMatcher nothing({"  ", "*", "!!"}, Language::kEnglish);  // no word in any keyword
  EXPECT_FALSE(nothing.Matches("anything at all"));
}

double Normalised(double sum) {
  return sum / std::sqrt(sum * sum + 15);
}

TEST(SentimentTest, ValencesNegationIntensifiersAndTheNormalisation) {
  EXPECT_EQ(Sentiment(""), 0);
  EXPECT_EQ(Sentiment("I called about my account"), 0);
  EXPECT_DOUBLE_EQ(Sentiment("good"), Normalised(2));
  EXPECT_DOUBLE_EQ(Sentiment("Good and FAST."), Normalised(4));
  EXPECT_DOUBLE_EQ(Sentiment("not good"), Normalised(-1.5));
  EXPECT_DOUBLE_EQ(Sentiment("very good"), Normalised(3));
  EXPECT_DOUBLE_EQ(Sentiment("slightly slow"), Normalised(-1));
  EXPECT_DOUBLE_EQ(Sentiment("The app is not very good"), Normalised(-2.25));
  EXPECT_DOUBLE_EQ(Sentiment("it wasn't that bad"), Normalised(1.5));      // the negation two words before
  EXPECT_DOUBLE_EQ(Sentiment("didn't think it was bad"), Normalised(-2));  // four words before: out of reach
  EXPECT_DOUBLE_EQ(Sentiment("Terrible, I waited days"), Normalised(-4));  // "waited" reads as "wait" (−1)
  EXPECT_DOUBLE_EQ(Sentiment("Excellent! Amazing! Perfect!"), Normalised(9));
  EXPECT_GT(Sentiment("Excellent! Amazing! Perfect! Flawless! Superb!"), 0.96);
  EXPECT_LT(Sentiment("Excellent! Amazing! Perfect! Flawless! Superb!"), 1);
  EXPECT_EQ(Sentiment("my hats"), 0);        // "hated" stems to "hat": no entry is "hat"
  EXPECT_EQ(Sentiment("please fix it"), 0);  // a request, not a judgment
}

TEST(SentimentLexiconTest, SortedFoldedUniqueAndWithinRange) {
  std::string_view previous;
  for (const LexiconEntry& e : SentimentLexicon()) {
    EXPECT_LT(previous, e.word) << "out of order or twice: " << e.word;
    previous = e.word;
    EXPECT_TRUE(e.valence >= -3 && e.valence <= 3 && e.valence != 0) << e.word;
    EXPECT_EQ(Words(e.word), Strings{std::string(e.word)}) << "not folded: " << e.word;
    EXPECT_EQ(Valence(e.word), e.valence) << e.word;
  }
  EXPECT_GT(SentimentLexicon().size(), 200u);
  EXPECT_EQ(Valence("loves"), 3);      // by its stem, an entry
  EXPECT_EQ(Valence("crashing"), -2);  // likewise
  // Stems are looked up among the entries as written, never among their stems:
  // "please" and "pleased" share a stem, "help" is the stem of "helped".
  EXPECT_EQ(Valence("please"), std::nullopt);
  EXPECT_EQ(Valence("help"), std::nullopt);
  EXPECT_EQ(Valence("hat"), std::nullopt);
  EXPECT_EQ(Valence("table"), std::nullopt);
}

}  // namespace
}  // namespace northstar::text
