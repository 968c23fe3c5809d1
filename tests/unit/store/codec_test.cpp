#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "store/column_codec.h"
#include "store/crc32c.h"

namespace northstar::store {
namespace {

TEST(Crc32cTest, MatchesRfc3720Vectors) {
  std::string zeros(32, '\0'), ones(32, '\xFF'), ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
  EXPECT_EQ(Crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(ones.data(), ones.size()), 0x62A8AB43u);
  EXPECT_EQ(Crc32c(ascending.data(), ascending.size()), 0x46DD794Eu);
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
  // Continuing a checksum equals checksumming the whole.
  EXPECT_EQ(Crc32c("6789", 4, Crc32c("12345", 5)), 0xE3069283u);
}

ColumnValues RoundTrip(const ColumnValues& in) {
  auto out = DecodeColumn(in.type, in.size(), EncodeColumn(in));
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : ColumnValues{};
}

TEST(ColumnCodecTest, IntegersOfEveryShapeRoundTrip) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<int64_t>> cases = {
      {},
      {5, 5, 5, 5},
      {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 0, -1},
      {1, 2, 3, 1000000, 1000001},
  };
  std::vector<int64_t> random, sorted_times;
  for (int i = 0; i < 1000; ++i) random.push_back(static_cast<int64_t>(rng()));
  for (int i = 0; i < 1000; ++i) sorted_times.push_back(1'700'000'000'000'000 + i * 61'000'000LL);
  cases.push_back(random);
  cases.push_back(sorted_times);
  for (ColumnType type : {ColumnType::kInt, ColumnType::kTimestamp}) {
    for (const auto& values : cases) {
      ColumnValues c;
      c.type = type;
      c.ints = values;
      c.valid.assign(values.size(), 1);
      if (values.size() > 2) c.valid[1] = 0, c.ints[1] = 0;  // a null in the middle
      ColumnValues out = RoundTrip(c);
      EXPECT_EQ(out.ints, c.ints);
      EXPECT_EQ(out.valid, c.valid);
    }
  }
}

TEST(ColumnCodecTest, SortedTimestampsPackNarrowly) {
  ColumnValues c;
  c.type = ColumnType::kTimestamp;
  for (int i = 0; i < 10000; ++i) c.ints.push_back(1'700'000'000'000'000 + i * 1'000'000LL);
  c.valid.assign(c.ints.size(), 1);
  auto blocks = EncodeColumn(c);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_LT(blocks[0].bytes.size(), 20u);  // constant delta: width 0
}

TEST(ColumnCodecTest, StringsKeepEmptyValuesAndNulls) {
  ColumnValues c;
  c.type = ColumnType::kString;
  c.dictionary = {"", "a", "\xC3\xA9t\xC3\xA9"};
  c.codes = {0, 1, 0, 2, 0};
  c.valid = {1, 1, 0, 1, 1};
  ColumnValues out = RoundTrip(c);
  EXPECT_EQ(out.dictionary, c.dictionary);
  EXPECT_EQ(out.codes, c.codes);
  EXPECT_EQ(out.valid, c.valid);
}

TEST(ColumnCodecTest, StructuralDamageIsCorruption) {
  ColumnValues c;
  c.type = ColumnType::kString;
  c.dictionary = {"x", "y"};
  c.codes = {0, 1};
  c.valid = {1, 1};
  auto blocks = EncodeColumn(c);
  EXPECT_FALSE(DecodeColumn(c.type, 3, blocks).ok());  // wrong row count
  auto bad_code = blocks;
  for (auto& b : bad_code) {
    if (b.role == BlockRole::kDictionary) b.bytes[0] = 1;  // dictionary now claims 1 entry
  }
  EXPECT_EQ(DecodeColumn(c.type, 2, bad_code).status().code(), StatusCode::kCorruption);
  ColumnValues flags;
  flags.type = ColumnType::kBool;
  flags.ints = {0, 1};
  flags.valid = {1, 1};
  auto b = EncodeColumn(flags);
  flags.ints = {0, 2};
  auto two = EncodeColumn(flags);
  EXPECT_TRUE(DecodeColumn(ColumnType::kBool, 2, b).ok());
  EXPECT_EQ(DecodeColumn(ColumnType::kBool, 2, two).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace northstar::store
