// The sentiment of a text, from −1 (very negative) to +1 (very positive); 0 when no
// word of it carries sentiment. Each word the lexicon knows (sentiment_lexicon.h)
// adds its valence; a negation among the three words before it ("not", "never",
// "don't", ...) turns it to −0.75 × its valence, and an intensifier right before it
// ("very", "really", ...) multiplies it by 1.5 ("slightly", "somewhat": by 0.5). The
// sum S becomes S / √(S² + 15), the normalisation of VADER's compound score (Hutto
// and Gilbert, 2014): one "good" gives 0.46, "good and fast" 0.72, "not good" −0.36.
#pragma once

#include <string_view>

namespace northstar::text {

double Sentiment(std::string_view text);

}  // namespace northstar::text
