// Open-addressing hash tables for the store's hot loops: int64 keys (the key index,
// duplicate detection within a batch) and the string dictionary of a column. They
// allocate only when they grow, never per entry, which is what makes them several
// times faster than std::unordered_map on millions of rows.
//
// Not thread-safe; pointers returned by Find()/Insert() are valid until the next insert.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace northstar::store {

inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// int64 -> V, linear probing, load factor <= 1/2.
template <typename V>
class Int64Map {
 public:
  size_t size() const { return size_; }

  void Reserve(size_t n) {
    size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) Rehash(want);
  }

  V* Find(int64_t key) {
    if (slots_.empty()) return nullptr;
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == key) return &s.value;
    }
  }

  // The value of `key`, inserted as `value` when absent; second is true when inserted.
  std::pair<V*, bool> Insert(int64_t key, const V& value) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(slots_.empty() ? 16 : 2 * slots_.size());
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.key = key;
        s.value = value;
        ++size_;
        return {&s.value, true};
      }
      if (s.key == key) return {&s.value, false};
    }
  }

  // Sets `key` to `value`, inserting when absent.
  void Put(int64_t key, const V& value) {
    auto [slot, inserted] = Insert(key, value);
    if (!inserted) *slot = value;
  }

 private:
  struct Slot {
    int64_t key = 0;
    V value{};
    bool used = false;
  };
  size_t Home(int64_t key) const { return MixBits(static_cast<uint64_t>(key)) & mask_; }
  void Rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.used) Insert(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// The first (up to) 8 bytes of `s` as a word, zero-padded.
inline uint64_t PrefixWord(std::string_view s) {
  uint64_t w = 0;
  if (!s.empty()) std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
  return w;
}

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = PrefixWord(s) ^ (static_cast<uint64_t>(s.size()) << 56);
  for (size_t i = 8; i < s.size(); i += 8) h = (h ^ PrefixWord(s.substr(i))) * 0x100000001b3ULL;
  return MixBits(h);
}

// Gives each distinct string a dense code 0, 1, 2... in order of first appearance,
// appending it to `dictionary` (which the caller owns and passes to every call, so
// the coder may be moved freely; it must always be the same vector). Strings of up to
// 8 bytes (most labels) are matched from the slot alone, without touching the dictionary.
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

}  // namespace northstar::store
