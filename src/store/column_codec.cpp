#include "store/column_codec.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "store/coding.h"

namespace northstar::store {
namespace {

enum : uint8_t { kPlain = 0, kDelta = 1 };
enum : uint8_t { kRawDoubles = 0, kDecimal = 1 };
constexpr int kMaxDecimalScale = 6;
constexpr double kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

int WidthFor(uint64_t range) {
  int w = 0;
  while (w < 8 && (range >> (8 * w)) != 0) ++w;
  return w;
}

// Calls fn(x) for each value of `v` in order, where a null slot (valid[i] == 0) takes
// the last earlier non-null value so that nulls do not break runs and deltas (the
// decoder puts zeros back). `valid` may be null: no nulls.
template <typename T, typename Fn>
void ForEachFilled(std::span<const T> v, const uint8_t* valid, Fn&& fn) {
  int64_t last = 0;
  bool seen = false;
  for (size_t i = 0; i < v.size(); ++i) {
    int64_t x = static_cast<int64_t>(v[i]);
    if (valid == nullptr || valid[i]) {
      last = x;
      seen = true;
    } else if (seen) {
      x = last;
    }
    fn(x);
  }
}

// Frame of reference + byte packing, optionally over the deltas (see the format doc),
// of `values` with null slots filled as in ForEachFilled. Two passes, no copies.
template <typename T>
void EncodeInts(std::string& out, std::span<const T> values, const uint8_t* valid) {
  // Deltas start one step before the first value, so a constant step packs to width 0.
  // The first two filled values (as ForEachFilled gives them) without a pass.
  const size_t n = values.size();
  const int64_t first = n > 0 ? static_cast<int64_t>(values[0]) : 0;
  int64_t second = 0;
  if (n > 1) {
    const bool fill_second = valid != nullptr && !valid[1] && valid[0];
    second = fill_second ? first : static_cast<int64_t>(values[1]);
  }
  uint64_t start = 0;
  if (n >= 2) {
    start = 2 * static_cast<uint64_t>(first) - static_cast<uint64_t>(second);
  } else if (n == 1) {
    start = static_cast<uint64_t>(first);
  }
  int64_t plain_lo = first, plain_hi = first;
  int64_t delta_lo = 0, delta_hi = 0;
  bool any = false;
  uint64_t prev = start;
  ForEachFilled(values, valid, [&](int64_t x) {
    int64_t d = static_cast<int64_t>(static_cast<uint64_t>(x) - prev);
    prev = static_cast<uint64_t>(x);
    if (!any) {
      delta_lo = delta_hi = d;
      any = true;
    }
    plain_lo = x < plain_lo ? x : plain_lo;
    plain_hi = x > plain_hi ? x : plain_hi;
    delta_lo = d < delta_lo ? d : delta_lo;
    delta_hi = d > delta_hi ? d : delta_hi;
  });
  int plain_width = WidthFor(static_cast<uint64_t>(plain_hi) - static_cast<uint64_t>(plain_lo));
  int delta_width = WidthFor(static_cast<uint64_t>(delta_hi) - static_cast<uint64_t>(delta_lo));
  bool use_delta = delta_width < plain_width;
  int width = use_delta ? delta_width : plain_width;
  uint64_t base = static_cast<uint64_t>(use_delta ? delta_lo : plain_lo);
  PutFixed<uint8_t>(out, use_delta ? kDelta : kPlain);
  PutFixed<uint8_t>(out, static_cast<uint8_t>(width));
  PutFixed<int64_t>(out, static_cast<int64_t>(base));
  if (use_delta) PutFixed<int64_t>(out, static_cast<int64_t>(start));
  const size_t begin = out.size();
  const size_t bytes = n * static_cast<size_t>(width);
  if (width == 0) return;
  // Every value is stored as a whole 8-byte word of which the next value overwrites
  // all but its low `width` bytes (little-endian): a fixed-size store instead of a
  // variable-length copy per value. The 8 bytes of slack are cut off at the end.
  out.resize(begin + bytes + sizeof(uint64_t));
  char* p = out.data() + begin;
  prev = start;
  ForEachFilled(values, valid, [&](int64_t x) {
    uint64_t v = static_cast<uint64_t>(x);
    if (use_delta) {
      v = v - prev;
      prev = static_cast<uint64_t>(x);
    }
    const uint64_t offset = v - base;
    std::memcpy(p, &offset, sizeof offset);
    p += width;
  });
  out.resize(begin + bytes);
}

// Unpacks `rows` integers into dst[0, rows), converted to T. With kTrackMax, returns
// in *max the largest value unpacked (as unsigned), so a caller narrowing to T can
// check every value at once instead of one by one.
template <typename T, bool kTrackMax = false>
Status UnpackInts(ByteReader& in, uint64_t rows, T* dst, uint64_t* max = nullptr) {
  uint8_t transform = in.Fixed<uint8_t>();
  uint8_t width = in.Fixed<uint8_t>();
  uint64_t base = static_cast<uint64_t>(in.Fixed<int64_t>());
  uint64_t acc = transform == kDelta ? static_cast<uint64_t>(in.Fixed<int64_t>()) : 0;
  if (!in.ok() || transform > kDelta || width > 8) return Status::Corruption("bad integer encoding header");
  if (in.remaining() != rows * width) return Status::Corruption("integer payload has the wrong size");
  std::string_view packed = in.Bytes(rows * width);
  uint64_t largest = 0;
  // One loop per (width, transform): the common widths become fixed-size loads the
  // compiler can unroll, instead of a variable-length copy per value.
  auto unpack = [&]<int W>(std::integral_constant<int, W>) {
    const char* p = packed.data();
    // An odd width is read as one 8-byte load and a mask while 8 bytes remain in the
    // payload (little-endian), the last values byte by byte.
    constexpr bool kWide = W > 0 && W < 8 && std::endian::native == std::endian::little;
    constexpr uint64_t kMask = W >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * W)) - 1;
    const uint64_t wide_rows = !kWide || rows * W < 8 ? 0 : (rows * W - 8) / W + 1;
    auto run = [&]<bool kDeltas>(std::bool_constant<kDeltas>) {
      auto put = [&](uint64_t i, uint64_t offset) {
        uint64_t v = base + offset;
        if constexpr (kDeltas) v = acc += v;
        dst[i] = static_cast<T>(v);
        if constexpr (kTrackMax) largest = std::max(largest, v);
      };
      uint64_t i = 0;
      if constexpr (kWide) {
        for (; i < wide_rows; ++i) {
          uint64_t offset = 0;
          std::memcpy(&offset, p + i * W, 8);
          put(i, offset & kMask);
        }
      }
      for (; i < rows; ++i) {
        uint64_t offset = 0;
        std::memcpy(&offset, p + i * W, W);
        put(i, offset);
      }
    };
    if (transform == kDelta) {
      run(std::true_type{});
    } else {
      run(std::false_type{});
    }
  };
  switch (width) {
    case 0: unpack(std::integral_constant<int, 0>{}); break;
    case 1: unpack(std::integral_constant<int, 1>{}); break;
    case 2: unpack(std::integral_constant<int, 2>{}); break;
    case 3: unpack(std::integral_constant<int, 3>{}); break;
    case 4: unpack(std::integral_constant<int, 4>{}); break;
    case 5: unpack(std::integral_constant<int, 5>{}); break;
    case 6: unpack(std::integral_constant<int, 6>{}); break;
    case 7: unpack(std::integral_constant<int, 7>{}); break;
    default: unpack(std::integral_constant<int, 8>{}); break;
  }
  if constexpr (kTrackMax) *max = largest;
  return Status::Ok();
}

Status DecodeInts(ByteReader& in, uint64_t rows, std::vector<int64_t>* out) {
  out->resize(rows);
  return UnpackInts(in, rows, out->data());
}

// Bit i of a byte -> byte i of a little-endian word: validity bits become 0/1 bytes
// eight at a time.
constexpr std::array<uint64_t, 256> kBitsToBytes = [] {
  std::array<uint64_t, 256> table{};
  for (uint64_t b = 0; b < 256; ++b) {
    for (int i = 0; i < 8; ++i) table[b] |= ((b >> i) & 1) << (8 * i);
  }
  return table;
}();

void ExpandValidity(const std::string& bits, uint64_t rows, std::vector<uint8_t>& valid) {
  valid.resize(rows);
  uint64_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= rows; i += 8) {
      std::memcpy(valid.data() + i, &kBitsToBytes[static_cast<uint8_t>(bits[i / 8])], 8);
    }
  }
  for (; i < rows; ++i) valid[i] = (bits[i / 8] >> (i % 8)) & 1;
}

// Smallest decimal scale s such that every value is exactly m / 10^s for an integer m
// (checked by round trip, so the encoding is lossless), or -1.
int DecimalScale(std::span<const double> values, std::vector<int64_t>* mantissas) {
  for (int s = 0; s <= kMaxDecimalScale; ++s) {
    mantissas->resize(values.size());
    bool fits = true;
    for (size_t i = 0; i < values.size() && fits; ++i) {
      double scaled = values[i] * kPow10[s];
      if (!(std::fabs(scaled) < 9.0e15)) {  // also rejects NaN and inf
        fits = false;
        break;
      }
      int64_t m = std::llround(scaled);
      double back = static_cast<double>(m) / kPow10[s];
      fits = std::bit_cast<uint64_t>(back) == std::bit_cast<uint64_t>(values[i]);  // also rejects -0.0
      (*mantissas)[i] = m;
    }
    if (fits) return s;
  }
  return -1;
}

// Null slots take the previous value before encoding so they do not break runs and
// deltas; the decoder puts zeros back.
template <typename T>
std::vector<T> FillNullSlots(std::span<const T> v, std::span<const uint8_t> valid) {
  std::vector<T> out(v.begin(), v.end());
  T last{};
  bool seen = false;
  for (size_t i = 0; i < out.size(); ++i) {
    if (valid[i]) {
      last = out[i];
      seen = true;
    } else if (seen) {
      out[i] = last;
    }
  }
  return out;
}

std::string EncodeValidity(std::span<const uint8_t> valid) {
  std::string bits((valid.size() + 7) / 8, '\0');
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i]) bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
  }
  return bits;
}

const std::string* FindBlock(const std::vector<RawBlock>& blocks, BlockRole role) {
  for (const RawBlock& b : blocks) {
    if (b.role == role) return &b.bytes;
  }
  return nullptr;
}

}  // namespace

const char* BlockRoleName(BlockRole role) {
  switch (role) {
    case BlockRole::kValidity: return "validity";
    case BlockRole::kValues: return "values";
    case BlockRole::kDictionary: return "dictionary";
  }
  return "unknown";
}

ColumnView ColumnView::Of(const ColumnValues& values) {
  ColumnView view;
  view.type = values.type;
  view.valid = values.valid;
  view.ints = values.ints;
  view.floats = values.floats;
  view.codes = values.codes;
  view.dictionary = &values.dictionary;
  return view;
}

std::vector<RawBlock> EncodeColumn(const ColumnView& column) {
  std::vector<RawBlock> blocks;
  size_t nulls = 0;
  for (uint8_t v : column.valid) nulls += v == 0;
  const bool has_nulls = nulls > 0;
  const uint8_t* valid = has_nulls ? column.valid.data() : nullptr;
  if (has_nulls) blocks.push_back({BlockRole::kValidity, EncodeValidity(column.valid)});
  std::string values;
  if (UsesInts(column.type)) {
    EncodeInts(values, column.ints, valid);
  } else if (column.type == ColumnType::kFloat) {
    std::vector<double> filled = FillNullSlots(column.floats, column.valid);
    std::vector<int64_t> mantissas;
    int scale = DecimalScale(filled, &mantissas);
    if (scale >= 0) {
      PutFixed<uint8_t>(values, kDecimal);
      PutFixed<uint8_t>(values, static_cast<uint8_t>(scale));
      EncodeInts(values, std::span<const int64_t>(mantissas), nullptr);
    } else {
      PutFixed<uint8_t>(values, kRawDoubles);
      values.append(reinterpret_cast<const char*>(filled.data()), filled.size() * sizeof(double));
    }
  } else {
    static const std::vector<std::string> kNoWords;
    const std::vector<std::string>& dictionary = column.dictionary ? *column.dictionary : kNoWords;
    std::string dict;
    PutFixed<uint32_t>(dict, static_cast<uint32_t>(dictionary.size()));
    uint32_t offset = 0;
    PutFixed<uint32_t>(dict, offset);
    for (const std::string& s : dictionary) {
      offset += static_cast<uint32_t>(s.size());
      PutFixed<uint32_t>(dict, offset);
    }
    for (const std::string& s : dictionary) dict.append(s);
    blocks.push_back({BlockRole::kDictionary, std::move(dict)});
    EncodeInts(values, column.codes, valid);
  }
  blocks.push_back({BlockRole::kValues, std::move(values)});
  return blocks;
}

Result<ColumnValues> DecodeColumn(ColumnType type, uint64_t rows, const std::vector<RawBlock>& blocks) {
  ColumnValues out;
  out.type = type;
  if (const std::string* bits = FindBlock(blocks, BlockRole::kValidity)) {
    if (bits->size() != (rows + 7) / 8) return Status::Corruption("validity block has the wrong size");
    ExpandValidity(*bits, rows, out.valid);
  } else {
    out.valid.assign(rows, 1);
  }
  // Null slots hold 0 (the encoder fills them with a neighbour's value).
  const bool has_nulls = FindBlock(blocks, BlockRole::kValidity) != nullptr;
  const std::string* values = FindBlock(blocks, BlockRole::kValues);
  if (values == nullptr) return Status::Corruption("values block missing");
  ByteReader in(*values);
  if (UsesInts(type)) {
    RETURN_IF_ERROR(DecodeInts(in, rows, &out.ints));
    if (has_nulls) {
      for (uint64_t i = 0; i < rows; ++i) out.ints[i] = out.valid[i] ? out.ints[i] : 0;
    }
    if (type == ColumnType::kBool) {
      uint64_t any_high = 0;  // a bit beyond bit 0 in any value
      for (int64_t v : out.ints) any_high |= static_cast<uint64_t>(v) >> 1;
      if (any_high != 0) return Status::Corruption("bool value out of range");
    }
  } else if (type == ColumnType::kFloat) {
    uint8_t kind = in.Fixed<uint8_t>();
    if (kind == kDecimal) {
      uint8_t scale = in.Fixed<uint8_t>();
      if (!in.ok() || scale > kMaxDecimalScale) return Status::Corruption("bad decimal scale");
      std::vector<int64_t> mantissas;
      RETURN_IF_ERROR(DecodeInts(in, rows, &mantissas));
      out.floats.resize(rows);
      for (uint64_t i = 0; i < rows; ++i) out.floats[i] = static_cast<double>(mantissas[i]) / kPow10[scale];
    } else if (kind == kRawDoubles && in.ok()) {
      if (in.remaining() != rows * sizeof(double))
        return Status::Corruption("float payload has the wrong size");
      out.floats.resize(rows);
      if (rows > 0)
        std::memcpy(out.floats.data(), in.Bytes(rows * sizeof(double)).data(), rows * sizeof(double));
    } else {
      return Status::Corruption("bad float encoding");
    }
    for (uint64_t i = 0; i < rows && has_nulls; ++i) {
      if (!out.valid[i]) out.floats[i] = 0.0;
    }
  } else if (type == ColumnType::kString) {
    const std::string* dict = FindBlock(blocks, BlockRole::kDictionary);
    if (dict == nullptr) return Status::Corruption("dictionary block missing");
    ByteReader d(*dict);
    uint32_t count = d.Fixed<uint32_t>();
    if (!d.ok() || d.remaining() / 4 < static_cast<uint64_t>(count) + 1) {
      return Status::Corruption("dictionary block too short");
    }
    std::vector<uint32_t> offsets(count + 1);
    for (uint32_t& o : offsets) o = d.Fixed<uint32_t>();
    std::string_view bytes = d.Bytes(d.remaining());
    if (offsets[0] != 0 || offsets[count] != bytes.size())
      return Status::Corruption("dictionary offsets out of range");
    out.dictionary.reserve(count);
    for (uint32_t k = 0; k < count; ++k) {
      if (offsets[k + 1] < offsets[k]) return Status::Corruption("dictionary offsets out of order");
      out.dictionary.emplace_back(bytes.substr(offsets[k], offsets[k + 1] - offsets[k]));
    }
    // Codes go straight to 32 bits when every value, null slots included, is a code
    // of the dictionary; otherwise each valid row is checked in 64 bits.
    out.codes.resize(rows);
    ByteReader narrow = in;
    uint64_t largest = 0;
    RETURN_IF_ERROR((UnpackInts<uint32_t, true>(narrow, rows, out.codes.data(), &largest)));
    if (rows > 0 && largest >= count) {
      std::vector<int64_t> codes;
      RETURN_IF_ERROR(DecodeInts(in, rows, &codes));
      for (uint64_t i = 0; i < rows; ++i) {
        if (!out.valid[i]) {
          out.codes[i] = 0;
        } else if (codes[i] < 0 || static_cast<uint64_t>(codes[i]) >= count) {
          return Status::Corruption("dictionary code out of range");
        } else {
          out.codes[i] = static_cast<uint32_t>(codes[i]);
        }
      }
    } else if (has_nulls) {
      for (uint64_t i = 0; i < rows; ++i) out.codes[i] = out.valid[i] ? out.codes[i] : 0;
    }
  } else {
    return Status::Corruption("unknown column type");
  }
  return out;
}

}  // namespace northstar::store
