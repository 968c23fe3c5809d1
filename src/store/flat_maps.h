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

#include "ingest/string_coder.h"

namespace northstar::store {

using ingest::MixBits;

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

// String hashing and the dictionary coder are shared with the readers.
using ingest::HashBytes;
using ingest::PrefixWord;
using ingest::StringCoder;

}  // namespace northstar::store
