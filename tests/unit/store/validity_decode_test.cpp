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

}  // namespace
}  // namespace northstar::store
