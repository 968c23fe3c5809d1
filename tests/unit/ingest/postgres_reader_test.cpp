// Runs against a real PostgreSQL when NORTHSTAR_PG_CONNINFO is set
// (tests/scripts/ingest_postgres.sh starts one and sets it); skipped otherwise.
#include "ingest/postgres_reader.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "ingest/read_source.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

TEST(PostgresReaderTest, RedactsPasswords) {
  EXPECT_EQ(RedactConninfo("host=db password=s3cret user=x"), "host=db password=*** user=x");
  EXPECT_EQ(RedactConninfo("password = 'a b' port=5"), "password = *** port=5");
  EXPECT_EQ(RedactConninfo("postgresql://ann:s3cret@db:5432/kpi"), "postgresql://ann:***@db:5432/kpi");
}

TEST(PostgresReaderTest, ReadsAQueryFromARealServer) {
  const char* conninfo = std::getenv("NORTHSTAR_PG_CONNINFO");
  if (conninfo == nullptr)
    GTEST_SKIP() << "NORTHSTAR_PG_CONNINFO not set (run tests/scripts/ingest_postgres.sh)";
  catalog::SourceDef source =
      testing::Source("orders", catalog::SourceKind::kPostgres, conninfo,
                      {Column("id", ColumnType::kInt), Column("amount", ColumnType::kFloat),
                       Column("paid", ColumnType::kBool), Column("at", ColumnType::kTimestamp),
                       Column("note", ColumnType::kString)});
  source.table = "SELECT id, amount, paid, at, note FROM ns_orders ORDER BY id";
  catalog::Workspace workspace;
  workspace.timezone = "Europe/Berlin";
  auto batch = ReadSource(source, workspace);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows_read, 3);
  ASSERT_EQ(batch->rows(), 2u);
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(batch->columns[1].floats, (std::vector<double>{9.5, 12.25}));
  EXPECT_EQ(batch->columns[2].ints, (std::vector<int64_t>{1, 0}));
  // timestamptz 2026-03-05 10:00:00+00 (the server prints it with an offset).
  EXPECT_EQ(batch->columns[3].ints[0], int64_t{1772704800} * 1000000);
  EXPECT_EQ(batch->columns[3].valid, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(batch->columns[4].string_at(0), "first, \"quoted\"");
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_EQ(batch->rejected[0].line, 3);
  EXPECT_EQ(batch->rejected[0].column, "amount") << batch->rejected[0].reason;

  source.table = "SELECT * FROM ns_missing";
  auto missing = ReadSource(source, workspace);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("ns_missing"), std::string::npos);
}

}  // namespace
}  // namespace northstar::ingest
