#include "ingest/csv_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace northstar::ingest {
namespace {

struct Tokenized {
  std::vector<std::vector<std::string>> records;
  std::vector<RecordError> errors;
  std::vector<int64_t> newlines;
};

Tokenized Tokenize(const std::string& input, char delimiter = ',') {
  Tokenized out;
  CsvTokenizer tokenizer(delimiter);
  CsvRecord record;
  const char* p = input.data();
  const char* end = input.data() + input.size();
  while (p < end) {
    tokenizer.Next(p, end, record);
    EXPECT_GT(record.next, p) << "tokenizer must always advance";
    p = record.next;
    out.records.emplace_back(record.fields.begin(), record.fields.end());
    out.errors.push_back(record.error);
    out.newlines.push_back(record.newlines);
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvTokenizerTest, SplitsPlainFieldsOnLfAndCrlf) {
  Tokenized t = Tokenize("a,b,c\r\nd,,f\ng,h,\n");
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[0], (Fields{"a", "b", "c"}));
  EXPECT_EQ(t.records[1], (Fields{"d", "", "f"}));
  EXPECT_EQ(t.records[2], (Fields{"g", "h", ""}));
}

TEST(CsvTokenizerTest, QuotedFieldKeepsSeparatorsNewlinesAndDoubledQuotes) {
  Tokenized t = Tokenize("\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\",\"\"\nx,y,z,w\n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0], (Fields{"a,b", "line1\nline2", "say \"hi\"", ""}));
  EXPECT_EQ(t.newlines[0], 2) << "the quoted line break and the terminator";
  EXPECT_EQ(t.records[1], (Fields{"x", "y", "z", "w"}));
}

TEST(CsvTokenizerTest, SeveralEscapedFieldsInOneRecordStayApart) {
  Tokenized t = Tokenize("\"a\"\"1\",\"b\"\"2\"\"\",\"\"\"\"\n");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0], (Fields{"a\"1", "b\"2\"", "\""}));
}

TEST(CsvTokenizerTest, LastRecordWithoutTerminator) {
  Tokenized t = Tokenize("a,b\nc,\"d\"");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[1], (Fields{"c", "d"}));
  EXPECT_EQ(t.errors[1], RecordError::kNone);
}

TEST(CsvTokenizerTest, CustomDelimiterAndLiteralQuoteInsideUnquotedField) {
  Tokenized t = Tokenize("5\" screen;b,c\n", ';');
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0], (Fields{"5\" screen", "b,c"}));
}

TEST(CsvTokenizerTest, LoneCarriageReturnIsData) {
  Tokenized t = Tokenize("a\rb,c\r\n");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0], (Fields{"a\rb", "c"}));
}

TEST(CsvTokenizerTest, UnterminatedQuoteRunsToEndAndIsMarked) {
  Tokenized t = Tokenize("a,\"open\nmore\nrest");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.errors[0], RecordError::kUnterminatedQuote);
}

TEST(CsvTokenizerTest, TextAfterClosingQuoteIsMarkedAndRecordEndsAtLineBreak) {
  Tokenized t = Tokenize("\"a\"b,c\nd,e\n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.errors[0], RecordError::kTextAfterQuote);
  EXPECT_EQ(t.errors[1], RecordError::kNone);
  EXPECT_EQ(t.records[1], (Fields{"d", "e"}));
}

TEST(CsvTokenizerTest, LongFieldsCrossTheSixteenByteScanWindow) {
  const std::string long_a(40, 'a');
  const std::string long_b(17, 'b');
  Tokenized t = Tokenize(long_a + "," + long_b + "\n" + long_b + "\n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0], (Fields{long_a, long_b}));
  EXPECT_EQ(t.records[1], (Fields{long_b}));
}

}  // namespace
}  // namespace northstar::ingest
