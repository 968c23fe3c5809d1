#include "text/words.h"

#include <cstdint>

namespace northstar::text {
namespace {

// The folded form of a Latin-1 or Latin Extended-A letter (U+00C0–U+017F); "" for
// the two signs in that range (× and ÷), which separate words.
std::string_view FoldLatin(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    static constexpr std::string_view kLatin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   //
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  //
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   //
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
    return kLatin1[cp - 0xC0];
  }
  struct Range {
    uint32_t first, last;
    std::string_view folded;
  };
  static constexpr Range kExtendedA[] = {
      {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},  {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
      {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},  {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
      {0x134, 0x135, "j"}, {0x136, 0x138, "k"},  {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
      {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
      {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
      {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}};
  for (const Range& r : kExtendedA) {
    if (cp >= r.first && cp <= r.last) return r.folded;
  }
  return {};
}

// Punctuation, spaces and symbols outside ASCII that separate words.
bool IsSeparator(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2190 && cp <= 0x2BFF) ||        // arrows, symbols
         (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||  // emoji
         cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) || cp == 0xFEFF;
}

// Decodes one UTF-8 character at `text[i]`; returns its length, 0 for an invalid byte.
size_t Decode(std::string_view text, size_t i, uint32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  uint32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) >> 6) != 0x2) return 0;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kSmallest[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool HasVowel(std::string_view s) {
  for (char c : s) {
    if (IsVowel(c)) return true;
  }
  return false;
}

}  // namespace

bool ParseLanguage(std::string_view name, Language* language) {
  if (name == "en") {
    *language = Language::kEnglish;
  } else if (name == "none") {
    *language = Language::kNone;
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto finish = [&] {
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = Decode(text, i, &cp);
    if (len == 0) {
      finish();
      ++i;
      continue;
    }
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word += c;
      } else if (c >= 'A' && c <= 'Z') {
        word += static_cast<char>(c - 'A' + 'a');
      } else if (c == '\'' && !word.empty()) {
        word += '\'';  // kept only between letters: finish() drops a trailing one
      } else {
        finish();
      }
    } else if (cp == 0x2019 && !word.empty()) {  // a typographic apostrophe (’)
      word += '\'';
    } else if (IsSeparator(cp)) {
      finish();
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // A combining accent (text in decomposed form, "e" + U+0301): folded away.
    } else if ((cp >= 0x410 && cp <= 0x42F) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)) {
      AppendUtf8(cp + 0x20, word);  // Cyrillic А–Я, Greek Α–Ω to lower case
    } else if (cp >= 0x400 && cp <= 0x40F) {
      AppendUtf8(cp + 0x50, word);  // Cyrillic Ѐ–Џ
    } else if (std::string_view folded = FoldLatin(cp); !folded.empty()) {
      word += folded;
    } else if (cp >= 0xC0 && cp <= 0x17F) {
      finish();  // × and ÷
    } else {
      word += text.substr(i, len);
    }
    i += len;
  }
  finish();
  return words;
}

std::string Stem(std::string_view word) {
  std::string w(word);
  if (EndsWith(w, "'s")) w.resize(w.size() - 2);
  if (w.size() <= 3) return w;
  if (EndsWith(w, "ies") && w.size() > 4) {
    w.replace(w.size() - 3, 3, "y");
  } else if (EndsWith(w, "sses") || EndsWith(w, "ches") || EndsWith(w, "shes") || EndsWith(w, "xes")) {
    w.resize(w.size() - 2);
  } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
    w.pop_back();
  }
  for (std::string_view ending : {"ing", "ed"}) {
    if (EndsWith(w, ending) && w.size() >= ending.size() + 3 &&
        HasVowel(std::string_view(w).substr(0, w.size() - ending.size()))) {
      w.resize(w.size() - ending.size());
      break;
    }
  }
  // A final double consonant is one: "stopped" → "stop", "cancelled" → "cancel", and
  // "bill", "billed" and "billing" all read "bil".
  if (const size_t n = w.size(); n >= 3 && w[n - 1] == w[n - 2] && !IsVowel(w[n - 1])) w.pop_back();
  // "charge", "charged", "charging" and "charges" all read "charg".
  if (w.size() > 4 && w.back() == 'e') w.pop_back();
  return w;
}

std::vector<std::string> NormalisedWords(std::string_view text, Language language) {
  std::vector<std::string> words = Words(text);
  if (language == Language::kEnglish) {
    for (std::string& w : words) w = Stem(w);
  }
  return words;
}

}  // namespace northstar::text
