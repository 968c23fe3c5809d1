// ParseCsvInChunks / ReadSourceInChunks: the rows handed to the sink, put together,
// are exactly what a whole read gives (values, line numbers, rejects), however the
// input is cut into pieces and however many threads parse it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/batch_builder.h"
#include "ingest/csv_reader.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

catalog::SourceDef TicketSource() {
  return testing::Source(
      "tickets", catalog::SourceKind::kCsv, "tickets.csv",
      {Column("id", ColumnType::kInt), Column("channel", ColumnType::kString),
       Column("csat", ColumnType::kFloat, "Customer Satisfaction"), Column("spam", ColumnType::kBool)});
}

// Quoted newlines (pieces cut inside a record), blank lines, bad values and short
// records, in every part of the file.
std::string MixedCsv(int records) {
  std::string bytes = "id,channel,Customer Satisfaction,spam\n";
  for (int i = 0; i < records; ++i) {
    switch (i % 9) {
      case 0: bytes += std::to_string(i) + ",\"line a\nline b\n\"\"q\"\"\",1.5,yes\n"; break;
      case 1: bytes += std::to_string(i) + ",plain,2,no\r\n"; break;
      case 2: bytes += "\n"; break;
      case 3: bytes += std::to_string(i) + ",\"x,y\",bad,1\n"; break;
      case 4: bytes += std::to_string(i) + ",5\" screen,3,0\n"; break;
      case 5: bytes += std::to_string(i) + ",\"\n\n\n\",,true\n"; break;
      case 6: bytes += std::to_string(i) + ",short\n"; break;
      default: bytes += std::to_string(i) + ",email" + std::to_string(i % 13) + ",4.25,false\n"; break;
    }
  }
  return bytes;
}

struct Collected {
  Batch rows;
  size_t chunks = 0;
};

void ExpectSameRead(const Batch& expected, const Collected& actual, const ReadTotals& totals) {
  EXPECT_EQ(totals.rows_read, expected.rows_read);
  EXPECT_EQ(totals.rows, static_cast<int64_t>(expected.rows()));
  EXPECT_EQ(totals.bytes_read, expected.bytes_read);
  EXPECT_EQ(actual.rows.source_lines, expected.source_lines);
  ASSERT_EQ(actual.rows.columns.size(), expected.columns.size());
  for (size_t c = 0; c < expected.columns.size(); ++c) {
    EXPECT_EQ(actual.rows.columns[c].ints, expected.columns[c].ints);
    EXPECT_EQ(actual.rows.columns[c].floats, expected.columns[c].floats);
    EXPECT_EQ(actual.rows.columns[c].valid, expected.columns[c].valid);
    EXPECT_EQ(StringValues(actual.rows.columns[c]), StringValues(expected.columns[c]));
  }
  ASSERT_EQ(totals.rejected.size(), expected.rejected.size());
  for (size_t r = 0; r < expected.rejected.size(); ++r) {
    EXPECT_EQ(totals.rejected[r].line, expected.rejected[r].line);
    EXPECT_EQ(totals.rejected[r].column, expected.rejected[r].column);
    EXPECT_EQ(totals.rejected[r].reason, expected.rejected[r].reason);
    EXPECT_EQ(totals.rejected[r].raw, expected.rejected[r].raw);
  }
}

TEST(CsvChunksTest, ChunksPutTogetherEqualTheWholeRead) {
  const std::string bytes = MixedCsv(1500);
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  ReadOptions one;
  one.threads = 1;
  auto expected = ParseCsv(bytes, MakeSourceContext(source, workspace, one));
  ASSERT_TRUE(expected.ok());
  ASSERT_GT(expected->rejected.size(), 300u);
  for (int threads : {1, 2, 3}) {
    for (size_t piece_bytes : {size_t{1}, size_t{61}, size_t{700}, size_t{1} << 20}) {
      SCOPED_TRACE("threads=" + std::to_string(threads) + " piece_bytes=" + std::to_string(piece_bytes));
      ReadOptions options;
      options.threads = threads;
      Collected collected;
      InitColumns(source, collected.rows);
      auto totals = ParseCsvInChunks(
          bytes, MakeSourceContext(source, workspace, options),
          [&](Batch&& chunk) {
            EXPECT_TRUE(chunk.rejected.empty());  // rejects go to the totals
            ++collected.chunks;
            AppendBatch(collected.rows, std::move(chunk));
            return Status::Ok();
          },
          piece_bytes);
      ASSERT_TRUE(totals.ok()) << totals.status().message();
      if (piece_bytes < 1000) {
        EXPECT_GT(collected.chunks, 20u);
      }
      ExpectSameRead(*expected, collected, *totals);
    }
  }
}

TEST(CsvChunksTest, ASinkErrorStopsTheRead) {
  const std::string bytes = MixedCsv(3000);
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  for (int threads : {1, 2}) {
    ReadOptions options;
    options.threads = threads;
    size_t calls = 0;
    auto totals = ParseCsvInChunks(
        bytes, MakeSourceContext(source, workspace, options),
        [&](Batch&&) { return ++calls == 3 ? Status::IOError("disk full") : Status::Ok(); }, 100);
    ASSERT_FALSE(totals.ok());
    EXPECT_EQ(totals.status().message(), "disk full");
    EXPECT_EQ(calls, 3u);  // no chunk after the failing one
  }
}

TEST(CsvChunksTest, HeaderOnlyFileGivesNoChunkAndWholeSourceErrorsComeFirst) {
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  size_t calls = 0;
  auto sink = [&](Batch&&) {
    ++calls;
    return Status::Ok();
  };
  auto empty = ParseCsvInChunks("id,channel,Customer Satisfaction,spam\n",
                                MakeSourceContext(source, workspace, {}), sink);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->rows_read, 0);
  auto missing =
      ParseCsvInChunks("id,channel,spam\n1,a,yes\n", MakeSourceContext(source, workspace, {}), sink);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("Customer Satisfaction"), std::string::npos);
  EXPECT_EQ(calls, 0u);
}

TEST(CsvChunksTest, ReadSourceInChunksReadsTheFileOfTheSource) {
  testing::TempDir dir;
  catalog::SourceDef source = TicketSource();
  const std::string bytes = MixedCsv(400);
  dir.Write(source.path, bytes);
  catalog::Workspace workspace;
  workspace.root_dir = dir.path();
  auto expected = ReadSource(source, workspace);
  ASSERT_TRUE(expected.ok());
  Collected collected;
  InitColumns(source, collected.rows);
  auto totals = ReadSourceInChunks(source, workspace, {}, [&](Batch&& chunk) {
    AppendBatch(collected.rows, std::move(chunk));
    return Status::Ok();
  });
  ASSERT_TRUE(totals.ok()) << totals.status().message();
  ExpectSameRead(*expected, collected, *totals);
}

}  // namespace
}  // namespace northstar::ingest
