#include "engine/holistic.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <unordered_map>

#include "engine/accumulator.h"

namespace northstar::engine {

using formula::Aggregate;

uint64_t FloatKey(double v) {
  return std::bit_cast<uint64_t>(v == 0 ? 0.0 : v);
}

namespace {

// Offsets of each group in the sorted order: group g occupies [start[g], start[g + 1]).
void GroupStarts(HolisticPieces pieces, const HolisticGrouping& grouping, size_t ngroups,
                 std::vector<size_t>& start) {
  start.assign(ngroups + 1, 0);
  for (const HolisticRows* h : pieces) {
    for (uint32_t row : h->rows) {
      const int32_t g = grouping.GroupOf(row);
      if (g >= 0) ++start[static_cast<size_t>(g) + 1];
    }
  }
  for (size_t g = 0; g < ngroups; ++g) start[g + 1] += start[g];
}

// Scatters each piece's values(piece)[i] into the slot of its group (counting sort,
// stable: pieces in order).
template <typename T, typename Values>
void Scatter(Values values, HolisticPieces pieces, const HolisticGrouping& grouping,
             const std::vector<size_t>& start, std::vector<size_t>& next, std::vector<T>& out) {
  out.resize(start.back());
  next.assign(start.begin(), start.end() - 1);
  for (size_t p = 0; p < pieces.size(); ++p) {
    const std::vector<uint32_t>& rows = pieces[p]->rows;
    const T* v = values(p);
    for (size_t i = 0; i < rows.size(); ++i) {
      const int32_t g = grouping.GroupOf(rows[i]);
      if (g >= 0) out[next[static_cast<size_t>(g)]++] = v[i];
    }
  }
}

// The value of rank `lo` of [first, last) and, when `need_hi`, the smallest value after
// it (rank lo + 1), by selection.
std::pair<double, double> SelectRanks(double* first, double* last, size_t lo, bool need_hi) {
  std::nth_element(first, first + lo, last);
  const double at_lo = first[lo];
  return {at_lo, need_hi ? *std::min_element(first + lo + 1, last) : at_lo};
}

// The same ranks, for large ranges narrowed first by a histogram of value buckets:
// bucket(v) never decreases as v grows (an IEEE subtraction and a multiplication by a
// positive constant are monotone), so the ranks lie in known buckets and only their
// values are selected among: three cheap passes instead of a selection over all.
std::pair<double, double> SelectRanksByBuckets(double* first, double* last, size_t lo, bool need_hi,
                                               std::vector<double>& pick) {
  constexpr size_t kBuckets = 1024;
  double lowest = *first, highest = *first;
  for (const double* v = first; v != last; ++v) {
    lowest = *v < lowest ? *v : lowest;
    highest = *v > highest ? *v : highest;
  }
  if (lowest == highest) return {lowest, lowest};
  const double scale = static_cast<double>(kBuckets) / (highest - lowest);
  if (!std::isfinite(lowest) || !std::isfinite(highest) || !std::isfinite(scale)) {
    return SelectRanks(first, last, lo, need_hi);  // NaN or a range beyond double: plain selection
  }
  auto bucket = [&](double v) { return std::min(static_cast<size_t>((v - lowest) * scale), kBuckets - 1); };
  std::array<uint32_t, kBuckets> count{};
  for (const double* v = first; v != last; ++v) ++count[bucket(*v)];
  size_t b = 0, below = 0;  // values in buckets before b
  while (below + count[b] <= lo) below += count[b++];
  size_t b_end = b;  // rank lo + 1 may be the first value of a later bucket
  if (need_hi && lo + 1 == below + count[b]) {
    do ++b_end;
    while (count[b_end] == 0);
  }
  pick.clear();
  for (const double* v = first; v != last; ++v) {
    const size_t k = bucket(*v);
    if (k >= b && k <= b_end) pick.push_back(*v);
  }
  return SelectRanks(pick.data(), pick.data() + pick.size(), lo - below, need_hi);
}

// percentile_cont over an unsorted range: the two neighbouring ranks, interpolated.
double SelectPercentile(double* first, double* last, double fraction, std::vector<double>& pick) {
  const size_t n = static_cast<size_t>(last - first);
  if (n == 0) return kNull;
  const double pos = fraction * static_cast<double>(n - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const double w = pos - static_cast<double>(lo);
  const bool need_hi = w != 0 && lo + 1 < n;
  constexpr size_t kMinForBuckets = 2048;  // below this, plain selection is as fast
  const auto [at_lo, at_hi] = n < kMinForBuckets ? SelectRanks(first, last, lo, need_hi)
                                                 : SelectRanksByBuckets(first, last, lo, need_hi, pick);
  return need_hi ? at_lo + (at_hi - at_lo) * w : at_lo;
}

// Dense codes for computed strings, so they count like dictionary codes: per piece,
// its entries' codes.
std::vector<std::vector<uint64_t>> StringCodes(HolisticPieces pieces, uint64_t* limit) {
  std::unordered_map<std::string_view, uint64_t> codes;
  std::vector<std::vector<uint64_t>> out(pieces.size());
  for (size_t p = 0; p < pieces.size(); ++p) {
    out[p].reserve(pieces[p]->strings.size());
    for (std::string_view s : pieces[p]->strings)
      out[p].push_back(codes.try_emplace(s, codes.size()).first->second);
  }
  *limit = codes.size();
  return out;
}

// Integer keys whose values lie in a short range (ids, codes, small counts) count like
// dictionary codes, key - base below `limit`: a stamp per possible value instead of a
// sort per group. The range must be short next to the entries, so the stamps cost no
// more memory than the entries themselves.
bool DenseRange(HolisticPieces pieces, uint64_t* base, uint64_t* limit) {
  uint64_t lowest = UINT64_MAX, highest = 0;
  size_t entries = 0;
  for (const HolisticRows* h : pieces) {
    for (uint64_t k : h->keys) {
      lowest = std::min(lowest, k);
      highest = std::max(highest, k);
    }
    entries += h->keys.size();
  }
  if (entries == 0) return false;
  const uint64_t span = highest - lowest;  // unsigned: two's-complement negatives wrap alike
  constexpr uint64_t kSmallRange = uint64_t{1} << 20;
  if (span >= std::max<uint64_t>(kSmallRange, 2 * entries)) return false;
  *base = lowest;
  *limit = span + 1;
  return true;
}

}  // namespace

std::vector<double> FinalizeGroups(const HolisticSpec& spec, HolisticPieces pieces,
                                   const HolisticGrouping& grouping, size_t ngroups, GroupScratch& scratch,
                                   size_t per_super) {
  const formula::Expr& agg = *spec.aggregate;
  const size_t nsuper = per_super > 0 ? ngroups / per_super : 0;
  std::vector<double> out(ngroups + nsuper);
  // count_distinct of integers in a short range counts like dense codes (key - base).
  uint64_t limit = spec.key_limit;
  uint64_t base = 0;
  KeyKind kind = spec.keys;
  if (agg.aggregate == Aggregate::kCountDistinct && kind == KeyKind::kSparse &&
      DenseRange(pieces, &base, &limit)) {
    kind = KeyKind::kDense;
  }
  // Dense codes with few groups × codes: one bit per (group, code) counts in one pass,
  // with no grouping of the entries at all.
  constexpr uint64_t kMaxSeenBits = uint64_t{1} << 27;  // 16 MB
  if (agg.aggregate == Aggregate::kCountDistinct && kind == KeyKind::kDense &&
      limit * (ngroups + nsuper) <= kMaxSeenBits) {
    std::vector<uint64_t>& seen = scratch.seen;
    seen.assign((limit * (ngroups + nsuper) + 63) / 64, 0);
    auto count = [&](size_t g, uint64_t code) {
      const uint64_t bit = g * limit + code;
      const uint64_t mask = uint64_t{1} << (bit % 64);
      if ((seen[bit / 64] & mask) == 0) {
        seen[bit / 64] |= mask;
        out[g] += 1;
      }
    };
    for (const HolisticRows* h : pieces) {
      for (size_t i = 0; i < h->rows.size(); ++i) {
        const int32_t g = grouping.GroupOf(h->rows[i]);
        if (g < 0) continue;
        count(static_cast<size_t>(g), h->keys[i] - base);
        if (nsuper > 0) count(ngroups + static_cast<size_t>(g) / per_super, h->keys[i] - base);
      }
    }
    return out;
  }
  std::vector<size_t>& start = scratch.start;
  GroupStarts(pieces, grouping, ngroups, start);
  // Value k < ngroups: group k; ngroups + s: groups [s * per_super, (s + 1) * per_super),
  // which lie next to each other after the scatter.
  auto range = [&](size_t k) -> std::pair<size_t, size_t> {
    if (k < ngroups) return {start[k], start[k + 1]};
    const size_t s = k - ngroups;
    return {start[s * per_super], start[(s + 1) * per_super]};
  };
  if (agg.aggregate == Aggregate::kMedian || agg.aggregate == Aggregate::kPercentile) {
    std::vector<double>& sorted = scratch.numbers;
    Scatter([&](size_t p) { return pieces[p]->numbers.data(); }, pieces, grouping, start, scratch.next,
            sorted);
    const double fraction = agg.aggregate == Aggregate::kMedian ? 0.5 : agg.percentile;
    for (size_t k = 0; k < out.size(); ++k) {
      const auto [first, last] = range(k);
      const double v = SelectPercentile(sorted.data() + first, sorted.data() + last, fraction, scratch.pick);
      out[k] = std::isfinite(v) ? v : kNull;
    }
    return out;
  }
  // count_distinct
  std::vector<std::vector<uint64_t>> string_codes;
  if (kind == KeyKind::kStrings) {
    string_codes = StringCodes(pieces, &limit);
    kind = KeyKind::kDense;
  }
  std::vector<uint64_t>& keys = scratch.keys;
  Scatter(
      [&](size_t p) {
        return spec.keys == KeyKind::kStrings ? string_codes[p].data() : pieces[p]->keys.data();
      },
      pieces, grouping, start, scratch.next, keys);
  if (kind == KeyKind::kDense) {
    // stamp[code] = 1 + the last value k that counted it.
    std::vector<uint32_t>& stamp = scratch.stamp;
    stamp.assign(limit, 0);
    for (size_t k = 0; k < out.size(); ++k) {
      const auto [first, last] = range(k);
      size_t n = 0;
      for (size_t i = first; i < last; ++i) {
        uint32_t& s = stamp[keys[i] - base];
        if (s != k + 1) {
          s = static_cast<uint32_t>(k + 1);
          ++n;
        }
      }
      out[k] = static_cast<double>(n);
    }
    return out;
  }
  for (size_t k = 0; k < out.size(); ++k) {
    const auto [first, last] = range(k);
    auto b = keys.begin() + static_cast<std::ptrdiff_t>(first);
    auto e = keys.begin() + static_cast<std::ptrdiff_t>(last);
    std::sort(b, e);
    // unique keeps the range's set of values (its tail holds values of the range), so
    // a super range over it still counts right.
    out[k] = static_cast<double>(std::unique(b, e) - b);
  }
  return out;
}

namespace {

double Fraction(const formula::Expr& agg) {
  return agg.aggregate == Aggregate::kMedian ? 0.5 : agg.percentile;
}

double NullIfNotFinite(double v) {
  return std::isfinite(v) ? v : kNull;
}

}  // namespace

double SelectInPeriod(const formula::Expr& agg, HolisticPieces pieces, GroupScratch& scratch) {
  std::vector<double>& values = scratch.numbers;  // selection reorders: a copy
  values.clear();
  for (const HolisticRows* h : pieces) values.insert(values.end(), h->numbers.begin(), h->numbers.end());
  return NullIfNotFinite(
      SelectPercentile(values.data(), values.data() + values.size(), Fraction(agg), scratch.pick));
}

void SelectInPeriodByCode(const formula::Expr& agg, HolisticPieces pieces, const uint32_t* codes,
                          uint32_t ncodes, GroupScratch& scratch, double* out) {
  std::vector<size_t>& start = scratch.start;
  start.assign(static_cast<size_t>(ncodes) + 1, 0);
  for (const HolisticRows* h : pieces) {
    for (uint32_t row : h->rows) ++start[codes[row] + 1];
  }
  for (uint32_t c = 0; c < ncodes; ++c) start[c + 1] += start[c];
  std::vector<size_t>& next = scratch.next;
  next.assign(start.begin(), start.end() - 1);
  std::vector<double>& values = scratch.numbers;
  values.resize(start[ncodes]);
  for (const HolisticRows* h : pieces) {
    for (size_t i = 0; i < h->rows.size(); ++i) values[next[codes[h->rows[i]]]++] = h->numbers[i];
  }
  for (uint32_t c = 0; c < ncodes; ++c) {
    out[c] = NullIfNotFinite(SelectPercentile(values.data() + start[c], values.data() + start[c + 1],
                                              Fraction(agg), scratch.pick));
  }
}

}  // namespace northstar::engine
