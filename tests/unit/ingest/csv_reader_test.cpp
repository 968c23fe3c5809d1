#include "ingest/csv_reader.h"
#include "ingest/batch_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;
using testing::TempDir;

class CsvReaderTest : public ::testing::Test {
 protected:
  catalog::SourceDef TicketSource(std::string path = "tickets.csv") {
    return testing::Source(
        "tickets", catalog::SourceKind::kCsv, std::move(path),
        {Column("id", ColumnType::kInt), Column("channel", ColumnType::kString),
         Column("csat", ColumnType::kFloat, "Customer Satisfaction"), Column("spam", ColumnType::kBool)});
  }
  Result<Batch> Read(const catalog::SourceDef& source, const std::string& bytes) {
    dir_.Write(source.path, bytes);
    catalog::Workspace workspace;
    workspace.root_dir = dir_.path();
    return ReadSource(source, workspace);
  }
  TempDir dir_;
};

TEST_F(CsvReaderTest, MapsHeaderToColumnsIgnoresUnlistedAndRenames) {
  auto batch = Read(TicketSource(),
                    "ignored,spam,Customer Satisfaction,id,channel\nx,yes,4.5,7,email\ny,no,,8,chat\n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->rows(), 2u);
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{7, 8}));
  EXPECT_EQ(StringValues(batch->columns[1]), (std::vector<std::string>{"email", "chat"}));
  EXPECT_DOUBLE_EQ(batch->columns[2].floats[0], 4.5);
  EXPECT_EQ(batch->columns[2].valid, (std::vector<uint8_t>{1, 0})) << "empty field is null";
  EXPECT_EQ(batch->columns[3].ints, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(batch->source_lines, (std::vector<int64_t>{2, 3}));
}

TEST_F(CsvReaderTest, BomCrlfQuotedNewlinesAndTrailingEmptyLines) {
  const std::string bytes =
      "\xEF\xBB\xBFid,channel,Customer Satisfaction,spam\r\n"
      "1,\"multi\r\nline, with comma and \"\"quotes\"\"\",3.0,true\r\n"
      "2,plain,5,false\r\n"
      "\r\n\r\n";
  auto batch = Read(TicketSource(), bytes);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->rows(), 2u);
  EXPECT_EQ(batch->rows_read, 2);
  EXPECT_EQ(batch->columns[1].string_at(0), "multi\r\nline, with comma and \"quotes\"");
  EXPECT_EQ(batch->source_lines, (std::vector<int64_t>{2, 4})) << "line where each record starts";
}

TEST_F(CsvReaderTest, CustomDelimiterAndNullValues) {
  catalog::SourceDef source = TicketSource();
  source.delimiter = ';';
  source.null_values = {"", "NA", " "};
  auto batch = Read(source, "id;channel;Customer Satisfaction;spam\n1;NA; ;yes\n2;a,b;1,5;no\n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->rows(), 1u) << "1,5 is not a float";
  EXPECT_EQ(batch->columns[1].valid[0], 0);
  EXPECT_EQ(batch->columns[2].valid[0], 0);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_EQ(batch->rejected[0].line, 3);
  EXPECT_EQ(batch->rejected[0].column, "csat");
  EXPECT_EQ(batch->rejected[0].reason, "bad float '1,5'");
  EXPECT_EQ(batch->rejected[0].raw, "2;a,b;1,5;no");
  EXPECT_EQ(batch->rejected[0].file, "tickets.csv");
}

TEST_F(CsvReaderTest, RejectedRowLeavesNoHalfWrittenValues) {
  auto batch = Read(TicketSource(), "id,channel,Customer Satisfaction,spam\n1,a,1,maybe\n2,b,2,no\n");
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->rows(), 1u);
  for (const ColumnData& column : batch->columns) EXPECT_EQ(column.size(), 1u);
  EXPECT_EQ(StringValues(batch->columns[1]), (std::vector<std::string>{"b"}));
  EXPECT_EQ(batch->rejected.at(0).column, "spam");
}

TEST_F(CsvReaderTest, MissingFileNamesSourceFileAndWhereToFix) {
  catalog::SourceDef source = TicketSource("data/tickets.csv");
  catalog::Workspace workspace;
  workspace.root_dir = dir_.path();
  auto batch = ReadSource(source, workspace);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "tickets: cannot open data/tickets.csv: No such file or directory \u2014 check `from:` of source "
            "'tickets' in northstar.yaml:14");
}

TEST_F(CsvReaderTest, FileOptionOverridesFromAndItsHint) {
  catalog::SourceDef source = TicketSource("data/tickets.csv");
  catalog::Workspace workspace;
  workspace.root_dir = "/nonexistent";
  ReadOptions options;
  options.file = dir_.Write("batch.csv", "id,channel,Customer Satisfaction,spam\n5,x,1,0\n");
  auto batch = ReadSource(source, workspace, options);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{5}));
  options.file = dir_.path() + "/missing.csv";
  auto missing = ReadSource(source, workspace, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("check the --file path"), std::string::npos);
}

TEST_F(CsvReaderTest, MissingColumnListsHeaderAndSuggests) {
  auto batch = Read(TicketSource(), "id,chanel,Customer Satisfaction,spam\n1,a,1,0\n");
  ASSERT_FALSE(batch.ok());
  const std::string& message = batch.status().message();
  EXPECT_NE(message.find("tickets.csv has no column 'channel'"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'chanel'"), std::string::npos) << message;
  EXPECT_NE(message.find("id, chanel, Customer Satisfaction, spam"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
}

TEST_F(CsvReaderTest, EmptyFileIsAnErrorHeaderOnlyIsNoRows) {
  auto empty = Read(TicketSource(), "");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("tickets.csv is empty"), std::string::npos);
  auto header_only = Read(TicketSource(), "id,channel,Customer Satisfaction,spam\r\n");
  ASSERT_TRUE(header_only.ok());
  EXPECT_EQ(header_only->rows_read, 0);
}

TEST_F(CsvReaderTest, ProgressReachesTheFileSize) {
  const std::string bytes = "id,channel,Customer Satisfaction,spam\n1,a,1,0\n2,b,2,1\n";
  dir_.Write("tickets.csv", bytes);
  catalog::Workspace workspace;
  workspace.root_dir = dir_.path();
  int64_t last_done = 0, last_total = 0, last_rows = 0;
  ReadOptions options;
  options.progress = [&](int64_t done, int64_t total, int64_t rows) {
    last_done = done;
    last_total = total;
    last_rows = rows;
  };
  ASSERT_TRUE(ReadSource(TicketSource(), workspace, options).ok());
  EXPECT_EQ(last_total, static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(last_done, last_total);
  EXPECT_EQ(last_rows, 2);
}

// Plain records take a fast path; everything it does not handle falls back to the
// full tokenizer record by record, with the same values, rejects and line numbers.
TEST_F(CsvReaderTest, FastPathAndTokenizerAgreeOnMixedRecords) {
  const std::string bytes =
      "id,channel,Customer Satisfaction,spam\r\n"  // line 1
      "1,\"a,b\",1.5,yes\r\n"                      // 2: quoted separator, CRLF
      "2,5\" screen,2,no\n"                        // 3: quote inside a plain field
      ",,,\n"                                      // 4: blank
      "3,\"say \"\"hi\"\"\",3,true\n"              // 5: doubled quotes
      "4,\"x\"y,4,1\n"                             // 6: text after a quote: rejected
      "6,\"two\nlines\",,0\n"                      // 7-8: line break in quotes
      "7,plain,x,1\n"                              // 9: bad float: rejected
      "8,\"\",7,0\r\n"                             // 10: quoted empty string
      "9,last,5,0";                                // 11: no terminator
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  ReadOptions options;
  options.threads = 1;
  auto batch = ParseCsv(bytes, MakeSourceContext(source, workspace, options));
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows_read, 8);  // 6 stored + 2 rejected
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{1, 2, 3, 6, 8, 9}));
  EXPECT_EQ(StringValues(batch->columns[1]),
            (std::vector<std::string>{"a,b", "5\" screen", "say \"hi\"", "two\nlines", "", "last"}));
  EXPECT_EQ(batch->columns[2].valid, (std::vector<uint8_t>{1, 1, 1, 0, 1, 1}));
  EXPECT_EQ(batch->columns[3].ints, (std::vector<int64_t>{1, 0, 1, 0, 0, 0}));
  EXPECT_EQ(batch->source_lines, (std::vector<int64_t>{2, 3, 5, 7, 10, 11}));
  ASSERT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->rejected[0].line, 6);
  EXPECT_EQ(batch->rejected[0].raw, "4,\"x\"y,4,1");
  EXPECT_EQ(batch->rejected[1].line, 9);
  EXPECT_EQ(batch->rejected[1].column, "csat");
  EXPECT_EQ(batch->rejected[1].raw, "7,plain,x,1");
}

// Builds a file full of quoted newlines, doubled quotes, blank lines and bad rows, and
// checks that every way of splitting it across threads gives the single-threaded result.
TEST_F(CsvReaderTest, MultiThreadedParseEqualsSingleThreaded) {
  std::string bytes = "id,channel,Customer Satisfaction,spam\n";
  for (int i = 0; i < 400; ++i) {
    switch (i % 7) {
      case 0: bytes += std::to_string(i) + ",\"line a\nline b\n\"\"q\"\"\",1.5,yes\n"; break;
      case 1: bytes += std::to_string(i) + ",plain,2,no\r\n"; break;
      case 2: bytes += "\n"; break;
      case 3: bytes += std::to_string(i) + ",\"x,y\",bad,1\n"; break;
      case 4: bytes += std::to_string(i) + ",5\" screen,3,0\n"; break;
      case 5: bytes += std::to_string(i) + ",\"\n\n\n\",,true\n"; break;
      default: bytes += std::to_string(i) + ",short\n"; break;
    }
  }
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  ReadOptions one;
  one.threads = 1;
  auto expected = ParseCsv(bytes, MakeSourceContext(source, workspace, one));
  ASSERT_TRUE(expected.ok());
  ASSERT_GT(expected->rows(), 200u);
  ASSERT_GT(expected->rejected.size(), 50u);
  for (int threads : {2, 3, 5, 8}) {
    for (size_t min_bytes : {size_t{1}, size_t{97}, size_t{1000}}) {
      ReadOptions many;
      many.threads = threads;
      auto actual = ParseCsv(bytes, MakeSourceContext(source, workspace, many), min_bytes);
      ASSERT_TRUE(actual.ok());
      SCOPED_TRACE("threads=" + std::to_string(threads) + " min_bytes=" + std::to_string(min_bytes));
      EXPECT_EQ(actual->rows_read, expected->rows_read);
      EXPECT_EQ(actual->source_lines, expected->source_lines);
      for (size_t c = 0; c < source.columns.size(); ++c) {
        EXPECT_EQ(actual->columns[c].ints, expected->columns[c].ints);
        EXPECT_EQ(actual->columns[c].floats, expected->columns[c].floats);
        EXPECT_EQ(StringValues(actual->columns[c]), StringValues(expected->columns[c]));
        // Chunk dictionaries merge into the one a single pass builds.
        EXPECT_EQ(actual->columns[c].dictionary, expected->columns[c].dictionary);
        EXPECT_EQ(actual->columns[c].valid, expected->columns[c].valid);
      }
      ASSERT_EQ(actual->rejected.size(), expected->rejected.size());
      for (size_t r = 0; r < actual->rejected.size(); ++r) {
        EXPECT_EQ(actual->rejected[r].line, expected->rejected[r].line);
        EXPECT_EQ(actual->rejected[r].raw, expected->rejected[r].raw);
      }
    }
  }
}

// Plain records are converted in blocks, column by column. A bad value inside a block
// must give what a record-by-record pass gives: the rows around it stored, the reason
// of its first bad field, and no dictionary entry from fields after that one.
TEST_F(CsvReaderTest, BlocksWithBadValuesMatchARecordByRecordPass) {
  // Header order puts spam (bool) before channel (string): a bad spam rejects the row
  // before its channel is read.
  std::string bytes = "id,spam,Customer Satisfaction,channel\n";
  std::vector<int64_t> ids, lines;
  std::vector<std::string> channels, dictionary, reasons;
  std::vector<int64_t> reject_lines;
  int64_t line = 1;
  for (int i = 0; i < 2000; ++i) {
    ++line;
    const std::string channel = "ch" + std::to_string(i % 13);
    if (i % 97 == 5) {  // bad bool, and a channel seen nowhere else
      bytes += std::to_string(i) + ",maybe,1.5,only-in-reject-" + std::to_string(i) + "\n";
      reject_lines.push_back(line);
      reasons.push_back("spam");
    } else if (i % 89 == 7) {  // bad float, also before a channel seen nowhere else
      bytes += std::to_string(i) + ",no,oops,ch-late-" + std::to_string(i) + "\n";
      reject_lines.push_back(line);
      reasons.push_back("csat");
    } else if (i % 211 == 3) {  // a record for the tokenizer between blocks
      bytes += std::to_string(i) + ",1,2,\"say \"\"" + channel + "\"\"\"\n";
      ids.push_back(i);
      lines.push_back(line);
      channels.push_back("say \"" + channel + "\"");
    } else if (i % 301 == 4) {
      bytes += ",,,\n";  // blank
    } else {
      bytes +=
          std::to_string(i) + "," + (i % 2 ? "yes" : "0") + "," + (i % 5 ? "2.5" : "") + "," + channel + "\n";
      ids.push_back(i);
      lines.push_back(line);
      channels.push_back(channel);
    }
  }
  for (const std::string& channel : channels) {
    if (std::find(dictionary.begin(), dictionary.end(), channel) == dictionary.end())
      dictionary.push_back(channel);
  }
  catalog::SourceDef source = TicketSource();
  catalog::Workspace workspace;
  for (int threads : {1, 2, 3}) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    ReadOptions options;
    options.threads = threads;
    auto batch = ParseCsv(bytes, MakeSourceContext(source, workspace, options), 1000);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_EQ(batch->columns[0].ints, ids);
    EXPECT_EQ(batch->source_lines, lines);
    EXPECT_EQ(StringValues(batch->columns[1]), channels);
    EXPECT_EQ(batch->columns[1].dictionary, dictionary);
    ASSERT_EQ(batch->rejected.size(), reject_lines.size());
    for (size_t r = 0; r < reject_lines.size(); ++r) {
      EXPECT_EQ(batch->rejected[r].line, reject_lines[r]);
      EXPECT_EQ(batch->rejected[r].column, reasons[r]);
    }
    EXPECT_EQ(batch->rows_read, static_cast<int64_t>(ids.size() + reject_lines.size()));
  }
}

}  // namespace
}  // namespace northstar::ingest
