#include "ingest/batch_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace northstar::ingest {
namespace {

using catalog::ColumnType;

ColumnData Strings(const std::vector<const char*>& values) {
  ColumnData column;
  column.type = ColumnType::kString;
  for (const char* v : values) {
    if (v == nullptr) {
      AppendNull(column);
    } else {
      column.AppendString(v);
    }
  }
  return column;
}

Batch OneColumn(ColumnData column) {
  Batch batch;
  for (size_t r = 0; r < column.size(); ++r) batch.source_lines.push_back(static_cast<int64_t>(r) + 2);
  batch.rows_read = static_cast<int64_t>(column.size());
  batch.columns.push_back(std::move(column));
  return batch;
}

TEST(BatchBuilderTest, AppendStringCodesEachDistinctValueOnceInFirstSeenOrder) {
  ColumnData column = Strings({"email", "chat", "email", nullptr, "", "chat", "a longer label, with comma"});
  EXPECT_EQ(column.dictionary, (std::vector<std::string>{"email", "chat", "", "a longer label, with comma"}));
  EXPECT_EQ(column.codes, (std::vector<uint32_t>{0, 1, 0, 0, 2, 1, 3}));
  EXPECT_EQ(column.valid, (std::vector<uint8_t>{1, 1, 1, 0, 1, 1, 1}));
  EXPECT_EQ(column.string_at(3), "");
  EXPECT_EQ(column.string_at(4), "");
  EXPECT_EQ(column.coder.Find(column.dictionary, "chat"), 1);
  EXPECT_EQ(column.coder.Find(column.dictionary, "phone"), -1);
}

TEST(BatchBuilderTest, AppendBatchMergesDictionariesAndRenumbersCodes) {
  Batch head = OneColumn(Strings({"b", "a", nullptr}));
  Batch tail = OneColumn(Strings({"c", nullptr, "a", "c", "a very long value that is not inline"}));
  AppendBatch(head, std::move(tail));
  const ColumnData& merged = head.columns[0];
  EXPECT_EQ(StringValues(merged), (std::vector<std::string>{"b", "a", "", "c", "", "a", "c",
                                                            "a very long value that is not inline"}));
  // The dictionary a single pass over all rows would have built.
  EXPECT_EQ(merged.dictionary,
            (std::vector<std::string>{"b", "a", "c", "a very long value that is not inline"}));
  EXPECT_EQ(merged.valid, (std::vector<uint8_t>{1, 1, 0, 1, 0, 1, 1, 1}));
  EXPECT_EQ(head.rows(), 8u);
  EXPECT_EQ(head.rows_read, 8);
  // The merged column keeps coding new values consistently.
  ColumnData more = merged;
  more.AppendString("c");
  more.AppendString("d");
  EXPECT_EQ(more.codes[8], 2u);
  EXPECT_EQ(more.codes[9], 4u);
}

TEST(BatchBuilderTest, AppendBatchIntoEmptyHeadTakesTheTailAsIs) {
  Batch head;
  Batch tail = OneColumn(Strings({"x", "y", "x"}));
  AppendBatch(head, std::move(tail));
  EXPECT_EQ(StringValues(head.columns[0]), (std::vector<std::string>{"x", "y", "x"}));
  head.columns[0].AppendString("y");
  EXPECT_EQ(head.columns[0].codes.back(), 1u);
}

TEST(BatchBuilderTest, TruncatedRowsLeaveOnlyUnusedDictionaryEntries) {
  Batch batch = OneColumn(Strings({"kept"}));
  batch.columns[0].AppendString("dropped");
  TruncateColumns(batch, 1);
  EXPECT_EQ(StringValues(batch.columns[0]), (std::vector<std::string>{"kept"}));
  Batch tail = OneColumn(Strings({"dropped", "new"}));
  AppendBatch(batch, std::move(tail));
  EXPECT_EQ(StringValues(batch.columns[0]), (std::vector<std::string>{"kept", "dropped", "new"}));
}

}  // namespace
}  // namespace northstar::ingest
