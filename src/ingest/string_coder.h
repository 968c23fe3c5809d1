// Hashing helpers and StringCoder, the open-addressing dictionary that gives each
// distinct string a dense code. Readers use it to dictionary-encode string columns as
// they parse (one per column and chunk), the store to build segment dictionaries. It
// allocates only when it grows, never per string.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace northstar::ingest {

inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// The first (up to) 8 bytes of `s` as a little-endian word, zero-padded. Shorter
// strings are assembled from overlapping loads inside the string (a variable-length
// copy into a word stalls on store forwarding, and this runs once per string field).
inline uint64_t PrefixWord(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  if (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return uint64_t{lo} | (uint64_t{hi} << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  return uint64_t{p[0]} | (uint64_t{p[n / 2]} << (8 * (n / 2))) | (uint64_t{p[n - 1]} << (8 * (n - 1)));
}

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = PrefixWord(s) ^ (static_cast<uint64_t>(s.size()) << 56);
  for (size_t i = 8; i < s.size(); i += 8) h = (h ^ PrefixWord(s.substr(i))) * 0x100000001b3ULL;
  return MixBits(h);
}

// Gives each distinct string a dense code 0, 1, 2... in order of first appearance,
// appending it to `dictionary` (which the caller owns and passes to every call, so
// the coder may be moved or copied along with it; it must always be the same
// dictionary). Strings of up to 8 bytes (most labels) are matched from the slot
// alone, without touching the dictionary.
class StringCoder {
 public:
  uint32_t Code(std::vector<std::string>& dictionary, std::string_view s) {
    if (2 * (dictionary.size() + 1) > slots_.size())
      Rehash(dictionary, slots_.empty() ? 64 : 2 * slots_.size());
    const uint64_t prefix = PrefixWord(s);
    const uint32_t size = static_cast<uint32_t>(s.size());
    for (size_t i = HashBytes(s) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.code_plus_one == 0) {
        uint32_t code = static_cast<uint32_t>(dictionary.size());
        dictionary.emplace_back(s);
        slot = {prefix, code + 1, size};
        return code;
      }
      if (slot.prefix == prefix && slot.size == size &&
          (size <= 8 || dictionary[slot.code_plus_one - 1] == s)) {
        return slot.code_plus_one - 1;
      }
    }
  }

  // The code of `s`, or -1 when the dictionary does not hold it.
  int64_t Find(const std::vector<std::string>& dictionary, std::string_view s) const {
    if (slots_.empty()) return -1;
    const uint64_t prefix = PrefixWord(s);
    const uint32_t size = static_cast<uint32_t>(s.size());
    for (size_t i = HashBytes(s) & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.code_plus_one == 0) return -1;
      if (slot.prefix == prefix && slot.size == size &&
          (size <= 8 || dictionary[slot.code_plus_one - 1] == s)) {
        return slot.code_plus_one - 1;
      }
    }
  }

  // Forgets every code (the dictionary is the caller's to clear).
  void Clear() {
    slots_.clear();
    mask_ = 0;
  }

 private:
  struct Slot {
    uint64_t prefix = 0;         // PrefixWord of the string
    uint32_t code_plus_one = 0;  // 0 = empty
    uint32_t size = 0;
  };
  void Rehash(const std::vector<std::string>& dictionary, size_t capacity) {
    while (capacity < 2 * (dictionary.size() + 1)) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (uint32_t c = 0; c < dictionary.size(); ++c) {
      const std::string& s = dictionary[c];
      size_t i = HashBytes(s) & mask_;
      while (slots_[i].code_plus_one != 0) i = (i + 1) & mask_;
      slots_[i] = {PrefixWord(s), c + 1, static_cast<uint32_t>(s.size())};
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace northstar::ingest
