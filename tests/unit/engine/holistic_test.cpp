// Holistic aggregates finalized by FinalizeGroups against SQLite on the same values:
// percentile_cont through ROW_NUMBER() (the differential harness's expansion) and
// COUNT(DISTINCT). Groups are large, so percentiles take the bucketed selection, and
// the entries come in several pieces (one per scanning thread).
#include "engine/holistic.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "differential_harness.h"
#include "engine/accumulator.h"
#include "formula/ast.h"

namespace northstar::engine {
namespace {

// Values per row, a group per row, and SQLite holding both.
class HolisticVsSqlite : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK); }
  void TearDown() override { sqlite3_close(db_); }

  void Load(const std::vector<double>& values, const std::vector<uint32_t>& groups) {
    Exec("DROP TABLE IF EXISTS t; CREATE TABLE t (g INTEGER, x REAL)");
    Exec("BEGIN");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "INSERT INTO t VALUES (?, ?)", -1, &st, nullptr);
    for (size_t i = 0; i < values.size(); ++i) {
      sqlite3_bind_int64(st, 1, groups[i]);
      sqlite3_bind_double(st, 2, values[i]);
      sqlite3_step(st);
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    Exec("COMMIT");
  }

  // percentile_cont(fraction) of the group `where` selects, or NaN when it is empty.
  double SqlPercentile(double fraction, const std::string& where) {
    return QueryDouble(
        "SELECT " + testing::ExpandPercentiles("{PCT " + std::to_string(fraction) + ";t;x;" + where + "}"));
  }
  double SqlDistinct(const std::string& where) {
    return QueryDouble("SELECT COUNT(DISTINCT x) FROM t WHERE " + where);
  }

  double QueryDouble(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    double out = std::numeric_limits<double>::quiet_NaN();
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
      out = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    return out;
  }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
  }

  sqlite3* db_ = nullptr;
};

// Entries for rows 0..n-1, cut into `npieces` pieces in row order.
std::vector<HolisticRows> Pieces(const std::vector<double>& values, size_t npieces, bool as_keys) {
  std::vector<HolisticRows> pieces(npieces);
  for (size_t r = 0; r < values.size(); ++r) {
    HolisticRows& h = pieces[r * npieces / values.size()];
    h.rows.push_back(static_cast<uint32_t>(r));
    if (as_keys) {
      h.keys.push_back(FloatKey(values[r]));
    } else {
      h.numbers.push_back(values[r]);
    }
  }
  return pieces;
}

std::vector<double> Finalize(const formula::Expr& agg, KeyKind keys, const std::vector<HolisticRows>& pieces,
                             const std::vector<uint32_t>& groups, uint32_t ngroups) {
  std::vector<const HolisticRows*> ptrs;
  for (const auto& p : pieces) ptrs.push_back(&p);
  HolisticGrouping grouping;
  grouping.codes = groups.data();
  grouping.ncodes = ngroups;
  HolisticSpec spec{&agg, keys, 0};
  GroupScratch scratch;
  return FinalizeGroups(spec, ptrs, grouping, ngroups, scratch, /*per_super=*/ngroups);
}

// Value distributions that stress the bucketed selection.
std::vector<double> Values(const std::string& kind, size_t n, std::mt19937_64& rng) {
  std::vector<double> v(n);
  std::uniform_real_distribution<double> unit(0, 1);
  for (size_t i = 0; i < n; ++i) {
    const double u = unit(rng);
    if (kind == "uniform") v[i] = u * 1000 - 300;
    if (kind == "heavy_tail") v[i] = -std::log1p(-u) * 60 + (u > 0.999 ? 1e7 : 0);  // a few huge outliers
    if (kind == "ties") v[i] = static_cast<double>(static_cast<int>(u * 7));
    if (kind == "constant") v[i] = 42.5;
    if (kind == "two_values") v[i] = u < 0.8 ? 1.0 : 2.0;  // the hi rank opens the next bucket
    if (kind == "wide") v[i] = (u - 0.5) * 2e300;
    if (kind == "tiny_range") v[i] = u < 0.5 ? 0.0 : 5e-324;       // range too small to scale
    if (kind == "minutes") v[i] = std::round(u * u * 86400) / 60;  // whole seconds as minutes
  }
  return v;
}

TEST_F(HolisticVsSqlite, PercentilesOfLargeGroupsMatchSqliteExactly) {
  std::mt19937_64 rng(7);
  for (const std::string kind :
       {"uniform", "heavy_tail", "ties", "constant", "two_values", "wide", "tiny_range", "minutes"}) {
    // Groups of about 4 000 values, one of 1 (and group 3 empty), in 3 pieces.
    constexpr uint32_t kGroups = 5;
    const size_t n = 12001;
    const std::vector<double> values = Values(kind, n, rng);
    std::vector<uint32_t> groups(n);
    for (size_t r = 0; r < n; ++r) groups[r] = r == n - 1 ? 4 : static_cast<uint32_t>(rng() % 3);
    Load(values, groups);
    for (double fraction : {0.0, 0.5, 0.8, 0.999, 1.0}) {
      formula::Expr agg;
      agg.kind = formula::ExprKind::kAggregate;
      agg.aggregate = fraction == 0.5 ? formula::Aggregate::kMedian : formula::Aggregate::kPercentile;
      agg.percentile = fraction;
      std::vector<double> want(kGroups + 1);
      for (uint32_t g = 0; g <= kGroups; ++g) {
        want[g] = SqlPercentile(fraction, g < kGroups ? "g = " + std::to_string(g) : "1");
      }
      for (size_t npieces : {1, 3}) {
        const std::vector<double> got =
            Finalize(agg, KeyKind::kSparse, Pieces(values, npieces, false), groups, kGroups);
        ASSERT_EQ(got.size(), kGroups + 1);
        for (uint32_t g = 0; g <= kGroups; ++g) {
          SCOPED_TRACE(kind + " fraction " + std::to_string(fraction) + " group " + std::to_string(g));
          if (std::isnan(want[g])) {
            EXPECT_TRUE(std::isnan(got[g]));
          } else {
            EXPECT_EQ(got[g], want[g]);  // exact: the same two ranks, the same interpolation
          }
        }
      }
    }
  }
}

TEST_F(HolisticVsSqlite, DistinctCountsOverPiecesMatchSqlite) {
  std::mt19937_64 rng(11);
  constexpr uint32_t kGroups = 4;
  const size_t n = 20000;
  std::vector<double> values(n);
  std::vector<uint32_t> groups(n);
  for (size_t r = 0; r < n; ++r) {
    values[r] = static_cast<double>(rng() % 3000) / 4;
    groups[r] = static_cast<uint32_t>(rng() % kGroups);
  }
  Load(values, groups);
  formula::Expr agg;
  agg.kind = formula::ExprKind::kAggregate;
  agg.aggregate = formula::Aggregate::kCountDistinct;
  for (size_t npieces : {1, 2, 5}) {
    const std::vector<double> got =
        Finalize(agg, KeyKind::kSparse, Pieces(values, npieces, true), groups, kGroups);
    for (uint32_t g = 0; g <= kGroups; ++g) {
      EXPECT_EQ(got[g], SqlDistinct(g < kGroups ? "g = " + std::to_string(g) : "1")) << "group " << g;
    }
  }
}

// Integer keys take one of three ways by their range (DenseRange): bits per (group, value)
// for a short range and few groups, a stamp per value for a short range and many groups,
// a sort per group for a wide range (negative values wrap to the top of the unsigned
// range). Each must count what SQLite counts.
TEST_F(HolisticVsSqlite, DistinctIntegersInShortAndWideRangesMatchSqlite) {
  std::mt19937_64 rng(13);
  struct Case {
    const char* name;
    int64_t low, span;
    uint32_t groups;
  };
  for (const Case c :
       {Case{"ids, few groups", 100003, 7919 * 40, 4}, Case{"ids, many groups", 100003, 900000, 300},
        Case{"negative and positive", -500, 1000, 4}, Case{"wide", -(int64_t{1} << 40), int64_t{1} << 41, 4},
        Case{"one value", 42, 1, 3}}) {
    SCOPED_TRACE(c.name);
    const size_t n = 30000;
    std::vector<double> values(n);
    std::vector<uint32_t> groups(n);
    std::vector<HolisticRows> pieces(3);
    for (size_t r = 0; r < n; ++r) {
      const int64_t v = c.low + static_cast<int64_t>(rng() % static_cast<uint64_t>(c.span));
      values[r] = static_cast<double>(v);
      groups[r] = static_cast<uint32_t>(rng() % c.groups);
      HolisticRows& h = pieces[r * pieces.size() / n];
      h.rows.push_back(static_cast<uint32_t>(r));
      h.keys.push_back(static_cast<uint64_t>(v));
    }
    Load(values, groups);
    formula::Expr agg;
    agg.kind = formula::ExprKind::kAggregate;
    agg.aggregate = formula::Aggregate::kCountDistinct;
    const std::vector<double> got = Finalize(agg, KeyKind::kSparse, pieces, groups, c.groups);
    ASSERT_EQ(got.size(), c.groups + 1);
    for (uint32_t g = 0; g <= c.groups; ++g) {
      ASSERT_EQ(got[g], SqlDistinct(g < c.groups ? "g = " + std::to_string(g) : "1")) << "group " << g;
    }
  }
}

// Entries kept per day and selected period by period (the pieces of a period's days)
// equal FinalizeGroups' grouping of all of them at once, which the tests above hold
// to SQLite: every (period, code) value and every period's `*`.
TEST(SelectInPeriodTest, SelectionOverAPeriodsDaysEqualsGroupingAllAtOnce) {
  std::mt19937_64 rng(5);
  constexpr size_t kRows = 60000;
  constexpr int32_t kDays = 30, kNoDay = INT32_MIN, kMinDay = 100;
  constexpr uint32_t kCodes = 6;
  constexpr size_t kPeriods = 5;  // "weeks" of 7 days (the last one shorter)
  std::vector<int32_t> day(kRows);
  std::vector<uint32_t> code(kRows);
  // Per thread (2) and day: the entries, as the scan keeps them.
  std::vector<std::vector<HolisticRows>> by_day(2, std::vector<HolisticRows>(kDays + 1));
  for (size_t r = 0; r < kRows; ++r) {
    day[r] = r % 97 == 0 ? kNoDay : kMinDay + static_cast<int32_t>(rng() % kDays);  // some rows without a day
    code[r] = static_cast<uint32_t>(rng() % kCodes);
    HolisticRows& h = by_day[r < kRows / 2 ? 0 : 1][day[r] == kNoDay ? kDays : day[r] - kMinDay];
    h.rows.push_back(static_cast<uint32_t>(r));
    h.numbers.push_back(static_cast<double>(rng() % 5000) / 7);
  }
  std::vector<int32_t> period_of_day(kDays);
  for (int32_t d = 0; d < kDays; ++d) period_of_day[d] = d / 7;
  std::vector<const HolisticRows*> all;
  std::vector<std::vector<const HolisticRows*>> of_period(kPeriods);
  for (const auto& thread : by_day) {
    for (int32_t d = 0; d <= kDays; ++d) {
      all.push_back(&thread[d]);
      if (d < kDays) of_period[period_of_day[d]].push_back(&thread[d]);
    }
  }
  HolisticGrouping grouping;
  grouping.day = day.data();
  grouping.min_day = kMinDay;
  grouping.period_of_day = period_of_day.data();
  grouping.no_day = kNoDay;
  grouping.codes = code.data();
  grouping.ncodes = kCodes;
  formula::Expr agg;
  agg.kind = formula::ExprKind::kAggregate;
  agg.aggregate = formula::Aggregate::kPercentile;
  agg.percentile = 0.8;
  GroupScratch scratch;
  const std::vector<double> want = FinalizeGroups(HolisticSpec{&agg, KeyKind::kSparse, 0}, all, grouping,
                                                  kPeriods * kCodes, scratch, kCodes);
  for (size_t p = 0; p < kPeriods; ++p) {
    EXPECT_EQ(SelectInPeriod(agg, of_period[p], scratch), want[kPeriods * kCodes + p]) << "period " << p;
    std::vector<double> got(kCodes);
    SelectInPeriodByCode(agg, of_period[p], code.data(), kCodes, scratch, got.data());
    for (uint32_t c = 0; c < kCodes; ++c)
      EXPECT_EQ(got[c], want[p * kCodes + c]) << "period " << p << " code " << c;
  }
}

}  // namespace
}  // namespace northstar::engine
