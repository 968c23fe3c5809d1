#include "ingest/jsonl_reader.h"

#include <gtest/gtest.h>

#include "ingest/read_source.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

TEST(JsonlReaderTest, ConvertsByDeclaredTypeAndRejectsBadLines) {
  testing::TempDir dir;
  dir.Write("events.jsonl",
            "{\"id\": 1, \"amount\": 2.5, \"ok\": true, \"at\": \"2026-03-05T10:00:00Z\", \"who\": \"ann\"}\n"
            "\n"
            "{\"id\": \"2\", \"amount\": 3, \"ok\": \"no\", \"at\": null, \"extra\": [1]}\r\n"
            "{\"id\": 3, \"amount\": \"x\"}\n"
            "not json\n"
            "[1, 2]\n"
            "{\"id\": 4.0, \"who\": \"bad\xff\"}\n"
            "{\"id\": 5, \"who\": {\"nested\": 1}}\n");
  catalog::SourceDef source = testing::Source(
      "events", catalog::SourceKind::kJsonl, "events.jsonl",
      {Column("id", ColumnType::kInt), Column("amount", ColumnType::kFloat), Column("ok", ColumnType::kBool),
       Column("at", ColumnType::kTimestamp), Column("who", ColumnType::kString)});
  catalog::Workspace workspace;
  workspace.root_dir = dir.path();
  auto batch = ReadSource(source, workspace);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows_read, 7);
  ASSERT_EQ(batch->rows(), 2u);
  EXPECT_EQ(batch->source_lines, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(batch->columns[1].floats, (std::vector<double>{2.5, 3.0}));
  EXPECT_EQ(batch->columns[2].ints, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(batch->columns[3].valid, (std::vector<uint8_t>{1, 0})) << "JSON null";
  EXPECT_EQ(batch->columns[3].ints[0], int64_t{1772704800} * 1000000);
  EXPECT_EQ(batch->columns[4].valid, (std::vector<uint8_t>{1, 0})) << "missing field";
  ASSERT_EQ(batch->rejected.size(), 5u);
  EXPECT_EQ(batch->rejected[0].line, 4);
  EXPECT_EQ(batch->rejected[0].column, "amount");
  EXPECT_EQ(batch->rejected[1].line, 5);
  EXPECT_EQ(batch->rejected[1].column, "");
  EXPECT_EQ(batch->rejected[2].line, 6);
  EXPECT_EQ(batch->rejected[3].line, 7) << "invalid UTF-8";
  EXPECT_EQ(batch->rejected[4].line, 8);
  EXPECT_EQ(batch->rejected[4].column, "who");
}

TEST(JsonlReaderTest, MissingFileMessage) {
  catalog::SourceDef source =
      testing::Source("events", catalog::SourceKind::kJsonl, "nope.jsonl", {Column("id", ColumnType::kInt)});
  catalog::Workspace workspace;
  workspace.root_dir = "/nonexistent-dir";
  auto batch = ReadSource(source, workspace);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message().rfind("events: cannot open nope.jsonl: No such file or directory", 0),
            0u);
}

}  // namespace
}  // namespace northstar::ingest
