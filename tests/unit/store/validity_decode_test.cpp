// Decoding columns with nulls: validity bits become bytes eight at a time with a tail,
// and null slots read back as 0 whatever the encoder stored there.
#include <gtest/gtest.h>

#include <random>

#include "store/column_codec.h"

namespace northstar::store {
namespace {

TEST(ValidityDecodeTest, EveryLengthAndNullPatternRoundTripsForEveryType) {
  std::mt19937_64 rng(3);
  for (size_t rows = 0; rows <= 70; ++rows) {
    for (int density : {0, 1, 2, 4}) {  // nulls: none, ~1/2, ~1/4, ~1/16
      for (ColumnType type : {ColumnType::kInt, ColumnType::kBool, ColumnType::kFloat, ColumnType::kString}) {
        ColumnValues c;
        c.type = type;
        for (size_t r = 0; r < rows; ++r) {
          const bool valid = density == 0 || rng() % (uint64_t{1} << density) != 0;
          c.valid.push_back(valid ? 1 : 0);
          const uint64_t x = rng();
          if (type == ColumnType::kInt) c.ints.push_back(valid ? static_cast<int64_t>(x % 1000) - 500 : 0);
          if (type == ColumnType::kBool) c.ints.push_back(valid ? static_cast<int64_t>(x % 2) : 0);
          if (type == ColumnType::kFloat) c.floats.push_back(valid ? static_cast<double>(x % 1000) / 8 : 0.0);
          if (type == ColumnType::kString) c.codes.push_back(valid ? static_cast<uint32_t>(x % 3) : 0);
        }
        if (type == ColumnType::kString) c.dictionary = {"a", "b", "c"};
        auto out = DecodeColumn(type, rows, EncodeColumn(c));
        ASSERT_TRUE(out.ok()) << out.status().ToString();
        SCOPED_TRACE("rows " + std::to_string(rows) + " density " + std::to_string(density));
        EXPECT_EQ(out->valid, c.valid);
        EXPECT_EQ(out->ints, c.ints);
        EXPECT_EQ(out->floats, c.floats);
        EXPECT_EQ(out->codes, c.codes);
      }
    }
  }
}

TEST(IntegerDecodeTest, EveryWidthAndRowCountRoundTrips) {
  // Values spanning 1..8 bytes, plain and as deltas of sorted values, 0..20 rows: the
  // 8-byte loads and the byte-by-byte tail meet at every offset.
  std::mt19937_64 rng(9);
  for (int bytes = 1; bytes <= 8; ++bytes) {
    const uint64_t span = bytes == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1;
    for (size_t rows = 0; rows <= 20; ++rows) {
      for (bool sorted : {false, true}) {
        ColumnValues c;
        c.type = ColumnType::kInt;
        int64_t last = -7;
        for (size_t r = 0; r < rows; ++r) {
          const uint64_t x = rng() & span;
          last = sorted ? last + static_cast<int64_t>(x >> (bytes == 8 ? 8 : 1)) : static_cast<int64_t>(x);
          c.ints.push_back(last);
        }
        c.valid.assign(rows, 1);
        auto out = DecodeColumn(c.type, rows, EncodeColumn(c));
        ASSERT_TRUE(out.ok()) << out.status().ToString();
        EXPECT_EQ(out->ints, c.ints) << bytes << " bytes, " << rows << " rows, sorted " << sorted;
      }
    }
  }
}

}  // namespace
}  // namespace northstar::store
