// Holistic aggregates (count_distinct, median, percentile) cannot be merged from
// partial states, so a scan keeps one entry per contributing row — its row id and its
// value — instead of a value list per group. Grouping happens once per requested
// grouping (a grain × a segment dimension) at the end, by a counting sort into one
// contiguous array, so coarser periods never copy lists and no per-group vectors
// are allocated. Results are exact: percentile is SQL percentile_cont found with
// selection (nth_element) instead of a full sort; count_distinct counts string codes
// with a stamp array (no sort) and other values by sort + unique.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "formula/ast.h"

namespace northstar::engine {

struct HolisticRows {
  std::vector<uint32_t> rows;             // row id of each entry
  std::vector<double> numbers;            // median/percentile: the value
  std::vector<uint64_t> keys;             // count_distinct: the value's identity
  std::vector<std::string_view> strings;  // count_distinct of a computed string (no codes)

  size_t size() const { return rows.size(); }
};

// The entries of one holistic aggregate in pieces (one per thread that scanned, in row
// order), finalized where they lie: joining them would copy every entry once more.
using HolisticPieces = std::span<const HolisticRows* const>;

// How count_distinct keys identify values. kDense: keys are codes below `key_limit`
// (dictionary codes); kSparse: arbitrary 64-bit identities (integers, float bits);
// kStrings: the values are in HolisticRows::strings.
enum class KeyKind { kDense, kSparse, kStrings };

struct HolisticSpec {
  const formula::Expr* aggregate = nullptr;  // a kAggregate node
  KeyKind keys = KeyKind::kSparse;
  uint64_t key_limit = 0;
};

// The identity of a float for count_distinct: -0 and 0 are one value.
uint64_t FloatKey(double v);

// Which group an entry belongs to, from its row: the period of the row's local day
// (without `period_of_day`, one period) times `ncodes`, plus the row's segment code
// (without `codes`, 0). A row without a day (`no_day`) is in no group. Computed when
// needed rather than stored: a list of groups would take 4 bytes per entry.
struct HolisticGrouping {
  const int32_t* day = nullptr;            // per row: local day
  int32_t min_day = 0;                     // period_of_day[day - min_day]
  const int32_t* period_of_day = nullptr;  // null: every entry is in period 0
  int32_t no_day = 0;
  const uint32_t* codes = nullptr;  // per row: segment code
  uint32_t ncodes = 1;

  int32_t GroupOf(uint32_t row) const {
    int32_t p = 0;
    if (period_of_day != nullptr) {
      if (day[row] == no_day) return -1;
      p = period_of_day[day[row] - min_day];
    }
    return p * static_cast<int32_t>(ncodes) + (codes != nullptr ? static_cast<int32_t>(codes[row]) : 0);
  }
};

// Computes the aggregate for `ngroups` groups (an entry of row r is in group
// grouping.GroupOf(r)). Groups without entries get the empty value (0 for
// count_distinct, null for median/percentile). With `per_super` > 0 the result also
// holds, after the groups, one value per run of `per_super` consecutive groups (a
// period over all segment codes: the `*` slot), at little extra cost.
// `scratch` holds buffers reused between calls (one per thread), so large groupings
// do not allocate and fault in fresh memory each time.
struct GroupScratch {
  std::vector<size_t> start, next;
  std::vector<double> numbers;
  std::vector<double> pick;  // percentile: the values of the buckets holding the ranks
  std::vector<uint64_t> keys;
  std::vector<uint32_t> stamp;
  std::vector<uint64_t> seen;  // dense count_distinct: one bit per (group, code)
};
std::vector<double> FinalizeGroups(const HolisticSpec& spec, HolisticPieces pieces,
                                   const HolisticGrouping& grouping, size_t ngroups, GroupScratch& scratch,
                                   size_t per_super = 0);

// The median or percentile (`agg`) of one period's entries (`pieces`): over all of
// them (the `*` value), returned, and per code c < ncodes of `codes` (indexed by row)
// into out[c]. A period's entries fit in cache, so each is selected where it lies.
double SelectInPeriod(const formula::Expr& agg, HolisticPieces pieces, GroupScratch& scratch);
void SelectInPeriodByCode(const formula::Expr& agg, HolisticPieces pieces, const uint32_t* codes,
                          uint32_t ncodes, GroupScratch& scratch, double* out);

}  // namespace northstar::engine
