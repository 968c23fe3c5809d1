// The row rules every reader applies (SPEC §7, `limits:` in northstar.yaml): an empty
// key, a field over max_field_bytes and a time outside time_range are rejected with a
// reason, on the CSV fast path (blocks of 256 records), its record-by-record path, the
// streamed read and JSONL alike; rows read = stored + rejected throughout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/batch_builder.h"
#include "ingest/read_source.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;
using testing::TempDir;

class RowRulesTest : public ::testing::Test {
 protected:
  catalog::SourceDef Events(catalog::SourceKind kind = catalog::SourceKind::kCsv,
                            ColumnType key_type = ColumnType::kString) {
    catalog::SourceDef source = testing::Source(
        "events", kind, kind == catalog::SourceKind::kCsv ? "events.csv" : "events.jsonl",
        {Column("id", key_type), Column("at", ColumnType::kTimestamp), Column("note", ColumnType::kString)});
    source.key = "id";
    source.time = "at";
    return source;
  }
  Result<Batch> Read(const catalog::SourceDef& source, const std::string& bytes) {
    dir_.Write(source.path, bytes);
    return ReadSource(source, workspace_);
  }
  // Each reject's "line: reason".
  static std::vector<std::string> Reasons(const Batch& batch) {
    std::vector<std::string> out;
    for (const RejectedRow& row : batch.rejected) out.push_back(std::to_string(row.line) + ": " + row.reason);
    return out;
  }
  void SetUp() override { workspace_.root_dir = dir_.path(); }

  TempDir dir_;
  catalog::Workspace workspace_;
};

TEST_F(RowRulesTest, EmptyKeyIsRejectedOnEveryPath) {
  // Line 3: empty (null) key; line 4: quoted empty key, which takes the tokenizer path.
  const std::string csv =
      "id,at,note\n"
      "a,2026-03-01T10:00:00Z,x\n"
      ",2026-03-01T11:00:00Z,y\n"
      "\"\",2026-03-01T12:00:00Z,\"q\"\"z\"\n"
      "b,2026-03-01T13:00:00Z,z\n";
  auto batch = Read(Events(), csv);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(StringValues(batch->columns[0]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Reasons(*batch), (std::vector<std::string>{"3: empty key", "4: empty key"}));
  EXPECT_EQ(batch->rows_read, 4);

  // An int key, and a source whose null_values do not include "" (empty text is then
  // a value, but still no key).
  catalog::SourceDef ints = Events(catalog::SourceKind::kCsv, ColumnType::kInt);
  auto int_batch = Read(ints, "id,at,note\n1,2026-03-01T10:00:00Z,x\n,2026-03-01T11:00:00Z,y\n");
  ASSERT_TRUE(int_batch.ok());
  EXPECT_EQ(Reasons(*int_batch), (std::vector<std::string>{"3: empty key"}));
  catalog::SourceDef na = Events();
  na.null_values = {"NA"};
  auto na_batch =
      Read(na, "id,at,note\nNA,2026-03-01T10:00:00Z,x\n,2026-03-01T11:00:00Z,y\nc,2026-03-01T11:00:00Z,\n");
  ASSERT_TRUE(na_batch.ok());
  EXPECT_EQ(Reasons(*na_batch), (std::vector<std::string>{"2: empty key", "3: empty key"}));
  EXPECT_EQ(na_batch->rows(), 1u);
}

TEST_F(RowRulesTest, EmptyKeyInsideAFastPathBlockKeepsTheOtherRows) {
  std::string csv = "id,at,note\n";
  for (int i = 0; i < 600; ++i) {
    csv += (i == 300 ? std::string() : "k" + std::to_string(i)) + ",2026-03-01T10:00:00Z,n\n";
  }
  auto batch = Read(Events(), csv);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->rows(), 599u);
  EXPECT_EQ(Reasons(*batch), (std::vector<std::string>{"302: empty key"}));

  // The streamed read (ingest's first load) applies the same rule.
  int64_t streamed_rows = 0;
  auto totals = ReadSourceInChunks(Events(), workspace_, {}, [&](Batch&& chunk) {
    streamed_rows += static_cast<int64_t>(chunk.rows());
    return Status::Ok();
  });
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(streamed_rows, 599);
  ASSERT_EQ(totals->rejected.size(), 1u);
  EXPECT_EQ(totals->rejected[0].reason, "empty key");
}

TEST_F(RowRulesTest, JsonlMissingOrNullKeyIsRejected) {
  auto batch = Read(Events(catalog::SourceKind::kJsonl),
                    "{\"id\":\"a\",\"at\":\"2026-03-01T10:00:00Z\"}\n"
                    "{\"at\":\"2026-03-01T10:00:00Z\"}\n"
                    "{\"id\":null,\"at\":\"2026-03-01T10:00:00Z\"}\n"
                    "{\"id\":\"\",\"at\":\"2026-03-01T10:00:00Z\"}\n");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->rows(), 1u);
  EXPECT_EQ(Reasons(*batch), (std::vector<std::string>{"2: empty key", "3: empty key", "4: empty key"}));
}

TEST_F(RowRulesTest, TimeOutsideTheAcceptedRangeIsRejected) {
  const std::string csv =
      "id,at,note\n"
      "a,0001-01-01T00:00:00Z,x\n"
      "b,9999-12-31T00:00:00Z,x\n"
      "c,1826-05-01T00:00:00Z,x\n"
      "d,1970-01-01T00:00:00Z,x\n"
      "e,2100-12-31T23:59:59Z,x\n"
      "f,2101-01-01T00:00:00Z,x\n";
  auto batch = Read(Events(), csv);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(StringValues(batch->columns[0]), (std::vector<std::string>{"d", "e"}));
  ASSERT_EQ(batch->rejected.size(), 4u);
  EXPECT_EQ(batch->rejected[0].line, 2);
  EXPECT_EQ(batch->rejected[0].column, "at");
  EXPECT_NE(batch->rejected[0].reason.find("outside the accepted range 1970-01-01..2100-12-31"),
            std::string::npos)
      << batch->rejected[0].reason;
  EXPECT_NE(batch->rejected[0].reason.find("time_range"), std::string::npos);

  // The setting moves the range; other timestamp columns are not limited.
  workspace_.limits.first_day = -365 * 200;  // 1770
  batch = Read(Events(), csv);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(StringValues(batch->columns[0]), (std::vector<std::string>{"c", "d", "e"}));
}

TEST_F(RowRulesTest, FieldOverTheSizeLimitIsRejectedBeforeItIsStored) {
  workspace_.limits.max_field_bytes = 20;  // a timestamp is 20 bytes
  const std::string csv =
      "id,at,note\n"
      "a,2026-03-01T10:00:00Z,0123456789abcdef\n"
      "b,2026-03-01T10:00:00Z,0123456789abcdefghijk\n"
      "c,2026-03-01T10:00:00Z,\"quoted, and far too long\"\n";
  auto batch = Read(Events(), csv);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(StringValues(batch->columns[2]), (std::vector<std::string>{"0123456789abcdef"}));
  ASSERT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->rejected[0].reason,
            "field of 21 bytes is over the limit of 20 bytes (`limits: max_field_bytes` in northstar.yaml)");
  EXPECT_EQ(batch->rejected[1].line, 4);
  EXPECT_EQ(batch->columns[2].dictionary.size(), 1u) << "the long values never reach the dictionary";

  auto json =
      Read(Events(catalog::SourceKind::kJsonl),
           "{\"id\":\"a\",\"at\":\"2026-03-01T10:00:00Z\",\"note\":\"0123456789abcdefXYZ0123456789\"}\n");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->rows(), 0u);
  ASSERT_EQ(json->rejected.size(), 1u);
  EXPECT_EQ(json->rejected[0].column, "note");
}

TEST_F(RowRulesTest, DefaultFieldLimitIsOneMebibyte) {
  const std::string big(catalog::Limits::kDefaultMaxFieldBytes + 1, 'x');
  auto batch = Read(Events(), "id,at,note\na,2026-03-01T10:00:00Z," + big + "\nb,2026-03-01T10:00:00Z,ok\n");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->rows(), 1u);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_LE(batch->rejected[0].raw.size(), 1024u + 8);
}

}  // namespace
}  // namespace northstar::ingest
